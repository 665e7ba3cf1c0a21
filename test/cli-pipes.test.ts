// A closed standard output ends a command quietly (issue #11 item 5): `query … | head -1` with
// a real pipe whose reader goes away after the first line; no EPIPE stack trace, exit 0, and a
// run whose output nobody reads still finishes its work.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTable } from '../src/query/format.ts';
import { openForReading } from '../src/query/open.ts';
import { buildSampleDatabase, FIXTURE_DIR } from './fixtures/query/build-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;
let dbPath: string;

/** Run the CLI, read stdout until the first newline, then close the pipe (as `head -1` does). */
function firstLineThenClose(args: string[], closeAt: 'first-line' | 'start' = 'first-line'): Promise<{ code: number | null; signal: string | null; line: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/budget-ingest.mjs'), ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    if (closeAt === 'start') child.stdout.destroy();
    else {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('\n')) child.stdout.destroy();
      });
    }
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, line: out.split('\n')[0]!, stderr }));
  });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-pipes-'));
  dbPath = path.join(tmp, 'budget.duckdb');
  await buildSampleDatabase(dbPath, [path.join(FIXTURE_DIR, '004_c2ed7faebcfb9906.docx')]);
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Far more than a pipe buffer (64 KiB), so the writer meets the closed pipe.
const BIG = "SELECT range AS n, repeat('预算', 50) AS pad FROM range(50000)";

describe('a closed stdout', () => {
  it.each(['table', 'json', 'csv'])('query --format %s | head -1: one line, exit 0, no error', async (format) => {
    const r = await firstLineThenClose(['query', '--db', dbPath, '--format', format, BIG]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.line.length).toBeGreaterThan(0);
  });

  it('query satisfaction-by-county --format json | head -1', async () => {
    const r = await firstLineThenClose(['query', 'satisfaction-by-county', '--db', dbPath, '--format', 'json'], 'start');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('ingest with nobody reading its output still loads everything and exits 0', async () => {
    const db = path.join(tmp, 'ingest.duckdb');
    const r = await firstLineThenClose(['ingest', path.join(root, 'data/samples'), '--db', db, '--workers', '0'], 'start');
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.code).toBe(0);
    const reader = await openForReading(db);
    try {
      const n = (await reader.conn.runAndReadAll("SELECT count(*)::INTEGER AS n FROM documents WHERE status = 'ok'")).getRowObjectsJS()[0]!.n;
      expect(n).toBe(fs.readdirSync(path.join(root, 'data/samples')).filter((f) => f.endsWith('.txt')).length);
    } finally {
      reader.close();
    }
  });
});

describe('large results', () => {
  it('a table of 300,000 rows prints (no "Maximum call stack size exceeded")', () => {
    const rows = Array.from({ length: 300_000 }, (_, k) => [k, `行${k}`]);
    const text = toTable({ columns: ['n', 'label'], types: ['INTEGER', 'VARCHAR'], rows });
    expect(text.endsWith('(300000 rows)\n')).toBe(true);
    expect(text.split('\n')[2]).toBe('     0 │ 行0');
  });
});
