// Combines shard databases (or folders of their Parquet exports: a pipeline's flat TABLE.parquet
// files, or the hive-partitioned folders of `budget-ingest export`) into one, with the same rules
// as a run: a document already present with the same content and pipeline version is left
// alone, so merging the same shard twice changes nothing; a document from a newer pipeline
// version replaces an older one; a newer file at the same path replaces the older content.
import { reconcileDuplicates } from './reconcile.ts';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureSchema, openWithRetry, queryRows, type Database } from '../load/database.ts';
import { documentTables, runLogTables } from '../load/tables.ts';
import { PARTITION_COLUMNS, readExportedSql } from '../query/export.ts';
import { PIPELINE_VERSION } from '../version.ts';
import { acquireLock } from './lock.ts';
import { emptyCounts, ensureRunLogSchema, finishRun, startRun } from './runlog.ts';

export interface MergeInputReport {
  input: string;
  documents: number;
  added: number;
  replaced: number;
  unchanged: number;
  duplicates: number;
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const SPECS = [...documentTables, ...runLogTables];
const TABLES = SPECS.map((t) => t.name);

async function tablesIn(db: Database, catalog: string): Promise<Set<string>> {
  const rows = await queryRows(db, `SELECT table_name FROM information_schema.tables WHERE table_catalog = ${q(catalog)}`);
  return new Set(rows.map((r) => String(r.table_name)));
}

function hasParquetFiles(folder: string): boolean {
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return false;
  return fs.readdirSync(folder, { recursive: true }).some((f) => String(f).endsWith('.parquet'));
}

/**
 * SELECT reading one table of a Parquet export folder, or null when the folder lacks it (an
 * empty table of `budget-ingest export` is an empty folder). A flat DIR/TABLE.parquet is read
 * as is; a hive-partitioned DIR/TABLE/fiscal_year=…/province=…/*.parquet gets its partition
 * columns back from the folder names, and drops those the table does not have (the export adds
 * them from the document, for the layout only).
 */
function parquetTableSelect(dir: string, table: string): string | null {
  const flat = path.join(dir, `${table}.parquet`);
  if (fs.existsSync(flat)) return `SELECT * FROM read_parquet(${q(flat)})`;
  if (!hasParquetFiles(path.join(dir, table))) return null;
  const own = Object.keys(SPECS.find((s) => s.name === table)!.row.shape);
  const extra = PARTITION_COLUMNS.filter((c) => !own.includes(c)).map((c) => `"${c}"`);
  return `SELECT *${extra.length ? ` EXCLUDE (${extra.join(', ')})` : ''} FROM ${readExportedSql(dir, table)}`;
}

/** Attach one input as catalog `src`: a DuckDB file read-only, or a folder of Parquet exports. */
async function attachInput(db: Database, input: string): Promise<void> {
  const st = fs.statSync(input, { throwIfNoEntry: false });
  if (!st) throw new Error(`no such shard database or export folder: ${input}`);
  if (st.isDirectory()) {
    await db.conn.run(`ATTACH ':memory:' AS src`);
    try {
      for (const t of TABLES) {
        const select = parquetTableSelect(input, t);
        if (select) await db.conn.run(`CREATE TABLE src."${t}" AS ${select}`);
      }
    } catch (err) {
      await db.conn.run('DETACH src');
      throw new Error(`cannot read the Parquet export ${input}: ${(err as Error).message.split('\n')[0]}`);
    }
    if (!(await tablesIn(db, 'src')).has('documents')) {
      await db.conn.run('DETACH src');
      throw new Error(`${input} holds neither documents.parquet nor documents/**/*.parquet (not a Parquet export of a budget-ingest database)`);
    }
    return;
  }
  try {
    await db.conn.run(`ATTACH ${q(input)} AS src (READ_ONLY)`);
  } catch (err) {
    throw new Error(`cannot open shard ${input}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!(await tablesIn(db, 'src')).has('documents')) {
    await db.conn.run('DETACH src');
    throw new Error(`${input} has no documents table (not a budget-ingest database)`);
  }
}

async function mergeOne(db: Database, input: string): Promise<MergeInputReport> {
  await attachInput(db, input);
  try {
    const srcTables = await tablesIn(db, 'src');
    await db.conn.run('BEGIN TRANSACTION');
    try {
      // Which shard documents to take, and which documents of the output they replace.
      await db.conn.run(`CREATE OR REPLACE TEMP TABLE merge_take AS
        SELECT s.doc_id, m.doc_id IS NOT NULL AS present FROM src.documents s LEFT JOIN main.documents m USING (doc_id)
        WHERE (m.doc_id IS NULL OR (m.pipeline_version IS DISTINCT FROM s.pipeline_version AND s.pipeline_version = ${q(PIPELINE_VERSION)}))
          AND NOT EXISTS (SELECT 1 FROM main.documents o WHERE o.source_path = s.source_path AND o.doc_id <> s.doc_id AND o.loaded_at >= s.loaded_at)`);
      await db.conn.run(`CREATE OR REPLACE TEMP TABLE merge_drop AS
        SELECT doc_id FROM merge_take WHERE present
        UNION SELECT o.doc_id FROM main.documents o JOIN src.documents s ON o.source_path = s.source_path AND o.doc_id <> s.doc_id
          WHERE s.doc_id IN (SELECT doc_id FROM merge_take)`);
      const [counts] = await queryRows(db, `SELECT (SELECT count(*) FROM src.documents)::INTEGER AS docs,
        (SELECT count(*) FROM merge_take WHERE NOT present)::INTEGER AS added,
        (SELECT count(*) FROM merge_drop)::INTEGER AS replaced`);
      for (const spec of [...documentTables].reverse()) {
        await db.conn.run(`DELETE FROM main."${spec.name}" WHERE doc_id IN (SELECT doc_id FROM merge_drop)`);
      }
      for (const spec of documentTables) {
        if (!srcTables.has(spec.name)) continue;
        await db.conn.run(`INSERT INTO main."${spec.name}" BY NAME SELECT * FROM src."${spec.name}" WHERE doc_id IN (SELECT doc_id FROM merge_take)`);
      }
      let duplicates = 0;
      if (srcTables.has('duplicates')) {
        const [d] = await queryRows(db, `SELECT count(*)::INTEGER AS n FROM src.duplicates s WHERE s.source_path NOT IN (SELECT source_path FROM main.duplicates)
          AND s.source_path NOT IN (SELECT source_path FROM main.documents)`);
        duplicates = Number(d?.n ?? 0);
        await db.conn.run(`INSERT INTO main.duplicates BY NAME SELECT * FROM src.duplicates s
          WHERE s.source_path NOT IN (SELECT source_path FROM main.duplicates) AND s.source_path NOT IN (SELECT source_path FROM main.documents)`);
      }
      if (srcTables.has('runs')) {
        await db.conn.run(`INSERT INTO main.runs BY NAME SELECT * FROM src.runs WHERE run_id NOT IN (SELECT run_id FROM main.runs)`);
      }
      // Copies of one disclosure may come from different shards: one primary over the merged whole.
      await reconcileDuplicates(db);
      await db.conn.run('COMMIT');
      const docs = Number(counts?.docs ?? 0);
      const added = Number(counts?.added ?? 0);
      const taken = Number((await queryRows(db, 'SELECT count(*)::INTEGER AS n FROM merge_take'))[0]?.n ?? 0);
      return { input, documents: docs, added, replaced: taken - added, unchanged: docs - taken, duplicates };
    } catch (err) {
      await db.conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    await db.conn.run('DETACH src').catch(() => undefined);
  }
}

/** Merge inputs into outPath, each input in one transaction (a crash leaves whole shards only). */
export async function mergeDatabases(outPath: string, inputs: string[]): Promise<MergeInputReport[]> {
  for (const input of inputs) {
    if (path.resolve(input) === path.resolve(outPath)) throw new Error(`cannot merge ${input} into itself`);
  }
  const lock = acquireLock(outPath, `merge into ${outPath}`);
  try {
    const db = await openWithRetry(outPath);
    try {
      await ensureSchema(db);
      await ensureRunLogSchema(db);
      // The merge is logged like a run; the shards' own runs come along with their rows.
      const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z')}-merge-${randomBytes(3).toString('hex')}`;
      await startRun(db, { runId, pipeline: 'merge', version: PIPELINE_VERSION, startedAt: new Date(), shard: null, options: JSON.stringify({ inputs }) });
      const out: MergeInputReport[] = [];
      const counts = emptyCounts();
      try {
        for (const input of inputs) {
          const r = await mergeOne(db, input);
          out.push(r);
          counts.files += r.documents;
          counts.new += r.added;
          counts.replaced += r.replaced;
          counts.unchanged += r.unchanged;
          counts.duplicates += r.duplicates;
        }
      } catch (err) {
        await finishRun(db, runId, 'fatal', counts, (err as Error).message);
        throw err;
      }
      await finishRun(db, runId, 'ok', counts);
      return out;
    } finally {
      db.close();
    }
  } finally {
    lock.release();
  }
}
