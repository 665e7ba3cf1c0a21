// OCR of scanned pages (src/ocr/): the image steps on pixels made here, and the whole pipeline
// on the two scanned samples of ../shared/corpus/scanned (skipped with a notice where that
// folder or the optional OCR packages are missing).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayoutCell, LayoutTable } from '../src/extract/pdf/types.ts';
import { gray, quietPaper, rotate, type Gray } from '../src/ocr/bitmap.ts';
import { dbBoxes, ocrAssets } from '../src/ocr/engine.ts';
import { matchComparison } from '../src/ocr/glyph-match.ts';
import { comparisonShape } from '../src/ocr/glyphs.ts';
import { cutAtRules, speck, stray } from '../src/ocr/page.ts';
import { findRules, skewAngle } from '../src/ocr/rules.ts';
import { fixSymbols } from '../src/ocr/symbols.ts';
import { processFile } from '../src/pipeline/process.ts';

/** A line of `t` px thickness from (x0, y0) to (x1, y1), drawn black. */
function line(img: Gray, x0: number, y0: number, x1: number, y1: number, t = 2): void {
  const n = Math.ceil(Math.hypot(x1 - x0, y1 - y0)) * 2;
  for (let i = 0; i <= n; i++) {
    const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n;
    for (let dy = 0; dy < t; dy++) for (let dx = 0; dx < t; dx++) {
      const px = Math.round(x + dx - t / 2), py = Math.round(y + dy - t / 2);
      if (px >= 0 && py >= 0 && px < img.width && py < img.height) img.data[py * img.width + px] = 0;
    }
  }
}

/** A ruled grid: rows × cols cells of w × h px, from (x, y). */
function grid(img: Gray, x: number, y: number, rows: number, cols: number, w: number, h: number): void {
  for (let r = 0; r <= rows; r++) line(img, x, y + r * h, x + cols * w, y + r * h, 1);
  for (let c = 0; c <= cols; c++) line(img, x + c * w, y, x + c * w, y + rows * h, 1);
}

