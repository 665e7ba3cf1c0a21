// Opening the database for reading (query, export, report): read-only, so a researcher's query
// can never change the data, with the views defined even on a database from an older version.
// While a batch run writes, the open waits for its write window to close (openForRead).
import { DatabaseBusyError, isLockConflict, lockHolderPid, openForRead, type Database } from '../load/database.ts';
import { ensureViewsReadOnly } from './views.ts';

/** Another process (an ingest run) held the database's write lock for longer than we waited. */
export class DatabaseLockedError extends Error {}

export interface ReadOptions {
  /** How long to wait for a writer to let go, in ms (default 60 s). */
  timeoutMs?: number;
}

export async function openForReading(dbPath: string, options: ReadOptions = {}): Promise<Database> {
  let db: Database;
  try {
    db = await openForRead(dbPath, { timeoutMs: options.timeoutMs ?? 60_000 });
  } catch (err) {
    if (err instanceof DatabaseBusyError) throw new DatabaseLockedError(`${err.message}, or query a copy of the file`);
    if (isLockConflict(err)) {
      const pid = lockHolderPid(err);
      throw new DatabaseLockedError(`the database ${dbPath} is being written by another process${pid ? ` (PID ${pid})` : ''}; try again when it ends, or query a copy of the file`);
    }
    throw err;
  }
  try {
    const tables = await db.conn.runAndReadAll("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'documents'");
    if (Number(tables.getRowObjectsJS()[0]?.n) === 0) throw new Error(`${dbPath} is not a budget-ingest database (it has no documents table)`);
    await ensureViewsReadOnly(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** `--wait SECONDS` as milliseconds; throws on a value that is not a non-negative number. */
export function parseWaitSeconds(text: string | undefined): number {
  if (text === undefined) return 60_000;
  const s = Number(text);
  if (!Number.isFinite(s) || s < 0) throw new Error(`--wait takes a number of seconds, got "${text}"`);
  return Math.round(s * 1000);
}
