// Compares what the pipeline made of a variant with its expected records, field by field.
// Text is compared as the scorer (../shared/eval/score.mjs) does: NFKC, whitespace removed.
// Indicators are paired by 三级指标 text (then by position), so one lost row shows as one
// missing row rather than shifting every row after it.
import type { ProcessedDocument } from '../../src/records.ts';
import type { ExpectedDocument, ExpectedIndicator, ExpectedProject } from './expected.ts';

export const clean = (s: unknown) => (s === null || s === undefined ? '' : String(s).normalize('NFKC').replace(/[\s\u3000\u00a0\u200b]+/g, ''));
const sameText = (a: unknown, b: unknown) => clean(a) === clean(b);
const sameNumber = (a: unknown, b: number | null) => {
  if (b === null) return a === null || a === undefined;
  return typeof a === 'number' && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
};
const sameMoney = (a: unknown, b: number | null) => (b === null ? a === null || a === undefined : typeof a === 'number' && Math.abs(a - b) < 0.005 + 1e-9);
const show = (x: unknown) => (x === undefined ? 'undefined' : JSON.stringify(x));

export interface Comparison {
  diffs: string[];
  /** Indicator rows whose level1, level2, level3, value as printed and weight are all right. */
  indicatorRows: number; indicatorRowsExact: number;
  /** Projects whose budget in 万元 is right. */
  projects: number; projectBudgetsExact: number;
}

type Got = NonNullable<ProcessedDocument['record']>;
type GotProject = Got['projects'][number];
type GotIndicator = GotProject['indicators'][number];

function pair<E, G>(expected: E[], got: G[], key: (e: E) => string, gotKey: (g: G) => string): [E, G | undefined][] {
  const used = new Set<number>();
  const out: [E, G | undefined][] = expected.map((e) => {
    const j = got.findIndex((g, k) => !used.has(k) && clean(gotKey(g)) === clean(key(e)));
    if (j >= 0) used.add(j);
    return [e, j >= 0 ? got[j] : undefined];
  });
  // Unpaired expected rows take the unpaired found row at the same position, if any.
  out.forEach((p, i) => {
    if (p[1] === undefined && i < got.length && !used.has(i)) { used.add(i); p[1] = got[i]; }
  });
  return out;
}

function compareIndicators(where: string, exp: ExpectedIndicator[], got: GotIndicator[], diffs: string[]): number {
  let exact = 0;
  const pairs = pair(exp, got, (e) => e.level3, (g) => g.level3 ?? '');
  const pairedGot = new Set(pairs.map(([, g]) => g));
  pairs.forEach(([e, g], k) => {
    const at = `${where} indicator ${k + 1} (${e.level3})`;
    if (!g) { diffs.push(`${at}: missing`); return; }
    const checks: [string, boolean, unknown, unknown][] = [
      ['level1', sameText(g.level1, e.level1), g.level1, e.level1],
      ['level2', sameText(g.level2, e.level2), g.level2, e.level2],
      ['level3', sameText(g.level3, e.level3), g.level3, e.level3],
      ['description', sameText(g.description, e.description), g.description, e.description],
      ['value_raw', sameText(g.value_raw, e.value_raw), g.value_raw, e.value_raw],
      ['basis', sameText(g.basis, e.basis), g.basis, e.basis],
      ['weight', sameNumber(g.weight, e.weight), g.weight, e.weight],
      ['op', g.op === e.norm.op, g.op, e.norm.op],
      ['value', sameNumber(g.value, e.norm.value), g.value, e.norm.value],
      ['value_max', sameNumber(g.value_max, e.norm.value_max), g.value_max, e.norm.value_max],
      ['unit', sameText(g.unit, e.norm.unit) && (g.unit === null) === (e.norm.unit === null), g.unit, e.norm.unit],
    ];
    for (const [field, ok, a, b] of checks) if (!ok) diffs.push(`${at}.${field}: got ${show(a)}, want ${show(b)}`);
    if (checks.filter(([f]) => ['level1', 'level2', 'level3', 'value_raw', 'weight'].includes(f)).every(([, ok]) => ok)) exact++;
  });
  got.forEach((g, k) => { if (!pairedGot.has(g)) diffs.push(`${where} extra indicator ${k + 1}: ${[g.level1, g.level2, g.level3, g.value_raw].map(show).join(' | ')}`); });
  return exact;
}

export function compareVariant(doc: ProcessedDocument, exp: ExpectedDocument): Comparison {
  const diffs: string[] = [];
  const indicatorRows = exp.projects.reduce((n, p) => n + p.indicators.length, 0);
  const result: Comparison = { diffs, indicatorRows, indicatorRowsExact: 0, projects: exp.projects.length, projectBudgetsExact: 0 };
  if (doc.info.status === 'failed' || !doc.record) {
    diffs.push(`document failed at ${doc.info.failed_stage}: ${doc.info.error}`);
    return result;
  }
  const rec = doc.record;
  if (rec.fiscal_year !== exp.fiscal_year) diffs.push(`fiscal_year: got ${show(rec.fiscal_year)}, want ${exp.fiscal_year}`);
  if (exp.agency_name !== null && !sameText(rec.agency_name, exp.agency_name)) diffs.push(`agency_name: got ${show(rec.agency_name)}, want ${show(exp.agency_name)}`);
  const pairs = pair(exp.projects, rec.projects, (e) => e.name, (g) => g.project_name);
  const pairedGot = new Set(pairs.map(([, g]) => g));
  for (const [e, g] of pairs) {
    const where = `project ${e.seq} (${e.name})`;
    if (!g) { diffs.push(`${where}: missing`); continue; }
    const kind = (g as GotProject & { kind?: string }).kind ?? 'project';
    const checks: [keyof ExpectedProject | 'kind', boolean, unknown, unknown][] = [
      ['kind', kind === e.kind, kind, e.kind],
      ['name', sameText(g.project_name, e.name), g.project_name, e.name],
      ['code', sameText(g.project_code, e.code), g.project_code, e.code],
      ['category', sameText(g.category, e.category), g.category, e.category],
      ['budget_wan', sameMoney(g.budget_wan, e.budget_wan), g.budget_wan, e.budget_wan],
      ['fiscal_wan', sameMoney(g.fiscal_wan, e.fiscal_wan), g.fiscal_wan, e.fiscal_wan],
      ['other_wan', sameMoney(g.other_wan, e.other_wan), g.other_wan, e.other_wan],
      ['goals', sameText(g.goals, e.goals), g.goals, e.goals],
    ];
    for (const [field, ok, a, b] of checks) if (!ok) diffs.push(`${where}.${field}: got ${show(a)}, want ${show(b)}`);
    if (sameMoney(g.budget_wan, e.budget_wan)) result.projectBudgetsExact++;
    result.indicatorRowsExact += compareIndicators(where, e.indicators, g.indicators, diffs);
  }
  rec.projects.forEach((g, k) => { if (!pairedGot.has(g)) diffs.push(`extra project ${k + 1}: ${show(g.project_name)} with ${g.indicators.length} indicators`); });
  return result;
}
