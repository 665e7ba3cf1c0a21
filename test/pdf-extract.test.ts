// The PDF extractor on PDFs: LibreOffice exports with a table running over a page break
// (merged 一级/二级指标 cells, wrapped cells, a repeated header row), a LibreOffice 批复表 ruled
// with horizontal lines only, and generated budget disclosures with rotated (/Rotate 90) and
// landscape pages (test/fixtures/pdf/make-budget-pdfs.mjs), plus the real files they imitate.
import fs from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import { VFile } from 'vfile';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractPdf } from '../src/extract/pdf/index.ts';
import { pdfjs } from '../src/extract/pdf/load.ts';
import { newStitchDrops, stitchPages } from '../src/extract/pdf/stitch.ts';
import type { LayoutCell, LayoutTable, PageLayout } from '../src/extract/pdf/types.ts';
import type { Extracted } from '../src/extract/types.ts';
import { tableGrid, type Grid } from '../src/ir/grid.ts';
import { blocks, isElement } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';
import { messageRecords } from '../src/messages.ts';
import { describeReal, REAL_CORPUS } from './real-corpus.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/pdf');

async function extract(name: string, file?: VFile): Promise<Extracted> {
  const p = path.resolve(FIXTURES, name);
  return extractPdf({ path: p, bytes: new Uint8Array(fs.readFileSync(p)) }, file ?? new VFile({ path: p }));
}

/** The extract-stage messages of one fixture, as stored. */
async function extractMessages(name: string) {
  const file = new VFile({ path: name });
  await extract(name, file);
  return messageRecords(file).filter((m) => m.stage === 'extract');
}

function tables(out: Extracted): Element[] {
  return blocks(out.tree).filter((b) => b.tagName === 'table');
}

function allCells(table: Element): Element[] {
  return table.children.filter((r): r is Element => isElement(r, 'tr')).flatMap((r) => r.children.filter((c): c is Element => isElement(c, 'td')));
}

function column(grid: Grid, c: number): string[] {
  return grid.map((r) => r[c]!.text);
}

describe('a table over a page break (LibreOffice, merged and wrapped cells)', () => {
  let out: Extracted;
  let grid: Grid;
  beforeAll(async () => {
    out = await extract('split-table.pdf');
    const ts = tables(out);
    expect(ts).toHaveLength(1);
    grid = tableGrid(ts[0]!);
  });

  it('stitches the two pages into one table without losing or repeating a row', () => {
    expect(out.pages).toBe(2);
    expect(tables(out)[0]!.data?.source).toMatchObject({ page: 1, endPage: 2 });
    expect(grid).toHaveLength(49);
    expect(grid[0]!.map((c) => c.text)).toEqual(['一级指标', '二级指标', '三级指标', '指标值']);
    const names = column(grid, 2).slice(1).map((t) => Number(/^第(\d+)项/.exec(t)?.[1]));
    expect(names).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(column(grid, 3).slice(1)).toEqual(Array.from({ length: 48 }, (_, i) => `≥${90 + ((i + 1) % 10)}%`));
  });

  it('rebuilds vertically merged cells, also across the page break', () => {
    const origin = (text: string) => grid.flat().find((c) => c.origin && c.text === text)!;
    expect(origin('产出指标').rowSpan).toBe(24);
    expect(origin('效益指标').rowSpan).toBe(16);
    expect(origin('满意度指标').rowSpan).toBe(8);
    for (const l2 of ['数量指标', '质量指标', '时效指标', '社会效益指标', '可持续影响指标', '服务对象满意度指标']) {
      expect(origin(l2).rowSpan).toBe(8);
    }
    // Whichever merged cell the break cut, it is one cell spanning both pages.
    const spanning = grid.flat().filter((c) => c.origin && c.source?.endPage === 2);
    expect(spanning.length).toBeGreaterThan(0);
    expect(column(grid, 0).slice(1).every(Boolean)).toBe(true);
    expect(column(grid, 1).slice(1).every(Boolean)).toBe(true);
  });

  it('joins a cell wrapped over two lines without a break or spaces', () => {
    expect(column(grid, 2)).toContain('第5项指标名称较长需要在单元格内换行显示');
    expect(column(grid, 2)).toContain('第1项指标'); // printed as `第 1 项指标`
  });

  it('records page and bounding box for every cell', () => {
    const cells = allCells(tables(out)[0]!);
    expect(cells.length).toBeGreaterThan(48 * 2);
    for (const c of cells) {
      const s = c.data?.source;
      expect(s?.page === 1 || s?.page === 2).toBe(true);
      const [x0, y0, x1, y1] = s!.bbox!;
      expect(x0).toBeLessThan(x1);
      expect(y0).toBeLessThan(y1);
      expect(x1).toBeLessThanOrEqual(596);
      expect(y1).toBeLessThanOrEqual(842);
    }
    expect(cells.filter((c) => c.data?.source?.page === 2).length).toBeGreaterThan(0);
  });

  it('keeps the paragraph after the table and marks the page break', () => {
    const texts = blocks(out.tree).map((b) => textOf(b));
    expect(texts.at(-1)).toBe('以上为本表全部内容。');
    expect(blocks(out.tree)[0]!.tagName).toMatch(/^h[12]$/);
  });
});

