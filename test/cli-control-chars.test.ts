// Text from documents never reaches the terminal raw (issue #11 item 4d): control characters in
// a cell or a file name would move the cursor, recolour or retitle the terminal, or reorder
// what it shows. Table output and run reports escape them; JSON keeps the exact text.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/load/database.ts';
import { forTerminal } from '../src/query/format.ts';
import { buildSampleDatabase, FIXTURE_DIR } from './fixtures/query/build-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;
let dbPath: string;
// An OSC title change, a colour, a bell, a right-to-left override, a line break.
const HOSTILE = '单位\u001b]0;pwned\u0007\u001b[31m红\u202eabc\nnext';
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/budget-ingest.mjs'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-control-'));
  dbPath = path.join(tmp, 'budget.duckdb');
  await buildSampleDatabase(dbPath, [path.join(FIXTURE_DIR, '004_c2ed7faebcfb9906.docx')]);
  const db = await openDatabase(dbPath);
  await db.conn.run(`UPDATE documents SET agency_name = '${HOSTILE.replace(/'/g, "''")}'`);
  db.close();
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('control characters from documents', () => {
  it('forTerminal escapes them visibly and keeps the rest', () => {
    expect(forTerminal(HOSTILE)).toBe('单位\\x1b]0;pwned\\x07\\x1b[31m红\\u202eabc next');
    expect(forTerminal('湟源县 100%')).toBe('湟源县 100%');
  });

  it('query prints them escaped in a table, exact in JSON', () => {
    const table = cli('query', '--db', dbPath, 'SELECT agency_name FROM documents');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    expect(table.stdout).toContain('单位\\x1b]0;pwned\\x07');
    const json = cli('query', '--db', dbPath, '--format', 'json', 'SELECT agency_name FROM documents');
    expect(JSON.parse(json.stdout)[0].agency_name).toBe(HOSTILE);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
  });

  it('a failed file whose name holds them is reported escaped', () => {
    const folder = path.join(tmp, 'in');
    fs.mkdirSync(folder);
    fs.copyFileSync(path.join(root, 'test/fixtures/batch/truncated.pdf'), path.join(folder, 'bad\u001b[2J\u202e.pdf'));
    const r = cli('ingest', folder, '--db', path.join(tmp, 'in.duckdb'), '--workers', '0', '--progress', 'none');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bad\\x1b[2J\\u202e.pdf');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });
});
