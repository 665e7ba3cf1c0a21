// The end of a run: make the database match the files of the run's sources. A document whose
// path the sources cover (src/pipeline/sources.ts coveredBySources) but that the run did not find
// is marked removed; recorded copies whose files are gone are forgotten; one primary is kept per
// disclosure; and the documents of this run are counted by their final status.
import path from 'node:path';
import { queryRows, type Database } from '../load/database.ts';
import type { Pipeline } from './config.ts';
import { forgetDuplicatePaths, markRemoved, reconcileDuplicates } from './reconcile.ts';
import type { FailureLine } from './runner.ts';
import { coveredBySources } from './sources.ts';

const ts = (d: Date) => `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'`;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export interface SyncResult {
  counts: { ok: number; partial: number; failed: number; skipped: number; duplicates: number; removed: number };
  failures: FailureLine[];
}

export async function finishSync(db: Database, opts: { pipeline: Pick<Pipeline, 'sources' | 'formats' | 'include_hidden'>; files: string[]; since: Date }): Promise<SyncResult> {
  const listed = new Set(opts.files.map((f) => path.resolve(f)));
  const gone = (p: string) => coveredBySources(opts.pipeline, p) && !listed.has(path.resolve(p));

  const docs = await queryRows(db, `SELECT doc_id, source_path, doc_type, fiscal_year, adcode, agency_name, loaded_at >= ${ts(opts.since)} AS fresh
    FROM documents WHERE status <> 'removed'`);
  // The same agency and year loaded from a new path in this run: most likely the gone file,
  // renamed and edited. Said in the reason; the old document is kept (removed), never merged.
  const identity = (r: Record<string, unknown>) => (r.fiscal_year && r.agency_name ? `${r.doc_type}|${r.fiscal_year}|${r.adcode}|${r.agency_name}` : null);
  const freshByIdentity = new Map<string, string>();
  for (const r of docs) {
    const id = identity(r);
    if (r.fresh && id) freshByIdentity.set(id, String(r.source_path));
  }
  const removals = docs.filter((r) => gone(String(r.source_path))).map((r) => {
    const id = identity(r);
    const successor = id ? freshByIdentity.get(id) : undefined;
    return {
      docId: String(r.doc_id),
      reason: successor
        ? `file gone from the sources; ${successor} holds the same agency and year (renamed and edited?)`
        : 'file gone from the sources (deleted, or moved out of them)',
    };
  });
  await markRemoved(db, removals);
  const copies = await queryRows(db, 'SELECT source_path FROM duplicates');
  await forgetDuplicatePaths(db, copies.map((r) => String(r.source_path)).filter(gone));
  await reconcileDuplicates(db);

  const byStatus = await queryRows(db, `SELECT status, count(*)::INTEGER AS n FROM documents WHERE loaded_at >= ${ts(opts.since)} GROUP BY status`);
  const n = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  const copiesSeen = await queryRows(db, `SELECT count(*)::INTEGER AS n FROM duplicates WHERE seen_at >= ${ts(opts.since)}`);
  const failures = (await queryRows(db, `SELECT file, status, stage, reason FROM failures WHERE seen_at >= ${ts(opts.since)}
      UNION ALL SELECT source_path, status, failed_stage, error FROM documents WHERE status = 'skipped' AND loaded_at >= ${ts(opts.since)}
      ORDER BY file`))
    .map((r) => ({ file: String(r.file), status: String(r.status), stage: str(r.stage), reason: str(r.reason) }));
  return {
    counts: {
      ok: n('ok'), partial: n('partial'), failed: n('failed'), skipped: n('skipped'),
      duplicates: n('duplicate') + Number(copiesSeen[0]?.n ?? 0), removed: removals.length,
    },
    failures,
  };
}
