// Export every table as Parquet, partitioned by fiscal_year and province in the hive layout
// (DIR/TABLE/fiscal_year=2022/province=河北省/data_0.parquet), which DuckDB, Spark, Trino and
// other lakehouse engines read as one table. Tables without those columns get them from their
// document. A manifest.json beside the folders lists each table's columns and row count, and
// every file the export wrote.
//
// An export never deletes what it did not write: it is written to a new folder beside DIR and
// then moved in; a DIR that is not empty must be a previous export (its manifest.json lists what
// that export wrote, and only those files are replaced), otherwise the export is refused.
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
  /** Every file this export wrote, relative to DIR ('/'-separated), manifest.json included. */
  written: string[];
}

/** DIR cannot take an export (a file, or a folder holding things no export of ours wrote). */
export class ExportTargetError extends Error {}

const MANIFEST = 'manifest.json';

/** A path from a manifest that stays inside DIR: relative, no `..`, no empty or `.` part. */
function safeRelative(rel: unknown): rel is string {
  if (typeof rel !== 'string' || rel === '' || rel.includes('\\') || rel.includes('\0') || path.posix.isAbsolute(rel)) return false;
  return rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** A previous export's layout when its manifest predates the `written` list. */
const LEGACY_FILE = /^[a-z_]+\/fiscal_year=[^/]+\/province=[^/]+\/data_0\.parquet$/;

/**
 * What DIR holds, before anything is written: null when it is missing or empty, else the files
 * the previous export wrote there (from its manifest.json). Throws ExportTargetError when DIR
 * is a file, or a non-empty folder without a manifest of ours.
 */
export function previousExport(dir: string): string[] | null {
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st) return null;
  if (!st.isDirectory()) throw new ExportTargetError(`${dir} exists and is not a folder`);
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return null;
  let manifest: Partial<ExportManifest> | null = null;
  try {
    const text = fs.lstatSync(path.join(dir, MANIFEST)).isFile() ? fs.readFileSync(path.join(dir, MANIFEST), 'utf8') : '';
    manifest = JSON.parse(text) as Partial<ExportManifest>;
  } catch {
    manifest = null;
  }
  if (!manifest || typeof manifest.pipeline_version !== 'string' || !Array.isArray(manifest.tables)) {
    throw new ExportTargetError(`${dir} is not empty and is not a previous export (no budget-ingest ${MANIFEST}); `
      + 'export into a new or empty folder, so nothing of yours is overwritten or deleted');
  }
  if (Array.isArray(manifest.written)) return manifest.written.filter(safeRelative);
  // An export made before manifests listed their files: its data files, by their layout.
  const tables = new Set(manifest.tables.map((t) => String((t as { name?: unknown }).name)));
  return fs.readdirSync(dir, { recursive: true }).map((f) => String(f).split(path.sep).join('/'))
    .filter((f) => LEGACY_FILE.test(f) && tables.has(f.split('/')[0]!)).concat(MANIFEST);
}

/** A new private folder beside DIR (same file system, so its files can be moved in by rename). */
export function makeStagingDir(dir: string): string {
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, `.${path.basename(path.resolve(dir))}.export-`));
}

/** True when every folder from DIR down to rel's parent is a real folder (no symlink) or missing. */
function realFoldersOnly(dir: string, rel: string): boolean {
  const parts = rel.split('/').slice(0, -1);
  let at = dir;
  for (const part of parts) {
    at = path.join(at, part);
    const st = fs.lstatSync(at, { throwIfNoEntry: false });
    if (!st) return true;
    if (!st.isDirectory()) return false;
  }
  return true;
}

/**
 * Move the staged export into DIR: refuse (changing nothing) if a new file would land on a file
 * the previous export did not write or under a symlinked folder; then delete the previous
 * export's files (regular files only, never through a symlink) and the folders that leaves empty,
 * and move the new files in, manifest.json last.
 */