describe('page image steps', () => {
  it('finds the skew of a ruled page and the rules once levelled', () => {
    const page = gray(1000, 1400);
    grid(page, 100, 200, 12, 5, 160, 60);
    for (const angle of [0.7, -0.9]) {
      const tilted = rotate(page, -angle);
      expect(Math.abs(skewAngle(tilted) - angle)).toBeLessThan(0.1);
    }
    const { hs, vs } = findRules(page, { scale: 2 });
    expect(hs).toHaveLength(13);
    expect(vs).toHaveLength(6);
    expect(hs.every((h) => h.x1 - h.x0 > 790)).toBe(true);
  });

  it('takes a row of characters\' strokes for text, not for a rule', () => {
    const page = gray(800, 400);
    grid(page, 50, 50, 2, 2, 300, 120);
    // Glyph-like boxes whose top strokes line up into one long dark run.
    for (let k = 0; k < 12; k++) {
      const x = 80 + k * 22;
      line(page, x, 100, x + 22, 100, 2);
      line(page, x + 4, 100, x + 4, 120, 2);
      line(page, x + 14, 100, x + 14, 120, 2);
      line(page, x, 110, x + 18, 110, 2);
    }
    const { hs } = findRules(page, { scale: 2 });
    expect(hs).toHaveLength(3);
  });

  it('finds a double rule blurred by a coarse scan, and a vertical rule that runs into a glyph past its end', () => {
    const page = gray(800, 600);
    grid(page, 50, 50, 4, 4, 150, 100);
    // Two tables' borders drawn together: 2 + 2 px with a 1 px gap, fringed by broken grey rows.
    for (const y of [249, 250, 252, 253]) line(page, 50, y, 650, y, 1);
    for (let x = 50; x < 650; x += 5) { page.data[247 * 800 + x] = 120; page.data[255 * 800 + x] = 120; }
    // A glyph's stroke just above the table, in line with a vertical rule: noise joins them.
    line(page, 200, 30, 200, 47, 2);
    const { hs, vs } = findRules(page, { scale: 2 });
    expect(hs.filter((h) => h.y0 > 245 && h.y0 < 257)).toHaveLength(1);
    const v = vs.find((r) => Math.abs(r.x0 - 200) < 2);
    expect(v).toBeDefined();
    expect(v!.y0).toBeGreaterThanOrEqual(49);
    expect(v!.y1).toBeGreaterThan(440);
  });

  it('tells a speck blurred into a blob from a small printed mark', () => {
    const page = gray(100, 40);
    for (let y = 10; y < 13; y++) for (let x = 20; x < 23; x++) page.data[y * 100 + x] = 60; // speck, 3 × 3 px
    line(page, 60, 20, 68, 20, 2); // a hyphen, 8 px long at 2 px per point
    expect(speck(page, { x0: 15, y0: 5, x1: 30, y1: 18, score: 1 }, 150, 2)).toBe(true);
    expect(speck(page, { x0: 55, y0: 12, x1: 75, y1: 28, score: 1 }, 150, 2)).toBe(false);
    expect(speck(page, { x0: 80, y0: 5, x1: 95, y1: 30, score: 1 }, 150, 2)).toBe(false); // no ink: faint print, read
  });

  it('leaves out a small box read unsurely as a letter beside a cell\'s text, not a hyphen or a sure digit', () => {
    const read = (text: string, score: number) => ({ text, score, centres: [] });
    expect(stray(read('务', 0.45), 16, 27)).toBe(true);
    expect(stray(read('E', 0.18), 16, 27)).toBe(true);
    expect(stray(read('5', 0.97), 16, 27)).toBe(false);
    expect(stray(read('-', 0.5), 8, 27)).toBe(false);
    expect(stray(read('务', 0.45), 26, 27)).toBe(false);
  });

  it('takes the paper\'s grain out of a crop and keeps the strokes', () => {
    const crop = gray(40, 20);
    for (let i = 0; i < crop.data.length; i++) crop.data[i] = 225 + (i % 7) * 4; // grain around 225–249
    line(crop, 5, 10, 35, 10, 2);
    const quiet = quietPaper(crop);
    expect(quiet.data[2 * 40 + 3]).toBe(255);
    expect(quiet.data[10 * 40 + 20]).toBe(0);
  });

  it('turns a probability map into grown text boxes (DB post-processing)', () => {
    const w = 64, h = 32;
    const prob = new Float32Array(w * h);
    for (let y = 10; y < 20; y++) for (let x = 8; x < 40; x++) prob[y * w + x] = 0.9;
    prob[2 * w + 60] = 0.9; // one pixel: no box
    const boxes = dbBoxes(prob, w, h);
    expect(boxes).toHaveLength(1);
    const b = boxes[0]!;
    expect(b.x0).toBeLessThan(8);
    expect(b.x1).toBeGreaterThan(40);
    expect(b.y0).toBeLessThan(10);
    expect(b.score).toBeCloseTo(0.9, 5);
  });

  it('cuts a detected box at the vertical rules it crosses', () => {
    const pieces = cutAtRules({ x0: 0, y0: 10, x1: 100, y1: 30, score: 1 }, [
      { x0: 40, x1: 40, y0: 0, y1: 50, thickness: 1 },
      { x0: 70, x1: 70, y0: 40, y1: 90, thickness: 1 }, // does not reach the box's middle
    ]);
    expect(pieces.map((p) => [p.x0, p.x1])).toEqual([[0, 40], [40, 100]]);
  });
});

