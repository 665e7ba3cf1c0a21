// Keeps the database matching the files of a run's sources (docs/operations.md, "The database
// matches the files"): one primary per disclosure (copies in other formats become `duplicate`),
// moved files keep their document under the new path, and documents whose file is gone from the
// sources become `removed`. Nothing is deleted: duplicate and removed documents keep their rows,
// out of the views (src/query/views.ts) and the sums.
import { queryRows, type Database } from '../load/database.ts';
import { FORMAT_PREFERENCE } from './fingerprint.ts';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Statuses of documents that count: the views and sums take these only. */
export const COUNTED_STATUSES = ['ok', 'partial'] as const;

/**
 * Among documents with the same content key, keep one primary (parsed ok before partial, then
 * the most rows, then FORMAT_PREFERENCE, then path: the same choice on every run) and mark the
 * others `duplicate` with `duplicate_of` and the reason. A primary that lost its copies, or a
 * copy whose primary went away, gets its parsed status back. Returns the documents changed.
 */
export async function reconcileDuplicates(db: Database): Promise<number> {
  const formats = `[${FORMAT_PREFERENCE.map(q).join(', ')}]`;
  const changed = await queryRows(db, `SELECT count(*)::INTEGER AS n FROM (${reconcileSelect(formats)}) r JOIN documents d USING (doc_id)
    WHERE d.status IS DISTINCT FROM r.new_status OR d.duplicate_of IS DISTINCT FROM r.new_dup OR d.status_reason IS DISTINCT FROM r.new_reason`);
  const n = Number(changed[0]?.n ?? 0);
  if (n === 0) return 0;
  await db.conn.run(`UPDATE documents SET status = r.new_status, duplicate_of = r.new_dup, status_reason = r.new_reason
    FROM (${reconcileSelect(formats)}) r
    WHERE documents.doc_id = r.doc_id AND (documents.status IS DISTINCT FROM r.new_status
      OR documents.duplicate_of IS DISTINCT FROM r.new_dup OR documents.status_reason IS DISTINCT FROM r.new_reason)`);
  return n;
}

function reconcileSelect(formats: string): string {
  return `SELECT g.doc_id,
      CASE WHEN g.rn = 1 THEN coalesce(g.parsed_status, g.status) ELSE 'duplicate' END AS new_status,
      CASE WHEN g.rn = 1 THEN NULL ELSE g.primary_id END AS new_dup,
      CASE WHEN g.rn = 1 THEN NULL ELSE 'same disclosure as ' || p.source_path || ' (same year, place, agency and table numbers; '
        || coalesce(p.format, '?') || ' kept as the primary copy)' END AS new_reason
    FROM (SELECT doc_id, status, parsed_status,
            row_number() OVER w AS rn, first_value(doc_id) OVER w AS primary_id
          FROM documents WHERE content_key IS NOT NULL AND status IN ('ok', 'partial', 'duplicate')
          WINDOW w AS (PARTITION BY content_key ORDER BY CASE coalesce(parsed_status, status) WHEN 'ok' THEN 0 ELSE 1 END,
            coalesce(content_rows, 0) DESC, coalesce(list_position(${formats}, format), 99), source_path, doc_id)) g
    JOIN documents p ON p.doc_id = g.primary_id`;
}

/** A file renamed or moved (same content, old path gone): its document follows it; a removed one comes back. */
export async function moveDocument(db: Database, docId: string, from: string, to: string, name: string): Promise<void> {
  await db.conn.run(`UPDATE documents SET source_path = ${q(to)}, source_name = ${q(name)},
      status = CASE WHEN status = 'removed' THEN coalesce(parsed_status, 'ok') ELSE status END,
      status_reason = CASE WHEN status = 'removed' THEN NULL ELSE status_reason END,
      removed_at = NULL
    WHERE doc_id = ${q(docId)}`);
  if (from !== to) await db.conn.run(`UPDATE duplicates SET duplicate_of = ${q(to)} WHERE duplicate_of = ${q(from)}`);
}

/** Documents whose files are gone from the sources: kept, marked removed, out of views and sums. */
export async function markRemoved(db: Database, removals: { docId: string; reason: string }[]): Promise<void> {
  for (const r of removals) {
    await db.conn.run(`UPDATE documents SET status = 'removed', parsed_status = coalesce(parsed_status, status), duplicate_of = NULL,
        status_reason = ${q(r.reason)}, removed_at = now()::TIMESTAMP WHERE doc_id = ${q(r.docId)}`);
  }
}

/** Recorded copies whose files are gone: they are no longer copies of anything. */
export async function forgetDuplicatePaths(db: Database, paths: string[]): Promise<void> {
  if (paths.length) await db.conn.run(`DELETE FROM duplicates WHERE source_path IN (${paths.map(q).join(', ')})`);
}
