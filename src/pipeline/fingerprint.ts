// The same disclosure published in several formats (PDF and DOCX, a text copy …) has different
// bytes but the same content. Its content key is a hash of what the document says, not of its
// bytes: fiscal year, place, agency, and the numbers of its tables (each project's budget and
// targets; without projects, the main budget tables' codes and totals). Text fields other than
// the agency are left out on purpose: extractors may differ in a character of layout, numbers
// may not (so is doc_type: a title read from a page header in one format may be missing in another). Documents with the same key are one disclosure; src/pipeline/reconcile.ts keeps one.
import { createHash } from 'node:crypto';
import { isSelfEvaluationKind, type NormalizedDocument, type NormProject } from '../records.ts';

/**
 * Which copy of a disclosure is the primary when several formats hold the same content and as
 * many rows: the format that keeps the most structure (real table cells, then page boxes, then
 * lines). Formats not listed come last.
 */
export const FORMAT_PREFERENCE = ['docx', 'xlsx', 'xls', 'html', 'pdf', 'doc', 'txt'] as const;

const money = (n: number | null | undefined) => (n === null || n === undefined ? '' : (Math.round(n * 100) / 100).toFixed(2));
const clean = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/[\s\u3000()（）]/g, '');

/** Rows the document puts in the content tables (the richer copy of a disclosure has more). */
export function contentRows(record: NormalizedDocument): number {
  let n = record.projects.length + record.procurement_items.length + record.fixed_assets.length;
  for (const p of record.projects) n += p.indicators.length + (p.spending_plan?.length ?? 0);
  for (const t of record.budget_tables) n += 1 + t.lines.length;
  return n;
}

/**
 * A self-evaluation restates its project's targets (and may print no budget): its kind, amounts
 * spent and values achieved keep it from being taken for the target table. Empty for other kinds,
 * so their keys stay as before.
 */
function selfEvaluationPart(p: NormProject): string {
  if (!isSelfEvaluationKind(p.kind)) return '';
  return `;${p.kind};${money(p.budget_full_year_wan)};${money(p.executed_wan)};${p.indicators.map((i) => `${i.actual_op ?? ''}${money(i.actual_value)}${i.actual_unit ?? ''}`).join(',')}`;
}

/** Content key of a document, or null when it holds nothing to compare (no projects, no budget lines). */
export function contentKey(record: NormalizedDocument): string | null {
  let body: string;
  if (record.projects.length > 0) {
    body = 'projects\n' + record.projects
      .map((p) => `${money(p.budget_wan)};${money(p.fiscal_wan)};${p.indicators.map((i) => `${i.op ?? ''}${money(i.value)}${money(i.value_max)}${i.unit ?? ''}`).join(',')}${selfEvaluationPart(p)}`)
      .sort().join('\n');
  } else {
    // A 决算's tables are marked (their titles say 决算 in every format): a 决算 that spent exactly
    // its budget is still not the same disclosure as the budget.
    const lines = record.budget_tables.filter((t) => t.main).flatMap((t) => t.lines.map((l) => `${t.doc_type === 'final_accounts' ? '决算' : ''}${t.table_name};${l.code ?? ''};${money(l.amounts_wan.total_wan)}`));
    if (lines.length === 0) return null;
    body = 'budget_lines\n' + lines.sort().join('\n');
  }
  const head = [record.fiscal_year ?? '', record.region.adcode ?? '', clean(record.agency_name)].join('|');
  return createHash('sha256').update(`${head}\n${body}`).digest('hex').slice(0, 32);
}