function swapIn(staging: string, dir: string, previous: string[] | null, written: string[]): void {
  const before = new Set(previous ?? []);
  for (const rel of written) {
    const target = path.join(dir, ...rel.split('/'));
    if (!realFoldersOnly(dir, rel)) throw new ExportTargetError(`${path.dirname(target)} is not a plain folder (a symlink or a file); nothing was changed`);
    if (fs.lstatSync(target, { throwIfNoEntry: false }) && !before.has(rel)) {
      throw new ExportTargetError(`${target} exists and was not written by the previous export; nothing was changed`);
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  const emptied = new Set<string>();
  for (const rel of before) {
    if (!realFoldersOnly(dir, rel)) continue;
    const target = path.join(dir, ...rel.split('/'));
    if (fs.lstatSync(target, { throwIfNoEntry: false })?.isFile()) fs.rmSync(target);
    for (let d = path.dirname(rel); d !== '.'; d = path.dirname(d)) emptied.add(d);
  }
  // Deepest first; a folder still holding something (a file of yours) stays.
  for (const d of [...emptied].sort((a, b) => b.split('/').length - a.split('/').length)) {
    try {
      fs.rmdirSync(path.join(dir, ...d.split('/')));
    } catch {
      // not empty, or already gone
    }
  }
  for (const rel of [...written.filter((r) => r !== MANIFEST), MANIFEST]) {
    const target = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(path.join(staging, ...rel.split('/')), target);
  }
  // Empty tables are empty folders: make them too.
  for (const name of fs.readdirSync(staging)) {
    if (fs.statSync(path.join(staging, name)).isDirectory() && realFoldersOnly(dir, `${name}/x`)) fs.mkdirSync(path.join(dir, name), { recursive: true });
  }
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
    // Two values in one folder (only on a case-insensitive file system): never overwrite.
    if (fs.existsSync(path.join(folder, 'data_0.parquet'))) throw new Error(`two partitions fall into one folder ${folder} (a case-insensitive file system?)`);
    const where = PARTITION_COLUMNS.map((c) => `"${c}" IS NOT DISTINCT FROM ${sqlValue(part[c])}`).join(' AND ');
    await db.conn.run(`COPY (SELECT * EXCLUDE (${keys}) FROM (${select}) WHERE ${where}) TO ${quoteLiteral(path.join(folder, 'data_0.parquet'))} (FORMAT parquet)`);
  }
}

export interface ExportOptions {
  views?: boolean;
  /** Folder to write into before the swap (from makeStagingDir; the only place a locked-down connection may write). Removed afterwards. */
  staging?: string;
}

export async function exportParquet(db: Database, dir: string, options: ExportOptions = {}): Promise<ExportManifest> {
  const previous = previousExport(dir);
  const staging = options.staging ?? makeStagingDir(dir);
  try {
    const manifest = await writeExport(db, staging, options.views ?? false);
    swapIn(staging, dir, previous, manifest.written);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function writeExport(db: Database, dir: string, withViews: boolean): Promise<ExportManifest> {
  const specs: (TableSpec | ViewSpec)[] = [...documentTables, ...(withViews ? views : [])];
  const tables: ExportedTable[] = [];
  for (const spec of specs) {
    const columns = columnsOf(spec);
    const target = path.join(dir, spec.name);
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
  const written = fs.readdirSync(dir, { recursive: true }).map(String)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => f.split(path.sep).join('/')).sort();
  const manifest: ExportManifest = { pipeline_version: PIPELINE_VERSION, exported_at: new Date().toISOString(), tables, written: [...written, MANIFEST] };
  fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** DuckDB expression reading an exported table back (partition columns restored from the paths). */
export function readExportedSql(dir: string, table: string): string {
  const glob = path.join(dir, table, '**', '*.parquet');
  return `read_parquet(${quoteLiteral(glob)}, hive_partitioning = true, hive_types = {'fiscal_year': INTEGER, 'province': VARCHAR})`;
}