describe('a serif CJK font at 12 pt with the header row repeated on every page', () => {
  it('drops the repeated header rows and keeps every data row once', async () => {
    const out = await extract('serif-repeated-header.pdf');
    expect(out.pages).toBeGreaterThan(1);
    const ts = tables(out);
    expect(ts).toHaveLength(1);
    const grid = tableGrid(ts[0]!);
    expect(grid.filter((r) => r[0]!.text === '一级指标')).toHaveLength(1);
    expect(grid).toHaveLength(49);
    expect(tableGrid(ts[0]!).slice(1).map((r) => r[2]!.text)).toContain('第35项指标名称较长需要在单元格内换行显示');
  });
});

describe('a 批复表 ruled with horizontal lines only (columns from text alignment)', () => {
  let grid: Grid;
  beforeAll(async () => {
    const out = await extract('approval-table-hrules.pdf');
    const ts = tables(out);
    expect(ts).toHaveLength(1);
    expect(ts[0]!.data?.source).toMatchObject({ page: 1, endPage: 5 });
    grid = tableGrid(ts[0]!);
  });

  it('finds the twelve columns and their headers', () => {
    expect(grid[0]!.map((c) => c.text)).toEqual([
      '单位名称', '项目名称', '项目类别', '预算数(万元)', '绩效目标', '一级指标', '二级指标', '三级指标',
      '绩效指标性质', '绩效指标值', '度量单位', '分值权重',
    ]);
  });

  it('gives every indicator row its own row, with project cells merged over them', () => {
    const body = grid.slice(2);
    expect(body.every((r) => r[7]!.text !== '')).toBe(true);
    // Eight projects, one merged 项目名称 cell each.
    const projects = new Set(body.map((r) => `${r[1]!.row}`));
    expect(projects.size).toBe(8);
    expect(body.filter((r) => r[1]!.origin)).toHaveLength(8);
  });

  it('cleans layout spaces inside Chinese text and applies NFKC', () => {
    const texts = grid.flat().map((c) => c.text);
    expect(texts.some((t) => /\d [\u4e00-\u9fff]|[\u4e00-\u9fff] \d/.test(t))).toBe(false);
    expect(texts.some((t) => /[（）：]/.test(t))).toBe(false);
  });

  it('joins a cell cut by a page break into one cell', () => {
    const goals = grid.map((r) => r[4]!).filter((c) => c.origin && c.text.startsWith('认真落实各项年度目标任务'));
    expect(goals).toHaveLength(1);
    expect(goals[0]!.text.endsWith('多渠道促进就业创业。')).toBe(true);
    expect(goals[0]!.source?.endPage).toBeGreaterThan(goals[0]!.source!.page!);
  });
});

