// Opening the database for reading (query, export, report): read-only, so a researcher's query
// can never change the data, with the views defined even on a database from an older version.
// While a batch run writes, the open waits for its write window to close (openForRead).
//
// Connections that run SQL from a user (query, the explorer) are also locked down: DuckDB's
// read-only mode only protects the open file, while COPY … TO, EXPORT DATABASE, ATTACH,
// read_csv('/etc/passwd'), INSTALL/LOAD and SET reach everything else. openLockedDown turns
// external access off and locks the configuration; what each setting blocks was measured with
// scripts/measure-query-lockdown.ts (table in docs/researchers.md).
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseBusyError, isLockConflict, lockHolderPid, openForRead, type Database } from '../load/database.ts';
import { ensureViewsReadOnly } from './views.ts';

/** Another process (an ingest run) held the database's write lock for longer than we waited. */
export class DatabaseLockedError extends Error {}

export interface ReadOptions {
  /** How long to wait for a writer to let go, in ms (default 60 s). */
  timeoutMs?: number;
}

/** For trusted code only (report, tests): read-only file, but no lockdown. */
export async function openForReading(dbPath: string, options: ReadOptions = {}): Promise<Database> {
  return openChecked(dbPath, options);
}

async function openChecked(dbPath: string, options: ReadOptions, config?: Record<string, string>): Promise<Database> {
  let db: Database;
  try {
    db = await openForRead(dbPath, { timeoutMs: options.timeoutMs ?? 60_000, config });
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

/**
 * Settings given when the instance is created, before any SQL runs: no extension is ever
 * downloaded (INSTALL, or autoinstall on `read_text('https://…')`) or loaded behind the user's
 * back, and no secret is written to ~/.duckdb.
 */
const CREATE_CONFIG: Record<string, string> = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_persistent_secrets: 'false',
};

export interface LockdownOptions extends ReadOptions {
  /**
   * Files the user asked to read, as temporary tables: NAME → file or glob (.csv, .tsv, .parquet,
   * .json, .jsonl). They are read before file access is turned off, so the user's SQL itself
   * never touches a file.
   */
  tables?: Record<string, string>;
  /**
   * The only folder DuckDB may write to after the lockdown (a fresh private folder the caller
   * made for one output, e.g. `query --format parquet`'s temporary file). Omitted: none.
   */
  writeDir?: string;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

function readerFor(file: string): string {
  const lower = file.toLowerCase();
  if (lower.endsWith('.parquet')) return 'read_parquet';
  if (lower.endsWith('.json') || lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'read_json_auto';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'read_csv_auto';
  throw new TableFileError(`--table: cannot tell how to read "${file}" (give a .csv, .tsv, .parquet, .json or .jsonl file)`);
}

/** A --table given wrongly (name, missing file, unknown format): a usage error. */
export class TableFileError extends Error {}

async function loadUserTables(db: Database, tables: Record<string, string>): Promise<void> {
  const existing = new Set((await db.conn.runAndReadAll('SELECT table_name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views()'))
    .getRowObjectsJS().map((r) => String(r.table_name).toLowerCase()));
  for (const [name, file] of Object.entries(tables)) {
    if (!TABLE_NAME.test(name)) throw new TableFileError(`--table: "${name}" is not a plain table name (letters, digits, _)`);
    if (existing.has(name.toLowerCase())) throw new TableFileError(`--table: "${name}" is already a table or view of the database; choose another name`);
    const isGlob = /[*?[]/.test(file);
    if (!isGlob && !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new TableFileError(`--table ${name}: no such file ${file}`);
    try {
      await db.conn.run(`CREATE TEMP TABLE "${name}" AS SELECT * FROM ${readerFor(file)}(${quoteLiteral(path.resolve(file))})`);
    } catch (err) {
      if (err instanceof TableFileError) throw err;
      throw new TableFileError(`--table ${name}: could not read ${file}: ${(err as Error).message.split('\n')[0]}`);
    }
    existing.add(name.toLowerCase());
  }
}

/** Turn file access off and freeze every setting; the order matters (allowed_directories first). */
async function lockDown(db: Database, writeDir: string | undefined): Promise<void> {
  if (writeDir) await db.conn.run(`SET allowed_directories = [${quoteLiteral(`${path.resolve(writeDir)}${path.sep}`)}]`);
  await db.conn.run('SET enable_external_access = false');
  await db.conn.run('SET lock_configuration = true');
}

/**
 * For SQL a user typed (the query command): the database read-only, no file read or written
 * except the --table files (read first) and `writeDir`, no extension, no setting changed.
 */
export async function openLockedDown(dbPath: string, options: LockdownOptions = {}): Promise<Database> {
  const db = await openChecked(dbPath, options, CREATE_CONFIG);
  try {
    if (options.tables) await loadUserTables(db, options.tables);
    await lockDown(db, options.writeDir);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * For anything serving other people (the explorer): locked down with no file access at all.
 * One instance per request is safest: `CALL enable_logging(storage = 'file', …)` is refused a
 * file but leaves that instance failing every later statement.
 */
export async function openForServing(dbPath: string, options: ReadOptions & Pick<LockdownOptions, 'writeDir'> = {}): Promise<Database> {
  // writeDir: a fresh private folder for one Parquet export (written by our own COPY around a
  // statement checked to be a SELECT; see src/serve/export.ts); omitted, nothing may be written.
  return openLockedDown(dbPath, { timeoutMs: options.timeoutMs, writeDir: options.writeDir });
}
