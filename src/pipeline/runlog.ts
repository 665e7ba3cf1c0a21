// The run log: one `runs` row per batch run, the `duplicates` seen (same content under another
// name) and the `failures` view that lists every file that did not load, with stage and reason.
import os from 'node:os';
import { queryRows, type Database } from '../load/database.ts';
import { addMissingColumnsSql, createTableSql, runLogTables } from '../load/tables.ts';
import { createViewSql, runLogViews } from '../query/views.ts';

export interface RunCounts {
  /** Files found by the sources (after the shard filter). */
  files: number;
  new: number;
  unchanged: number;
  replaced: number;
  /** Re-parsed because an older pipeline version loaded them (or --full). */
  reparsed: number;
  /** Renamed or moved within the sources: the document follows its file, nothing is parsed. */
  moved: number;
  /**
   * Documents this run wrote, by their final status (the vocabulary of documents.status, counted
   * the same way in the summary, the report and the failures view): ok, partial, failed,
   * skipped; duplicates also counts the byte-identical copies recorded in `duplicates`.
   */
  ok: number;
  partial: number;
  failed: number;
  skipped: number;
  duplicates: number;
  /** Documents marked removed: their file is gone from the run's sources. */
  removed: number;
}

export const emptyCounts = (): RunCounts => ({
  files: 0, new: 0, unchanged: 0, replaced: 0, reparsed: 0, moved: 0, ok: 0, partial: 0, failed: 0, skipped: 0, duplicates: 0, removed: 0,
});

// The tables and the view are declared with the others (src/load/tables.ts, src/query/views.ts),
// which also generate their entries in docs/data-dictionary.md.
export async function ensureRunLogSchema(db: Database): Promise<void> {
  const existing = await queryRows(db, 'SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = current_schema()');
  for (const spec of runLogTables) {
    await db.conn.run(createTableSql(spec));
    const columns = new Set(existing.filter((r) => r.table_name === spec.name).map((r) => String(r.column_name)));
    for (const sql of addMissingColumnsSql(spec, columns)) await db.conn.run(sql);
  }
  for (const view of runLogViews) await db.conn.run(createViewSql(view));
}

const q = (s: string | null | undefined) => (s === null || s === undefined ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const ts = (d: Date) => `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'`;

/** Runs left `running` by a process that is gone (killed, crashed): mark them interrupted. */
export async function markInterruptedRuns(db: Database): Promise<number> {
  const rows = await queryRows(db, `SELECT count(*)::INTEGER AS n FROM runs WHERE status = 'running'`);
  await db.conn.run(`UPDATE runs SET status = 'interrupted', error = coalesce(error, 'the process stopped before finishing (killed or crashed); the next run continued') WHERE status = 'running'`);
  return Number(rows[0]?.n ?? 0);
}

export async function startRun(db: Database, run: { runId: string; pipeline: string; version: string; startedAt: Date; shard: string | null; options: string }): Promise<void> {
  await db.conn.run(`INSERT INTO runs (run_id, pipeline, pipeline_version, started_at, status, host, pid, shard, options)
    VALUES (${q(run.runId)}, ${q(run.pipeline)}, ${q(run.version)}, ${ts(run.startedAt)}, 'running', ${q(os.hostname())}, ${process.pid}, ${q(run.shard)}, ${q(run.options)})`);
}

export async function finishRun(db: Database, runId: string, status: string, counts: RunCounts, error: string | null = null, transactions: number | null = null): Promise<void> {
  await db.conn.run(`UPDATE runs SET finished_at = ${ts(new Date())}, status = ${q(status)}, files = ${counts.files}, new_docs = ${counts.new},
    transactions = ${transactions ?? 'NULL'},
    unchanged = ${counts.unchanged}, replaced = ${counts.replaced}, reparsed = ${counts.reparsed}, failed = ${counts.failed},
    duplicates = ${counts.duplicates}, ok = ${counts.ok}, partial = ${counts.partial}, skipped = ${counts.skipped},
    removed = ${counts.removed}, moved = ${counts.moved}, error = ${q(error)} WHERE run_id = ${q(runId)}`);
}

export async function recordDuplicate(db: Database, dup: { sourcePath: string; sourceName: string; sha256: string; docId: string; duplicateOf: string }): Promise<void> {
  await db.conn.run(`INSERT OR REPLACE INTO duplicates VALUES (${q(dup.sourcePath)}, ${q(dup.sourceName)}, ${q(dup.sha256)}, ${q(dup.docId)}, ${q(dup.duplicateOf)}, ${ts(new Date())})`);
}

/** Paths that now hold their own document are no longer duplicates. */
export async function forgetDuplicates(db: Database, sourcePaths: string[]): Promise<void> {
  if (sourcePaths.length === 0) return;
  await db.conn.run(`DELETE FROM duplicates WHERE source_path IN (${sourcePaths.map(q).join(', ')})`);
}

export interface KnownDocument {
  doc_id: string;
  sha256: string;
  source_path: string;
  pipeline_version: string | null;
  status: string;
  failed_stage: string | null;
}

/** What the database already holds, for deciding what to skip without parsing. */
export interface KnownState {
  byHash: Map<string, KnownDocument>;
  byPath: Map<string, KnownDocument>;
  /** source_path → sha256 of recorded duplicates. */
  duplicates: Map<string, string>;
}

export const emptyKnownState = (): KnownState => ({ byHash: new Map(), byPath: new Map(), duplicates: new Map() });

/** Works on any database, also one never written by a run (read-only: --dry-run). */
export async function readKnownState(db: Database): Promise<KnownState> {
  const tables = new Set((await queryRows(db, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`)).map((r) => String(r.table_name)));
  if (!tables.has('documents')) return emptyKnownState();
  const docs = (await queryRows(db, 'SELECT doc_id, sha256, source_path, pipeline_version, status, failed_stage FROM documents')) as unknown as KnownDocument[];
  const dups = tables.has('duplicates') ? await queryRows(db, 'SELECT source_path, sha256 FROM duplicates') : [];
  const state = emptyKnownState();
  for (const d of docs) {
    state.byHash.set(d.sha256, d);
    state.byPath.set(d.source_path, d);
  }
  for (const d of dups) state.duplicates.set(String(d.source_path), String(d.sha256));
  return state;
}
