// Every layout variant of test/fixtures/variants (written by scripts/gen-variants.ts, rendered to
// PDF and DOCX by LibreOffice) goes through the real pipeline and must give its expected records
// field by field. A failure prints every differing field of the variant.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../scripts/variants/layouts.ts';
import { compareVariant } from '../scripts/variants/compare.ts';
import { VARIANTS_DIR, VARIANT_FORMATS, variantFiles } from '../scripts/variants/fixtures.ts';
import { render } from '../scripts/variants/render.ts';
import { processFile } from '../src/pipeline/process.ts';

// Variants the recognizers do not read right yet (`ID.format`); each is expected to fail, so a
// fix shows up as a failure asking to take it off this list (rewrite it with
// `node bin/run-ts.mjs scripts/score-variants.ts --write-known-failing`).
const KNOWN_FAILING: string[] = JSON.parse(fs.readFileSync(path.join(VARIANTS_DIR, 'known-failing.json'), 'utf8'));

describe('layout variant fixtures', () => {
  it('cover at least 30 layouts, each with its expected records and every rendered format', () => {
    expect(LAYOUTS.length).toBeGreaterThanOrEqual(30);
    for (const l of LAYOUTS) {
      for (const f of [`expected/${l.id}.json`, `html/${l.id}.html`, ...VARIANT_FORMATS.map((x) => `${x}/${l.id}.${x}`)]) {
        expect(fs.existsSync(path.join(VARIANTS_DIR, f)), `${f} is missing: run node bin/run-ts.mjs scripts/gen-variants.ts`).toBe(true);
      }
    }
  });

  it('are what the generator writes today (HTML and expected records not stale)', () => {
    for (const l of LAYOUTS) {
      const { html, expected } = render(l);
      expect(fs.readFileSync(path.join(VARIANTS_DIR, 'html', `${l.id}.html`), 'utf8'), `${l.id}.html is stale: rerun the generator`).toBe(html);
      expect(JSON.parse(fs.readFileSync(path.join(VARIANTS_DIR, 'expected', `${l.id}.json`), 'utf8'))).toEqual(expected);
    }
  });

  it('list only existing variants as known failures', () => {
    const names = new Set(variantFiles().map((v) => `${v.id}.${v.format}`));
    for (const k of KNOWN_FAILING) expect(names.has(k), `known-failing.json names ${k}, which is no variant`).toBe(true);
  });
});

describe('layout variants come out exact', () => {
  for (const v of variantFiles()) {
    const name = `${v.id}.${v.format}`;
    const test = KNOWN_FAILING.includes(name) ? it.fails : it;
    test(`${name}: ${v.expected.about}`, async () => {
      const c = compareVariant(await processFile(v.file), v.expected);
      expect(c.diffs.length, `${name}: ${c.diffs.length} fields differ\n  ${c.diffs.join('\n  ')}\n`).toBe(0);
    });
  }
});
