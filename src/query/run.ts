// Runs SQL (one or more statements) with named parameters bound as text, and returns the last
// statement's result as columns and rows of plain JS values.
import type { DuckDBPreparedStatement } from '@duckdb/node-api';
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

export async function runQuery(db: Database, sql: string, params: Record<string, string> = {}): Promise<QueryResult> {
  const statements = await db.conn.extractStatements(sql);
  if (statements.count === 0) throw new Error('no SQL statement given');
  for (let k = 0; k < statements.count - 1; k++) {
    const stmt = await statements.prepare(k);
    bindParams(stmt, params);
    await stmt.run();
  }
  const last = await statements.prepare(statements.count - 1);
  bindParams(last, params);
  const reader = await last.runAndReadAll();
  return {
    columns: reader.columnNames(),
    types: reader.columnTypes().map((t) => t.toString()),
    rows: reader.getRowsJS() as unknown[][],
  };
}

/** Write the result of one SELECT straight to a Parquet file (DuckDB's own writer). */
export async function copyQueryToParquet(db: Database, sql: string, params: Record<string, string>, outFile: string): Promise<void> {
  const statements = await db.conn.extractStatements(sql);
  if (statements.count !== 1) throw new Error('--format parquet takes a single SELECT statement');
  const target = outFile.replace(/'/g, "''");
  // The newline before ')' ends a trailing `--` comment in the query.
  const stmt = await db.conn.prepare(`COPY (\n${stripTrailingSemicolons(sql)}\n) TO '${target}' (FORMAT parquet)`);
  bindParams(stmt, params);
  await stmt.run();
}
