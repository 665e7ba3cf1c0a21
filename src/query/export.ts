// Export every table as Parquet, partitioned by fiscal_year and province in the hive layout
// (DIR/TABLE/fiscal_year=2022/province=河北省/data_0.parquet), which DuckDB, Spark, Trino and
// other lakehouse engines read as one table. Tables without those columns get them from their
// document. A manifest.json beside the folders lists each table's columns and row count.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Database } from '../load/database.ts';
import { columnMeta, documentTables, type TableSpec } from '../load/tables.ts';
import { PIPELINE_VERSION } from '../version.ts';
import { views, type ViewSpec } from './views.ts';

export const PARTITION_COLUMNS = ['fiscal_year', 'province'] as const;

export interface ExportedTable {
  name: string;
  kind: 'table' | 'view';
  rows: number;
  /** Columns in the Parquet files (partition columns are in the folder names, not the files). */
  columns: { name: string; type: string }[];
  partitioned_by: string[];
  /** Glob to read the table back. */
  files: string;
}

export interface ExportManifest {
  pipeline_version: string;
  exported_at: string;
  tables: ExportedTable[];
}

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

function columnsOf(spec: TableSpec | ViewSpec): { name: string; type: string }[] {
  if ('row' in spec) return Object.entries(spec.row.shape).map(([name, s]) => ({ name, type: columnMeta(s as z.ZodType).sql }));
  return spec.columns.map((c) => ({ name: c.name, type: c.meta.sql }));
}

/** SELECT for one table, joining the partition columns it lacks from documents. */
export function exportSelect(name: string, columns: string[]): string {
  const missing = PARTITION_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length === 0) return `SELECT * FROM "${name}"`;
  const extra = missing.map((c) => `d."${c}"`).join(', ');
  return `SELECT t.*, ${extra} FROM "${name}" t LEFT JOIN documents d ON d.doc_id = t.doc_id`;
}

/** Hive's path escaping: only characters that break paths are %-escaped; Chinese stays readable. */
export function hivePathValue(value: unknown): string {
  if (value === null || value === undefined) return '__HIVE_DEFAULT_PARTITION__';
  return String(value).replace(/[\u0000-\u001f"#%'*/:=?\\\u007f{[\]^]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const sqlValue = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'string' ? quoteLiteral(v) : String(v));

async function writePartitions(db: Database, select: string, target: string): Promise<void> {
  const keys = PARTITION_COLUMNS.map((c) => `"${c}"`).join(', ');
  const parts = (await db.conn.runAndReadAll(`SELECT DISTINCT ${keys} FROM (${select}) ORDER BY ${keys}`)).getRowObjectsJS();
  for (const part of parts) {
    // Folder names are written here rather than by COPY … PARTITION_BY, which %-encodes every
    // non-ASCII byte: Spark and Hive decode such names byte by byte and would garble 河北省.
    const folder = path.join(target, ...PARTITION_COLUMNS.map((c) => `${c}=${hivePathValue(part[c])}`));
    fs.mkdirSync(folder, { recursive: true });
    const where = PARTITION_COLUMNS.map((c) => `"${c}" IS NOT DISTINCT FROM ${sqlValue(part[c])}`).join(' AND ');
    await db.conn.run(`COPY (SELECT * EXCLUDE (${keys}) FROM (${select}) WHERE ${where}) TO ${quoteLiteral(path.join(folder, 'data_0.parquet'))} (FORMAT parquet)`);
  }
}

export async function exportParquet(db: Database, dir: string, options: { views?: boolean } = {}): Promise<ExportManifest> {
  fs.mkdirSync(dir, { recursive: true });
  const specs: (TableSpec | ViewSpec)[] = [...documentTables, ...(options.views ? views : [])];
  const tables: ExportedTable[] = [];
  for (const spec of specs) {
    const columns = columnsOf(spec);
    const target = path.join(dir, spec.name);
    // A re-export replaces the table's folder as a whole, so no stale partition remains.
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    const select = exportSelect(spec.name, columns.map((c) => c.name));
    const count = await db.conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM "${spec.name}"`);
    const rows = Number(count.getRowObjectsJS()[0]?.n ?? 0);
    // A table with no rows stays an empty folder; manifest.json still lists its columns.
    if (rows > 0) await writePartitions(db, select, target);
    const fileColumns = columns.filter((c) => !(PARTITION_COLUMNS as readonly string[]).includes(c.name));
    tables.push({
      name: spec.name, kind: 'row' in spec ? 'table' : 'view', rows, columns: fileColumns,
      partitioned_by: [...PARTITION_COLUMNS], files: `${spec.name}/**/*.parquet`,
    });
  }
  const manifest: ExportManifest = { pipeline_version: PIPELINE_VERSION, exported_at: new Date().toISOString(), tables };
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** DuckDB expression reading an exported table back (partition columns restored from the paths). */
export function readExportedSql(dir: string, table: string): string {
  const glob = path.join(dir, table, '**', '*.parquet');
  return `read_parquet(${quoteLiteral(glob)}, hive_partitioning = true, hive_types = {'fiscal_year': INTEGER, 'province': VARCHAR})`;
}
