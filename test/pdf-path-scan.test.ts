// The light path pass (src/extract/pdf/path-scan.ts) against pdf.js's full operator list, page by
// page: the same ruling lines and the same "page has images", on every PDF we have. Pages the
// light pass declines (Unsupported) go through getOperatorList in the extractor; they are counted
// here, and the generated fixtures must be read by the light pass (else it would never be tested).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openPdf } from '../src/extract/pdf/load.ts';
import { openPathScanner } from '../src/extract/pdf/path-scan.ts';
import { graphicsOf } from '../src/extract/pdf/rules.ts';

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
