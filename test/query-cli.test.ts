// The query, export and report commands as a user runs them, on a database holding the 湟源县
// 2024 批复表 (DOCX) loaded through the real pipeline.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleDatabase, FIXTURE_DIR } from './fixtures/query/build-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;
let dbPath: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/budget-ingest.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function readParquet(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    const reader = await conn.runAndReadAll(sql.replace('$FILE', `'${file.replace(/'/g, "''")}'`));
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'query-cli-'));
  dbPath = path.join(tmp, 'huangyuan.duckdb');
  await buildSampleDatabase(dbPath, [path.join(FIXTURE_DIR, '004_c2ed7faebcfb9906.docx')]);
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// 湟源县 satisfaction targets as printed, in document order.
const PRINTED = [100, 99, 99, 85, 90, 90, 85, 95, 95, 95];

describe('budget-ingest query', () => {
  it('prints a named query as CSV', () => {
    const r = cli('query', 'satisfaction-by-county', '--db', dbPath, '--format', 'csv');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split(/\r\n/);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['province', 'city', 'county', 'place']);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(10);
    const value = header.indexOf('value');
    expect(rows.map((r) => Number(r[value]))).toEqual(PRINTED);
    expect(rows[0]!.slice(0, 3)).toEqual(['青海省', '西宁市', '湟源县']);
  });

  it('prints JSON and takes --param', () => {
    const r = cli('query', 'project-family', '--db', dbPath, '--format', 'json', '--param', 'family=县配资金');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { project_name: string; budget_wan: number; fiscal_year: number }[];
    // "公益性岗位社保补贴县配资金 4.00", "公益性岗位岗位补贴县配资金 265.00", "就业联络员补助县配资金 23.10".
    expect(rows.map((x) => [x.project_name, x.budget_wan])).toEqual([
      ['公益性岗位社保补贴县配资金', 4], ['公益性岗位岗位补贴县配资金', 265], ['就业联络员补助县配资金', 23.1],
    ]);
    expect(rows.every((x) => x.fiscal_year === 2024)).toBe(true);
  });

  it('runs SQL given in quotes against the views, as an aligned table', () => {
    const r = cli('query', "SELECT place, count(*) AS n FROM indicator_facts WHERE level2 = '服务对象满意度指标' GROUP BY place", '--db', dbPath);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^place\s+│\s+n$/m);
    expect(r.stdout).toMatch(/^湟源县\s+│\s+10$/m);
    expect(r.stdout).toContain('(1 row)');
  });

  it('writes Parquet with --out', async () => {
    const out = path.join(tmp, 'satisfaction.parquet');
    const r = cli('query', 'satisfaction-by-county', '--db', dbPath, '--format', 'parquet', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const rows = await readParquet(out, 'SELECT value FROM read_parquet($FILE)');
    expect(rows.map((x) => x.value)).toEqual(PRINTED);
  });

  it('opens read-only: a write is refused', () => {
    const r = cli('query', 'DELETE FROM documents', '--db', dbPath);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/read-only/i);
    expect(cli('query', 'SELECT count(*) AS n FROM documents', '--db', dbPath, '--format', 'csv').stdout).toBe('n\r\n1\r\n');
  });

  it('names the problem for an unknown query, a bad parameter, a missing database', () => {
    const unknown = cli('query', 'satisfaction', '--db', dbPath);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no named query "satisfaction" \(named queries: .*satisfaction-by-county/);
    const param = cli('query', 'project-family', '--param', 'famly=x', '--db', dbPath);
    expect(param.code).toBe(2);
    expect(param.stderr).toMatch(/no parameter "famly"/);
    const missing = cli('query', 'project-family', '--db', path.join(tmp, 'nope.duckdb'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no database at/);
    expect(cli('query', 'project-family', '--format', 'xlsx', '--db', dbPath).stderr).toMatch(/unknown --format "xlsx"/);
  });

  it('waits for a writer, then says clearly that the database is locked', async () => {
    // Another process holds the file read-write, as an ingest run does.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const inst = await DuckDBInstance.create(${JSON.stringify(dbPath)});
      await inst.connect();
      console.log('holding');
      setTimeout(() => {}, 60000);
    `], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (d: Buffer) => d.toString().includes('holding') && resolve());
        holder.on('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
      });
      const r = cli('query', 'satisfaction-by-county', '--db', dbPath, '--wait', '1');
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/in use by another process \(PID \d+\)/);
    } finally {
      holder.kill();
    }
  });
});

describe('budget-ingest export and report', () => {
  it('exports Parquet partitions that read back with hive partitioning', async () => {
    const dir = path.join(tmp, 'lake');
    const r = cli('export', '--to', dir, '--db', dbPath);
    expect(r.code, r.stderr).toBe(0);
    const rows = await readParquet(path.join(dir, 'indicators'), `SELECT DISTINCT fiscal_year, province FROM read_parquet($FILE || '/**/*.parquet', hive_partitioning = true)`);
    expect(rows).toEqual([{ fiscal_year: 2024n, province: '青海省' }]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).tables[0].name).toBe('documents');
  });

  it('writes one HTML file', () => {
    const out = path.join(tmp, 'report.html');
    const r = cli('report', '--db', dbPath, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    // Charts are drawn when the page opens (inline ECharts); their data rides along as JSON.
    expect(html.match(/<div class="chart"/g)?.length).toBeGreaterThan(0);
    expect(html.includes('"labels":[') && html.includes('青海省 2024')).toBe(true);
  });
});