// Generated by test/fixtures/pdf/make-budget-pdfs.mjs (A3 pages stored portrait with /Rotate 90,
// as Acrobat Distiller writes them), and the real Jiangsu file it imitates when the corpus is here.
const ROTATED: { title: string; file: () => string; pages: number; tables: number; financed: [string, string]; maxY: number; rotate?: number }[] = [
  { title: 'generated', file: () => path.join(FIXTURES, 'rotated-budget-tables.pdf'), pages: 14, tables: 12, financed: ['一、财政拨款', '5,263.29'], maxY: 1191, rotate: 90 },
  { title: 'real', file: () => path.join(REAL_CORPUS, 'js-party-office-2019-budget-tables.pdf'), pages: 12, tables: 12, financed: ['一、财政拨款', '27,664.22'], maxY: 1191 },
];
for (const r of ROTATED) {
  const suite = r.title === 'real' ? (t: string, fn: () => void) => describeReal(t, ['js-party-office-2019-budget-tables.pdf'], fn) : describe;
  suite(`a disclosure with rotated pages (${r.title})`, () => {
    it('reads every page upright, one table each, and drops nothing but page furniture', async () => {
      const out = await extract(r.file());
      expect(out.pages).toBe(r.pages);
      const ts = tables(out);
      expect(ts).toHaveLength(r.tables);
      const first = tableGrid(ts[0]!);
      expect(first.at(-1)!.map((c) => c.text)).toContain('收入合计');
      // Spanned headers: 收入 over two columns, 支出 over four; 功能分类 over two in the next row.
      expect(first[0]!.map((c) => [c.text, c.colSpan])).toEqual([['收入', 2], ['收入', 2], ['支出', 4], ['支出', 4], ['支出', 4], ['支出', 4]]);
      expect(first[1]![2]).toMatchObject({ text: '功能分类', colSpan: 2, origin: true });
      expect(first[1]![0]).toMatchObject({ text: '项目名称', rowSpan: 2 });
      expect(first.some((row) => row[0]!.text === r.financed[0] && row[1]!.text === r.financed[1])).toBe(true);
      // Pages are 842 x 1191 with /Rotate 90: boxes are mapped back to unrotated user space.
      for (const c of allCells(ts[0]!)) expect(c.data!.source!.bbox![3]).toBeLessThanOrEqual(r.maxY);
      const titles = blocks(out.tree).filter((b) => b.tagName !== 'table' && b.tagName !== 'hr').map((b) => textOf(b));
      expect(titles).toContain('收支预算总表');
      // Every character pdf.js reads from the pages comes out, page numbers aside.
      const lib = await pdfjs();
      const doc = await lib.getDocument({ data: new Uint8Array(fs.readFileSync(r.file())) }).promise;
      let raw = '';
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        if (r.rotate !== undefined) expect(page.rotate).toBe(r.rotate);
        raw += (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
        page.cleanup();
      }
      await doc.destroy();
      expect(raw.replace(/\s+/g, '').length).toBeGreaterThan(3000);
      const bag = (s: string) => [...s.normalize('NFKC').replace(/\s+/g, '')].sort().join('');
      const got = bag(blocks(out.tree).map((b) => textOf(b)).join(''));
      const missing = [...bag(raw)].filter((ch, i, all) => got.split(ch).length - 1 < all.filter((c) => c === ch).length);
      expect(missing.filter((ch) => !/\d/.test(ch))).toEqual([]);
    });
  });
}

describe('running text with a page header and page-number footer (LibreOffice)', () => {
  it('drops the header and page numbers and keeps each paragraph whole', async () => {
    const out = await extract('header-footer-paragraphs.pdf');
    expect(out.pages).toBe(3);
    const bs = blocks(out.tree).filter((b) => b.tagName !== 'hr');
    const texts = bs.map((b) => textOf(b));
    expect(texts[0]).toBe('第三部分部门预算情况说明');
    expect(bs[0]!.tagName).toBe('h1');
    expect(texts.some((t) => t.includes('部门预算公开'))).toBe(false);
    expect(texts.some((t) => /^-?\s*\d+\s*-?$/.test(t))).toBe(false);
    const paras = texts.slice(1);
    expect(paras).toHaveLength(40);
    paras.forEach((t, i) => {
      const n = i + 1;
      // Printed as `2022 年项目支出预算为 101.50 万元`: layout spaces go, NFKC makes `：` a colon.
      expect(t).toBe(`${n}、本年度部门预算说明第${n}段:2022年项目支出预算为${100 + n}.50万元,主要用于保障单位日常运转和重点工作任务的顺利完成,比上年增加${n}万元,增长率为${n}.5%。`);
    });
    expect(blocks(out.tree).filter((b) => b.tagName === 'hr')).toHaveLength(2);
  });
});

