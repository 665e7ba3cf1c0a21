// The light path pass (src/extract/pdf/path-scan.ts) against pdf.js's full operator list, page by
// page: the same ruling lines and the same "page has images", on every PDF we have. Pages the
// light pass declines (Unsupported) go through getOperatorList in the extractor; they are counted
// here, and the generated fixtures must be read by the light pass (else it would never be tested).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openPdf } from '../src/extract/pdf/load.ts';
import { openPathScanner } from '../src/extract/pdf/path-scan.ts';
import { graphicsOf, pageGraphics } from '../src/extract/pdf/rules.ts';

const root = path.resolve(import.meta.dirname, '..');
const sets: [string, string][] = [
  ['fixtures', path.join(root, 'test/fixtures/pdf')],
  ['samples', path.resolve(root, '../shared/corpus/pdf')],
  ['real', path.resolve(root, '../shared/corpus/real')],
];

interface Tally { pages: number; light: number; declined: string[] }

/** Compares every page of one PDF; returns how many pages the light pass read. */
async function compare(file: string, tally: Tally): Promise<void> {
  const bytes = new Uint8Array(fs.readFileSync(file));
  let opened;
  try {
    opened = await openPdf(bytes);
  } catch {
    return; // unreadable by pdf.js too (the bad-input fixtures)
  }
  const { lib, doc } = opened;
  const OPS = lib.OPS as unknown as Record<string, number>;
  try {
    const scanner = openPathScanner(bytes, OPS, doc.numPages);
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const vt = page.getViewport({ scale: 1 }).transform;
      tally.pages++;
      let light;
      try {
        light = scanner ? graphicsOf(scanner.operatorList(n - 1), OPS, vt) : null;
      } catch (err) {
        tally.declined.push(`${path.basename(file)} p${n}: ${(err as Error).message}`);
      }
      if (!scanner) tally.declined.push(`${path.basename(file)} p${n}: document not read`);
      if (light) {
        tally.light++;
        const full = graphicsOf(await page.getOperatorList(), OPS, vt);
        expect(light, `${path.basename(file)} page ${n}`).toEqual(full);
      }
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
}

/** A PDF written here, object by object, with a correct cross-reference table. */
function makePdf(pages: { content: string; resources?: string; annots?: string }[], extra: string[] = []): Uint8Array {
  const objs: string[] = [];
  const kids: number[] = [];
  const first = 3 + extra.length;
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  extra.forEach((o, i) => { objs[3 + i] = o; });
  pages.forEach((p, i) => {
    const pageNum = first + 2 * i, contentNum = pageNum + 1;
    kids.push(pageNum);
    objs[pageNum] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Contents ${contentNum} 0 R /Resources ${p.resources ?? '<< >>'}${p.annots ? ` /Annots ${p.annots}` : ''} >>`;
    objs[contentNum] = `<< /Length ${p.content.length} >>\nstream\n${p.content}\nendstream`;
  });
  objs[2] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let n = 1; n < objs.length; n++) {
    offsets[n] = out.length;
    out += `${n} 0 obj\n${objs[n]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

describe('light path pass on constructed pages', () => {
  const form = '<< /Type /XObject /Subtype /Form /BBox [0 0 400 300] /Matrix [1 0 0 1 5 7] /Length 46 >>\nstream\nq 0 0 m 80 0 l S Q 1 1 1 rg 10 10 200 0.8 re f\nendstream';
  const pdf = makePdf([
    // Ruled grid: strokes, a thin filled box, a curve (ignored), state pushed and popped, a form.
    { content: 'q 1 0 0 1 20 30 cm 0 0 m 300 0 l 300 200 l S Q q 2 0 0 2 0 0 cm 10 100 150 0.5 re f 0 0 m 10 10 20 10 30 0 c S Q q /F1 Do Q 0 0 m 0 150 l h S', resources: '<< /XObject << /F1 3 0 R >> >>' },
    // An inline image: not modelled, so this page goes through getOperatorList.
    { content: '0 0 m 200 0 l S q 10 0 0 10 50 50 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI Q 0 50 m 200 50 l S' },
    // A form with a link annotation (no appearance) is fine; a widget with one is not.
    { content: '0 0 m 200 0 l S', annots: '[<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] >>]' },
    { content: '0 0 m 200 0 l S', annots: '[<< /Type /Annot /Subtype /Square /Rect [0 0 10 10] >>]' },
  ], [form]);

  test('same rules as getOperatorList where it reads a page; declines what it does not model', async () => {
    const { lib, doc } = await openPdf(pdf);
    const OPS = lib.OPS as unknown as Record<string, number>;
    try {
      const scanner = openPathScanner(pdf, OPS, doc.numPages);
      expect(scanner).not.toBeNull();
      const read: boolean[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const vt = page.getViewport({ scale: 1 }).transform;
        const full = graphicsOf(await page.getOperatorList(), OPS, vt);
        let light = null;
        try { light = graphicsOf(scanner!.operatorList(n - 1), OPS, vt); } catch { light = null; }
        read.push(light !== null);
        if (light) expect(light, `page ${n}`).toEqual(full);
        // What the extractor uses, light pass or not, is always getOperatorList's answer.
        expect(await pageGraphics(page, OPS, vt, scanner), `page ${n}`).toEqual(full);
        if (n === 1) {
          expect(full.rules.length).toBeGreaterThanOrEqual(4);
          // The form's 80-pt stroke at its origin, moved by its /Matrix (5, 7): display y = 300 − 7.
          expect(full.rules).toContainEqual({ x0: 5, x1: 85, y0: 293, y1: 293 });
        }
        if (n === 2) expect(full.hasImages).toBe(true);
      }
      expect(read).toEqual([true, false, true, false]);
    } finally {
      await doc.destroy();
    }
  });

  test('a file the reader cannot follow (encrypted, broken cross-reference) is left to pdf.js', async () => {
    const text = Buffer.from(pdf).toString('latin1');
    const broken = new Uint8Array(Buffer.from(text.replace(/startxref\n\d+/, 'startxref\n12'), 'latin1'));
    const { lib } = await openPdf(pdf);
    const OPS = lib.OPS as unknown as Record<string, number>;
    expect(openPathScanner(broken, OPS, 4)).toBeNull();
    expect(openPathScanner(pdf, OPS, 5)).toBeNull(); // page count disagrees with pdf.js
    const encrypted = fs.readFileSync(path.join(root, 'test/fixtures/pdf/owner-password-only.pdf'));
    expect(openPathScanner(new Uint8Array(encrypted), OPS, 2)).toBeNull();
  });
});

describe('light path pass = getOperatorList', () => {
  for (const [name, dir] of sets) {
    const present = fs.existsSync(dir);
    if (!present) console.warn(`skipped "light path pass on ${name}": ${dir} not found`);
    test.skipIf(!present)(`${name}: same rules and images on every page`, { timeout: 300_000 }, async () => {
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort();
      const tally: Tally = { pages: 0, light: 0, declined: [] };
      for (const f of files) await compare(path.join(dir, f), tally);
      console.log(`light path pass, ${name}: ${tally.light} of ${tally.pages} pages read (the rest by getOperatorList)${tally.declined.length ? `; declined: ${tally.declined.slice(0, 5).join('; ')}${tally.declined.length > 5 ? ' …' : ''}` : ''}`);
      expect(tally.pages).toBeGreaterThan(0);
      // Most pages must go the light way, or the pass would save nothing (and be untested).
      expect(tally.light).toBeGreaterThanOrEqual(0.8 * tally.pages);
    });
  }
});
