// The short summary a run prints with --summary: what the database now holds, and one example
// of a question across counties with its answer, so a new user sees what the data is for.
import { openForRead, queryRows } from '../load/database.ts';

/** Display width: CJK characters take two terminal columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const pad = (s: string, w: number, right = false) => (right ? ' '.repeat(Math.max(0, w - displayWidth(s))) + s : s + ' '.repeat(Math.max(0, w - displayWidth(s))));

export function formatTable(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));
  const numeric = cols.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number' || typeof r[c] === 'bigint'));
  const widths = cols.map((c) => Math.max(displayWidth(c), ...rows.map((r) => displayWidth(cell(r[c])))));
  const line = (vals: string[]) => `  ${vals.map((v, i) => pad(v, widths[i]!, numeric[i])).join('  ')}`.trimEnd();
  return [line(cols), line(widths.map((w) => '─'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

export const EXAMPLE_QUERY = `SELECT d.province, coalesce(d.county, d.city) AS county, d.fiscal_year AS year,
       count(DISTINCT i.doc_id || '/' || i.project_seq) AS projects, count(*) AS targets,
       round(avg(i.value), 1) AS avg_target_pct, min(i.value) AS lowest_pct
FROM indicators i JOIN documents d USING (doc_id)
WHERE d.status IN ('ok', 'partial') AND i.level1 = '满意度指标' AND i.unit = '%' AND i.value IS NOT NULL
GROUP BY ALL ORDER BY avg_target_pct DESC, county`;

/** The explorer's port unless --port says otherwise (src/cli/commands/serve.ts). */
export const DEFAULT_PORT = 8737;

export async function databaseSummary(dbPath: string): Promise<string> {
  const db = await openForRead(dbPath);
  try {
    const n = async (sql: string) => Number((await queryRows(db, sql))[0]?.n ?? 0);
    // documents.status, counted as the run report and the failures view count it; byte-identical
    // copies (the duplicates table) are duplicates too. Sums take counted documents only.
    const byStatus = await queryRows(db, `SELECT status, count(*)::INTEGER AS n FROM documents GROUP BY status`);
    const st = Object.fromEntries(byStatus.map((r) => [String(r.status), Number(r.n)]));
    const copies = await n('SELECT count(*)::INTEGER AS n FROM duplicates').catch(() => 0);
    st.duplicate = (st.duplicate ?? 0) + copies;
    const docs = Object.values(st).reduce((a, b) => a + b, 0);
    const counted = `doc_id IN (SELECT doc_id FROM documents WHERE status IN ('ok', 'partial'))`;
    const projects = await n(`SELECT count(*)::INTEGER AS n FROM projects WHERE ${counted}`);
    const indicators = await n(`SELECT count(*)::INTEGER AS n FROM indicators WHERE ${counted}`);
    const lines = await n(`SELECT count(*)::INTEGER AS n FROM budget_lines WHERE ${counted}`);
    const shown = `doc_id NOT IN (SELECT doc_id FROM documents WHERE status IN ('duplicate', 'removed'))`;
    const errors = await n(`SELECT count(*)::INTEGER AS n FROM messages WHERE severity = 'error' AND ${shown}`);
    const warnings = await n(`SELECT count(*)::INTEGER AS n FROM messages WHERE severity = 'warning' AND ${shown}`);
    const counties = await n(`SELECT count(DISTINCT coalesce(county, city))::INTEGER AS n FROM documents WHERE status IN ('ok', 'partial')`);
    const out: string[] = [];
    out.push(`Database ${dbPath}`);
    const more = ['duplicate', 'skipped', 'removed'].filter((k) => st[k]).map((k) => `, ${st[k]} ${k}`).join('');
    out.push(`  documents    ${docs}  (${st.ok ?? 0} ok, ${st.partial ?? 0} partial, ${st.failed ?? 0} failed${more}) from ${counties} count${counties === 1 ? 'y' : 'ies'}`);
    out.push(`  projects     ${projects}`);
    out.push(`  indicators   ${indicators}`);
    out.push(`  budget lines ${lines}`);
    out.push(`  problems     ${errors} errors, ${warnings} warnings  (SELECT * FROM messages)`);
    const [cov] = await queryRows(db, `SELECT coalesce(sum(cells_total), 0)::BIGINT AS total, coalesce(sum(cells_read), 0)::BIGINT AS read,
      count(*) FILTER (WHERE coverage < 1)::INTEGER AS short FROM documents WHERE status IN ('ok', 'partial')`);
    const cellsTotal = Number(cov?.total ?? 0);
    if (cellsTotal > 0) {
      const cellsRead = Number(cov?.read ?? 0);
      const short = Number(cov?.short ?? 0);
      out.push(`  coverage     ${(cellsRead / cellsTotal * 100).toFixed(1)}% of ${cellsTotal} table cells read${short ? `; ${short} document${short === 1 ? '' : 's'} not read whole (SELECT source_name, coverage, error FROM documents WHERE coverage < 1 AND status IN (\'ok\', \'partial\'))` : ''}`);
    }
    const failed = await queryRows(db, `SELECT file, status, stage, CASE WHEN length(reason) > 72 THEN left(reason, 71) || '…' ELSE reason END AS reason FROM failures ORDER BY file LIMIT 10`).catch(() => []);
    if (failed.length) out.push('', 'Files that did not load (SELECT * FROM failures):', formatTable(failed));
    out.push('', 'Example: how satisfied must the people served be? Satisfaction targets (满意度指标) by county', ...EXAMPLE_QUERY.split('\n').map((l) => `  ${l}`), '');
    const rows = await queryRows(db, EXAMPLE_QUERY);
    out.push(rows.length ? formatTable(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])))) : '  (no satisfaction indicators loaded yet)');
    const dbArg = dbPath === 'data/budget.duckdb' ? '' : ` --db ${dbPath}`;
    out.push('', `Every target behind this table:  budget-ingest query satisfaction-by-county${dbArg}`, `More named queries:              budget-ingest query --list`,
      '', `Browse, chart and see every number in its source: npx budget-ingest serve${dbArg}`, `  then open http://127.0.0.1:${DEFAULT_PORT}/ in a browser (Ctrl-C stops it)`);
    return out.join('\n');
  } finally {
    db.close();
  }
}
