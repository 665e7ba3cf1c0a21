// Opening the DuckDB file and creating the schema.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { createTableSql, documentTables } from './tables.ts';
import { createViews } from '../query/views.ts';

export interface Database {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  path: string;
  close(): void;
}

export async function openDatabase(dbPath: string, options: { readOnly?: boolean } = {}): Promise<Database> {
  if (!options.readOnly) fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  else if (!fs.existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  const instance = await DuckDBInstance.create(dbPath, options.readOnly ? { access_mode: 'READ_ONLY' } : {});
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
  for (const spec of documentTables) await db.conn.run(createTableSql(spec));
  // Researcher-facing views over the tables (src/query/views.ts).
  await createViews(db);
}

/** Rows of a query as plain JS objects (BIGINT comes back as bigint). */
export async function queryRows(db: Database, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await db.conn.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}
