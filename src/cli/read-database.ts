// The read-only commands (query, export, report) open the database the same way: it must
// exist, --wait says how long to wait out a running ingest, a lock still held after that is
// exit 3, and any error in the command's own work is reported as `command: reason`, exit 4.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../load/database.ts';
import { DatabaseLockedError, openForReading, parseWaitSeconds, TableFileError, type ReadOptions } from '../query/open.ts';
import { EXIT } from './command.ts';

/** parseArgs options every read-only command takes (--db, --wait). */
export const READ_OPTIONS = {
  db: { type: 'string', default: 'data/budget.duckdb' },
  wait: { type: 'string' },
} as const;

/** Help lines of the options every read-only command takes, and its exit codes. */
export const READ_OPTIONS_HELP = `  --db PATH       database file (default data/budget.duckdb)
  --wait SECONDS  how long to wait while an ingest run is writing (default 60)`;
export const READ_EXIT_HELP = 'exit: 0 ok, 2 usage, 3 database locked by a running ingest, 4 error';

export interface ReadDatabaseOptions {
  /** Database file. */
  db: string;
  /** The --wait SECONDS option as given. */
  wait: string | undefined;
  /** Added to the "no database" message, e.g. how to create one. */
  missingHint?: string;
  /** How to open it (default openForReading); e.g. openLockedDown for a user's SQL. */
  open?: (dbPath: string, options: ReadOptions) => Promise<Database>;
}

/** True when `out` names the database file itself (or a link to it): writing it would destroy the data. */
export function isSameFile(out: string, db: string): boolean {
  if (path.resolve(out) === path.resolve(db)) return true;
  try {
    const a = fs.statSync(out);
    const b = fs.statSync(db);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/** Open options.db read-only, run `work` on it, close it; returns work's exit code or the failure's. */
export async function withReadDatabase(command: string, options: ReadDatabaseOptions, work: (db: Database) => Promise<number>): Promise<number> {
  if (!fs.existsSync(options.db)) {
    console.error(`${command}: no database at ${options.db}${options.missingHint ? ` ${options.missingHint}` : ''}`);
    return EXIT.usage;
  }
  let timeoutMs;
  try {
    timeoutMs = parseWaitSeconds(options.wait);
  } catch (err) {
    console.error(`${command}: ${(err as Error).message}`);
    return EXIT.usage;
  }
  let db;
  try {
    db = await (options.open ?? openForReading)(options.db, { timeoutMs });
  } catch (err) {
    console.error(`${command}: ${(err as Error).message}`);
    return err instanceof DatabaseLockedError ? EXIT.locked : err instanceof TableFileError ? EXIT.usage : EXIT.fatal;
  }
  try {
    return await work(db);
  } catch (err) {
    console.error(`${command}: ${(err as Error).message}`);
    return EXIT.fatal;
  } finally {
    db.close();
  }
}