describe('comparison symbols', () => {
  const glyphBox = (draw: (img: Gray) => void) => {
    const img = gray(40, 40);
    draw(img);
    return comparisonShape(img, 0, 0, 40, 40);
  };
  it('tells ≥ ≤ = > from their shape', () => {
    expect(glyphBox((g) => { line(g, 8, 6, 30, 16); line(g, 30, 16, 8, 26); line(g, 8, 33, 30, 33); })).toBe('≥');
    expect(glyphBox((g) => { line(g, 8, 6, 30, 16); line(g, 30, 16, 8, 26); line(g, 8, 33, 30, 23); })).toBe('≥'); // slanted bar, as ⩾
    expect(glyphBox((g) => { line(g, 30, 6, 8, 16); line(g, 8, 16, 30, 26); line(g, 8, 33, 30, 33); })).toBe('≤');
    expect(glyphBox((g) => { line(g, 8, 8, 30, 18); line(g, 30, 18, 8, 28); })).toBe('>');
    expect(glyphBox((g) => { line(g, 8, 14, 30, 14); line(g, 8, 24, 30, 24); })).toBe('=');
    expect(glyphBox(() => undefined)).toBeNull();
  });

  it('tells ≥ ≤ = > < apart by the nearest glyph rendered from fonts, with a margin', () => {
    const nearest = (draw: (img: Gray) => void) => {
      const img = gray(40, 40);
      draw(img);
      return matchComparison(img, 0, 0, 40, 40);
    };
    const ge = nearest((g) => { line(g, 8, 6, 30, 16); line(g, 30, 16, 8, 26); line(g, 8, 33, 30, 23); }); // ⩾
    expect(ge?.symbol).toBe('≥');
    expect(ge!.margin).toBeGreaterThan(0.1);
    expect(nearest((g) => { line(g, 8, 6, 30, 16); line(g, 30, 16, 8, 26); line(g, 8, 33, 30, 33); })?.symbol).toBe('≥');
    expect(nearest((g) => { line(g, 30, 6, 8, 16); line(g, 8, 16, 30, 26); line(g, 8, 33, 30, 33); })?.symbol).toBe('≤');
    expect(nearest((g) => { line(g, 8, 8, 30, 18); line(g, 30, 18, 8, 28); })?.symbol).toBe('>');
    expect(nearest((g) => { line(g, 30, 8, 8, 18); line(g, 8, 18, 30, 28); })?.symbol).toBe('<');
    expect(nearest((g) => { line(g, 8, 14, 30, 14); line(g, 8, 24, 30, 24); })?.symbol).toBe('=');
    expect(nearest(() => undefined)).toBeNull();
  });

  const cell = (text: string, row: number, col: number): LayoutCell => ({ text, row, col, rowSpan: 1, colSpan: 1, box: [col * 50, row * 20, col * 50 + 50, row * 20 + 20], page: 1 });
  const tableOf = (rows: string[][]): LayoutTable => ({
    kind: 'table', page: 1, endPage: 1, box: [0, 0, 200, rows.length * 20], colX: [0, 50, 100, 150],
    rows: rows.map((r, i) => r.map((t, j) => cell(t, i, j))), topRuled: [], bottomRuled: [],
  });

  it('fixes misread symbols only in a column of comparison symbols, with a reason', () => {
    const table = tableOf([['指标', '性质', '指标值'], ['人数', 'V', '190'], ['比率', '≥', '98'], ['次数', '二', '0'], ['满意度', 'M', '90'], ['V', '≥', '5'], ['场次', 'V.', '8'], ['时限', '≤,', '3']]);
    const fixes = fixSymbols(table);
    expect(table.rows.map((r) => r[1]!.text)).toEqual(['性质', '≥', '≥', '=', '≤', '≥', '≥', '≤']);
    expect(fixes.map((f) => `${f.from}→${f.to}`)).toEqual(['V→≥', '二→=', 'M→≤', 'V.→≥', '≤,→≤']);
    expect(fixes[0]!.why).toMatch(/column of comparison symbols/);
    // The first column is names: its lone "V" is left alone.
    expect(table.rows[5]![0]!.text).toBe('V');
  });

  it('fixes a leading V in a value column whose other targets start with a comparison', () => {
    const table = tableOf([['指标值'], ['≥98%'], ['≤5天'], ['V190人'], ['Vitamin']]);
    fixSymbols(table);
    expect(table.rows.map((r) => r[0]!.text)).toEqual(['指标值', '≥98%', '≤5天', '≥190人', 'Vitamin']);
  });
});