describe('a table printed without ruling lines (columns from text alignment only)', () => {
  it('finds the table and leaves the surrounding paragraphs and list as text', async () => {
    const out = await extract('borderless-table.pdf');
    const bs = blocks(out.tree);
    expect(bs.map((b) => b.tagName)).toEqual(['h1', 'p', 'table', 'p', 'p', 'p']);
    const grid = tableGrid(bs[2]!);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([
      ['项目名称', '上年预算', '本年预算', '增减'],
      ['一般公共服务支出', '1,234.50', '1,300.00', '65.50'],
      ['公共安全支出', '210.00', '198.30', '-11.70'],
      ['社会保障和就业支出', '3,056.12', '3,200.45', '144.33'],
      ['住房保障支出', '880.00', '905.60', '25.60'],
      ['合计', '5,380.62', '5,604.35', '223.73'],
    ]);
    expect(grid.flat().every((c) => c.source?.page === 1 && c.source.bbox)).toBe(true);
    expect(textOf(bs[3]!)).toBe('1.本说明中的数字均为四舍五入后的结果。');
  });
});

// Generated by test/fixtures/pdf/make-budget-pdfs.mjs, and the real Shanghai WPS export it
// imitates when the corpus is here.
const LANDSCAPE = [
  { title: 'generated', file: () => path.join(FIXTURES, 'landscape-multipage-tables.pdf') },
  { title: 'real', file: () => path.join(REAL_CORPUS, 'sh-putuo-wanli-street-2025-dept-budget.pdf') },
];
for (const l of LANDSCAPE) {
const suite = l.title === 'real' ? (t: string, fn: () => void) => describeReal(t, ['sh-putuo-wanli-street-2025-dept-budget.pdf'], fn) : describe;
suite(`landscape pages, tables over several pages without repeated headers (${l.title})`, () => {
  let out: Extracted;
  beforeAll(async () => {
    out = await extract(l.file());
  });

  const tableAfter = (title: string): Grid => {
    const bs = blocks(out.tree);
    const at = bs.findIndex((b) => b.tagName.startsWith('h') && textOf(b) === title);
    expect(at).toBeGreaterThanOrEqual(0);
    return tableGrid(bs.slice(at).find((b) => b.tagName === 'table')!);
  };
  const amount = (t: string) => Number(t.replace(/,/g, ''));

  it('keeps every row of a four-page table: the 类 rows add up to the 合计 row', () => {
    const grid = tableAfter('2025年部门收入预算总表');
    const src = grid[0]![0]!.element.data?.source;
    expect(src?.page).toBeGreaterThan(1);
    const last = grid.at(-1)!;
    expect(last[0]!.text).toBe('合计');
    expect(last[0]!.colSpan).toBe(4);
    const classes = grid.filter((r) => /^\d{3}$/.test(r[0]!.text) && r[1]!.text === '');
    expect(classes.length).toBeGreaterThan(3);
    const sum = classes.reduce((s, r) => s + amount(r[4]!.text), 0);
    expect(sum).toBe(amount(last[4]!.text));
    // Codes split over 类/款/项 columns stay in their columns.
    expect(grid.some((r) => /^\d{3}$/.test(r[0]!.text) && /^\d{2}$/.test(r[1]!.text) && /^\d{2}$/.test(r[2]!.text))).toBe(true);
  });

  it('joins a last page holding only the 合计 row (fewer column lines) to its table', () => {
    const grid = tableAfter('2025年部门支出预算总表');
    const last = grid.at(-1)!;
    expect(last[0]!.text).toBe('合计');
    expect(grid.every((r) => r.length === 7)).toBe(true);
    const classes = grid.filter((r) => /^\d{3}$/.test(r[0]!.text) && r[1]!.text === '');
    expect(classes.reduce((s, r) => s + amount(r[4]!.text), 0)).toBe(amount(last[4]!.text));
    expect(amount(last[5]!.text) + amount(last[6]!.text)).toBe(amount(last[4]!.text));
  });

  it('maps boxes of landscape pages into their 842 x 595 user space', () => {
    const cells = tables(out).flatMap(allCells);
    expect(Math.max(...cells.map((c) => c.data!.source!.bbox![2]))).toBeGreaterThan(700);
    expect(Math.max(...cells.map((c) => c.data!.source!.bbox![3]))).toBeLessThanOrEqual(596);
  });
});
}

