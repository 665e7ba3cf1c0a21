// Writes processed documents into DuckDB, keyed by content hash (doc_id). Every document is
// written atomically, inside one transaction: loadDocuments writes a batch (the batch writer's
// windows, up to 50 documents) in one transaction, all or nothing, and loadDocument one document
// alone (the writer retries a failed batch one by one with it, so a bad document fails alone).
// Loading the same content twice leaves the database as it was, a changed file at the same path
// replaces the old document's rows, and a failure rolls back so no half document remains.
import type { DuckDBAppender } from '@duckdb/node-api';
import type { z } from 'zod';
import type { ProcessedDocument } from '../records.ts';
import type { Database } from './database.ts';
import { loadedDuckdb } from './duckdb.ts';
import { documentRows, type DocumentRows } from './rows.ts';
import { columnMeta, documentTables, type TableSpec } from './tables.ts';

function appendValue(appender: DuckDBAppender, sql: string, value: unknown): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (sql) {
    case 'VARCHAR':
    case 'JSON':
      return appender.appendVarchar(String(value));
    case 'INTEGER':
      return appender.appendInteger(Number(value));
    case 'BIGINT':
      return appender.appendBigInt(BigInt(value as number));
    case 'DOUBLE':
      return appender.appendDouble(Number(value));
    case 'BOOLEAN':
      return appender.appendBoolean(Boolean(value));
    case 'TIMESTAMP':
      return appender.appendTimestamp(loadedDuckdb().timestampValue(BigInt((value as Date).getTime()) * 1000n));
    default:
      throw new Error(`no appender for SQL type ${sql}`);
  }
}

/**
 * The table's columns in the database's order, typed from the spec. An appender fills columns by
 * position, and a database made by an older version got its newer columns appended at the end
 * (ensureSchema), in whatever order versions added them; a column the spec does not know gets null.
 */
async function storedColumns(db: Database, spec: TableSpec): Promise<(readonly [string, string | null])[]> {
  const types = new Map(Object.entries(spec.row.shape).map(([name, schema]) => [name, columnMeta(schema as z.ZodType).sql]));
  const reader = await db.conn.runAndReadAll(`SELECT column_name FROM information_schema.columns
    WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_name = '${spec.name}' ORDER BY ordinal_position`);
  const names = reader.getRowObjectsJS().map((r) => String(r.column_name));
  return names.map((name) => [name, types.get(name) ?? null] as const);
}

async function appendRows(db: Database, spec: TableSpec, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = await storedColumns(db, spec);
  const appender = await db.conn.createAppender(spec.name);
  try {
    for (const row of rows) {
      for (const [name, sql] of cols) {
        if (sql === null) appender.appendNull();
        else appendValue(appender, sql, row[name]);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Delete every row of the given documents from all document tables (caller holds the transaction). */
export async function deleteDocuments(db: Database, docIds: string[]): Promise<void> {
  if (docIds.length === 0) return;
  const list = docIds.map(sqlString).join(', ');
  for (const spec of [...documentTables].reverse()) await db.conn.run(`DELETE FROM "${spec.name}" WHERE doc_id IN (${list})`);
}

export interface LoadOutcome {
  /** Documents (other doc_ids) whose rows this load replaced: same path, older content. */
  replaced: string[];
}

/**
 * Load one document in its own transaction. Rows already stored under the same doc_id are replaced (a re-parse), and
 * so is an older document read from the same source path (the file changed).
 */
export async function loadDocument(db: Database, doc: ProcessedDocument): Promise<LoadOutcome> {
  const rows = documentRows(doc);
  await db.conn.run('BEGIN TRANSACTION');
  try {
    const older = await db.conn.runAndReadAll(
      `SELECT doc_id FROM documents WHERE source_path = ${sqlString(doc.info.source_path)} AND doc_id <> ${sqlString(doc.info.doc_id)}`,
    );
    const replaced = older.getRowObjectsJS().map((r) => String(r.doc_id));
    await deleteDocuments(db, [doc.info.doc_id, ...replaced]);
    for (const spec of documentTables) await appendRows(db, spec, rows[spec.name as keyof DocumentRows] as Record<string, unknown>[]);
    await db.conn.run('COMMIT');
    return { replaced };
  } catch (err) {
    await db.conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Load several documents in one transaction (the batch runner's write windows): one DELETE and
 * one appender per table for the whole batch instead of per document, which is what makes
 * thousands of documents cheap to write. Same replacement rules as loadDocument; all or nothing.
 * Documents must have distinct doc_ids and source paths (the runner guarantees it).
 */
export async function loadDocuments(db: Database, docs: ProcessedDocument[]): Promise<LoadOutcome[]> {
  if (docs.length === 0) return [];
  const loadedAt = new Date();
  const all = docs.map((d) => documentRows(d, loadedAt));
  await db.conn.run('BEGIN TRANSACTION');
  try {
    const paths = docs.map((d) => sqlString(d.info.source_path)).join(', ');
    const ids = new Set(docs.map((d) => d.info.doc_id));
    const older = (await db.conn.runAndReadAll(`SELECT doc_id, source_path FROM documents WHERE source_path IN (${paths})`)).getRowObjectsJS();
    const outcomes = docs.map((d) => ({
      replaced: older.filter((o) => o.source_path === d.info.source_path && o.doc_id !== d.info.doc_id).map((o) => String(o.doc_id)),
    }));
    await deleteDocuments(db, [...new Set([...ids, ...outcomes.flatMap((o) => o.replaced)])]);
    for (const spec of documentTables) {
      const rows = all.flatMap((r) => r[spec.name as keyof DocumentRows] as Record<string, unknown>[]);
      await appendRows(db, spec, rows);
    }
    await db.conn.run('COMMIT');
    return outcomes;
  } catch (err) {
    await db.conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
