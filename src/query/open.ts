// Opening the database for reading (query, export, report): read-only, so a researcher's query
// can never change the data, with the views defined even on a database from an older version.
import * as databaseModule from '../load/database.ts';
import type { Database } from '../load/database.ts';
import { ensureViewsReadOnly } from './views.ts';

/** Another process (an ingest run) holds the database's write lock. */
export class DatabaseLockedError extends Error {}

const LOCK_ERROR = /Could not set lock on file|Conflicting lock is held/i;

function lockMessage(dbPath: string, err: Error): string {
  const pid = /PID (\d+)/.exec(err.message)?.[1];
  return `the database ${dbPath} is being written by another process${pid ? ` (PID ${pid})` : ''}, `
    + 'probably an ingest run; DuckDB lets nobody read a file while it is written. Try again when the run ends, '
    + 'or query a copy of the file.';
}

type ReadOnlyOpener = (dbPath: string) => Promise<Database>;

/**
 * The batch side may provide a read-only open that retries while a writer holds the lock
 * (openDatabaseReadOnly in src/load/database.ts); use it when present.
 */
function readOnlyOpener(): ReadOnlyOpener {
  const provided = (databaseModule as Record<string, unknown>).openDatabaseReadOnly;
  if (typeof provided === 'function') return provided as ReadOnlyOpener;
  return (dbPath) => databaseModule.openDatabase(dbPath, { readOnly: true });
}

export async function openForReading(dbPath: string): Promise<Database> {
  let db: Database;
  try {
    db = await readOnlyOpener()(dbPath);
  } catch (err) {
    if (err instanceof Error && LOCK_ERROR.test(err.message)) throw new DatabaseLockedError(lockMessage(dbPath, err));
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
