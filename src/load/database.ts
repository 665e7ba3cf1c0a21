// Opening the DuckDB file and creating the schema.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdb } from './duckdb.ts';
import fs from 'node:fs';
import path from 'node:path';
import { addMissingColumnsSql, createTableSql, documentTables } from './tables.ts';
import { createViews } from '../query/views.ts';

export interface Database {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  path: string;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Extra DuckDB settings given when the instance is created (e.g. src/query/open.ts's lockdown). */
  config?: Record<string, string>;
}

export async function openDatabase(dbPath: string, options: OpenOptions = {}): Promise<Database> {
  if (!options.readOnly) fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  else if (!fs.existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  const { DuckDBInstance } = await duckdb();
  const instance = await DuckDBInstance.create(dbPath, { ...(options.readOnly ? { access_mode: 'READ_ONLY' } : {}), ...options.config });
  const conn = await instance.connect();
  return {
    instance, conn, path: dbPath,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

export async function ensureSchema(db: Database): Promise<void> {
  const existing = await queryRows(db, 'SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = current_schema()');
  for (const spec of documentTables) {
    await db.conn.run(createTableSql(spec));
    // A database made before a column was added gets it (null for the documents already loaded).
    const columns = new Set(existing.filter((r) => r.table_name === spec.name).map((r) => String(r.column_name)));
    for (const sql of addMissingColumnsSql(spec, columns)) await db.conn.run(sql);
  }
  // Researcher-facing views over the tables (src/query/views.ts).
  await createViews(db);
}

/** Rows of a query as plain JS objects (BIGINT comes back as bigint). */
export async function queryRows(db: Database, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await db.conn.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

// ── Sharing the file with a running batch ──────────────────────────────────────────────────
// DuckDB lets one process open a file read-write, or several open it read-only, never both.
// A batch run therefore writes in short windows and closes the file between them; readers
// (and the run itself, when a reader is in) retry with backoff instead of failing.

/** True when opening failed because another process holds the file. */
export function isLockConflict(err: unknown): boolean {
  return /Could not set lock on file|Conflicting lock is held/i.test(String((err as Error)?.message ?? err));
}

/** The PID DuckDB names as holding the file, if it says. */
export function lockHolderPid(err: unknown): number | null {
  const m = /\(PID (\d+)\)/.exec(String((err as Error)?.message ?? err));
  return m ? Number(m[1]) : null;
}

export interface RetryOptions {
  /** Give up after this long (ms); default 60 s. */
  timeoutMs?: number;
  /** First wait (ms), doubled each attempt up to maxDelayMs; default 100. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait, e.g. to tell the user why nothing happens yet. */
  onWait?: (info: { attempt: number; delayMs: number; holderPid: number | null; message: string }) => void;
}

export class DatabaseBusyError extends Error {
  constructor(dbPath: string, waitedMs: number, holderPid: number | null) {
    super(`database ${dbPath} is still in use by another process${holderPid ? ` (PID ${holderPid})` : ''} after waiting ${Math.round(waitedMs / 1000)} s; a batch run writes in short windows, try again shortly`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Open, retrying with backoff (and jitter, so two waiters do not collide again) while another process holds the file. */
export async function openWithRetry(dbPath: string, options: OpenOptions & RetryOptions = {}): Promise<Database> {
  const { timeoutMs = 60_000, initialDelayMs = 100, maxDelayMs = 2_000, onWait } = options;
  const start = Date.now();
  let delay = initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(dbPath, { readOnly: options.readOnly, config: options.config });
    } catch (err) {
      if (!isLockConflict(err)) throw err;
      const waited = Date.now() - start;
      if (waited + delay > timeoutMs) throw new DatabaseBusyError(dbPath, waited, lockHolderPid(err));
      const delayMs = Math.round(delay * (0.75 + Math.random() * 0.5));
      onWait?.({
        attempt, delayMs, holderPid: lockHolderPid(err),
        message: `database ${dbPath} is being written by another process${lockHolderPid(err) ? ` (PID ${lockHolderPid(err)})` : ''}, probably a batch run; retrying in ${(delayMs / 1000).toFixed(1)} s`,
      });
      await sleep(delayMs);
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}

// Readers announce that they wait (a file in DB.readers/), and the batch writer does not open a
// new write window while one waits: without it, a writer that opens the file every half second
// can starve a reader whose retries keep landing inside write windows.

export function readIntentDir(dbPath: string): string {
  return `${path.resolve(dbPath)}.readers`;
}

/** A reader's file in DB.readers/: PID-random, as registerReadIntent names it. */
const READER_FILE = /^(\d+)-[a-z0-9]{1,16}$/;

/** DB.readers as a real folder (created if missing); null when something else (a symlink, a file) is there. */
function ownReadersDir(dbPath: string, create: boolean): string | null {
  const dir = readIntentDir(dbPath);
  if (create) fs.mkdirSync(dir, { recursive: true });
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  return st?.isDirectory() ? dir : null;
}

function registerReadIntent(dbPath: string): () => void {
  let dir: string | null;
  try {
    dir = ownReadersDir(dbPath, true);
  } catch {
    dir = null;
  }
  // Not a folder of ours: wait without announcing (the writer may then keep this reader waiting longer).
  if (!dir) return () => undefined;
  const file = path.join(dir, `${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  fs.writeFileSync(file, String(process.pid));
  return () => fs.rmSync(file, { force: true });
}

/** True while a process with this PID runs on this host (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Readers waiting for (or reading) the file right now; stale entries of dead processes are removed. */
export function waitingReaders(dbPath: string): number {
  // Only files named as registerReadIntent names them, in a real folder (never through a
  // symlink), are counted or removed: anything else there is left alone.
  const dir = ownReadersDir(dbPath, false);
  if (!dir) return 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const m = READER_FILE.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    const pid = Number(m[1]);
    // Dead reader, or one stuck for an hour (another host's PIDs cannot be checked): forget it.
    if (!processAlive(pid) || Date.now() - st.mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
    else n++;
  }
  return n;
}

/**
 * Open for queries while a batch run may be writing: read-only; when a run holds the file, the
 * reader registers that it waits (the run then pauses its writes) and retries until the run's
 * current write window closes. Close it as soon as the query is done, so the run can write
 * again. By default tells the user on stderr (once) why it waits.
 */
export async function openForRead(dbPath: string, options: RetryOptions & { config?: Record<string, string> } = {}): Promise<Database> {
  if (!fs.existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  try {
    return await openDatabase(dbPath, { readOnly: true, config: options.config });
  } catch (err) {
    if (!isLockConflict(err)) throw err;
  }
  const unregister = registerReadIntent(dbPath);
  let told = false;
  try {
    const db = await openWithRetry(dbPath, {
      readOnly: true,
      initialDelayMs: 50,
      maxDelayMs: 250,
      ...options,
      onWait: options.onWait ?? ((info) => {
        if (told) return;
        told = true;
        process.stderr.write(`${info.message.replace(/; retrying in .*/, '')}; waiting for its current write to finish…\n`);
      }),
    });
    const close = db.close.bind(db);
    return {
      ...db,
      close() {
        try {
          close();
        } finally {
          unregister();
        }
      },
    };
  } catch (err) {
    unregister();
    throw err;
  }
}
