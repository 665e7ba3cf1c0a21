// The lock file and the readers folder beside a database are the tool's own, and it deletes
// nothing else there (issue #11 item 4): a symlink or a user's file at the lock path stops the
// run and is left alone; only reader files named as the tool names them are ever removed,
// never through a symlinked folder; --out never overwrites the database being read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIntentDir, waitingReaders } from '../src/load/database.ts';
import { acquireLock, lockPathFor } from '../src/pipeline/lock.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-safety-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A PID no process has (beyond the usual pid_max). */
const DEAD_PID = 4_194_304 + 12345;

function age(file: string, seconds: number): void {
  const t = new Date(Date.now() - seconds * 1000);
  fs.utimesSync(file, t, t);
}

describe('the lock file', () => {
  it('a symlink at the lock path stops the run and neither it nor its target is touched', () => {
    const db = path.join(tmp, 'a.duckdb');
    const precious = path.join(tmp, 'precious.txt');
    fs.writeFileSync(precious, 'mine');
    fs.symlinkSync(precious, lockPathFor(db));
    expect(() => acquireLock(db, 'test')).toThrow(/in the way of the database lock \(a symlink\)/);
    expect(fs.readlinkSync(lockPathFor(db))).toBe(precious);
    expect(fs.readFileSync(precious, 'utf8')).toBe('mine');
  });

  it('a user\'s old file at the lock path is left alone', () => {
    const db = path.join(tmp, 'b.duckdb');
    fs.writeFileSync(lockPathFor(db), 'notes about the lock\n');
    age(lockPathFor(db), 3600);
    expect(() => acquireLock(db, 'test')).toThrow(/not a budget-ingest lock/);
    expect(fs.readFileSync(lockPathFor(db), 'utf8')).toBe('notes about the lock\n');
  });

  it('a lock of a dead run, or one cut short by a crash, is taken over', () => {
    const db = path.join(tmp, 'c.duckdb');
    fs.writeFileSync(lockPathFor(db), JSON.stringify({ pid: DEAD_PID, host: os.hostname(), started_at: '2026-01-01T00:00:00Z', what: 'crashed run' }));
    const lock = acquireLock(db, 'test');
    expect(lock.tookOverFrom?.pid).toBe(DEAD_PID);
    lock.release();
    expect(fs.existsSync(lockPathFor(db))).toBe(false);
    fs.writeFileSync(lockPathFor(db), '{"pid":123');
    age(lockPathFor(db), 60);
    const again = acquireLock(db, 'test');
    again.release();
  });
});

describe('the readers folder', () => {
  it('removes only dead readers\' files, and nothing else in the folder', () => {
    const db = path.join(tmp, 'd.duckdb');
    const dir = readIntentDir(db);
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    fs.writeFileSync(path.join(dir, `${DEAD_PID}-abc123`), String(DEAD_PID));
    fs.writeFileSync(path.join(dir, `${process.pid}-live1`), String(process.pid));
    expect(waitingReaders(db)).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual([`${process.pid}-live1`, 'notes.txt', 'sub']);
  });

  it('never deletes through a symlinked readers folder', () => {
    const db = path.join(tmp, 'e.duckdb');
    const elsewhere = path.join(tmp, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, `${DEAD_PID}-abc123`), 'looks like a reader, is not ours');
    fs.writeFileSync(path.join(elsewhere, 'notes.txt'), 'mine');
    fs.symlinkSync(elsewhere, readIntentDir(db));
    expect(waitingReaders(db)).toBe(0);
    expect(fs.readdirSync(elsewhere).sort()).toEqual([`${DEAD_PID}-abc123`, 'notes.txt']);
  });
});

describe('--out', () => {
  it('query and report refuse to write over the database they read (exit 2)', () => {
    const db = path.join(tmp, 'f.duckdb');
    fs.writeFileSync(db, 'stands in for a database');
    const link = path.join(tmp, 'f-link.duckdb');
    fs.symlinkSync(db, link);
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/budget-ingest.mjs'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
    expect(run('query', '--db', db, '--out', link, '--format', 'csv', 'SELECT 1').status).toBe(2);
    expect(run('report', '--db', db, '--out', db).status).toBe(2);
    expect(fs.readFileSync(db, 'utf8')).toBe('stands in for a database');
  });
});
