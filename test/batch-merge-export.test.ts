// `budget-ingest merge` takes the hive-partitioned folder written by `budget-ingest export`:
// a database built from fixture files by a real run, exported, then merged into a new database,
// must come back with the same rows and values in every document table, and a second merge of
// the same export must change nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/command.ts';
import { documentTables } from '../src/load/tables.ts';
import { parsePipeline } from '../src/pipeline/config.ts';
import { mergeDatabases } from '../src/pipeline/merge.ts';
import { runPipeline } from '../src/pipeline/runner.ts';
import { ROOT, removeTempDirs, rows, startCli, tempDir } from './batch-helpers.ts';

afterAll(removeTempDirs);

const FIXTURES = path.join(ROOT, 'test/fixtures');

/** Every row of a table, in a stable order: what "the same data" means. */
const tableRows = (dbPath: string, table: string) => rows(dbPath, `SELECT * FROM "${table}" ORDER BY ALL`);

describe('merge of an export folder', () => {
  it('gives the source database back, row for row, and is idempotent', async () => {
    const dir = tempDir('merge-export');
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    // Targets tables (text), department budget tables (PDF), a file that fails (no year or
    // province: the export's default partition) and one that loads with nothing in it.
    for (const f of ['text/000_8673c46da405b13e.txt', 'text/004_c2ed7faebcfb9906.txt', 'budget/003_c128c7645c42ae13.pdf', 'batch/empty.pdf', 'batch/meeting-notice.txt']) {
      fs.copyFileSync(path.join(FIXTURES, f), path.join(input, path.basename(f)));
    }
    const source = path.join(dir, 'source.duckdb');
    const report = await runPipeline({ pipeline: parsePipeline({ name: 'merge-export', sources: [input], database: source }, null), workers: 1 });
    expect(report.counts.new + report.counts.failed + report.counts.skipped).toBe(5);

    const lake = path.join(dir, 'lake');
    const exported = startCli(['export', '--to', lake, '--db', source]);
    expect(await exported.exit, exported.stderr.join('\n')).toBe(EXIT.ok);
    expect(fs.existsSync(path.join(lake, 'manifest.json'))).toBe(true);
    expect(fs.readdirSync(path.join(lake, 'indicators')).some((f) => f.startsWith('fiscal_year='))).toBe(true);
    expect(fs.existsSync(path.join(lake, 'documents.parquet'))).toBe(false);

    const out = path.join(dir, 'merged.duckdb');
    const merged = startCli(['merge', out, lake]);
    expect(await merged.exit, merged.stderr.join('\n')).toBe(EXIT.ok);
    expect(merged.stdout.join('')).toContain(`${lake}: 5 documents: 5 added, 0 replaced, 0 already present`);

    const counts = async (db: string) => {
      const out: Record<string, number> = {};
      for (const spec of documentTables) out[spec.name] = Number((await rows(db, `SELECT count(*)::INTEGER AS n FROM "${spec.name}"`))[0]!.n);
      return out;
    };
    const sourceCounts = await counts(source);
    expect(sourceCounts.indicators).toBeGreaterThan(0);
    expect(sourceCounts.budget_lines).toBeGreaterThan(0);
    expect(await counts(out)).toEqual(sourceCounts);
    for (const spec of documentTables) expect(await tableRows(out, spec.name), spec.name).toEqual(await tableRows(source, spec.name));
    // The partition columns came back from the folder names, NULL ones included.
    expect(await rows(out, "SELECT source_name, fiscal_year, province FROM documents WHERE source_name IN ('empty.pdf', '000_8673c46da405b13e.txt') ORDER BY 1"))
      .toEqual(await rows(source, "SELECT source_name, fiscal_year, province FROM documents WHERE source_name IN ('empty.pdf', '000_8673c46da405b13e.txt') ORDER BY 1"));
    expect((await rows(out, "SELECT fiscal_year FROM documents WHERE source_name = 'empty.pdf'"))[0]!.fiscal_year).toBeNull();
    // Tables without fiscal_year / province of their own do not gain them.
    const projectColumns = (await rows(out, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'projects'")).map((r) => r.column_name);
    expect(projectColumns).not.toContain('fiscal_year');
    expect(projectColumns).not.toContain('province');

    const again = await mergeDatabases(out, [lake]);
    expect(again).toEqual([{ input: lake, documents: 5, added: 0, replaced: 0, unchanged: 5, duplicates: 0 }]);
    for (const spec of documentTables) expect(await tableRows(out, spec.name), spec.name).toEqual(await tableRows(source, spec.name));
  }, 300_000);

  it('names the reason when the folder is no export', async () => {
    const dir = tempDir('merge-not-export');
    fs.mkdirSync(path.join(dir, 'indicators'));
    await expect(mergeDatabases(path.join(dir, 'out.duckdb'), [dir])).rejects.toThrow(/holds neither documents\.parquet nor documents\/\*\*\/\*\.parquet/);
  });
});
