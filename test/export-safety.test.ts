// `export --to DIR` never deletes what it did not write (issue #11 items 2 and 4): a file of the
// user's inside DIR survives a re-export, a folder that is not an export is refused untouched,
// a symlinked folder is never written or deleted through, and partition folder names made from
// document content (province) cannot leave DIR.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/load/database.ts';
import { exportParquet, readExportedSql } from '../src/query/export.ts';
import { openForReading } from '../src/query/open.ts';
import { buildSampleDatabase, FIXTURE_DIR } from './fixtures/query/build-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;
let dbPath: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/budget-ingest.mjs'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }).map(String)) {
    const file = path.join(dir, name);
    const st = fs.lstatSync(file);
    out[name] = st.isFile() ? createHash('sha1').update(fs.readFileSync(file)).digest('hex') : st.isSymbolicLink() ? `-> ${fs.readlinkSync(file)}` : 'dir';
  }
  return out;
}

async function exportTo(db: string, dir: string, views = false) {
  const r = await openForReading(db);
  try {
    return await exportParquet(r, dir, { views });
  } finally {
    r.close();
  }
}

async function readBack(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'export-safety-'));
  dbPath = path.join(tmp, 'budget.duckdb');
  await buildSampleDatabase(dbPath, [path.join(FIXTURE_DIR, '004_c2ed7faebcfb9906.docx')]);
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('export never deletes what it did not write', () => {
  it('keeps a file of the user\'s inside a previous export, and replaces only the export\'s files', async () => {
    const dir = path.join(tmp, 'exp');
    const first = await exportTo(dbPath, dir, true);
    expect(first.written).toContain('manifest.json');
    expect(first.written.some((f) => f.startsWith('indicator_facts/'))).toBe(true);
    fs.writeFileSync(path.join(dir, 'documents', 'notes.txt'), 'my notes');
    fs.writeFileSync(path.join(dir, 'README.md'), 'mine');
    // Re-export without the views: their folders (written by the first export) go, mine stay.
    const second = await exportTo(dbPath, dir, false);
    expect(fs.readFileSync(path.join(dir, 'documents', 'notes.txt'), 'utf8')).toBe('my notes');
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(dir, 'indicator_facts'))).toBe(false);
    expect(second.written.every((f) => fs.existsSync(path.join(dir, f)))).toBe(true);
    const n = await readBack(`SELECT count(*)::INTEGER AS n FROM ${readExportedSql(dir, 'indicators')}`);
    expect(n[0]!.n).toBe(second.tables.find((t) => t.name === 'indicators')!.rows);
    // No temporary folder is left beside DIR.
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.export-'))).toEqual([]);
  });

  it('refuses a non-empty folder that is not an export, changing nothing (CLI: exit 2)', async () => {
    const dir = path.join(tmp, 'home');
    fs.mkdirSync(path.join(dir, 'Documents'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Documents', 'letter.txt'), 'keep me');
    const before = snapshot(dir);
    await expect(exportTo(dbPath, dir)).rejects.toThrow(/not empty and is not a previous export/);
    const r = cli('export', '--to', dir, '--db', dbPath);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^export: .*not a previous export/);
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.export-'))).toEqual([]);
  });

  it('exports through the CLI into a new folder, then again into it, keeping a foreign file', () => {
    const dir = path.join(tmp, 'cli-exp');
    expect(cli('export', '--to', dir, '--db', dbPath).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'documents', 'notes.txt'), 'my notes');
    const again = cli('export', '--to', dir, '--db', dbPath);
    expect(again.code, again.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'documents', 'notes.txt'), 'utf8')).toBe('my notes');
  });

  it('never writes or deletes through a symlinked folder inside DIR', async () => {
    const dir = path.join(tmp, 'linked');
    await exportTo(dbPath, dir);
    const outside = path.join(tmp, 'outside');
    fs.mkdirSync(outside);
    // The user replaced documents/ by a link to a folder of theirs holding the same layout.
    fs.cpSync(path.join(dir, 'documents'), outside, { recursive: true });
    fs.rmSync(path.join(dir, 'documents'), { recursive: true });
    fs.symlinkSync(outside, path.join(dir, 'documents'));
    const before = snapshot(outside);
    await expect(exportTo(dbPath, dir)).rejects.toThrow(/not a plain folder/);
    expect(snapshot(outside)).toEqual(before);
  });

  it('a manifest listing paths outside DIR does not make the export delete them', async () => {
    const dir = path.join(tmp, 'forged');
    await exportTo(dbPath, dir);
    const victim = path.join(tmp, 'victim.txt');
    fs.writeFileSync(victim, 'keep');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.written.push('../victim.txt', victim, 'documents/../../victim.txt');
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await exportTo(dbPath, dir);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep');
  });
});

describe('partition folders from document content stay inside DIR', () => {
  it('escapes /, .., control characters and % in province names, and reads them back exactly', async () => {
    const hostile = path.join(tmp, 'hostile.duckdb');
    fs.copyFileSync(dbPath, hostile);
    const names = ['../../escaped', '/etc/x', 'a\u0001b\nc', '..', '100%', 'C:\\x'];
    const db = await openDatabase(hostile);
    const ids = (await db.conn.runAndReadAll('SELECT doc_id FROM documents')).getRowObjectsJS().map((r) => String(r.doc_id));
    // One document per hostile name: copy the sample's document row under new ids.
    for (const [k, name] of names.entries()) {
      await db.conn.run(`INSERT INTO documents SELECT * REPLACE ('${ids[0]}-${k}' AS doc_id, '${name.replace(/'/g, "''")}' AS province) FROM documents WHERE doc_id = '${ids[0]}'`);
    }
    db.close();
    const dir = path.join(tmp, 'part', 'exp');
    const before = new Set(Object.keys(snapshot(tmp)));
    await exportTo(hostile, dir);
    // Every new path is DIR or inside it (its parent folder part/ aside).
    const added = Object.keys(snapshot(tmp)).filter((f) => !before.has(f));
    expect(added.filter((f) => f !== 'part' && !f.startsWith(path.join('part', 'exp')))).toEqual([]);
    expect(fs.existsSync(path.join(tmp, 'escaped'))).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'part', 'escaped'))).toBe(false);
    for (const f of fs.readdirSync(path.join(dir, 'documents'), { recursive: true }).map(String)) {
      expect(path.resolve(dir, 'documents', f).startsWith(path.join(dir, 'documents') + path.sep)).toBe(true);
    }
    const back = await readBack(`SELECT province FROM ${readExportedSql(dir, 'documents')} WHERE doc_id LIKE '%-_' ORDER BY doc_id`);
    expect(back.map((r) => r.province)).toEqual(names);
  });
});
