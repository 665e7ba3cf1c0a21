// Runs SQL (one or more statements) with named parameters bound as text, and returns the last
// statement's result as columns and rows of plain JS values.
import type { DuckDBPreparedStatement, StatementType } from '@duckdb/node-api';
import { loadedDuckdb } from '../load/duckdb.ts';
import type { Database } from '../load/database.ts';

export interface QueryResult {
  columns: string[];
  /** DuckDB type of each column, e.g. VARCHAR, INTEGER, DOUBLE. */
  types: string[];
  rows: unknown[][];
}

function bindParams(stmt: DuckDBPreparedStatement, params: Record<string, string>): void {
  for (let k = 1; k <= stmt.parameterCount; k++) {
    const name = stmt.parameterName(k);
    if (!(name in params)) throw new Error(`the query uses $${name} but no value was given (--param ${name}=VALUE)`);
    stmt.bindVarchar(k, params[name]!);
  }
}

/** Trailing semicolons and whitespace removed, so the SQL can be wrapped in COPY ( … ). */
export function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

/**
 * Statements a query may run: those that only read (SELECT also covers WITH, FROM, VALUES,
 * DESCRIBE, SHOW, SUMMARIZE and PRAGMA table_info), EXPLAIN, and SET (SET VARIABLE; changing a
 * setting is refused by the locked configuration). Everything else (COPY, EXPORT, ATTACH,
 * INSTALL/LOAD, CREATE, INSERT, CHECKPOINT, CALL, PRAGMA that changes state, …) is refused
 * before it runs, with its kind named: a second fence behind the lockdown of src/query/open.ts.
 */
const readStatements = (t: typeof StatementType) => new Set<StatementType>([t.SELECT, t.EXPLAIN, t.SET]);

/** A statement refused because it is not one that only reads. */
export class ReadOnlyStatementError extends Error {}

function checkReadOnly(stmt: DuckDBPreparedStatement, index: number, count: number): void {
  const { StatementType } = loadedDuckdb();
  if (readStatements(StatementType).has(stmt.statementType)) return;
  const kind = StatementType[stmt.statementType] ?? String(stmt.statementType);
  const which = count > 1 ? `statement ${index + 1} is` : 'the statement is';
  throw new ReadOnlyStatementError(`queries are read-only: ${which} ${kind}; only SELECT (WITH, FROM, DESCRIBE, SHOW, SUMMARIZE), EXPLAIN and SET VARIABLE run`);
}

const REFUSED_BY_LOCKDOWN = /file system operations are disabled by configuration|the configuration has been locked|Loading external extensions is disabled/;

/** DuckDB's refusal, with what holds and what to do instead. */
function explainRefusal(err: unknown): never {
  if (err instanceof Error && REFUSED_BY_LOCKDOWN.test(err.message)) {
    err.message = `${err.message.split('\n')[0]} (queries are read-only: no file is read or written, no setting changed; give your own files with --table NAME=FILE, see docs/researchers.md)`;
  }
  throw err;
}

export async function runQuery(db: Database, sql: string, params: Record<string, string> = {}): Promise<QueryResult> {
  return runStatements(db, sql, params).catch(explainRefusal);
}

async function runStatements(db: Database, sql: string, params: Record<string, string>): Promise<QueryResult> {
  const statements = await db.conn.extractStatements(sql);
  if (statements.count === 0) throw new Error('no SQL statement given');
  for (let k = 0; k < statements.count - 1; k++) {
    const stmt = await statements.prepare(k);
    checkReadOnly(stmt, k, statements.count);
    bindParams(stmt, params);
    await stmt.run();
  }
  const last = await statements.prepare(statements.count - 1);
  checkReadOnly(last, statements.count - 1, statements.count);
  bindParams(last, params);
  const reader = await last.runAndReadAll();
  return {
    columns: reader.columnNames(),
    types: reader.columnTypes().map((t) => t.toString()),
    rows: reader.getRowsJS() as unknown[][],
  };
}

/**
 * Write the result of one SELECT straight to a Parquet file (DuckDB's own writer). On a locked
 * down connection `outFile` must lie in its writeDir (DuckDB writes a tmp_ file, then renames).
 */
export async function copyQueryToParquet(db: Database, sql: string, params: Record<string, string>, outFile: string): Promise<void> {
  const statements = await db.conn.extractStatements(sql);
  if (statements.count !== 1) throw new Error('--format parquet takes a single SELECT statement');
  const user = await statements.prepare(0);
  const { StatementType } = loadedDuckdb();
  if (user.statementType !== StatementType.SELECT) checkReadOnly(user, 0, 1);
  if (user.statementType !== StatementType.SELECT) throw new ReadOnlyStatementError('--format parquet takes a single SELECT statement');
  const target = outFile.replace(/'/g, "''");
  // The newline before ')' ends a trailing `--` comment in the query.
  const stmt = await db.conn.prepare(`COPY (\n${stripTrailingSemicolons(sql)}\n) TO '${target}' (FORMAT parquet)`);
  bindParams(stmt, params);
  await stmt.run().catch(explainRefusal);
}
