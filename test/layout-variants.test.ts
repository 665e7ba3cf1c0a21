// Every layout variant of test/fixtures/variants (written by scripts/gen-variants.ts, rendered to
// PDF and DOCX by LibreOffice) goes through the real pipeline and must give its expected records
// field by field. A failure prints every differing field of the variant.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, rows, startCli, tempDir } from './batch-helpers.ts';
import { LAYOUTS } from '../scripts/variants/layouts.ts';
import { compareVariant } from '../scripts/variants/compare.ts';
import { VARIANTS_DIR, VARIANT_FORMATS, variantFiles } from '../scripts/variants/fixtures.ts';
import { render } from '../scripts/variants/render.ts';
import { printAmount } from '../scripts/variants/expected.ts';
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

  it('print what their expected records say (amounts in their unit, every indicator)', () => {
    for (const l of LAYOUTS) {
      const { html, expected } = render(l);
      const text = html.replace(/<br\/>/g, '');
      for (const p of expected.projects) {
        // The printed amount, read back in its unit, is the expected 万元 figure.
        const perWan = { 元: 10000, 千元: 10, 万元: 1 }[p.amounts_printed.unit];
        const parts = p.amounts_printed.parts;
        if (parts) {
          // No total printed, only its parts (基本支出 + 项目支出): their sum is the expected figure.
          const sum = parts.reduce((a, x) => a + Number(x.replace(/,/g, '')), 0);
          expect(sum / perWan, `${l.id} budget from its parts`).toBeCloseTo(p.budget_wan!, 6);
          for (const x of parts) expect(text, `${l.id}: ${x} printed`).toContain(x);
        } else {
          expect(Number(p.amounts_printed.budget.replace(/,/g, '')) / perWan, `${l.id} budget`).toBeCloseTo(p.budget_wan!, 6);
          expect(printAmount(p.budget_wan!, p.amounts_printed.unit, { commas: p.amounts_printed.budget.includes(',') })
            .replace(/\.00$/, ''), `${l.id} budget as printed`).toBe(p.amounts_printed.budget.replace(/\.00$/, ''));
          expect(text, `${l.id}: ${p.amounts_printed.budget} printed`).toContain(p.amounts_printed.budget);
        }
        expect(text, `${l.id}: ${p.name} printed`).toContain(p.name);
        for (const i of p.indicators) expect(text, `${l.id}: ${i.level3} printed`).toContain(i.level3);
      }
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

describe('layout variants through the CLI into DuckDB', () => {
  afterAll(removeTempDirs);

  // Department tables and amounts printed in 元/千元: what a researcher sums must survive loading.
  it('store kind, names, budgets in 万元 and every indicator row', async () => {
    const picked = variantFiles().filter((v) => v.format === 'pdf' && !KNOWN_FAILING.includes(`${v.id}.pdf`)
      && v.expected.projects.some((p) => p.kind === 'department' || p.amounts_printed.unit !== '万元'));
    expect(picked.length).toBeGreaterThanOrEqual(5);
    const db = path.join(tempDir('variants'), 'variants.duckdb');
    const cli = startCli(['ingest', ...picked.map((v) => v.file), '--db', db, '--workers', '1']);
    expect(await cli.exit, cli.stderr.slice(-5).join('\n')).toBe(0);
    const got = await rows(db, `SELECT d.source_name, p.project_seq, p.kind, p.project_name, p.budget_wan, p.fiscal_wan, p.other_wan,
      (SELECT count(*) FROM indicators i WHERE i.doc_id = p.doc_id AND i.project_seq = p.project_seq)::INTEGER AS indicators
      FROM projects p JOIN documents d USING (doc_id) ORDER BY d.source_name, p.project_seq`);
    const want = picked.flatMap((v) => v.expected.projects.map((p) => ({
      source_name: `${v.id}.pdf`, project_seq: p.seq, kind: p.kind, project_name: p.name,
      budget_wan: p.budget_wan, fiscal_wan: p.fiscal_wan, other_wan: p.other_wan, indicators: p.indicators.length,
    }))).sort((a, b) => a.source_name.localeCompare(b.source_name) || a.project_seq - b.project_seq);
    expect(got.map((r) => ({ ...r, project_seq: Number(r.project_seq) }))).toEqual(want);
  });
});