describe('a three-line table (rules above and below the header and at the bottom only)', () => {
  it('splits the unruled body into one row per printed line', async () => {
    const out = await extract('three-line-table.pdf');
    const ts = tables(out);
    expect(ts).toHaveLength(1);
    const grid = tableGrid(ts[0]!);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([
      ['项目', '上年预算数', '本年预算数', '增减额'],
      ['基本支出', '1,234.50', '1,300.00', '65.50'],
      ['项目支出', '210.00', '198.30', '-11.70'],
      ['其中:专项业务费', '56.12', '60.45', '4.33'],
      ['单位预留机动经费', '80.00', '90.60', '10.60'],
      ['合计', '1,524.50', '1,588.90', '64.40'],
    ]);
    // The table is bounded by its top and bottom rules (PDF y 770.9 and 655.2).
    const [, y0, , y1] = ts[0]!.data!.source!.bbox!;
    expect(Math.abs(y1 - 770.9)).toBeLessThan(1);
    expect(Math.abs(y0 - 655.2)).toBeLessThan(1);
  });
});

describe('text dropped as printed twice is reported, one message per kind', () => {
  it('page numbers and a running header (LibreOffice, 3 pages)', async () => {
    const ms = await extractMessages('header-footer-paragraphs.pdf');
    const numbers = ms.filter((m) => m.rule === 'page-number');
    const running = ms.filter((m) => m.rule === 'page-header-repeat');
    expect(numbers).toHaveLength(1);
    expect(numbers[0]).toMatchObject({ severity: 'info' });
    expect(numbers[0]!.text).toMatch(/^2 page numbers/);
    expect(running).toHaveLength(1);
    expect(running[0]!.text).toContain('某某县人力资源和社会保障局2022年部门预算公开');
  });

  it('a table header repeated on every page', async () => {
    const ms = await extractMessages('serif-repeated-header.pdf');
    const headers = ms.filter((m) => m.rule === 'header-repeat');
    expect(headers).toHaveLength(1);
    expect(headers[0]).toMatchObject({ severity: 'info', location: 'p.2' });
    expect(headers[0]!.text).toContain('2 page breaks');
  });

  it('nothing when nothing was dropped', async () => {
    expect(await extractMessages('borderless-table.pdf')).toEqual([]);
  });
});

describe('a cell end printed again at the top of the next page', () => {
  // Layout as the page reader leaves it: one 2-column table per page, the second page starting
  // with the last line of the value cell again, no rule between the parts.
  const cell = (text: string, row: number, col: number, page: number): LayoutCell => ({ text, row, col, rowSpan: 1, colSpan: 1, box: [col * 100, row * 20, col * 100 + 100, row * 20 + 20], page });
  const table = (page: number, rows: LayoutCell[][], topRuled: boolean): LayoutTable => ({
    kind: 'table', page, endPage: page, box: [0, 0, 200, rows.length * 20], colX: [0, 100, 200], rows,
    topRuled: [topRuled, topRuled], bottomRuled: [false, false],
  });
  const page = (n: number, t: LayoutTable): PageLayout => ({ page: n, width: 595, height: 842, toUser: [1, 0, 0, -1, 0, 842], blocks: [t], chars: 100, hasImages: false });

  it('keeps it once and counts it', () => {
    const pages = [
      page(1, table(1, [[cell('三级指标', 0, 0, 1), cell('指标值', 0, 1, 1)], [cell('培训人数', 1, 0, 1), cell('全年开展培训不少于500人次', 1, 1, 1)]], true)),
      page(2, table(2, [[cell('', 0, 0, 2), cell('500人次', 0, 1, 2)], [cell('合格率', 1, 0, 2), cell('100%', 1, 1, 2)]], false)),
    ];
    const drops = newStitchDrops();
    const out = stitchPages(pages, drops);
    expect(out).toHaveLength(1);
    const t = out[0]!.block as LayoutTable;
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([['三级指标', '指标值'], ['培训人数', '全年开展培训不少于500人次'], ['合格率', '100%']]);
    expect(drops.cellTails).toEqual({ count: 1, firstPage: 2 });
  });
});
