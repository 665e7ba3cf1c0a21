// Every row of the exit code table in README.md ("Exit codes"), by running the CLI as a user
// does. Also: no arguments prints the help (exit 0), -V/--version, and `--json --summary`
// leaves only JSON on stdout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { buildSampleDatabase, FIXTURE_DIR } from './fixtures/query/build-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = path.join(root, 'data/samples/004_c2ed7faebcfb9906.txt');
let tmp: string;
let dbPath: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/budget-ingest.mjs'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** main() as bin/budget-ingest.mjs runs it, in this process, with its error output captured. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const errors: string[] = [];
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { errors.push(a.join(' ')); });
  const out = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(`${a.join(' ')}\n`); });
  const cwd = process.cwd();
  process.chdir(tmp);
  try {
    return { code: await main(args), stdout: lines.join(''), stderr: errors.join('\n') };
  } finally {
    process.chdir(cwd);
    spy.mockRestore();
    out.mockRestore();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-exit-'));
  dbPath = path.join(tmp, 'budget.duckdb');
  await buildSampleDatabase(dbPath, [path.join(FIXTURE_DIR, '004_c2ed7faebcfb9906.docx')]);
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('README.md has the table this test checks', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### Exit codes'));
  for (const code of [0, 1, 2, 3, 4]) expect(table).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
});

describe('0: done', () => {
  it('no arguments prints the help on stdout', async () => {
    const r = await inProcess([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^budget-ingest .*\n\nusage: budget-ingest COMMAND/);
  });

  it('-V and --version print the version', async () => {
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    expect(cli('-V')).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(await inProcess(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('an ingest where every document loads, with --json --summary: only JSON on stdout', () => {
    const folder = path.join(tmp, 'good');
    fs.mkdirSync(folder);
    fs.copyFileSync(SAMPLE, path.join(folder, 'a.txt'));
    const r = cli('ingest', folder, '--db', path.join(tmp, 'good.duckdb'), '--workers', '0', '--progress', 'none', '--json', '--summary');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.counts.new).toBe(1);
    // The summary is there, on stderr.
    expect(r.stderr).toMatch(/indicators/);
  });
});

describe('1: some documents failed, the others loaded', () => {
  it('ingest of a good file and a truncated PDF', () => {
    const folder = path.join(tmp, 'mixed');
    fs.mkdirSync(folder);
    fs.copyFileSync(SAMPLE, path.join(folder, 'a.txt'));
    fs.copyFileSync(path.join(root, 'test/fixtures/batch/truncated.pdf'), path.join(folder, 'b.pdf'));
    const r = cli('ingest', folder, '--db', path.join(tmp, 'mixed.duckdb'), '--workers', '0', '--progress', 'none');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/1 new.*1 failed/);
  });
});

describe('2: bad usage or configuration', () => {
  const pipeline = (json: unknown) => {
    const file = path.join(tmp, `p${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
    return file;
  };
  // In the process (main() is what bin/budget-ingest.mjs runs): these need no database, and
  // a spawn each would cost seconds.
  it.each([
    ['an unknown command', ['frobnicate']],
    ['normalize --foo', ['normalize', '--foo']],
    ['query --foo', ['query', '--foo', 'SELECT 1']],
    ['ingest --foo', ['ingest', '--foo', '.']],
    ['run --foo', ['run', '--foo', 'x']],
    ['merge --foo', ['merge', '--foo', 'a', 'b']],
    ['export --foo', ['export', '--foo']],
    ['report --foo', ['report', '--foo']],
    ['a missing ingest path', ['ingest', 'nowhere/at/all', '--db', 'x.duckdb']],
    ['ingest --timeout that is no number of seconds', ['ingest', '.', '--timeout', '0', '--db', 'x.duckdb']],
    ['a query without a database', ['query', '--db', 'none.duckdb', 'SELECT 1']],
    ['an unknown named query', ['query', 'no-such-query']],
    ['export without --to', ['export']],
  ])('%s', async (_label, args) => {
    const r = await inProcess(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^[\w-]+( \w+)?: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a pipeline whose source does not exist', async () => {
    const r = await inProcess(['run', pipeline({ sources: [path.join(tmp, 'gone')], database: path.join(tmp, 'p.duckdb') })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such source .*gone/);
    expect(fs.existsSync(path.join(tmp, 'p.duckdb'))).toBe(false);
  });

  it('an invalid or missing pipeline file', async () => {
    expect((await inProcess(['run', pipeline('{ not json')])).code).toBe(2);
    expect((await inProcess(['run', pipeline({ sources: [], database: 'x.duckdb' })])).code).toBe(2);
    expect((await inProcess(['run', 'no-such-pipeline'])).code).toBe(2);
  });
});

describe('3: another run holds the database', () => {
  it('ingest while a live process holds the lock file', () => {
    const db = path.join(tmp, 'locked.duckdb');
    fs.writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), started_at: new Date().toISOString(), what: 'test' }));
    const r = cli('ingest', SAMPLE, '--db', db, '--workers', '0', '--progress', 'none');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/another run is writing this database/);
  });

  it('query while a writer keeps the file open past --wait', async () => {
    const db = path.join(tmp, 'held.duckdb');
    fs.copyFileSync(dbPath, db);
    const writer = await DuckDBInstance.create(db);
    const conn = await writer.connect();
    try {
      const r = cli('query', '--db', db, '--wait', '0', 'SELECT 1');
      expect(r.code, r.stderr).toBe(3);
    } finally {
      conn.closeSync();
      writer.closeSync();
    }
  });
});

describe('4: fatal error', () => {
  it('a query DuckDB rejects', () => {
    const r = cli('query', '--db', dbPath, 'SELECT no_such_column FROM documents');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^query: .*no_such_column/);
  });

  it('a database file that is not a DuckDB database', () => {
    const bad = path.join(tmp, 'not-a.duckdb');
    fs.writeFileSync(bad, 'this is not a database\n'.repeat(1000));
    expect(cli('query', '--db', bad, 'SELECT 1').code).toBe(4);
    expect(cli('ingest', SAMPLE, '--db', bad, '--workers', '0', '--progress', 'none').code).toBe(4);
  });
});
