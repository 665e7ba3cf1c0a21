// `query` is read-only for real (issue #11 item 1): every attack on a locked-down connection
// fails with a clear message, and every file around (the database itself, another database, the
// folder they sit in) is byte-identical afterwards. The table of what each DuckDB setting blocks
// is scripts/measure-query-lockdown.ts; here the connection the CLI and the explorer use.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/load/database.ts';
import { openForServing, openLockedDown } from '../src/query/open.ts';
import { runQuery } from '../src/query/run.ts';
import { buildSampleDatabase, FIXTURE_DIR } from './fixtures/query/build-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;
let dbPath: string;
let otherPath: string;
let mine: string;

/** Every file under dir (and ~/.duckdb, where INSTALL and secrets would write) with its hash. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const base of [dir, path.join(os.homedir(), '.duckdb')]) {
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base, { recursive: true }).map(String)) {
      const file = path.join(base, name);
      const st = fs.lstatSync(file);
      out[file] = st.isFile() ? createHash('sha1').update(fs.readFileSync(file)).digest('hex') : st.isDirectory() ? 'dir' : 'other';
    }
  }
  return out;
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/budget-ingest.mjs'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'query-readonly-'));
  dbPath = path.join(tmp, 'budget.duckdb');
  otherPath = path.join(tmp, 'other.duckdb');
  await buildSampleDatabase(dbPath, [path.join(FIXTURE_DIR, '004_c2ed7faebcfb9906.docx')]);
  fs.copyFileSync(dbPath, otherPath);
  mine = path.join(tmp, 'mine');
  fs.mkdirSync(mine);
  fs.writeFileSync(path.join(mine, 'pop.csv'), 'county,people\n湟源县,140000\n');
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

// [attack, SQL, what the message must say]
const attacks = (dbPath = 'DB', otherPath = 'OTHER', tmp = 'TMP', mine = 'MINE'): [string, string, RegExp][] => [
  ['COPY TO the database file itself', `COPY (SELECT 1) TO ${q(dbPath)}`, /read-only: the statement is COPY/],
  // These two fail already while DuckDB prepares them (binding checks the path).
  ['COPY TO another path', `COPY (SELECT 1) TO ${q(path.join(tmp, 'out.csv'))}`, /read-only: the statement is COPY|Cannot access file.*queries are read-only/],
  ['EXPORT DATABASE', `EXPORT DATABASE ${q(path.join(tmp, 'exp'))}`, /read-only: the statement is EXPORT|Cannot access file.*queries are read-only/],
  ['ATTACH … READ_WRITE + DROP TABLE', `ATTACH ${q(otherPath)} AS o (READ_WRITE); DROP TABLE o.indicators`, /read-only: statement 1 is ATTACH/],
  ['ATTACH plain', `ATTACH ${q(otherPath)} AS o`, /read-only: the statement is ATTACH/],
  ['read_csv of any file', "SELECT * FROM read_csv('/etc/passwd')", /Cannot access file "\/etc\/passwd".*queries are read-only/],
  ['read_csv of the user\'s own file, not given with --table', `SELECT * FROM read_csv(${q(path.join(mine, 'pop.csv'))})`, /Cannot access file.*--table/],
  ['INSTALL', 'INSTALL httpfs', /read-only: the statement is LOAD/],
  ['LOAD', 'LOAD httpfs', /read-only: the statement is LOAD/],
  ['autoinstall by URL', "SELECT * FROM read_text('https://example.com/')", /Cannot access file "https:\/\/example.com\/"/],
  ['SET of a setting', 'SET threads = 1', /configuration has been locked/],
  ['SET enable_external_access', 'SET enable_external_access = true', /configuration has been locked/],
  ['RESET', 'RESET threads', /configuration has been locked/],
  ['PRAGMA that writes', `PRAGMA profiling_output = ${q(path.join(tmp, 'profile.txt'))}`, /configuration has been locked|read-only: the statement is PRAGMA/],
  ['PRAGMA enable_profiling (prints into the output)', 'PRAGMA enable_profiling', /read-only: the statement is PRAGMA/],
  ['CREATE TABLE', 'CREATE TABLE t (a INTEGER)', /read-only: the statement is CREATE/],
  ['INSERT', "INSERT INTO documents (doc_id) VALUES ('x')", /read-only: the statement is INSERT/],
  ['CHECKPOINT', 'CHECKPOINT', /read-only: the statement is CALL/],
  ['CALL enable_logging to a file', `CALL enable_logging(storage = 'file', storage_path = ${q(path.join(tmp, 'logs'))})`, /read-only: the statement is CALL/],
];

describe.each([
  ['openLockedDown (query)', (f: string) => openLockedDown(f)],
  ['openForServing (explorer)', (f: string) => openForServing(f)],
])('%s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open(dbPath);
  });
  afterAll(() => db?.close());

  it.each(attacks().map((a, k) => [a[0], k] as const))('refuses %s and changes no file', async (_label, k) => {
    const [, sql, message] = attacks(dbPath, otherPath, tmp, mine)[k]!;
    const before = snapshot(tmp);
    await expect(runQuery(db, sql)).rejects.toThrow(message);
    expect(snapshot(tmp)).toEqual(before);
  });

  it('still answers SELECT, DESCRIBE and SET VARIABLE', async () => {
    const r = await runQuery(db, "SET VARIABLE c = '湟源县'; SELECT count(*)::INTEGER AS n FROM indicator_facts WHERE county = getvariable('c')");
    expect(Number(r.rows[0]![0])).toBeGreaterThan(0);
    const d = await runQuery(db, 'DESCRIBE documents');
    expect(d.rows.length).toBeGreaterThan(5);
  });
});

describe('budget-ingest query, read-only', () => {
  it('refuses to overwrite the database file, which stays byte-identical and opens', () => {
    const before = snapshot(tmp);
    const r = cli('query', '--db', dbPath, `COPY (SELECT 1) TO ${q(dbPath)}`);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^query: queries are read-only: the statement is COPY/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(tmp)).toEqual(before);
    expect(cli('query', '--db', dbPath, '--format', 'csv', 'SELECT count(*) AS n FROM documents').stdout).toBe('n\r\n1\r\n');
  });

  it('reads the user\'s own file only when given with --table, as a table', () => {
    const before = snapshot(tmp);
    const r = cli('query', '--db', dbPath, '--table', `pop=${path.join(mine, 'pop.csv')}`, '--format', 'csv',
      'SELECT DISTINCT f.county, p.people FROM indicator_facts f JOIN pop p USING (county)');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('county,people\r\n湟源县,140000\r\n');
    // The file given is still not readable by path, nor is anything else in its folder.
    const other = cli('query', '--db', dbPath, '--table', `pop=${path.join(mine, 'pop.csv')}`, `SELECT * FROM read_csv(${q(path.join(mine, 'pop.csv'))})`);
    expect(other.code).toBe(4);
    expect(snapshot(tmp)).toEqual(before);
  });

  it('a --table that is missing or clashes with a table is a usage error', () => {
    expect(cli('query', '--db', dbPath, '--table', 'pop=nope.csv', 'SELECT 1').code).toBe(2);
    const clash = cli('query', '--db', dbPath, '--table', `documents=${path.join(mine, 'pop.csv')}`, 'SELECT 1');
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/already a table or view/);
  });

  it('--format parquet writes only --out, and leaves no temporary folder', () => {
    const out = path.join(tmp, 'result', 'n.parquet');
    const r = cli('query', '--db', dbPath, '--format', 'parquet', '--out', out, 'SELECT count(*) AS n FROM indicators');
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['n.parquet']);
    const bad = cli('query', '--db', dbPath, '--format', 'parquet', '--out', out, `COPY (SELECT 1) TO ${q(path.join(tmp, 'result', 'x.csv'))}`);
    expect(bad.code).toBe(4);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['n.parquet']);
  });
});