const SCANNED = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'scanned');
const assets = ocrAssets();
const ready = fs.existsSync(SCANNED) && !('missing' in assets);
if (!ready) console.warn(`skipped "OCR of the scanned samples": ${'missing' in assets ? assets.missing : `${SCANNED} not found`}`);

describe.skipIf(!ready)('OCR of the scanned samples', () => {
  it('reads every project and indicator of a scanned 绩效目标表 (200 dpi), pages counted as OCR\'d', async () => {
    const started = performance.now();
    const doc = await processFile(path.join(SCANNED, '000_8673c46da405b13e.pdf'));
    console.log(`000 (6 pages) OCR'd in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(doc.info.status).toBe('ok');
    expect(doc.info.ocr_pages).toBe(6);
    const r = doc.record!;
    expect(r.agency_name).toBe('沧县就业服务局本级');
    expect(r.projects.map((p) => p.project_name)).toContain('2022年服务外包劳务费');
    expect(r.projects).toHaveLength(9);
    const first = r.projects.find((p) => p.project_name === '2022年服务外包劳务费')!;
    expect(first.project_code).toBe('13092122P00320410001B');
    expect(first.budget_wan).toBe(25.59);
    expect(r.projects.reduce((n, p) => n + p.indicators.length, 0)).toBe(66);
    expect(first.indicators.find((i) => i.level3 === '人员数量')?.value_raw).toBe('5人');
    // Every indicator message points at a page and a box.
    expect(doc.messages.filter((m) => m.rule === 'ocr-low-confidence').every((m) => m.page !== null)).toBe(true);
  }, 600_000);

  it('reads a 批复表 with a column of comparison symbols (≥ drawn slanted, misread by OCR, fixed by the column)', async () => {
    const doc = await processFile(path.join(SCANNED, '004_c2ed7faebcfb9906.pdf'));
    expect(doc.info.status).toBe('ok');
    expect(doc.info.ocr_pages).toBe(5);
    const r = doc.record!;
    expect(r.projects).toHaveLength(8);
    const indicators = r.projects.flatMap((p) => p.indicators);
    expect(indicators).toHaveLength(67);
    const ops = indicators.map((i) => i.op);
    expect(ops.filter((o) => o === '>=').length).toBeGreaterThan(40);
    expect(ops.filter((o) => o === '=').length).toBeGreaterThan(5);
    expect(doc.messages.some((m) => m.rule === 'ocr-symbol-fixed')).toBe(true);
  }, 600_000);
});

describe.skipIf(!ready)('OCR time budget', () => {
  it('stops OCR past the budget: the first page read, the rest named in an error, the document partial', async () => {
    process.env.BUDGET_INGEST_OCR_BUDGET = '0.001';
    try {
      const doc = await processFile(path.join(SCANNED, '004_c2ed7faebcfb9906.pdf'));
      expect(doc.info.ocr_pages).toBe(1);
      expect(doc.info.status).toBe('partial');
      const stop = doc.messages.find((m) => m.rule === 'ocr-budget');
      expect(stop?.text).toMatch(/OCR stopped at page 2: OCR time budget of 0.001 s/);
      // Four of five pages unread: the document says it needs OCR, and why it was not done.
      expect(doc.info.error).toMatch(/^needs OCR: no text layer \(OCR time budget of 0.001 s per document spent/);
    } finally {
      delete process.env.BUDGET_INGEST_OCR_BUDGET;
    }
  }, 300_000);
});
