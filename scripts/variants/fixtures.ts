// Where the rendered layout variants live, shared by the test and the scorer.
import fs from 'node:fs';
import path from 'node:path';
import type { ExpectedDocument } from './expected.ts';

export const VARIANTS_DIR = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'variants');
/** Formats rendered today (XLSX once the spreadsheet reader exists). */
export const VARIANT_FORMATS = ['pdf', 'docx'] as const;

export interface VariantFile { id: string; format: string; file: string; expected: ExpectedDocument }

export function variantFiles(): VariantFile[] {
  const dir = path.join(VARIANTS_DIR, 'expected');
  const out: VariantFile[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const id = f.slice(0, -5);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ExpectedDocument;
    for (const format of VARIANT_FORMATS) out.push({ id, format, file: path.join(VARIANTS_DIR, format, `${id}.${format}`), expected });
  }
  return out;
}
