// The normalizer: raw document record in, normalized record out. Values and units, canonical
// level names, amounts, fiscal year, region, cross-checks. Every problem becomes a message on
// the vfile; nothing is dropped or guessed silently. The pipeline checks records with zod at its
// stage boundaries (src/pipeline/process.ts) and calls normalizeRecord; normalizeDocument does
// the same checks for callers that use this stage on its own.
import type { VFile } from 'vfile';
import { report } from '../messages.ts';
import {
  NormalizedDocumentSchema, RawDocumentSchema,
  type NormIndicator, type NormProject, type NormalizedDocument, type RawDocument, type RawIndicator, type RawProject, type SourceRefRecord,
} from '../records.ts';
import { parsePercent, parseWan, parseWeight, type ParsedNumber } from './amounts.ts';
import { normalizeBudgetTables } from './budget-lines.ts';
import { documentType } from './doc-type.ts';
import { checkFinalAccountsTables, checkFinalRows, zeroSanGongBlanks } from './final-accounts.ts';
import { checkAmountScale, checkProject, checkProjectTotal, departmentTotalWan } from './checks.ts';
import { canonicalLevel1, canonicalLevel2, fits, parentOf } from './levels.ts';
import { resolveRegion } from './regions.ts';
import { checkScoreTotal, normalizeActual, normalizeExecution } from './self-evaluation.ts';
import { normalizeValue } from './value.ts';
import { resolveFiscalYear } from './year.ts';

export { normalizeValue } from './value.ts';

type Reporter = (text: string, rule: string, severity: 'warning' | 'info' | 'error', source?: SourceRefRecord, stage?: string) => void;

function reporterFor(file: VFile): Reporter {
  return (text, rule, severity, source, stage = 'normalize') => {
    report(file, text, { stage, rule, severity, source });
  };
}

function number(parsed: ParsedNumber, what: string, say: Reporter, source?: SourceRefRecord): number | null {
  if (parsed.problem) say(`${what}: ${parsed.problem}`, 'number-unreadable', 'warning', source);
  return parsed.value;
}

function normalizeLevels(ind: RawIndicator, where: string, say: Reporter): { level1: string | null; level2: string | null } {
  let l1 = canonicalLevel1(ind.level1_raw);
  let l2 = canonicalLevel2(ind.level2_raw);
  // One column holding 一级 or 二级 names (指标类型 of some self-evaluation forms): a 二级 name
  // printed there, with no 二级 column beside it, is the 二级指标.
  const asLevel2 = l1.how === 'none' && !(ind.level2_raw ?? '').trim() ? canonicalLevel2(ind.level1_raw) : null;
  if (asLevel2 && (asLevel2.how === 'exact' || asLevel2.how === 'alias')) {
    say(`${where}: "${ind.level1_raw}" in the 一级指标 column is a 二级指标 name; read as 二级指标 ${asLevel2.name}`, 'level-column-mixed', 'info', ind.source);
    l2 = asLevel2;
    l1 = { name: null, how: 'none' };
  }
  for (const [m, raw, which] of [[l1, asLevel2?.name ? null : ind.level1_raw, '一级指标'], [l2, asLevel2?.name ? ind.level1_raw : ind.level2_raw, '二级指标']] as const) {
    if (m.how === 'typo') say(`${where}: ${which} "${raw}" read as ${m.name}`, 'level-typo', 'info', ind.source);
    if (m.how === 'none' && raw && raw.trim()) say(`${where}: ${which} "${raw}" is not a known level name`, 'level-unknown', 'warning', ind.source);
  }
  let level1 = l1.name;
  let level2 = l2.name;
  if (level2 && (!level1 || !fits(level1, level2))) {
    const parent = parentOf(level2);
    if (!level1 && parent) {
      say(`${where}: 一级指标 ${ind.level1_raw ? `"${ind.level1_raw}"` : 'blank'}; ${parent} inferred from 二级指标 ${level2}`, 'level-inferred', 'info', ind.source);
      level1 = parent;
    } else if (level1 && parent) {
      // The 二级指标 is the more specific label; a contradicting 一级指标 is usually a label
      // carried down from the row above.
      say(`${where}: 二级指标 ${level2} does not belong under 一级指标 ${level1}; read as ${parent}`, 'level-mismatch', 'warning', ind.source);
      level1 = parent;
    } else if (level1) {
      say(`${where}: 二级指标 ${level2} does not belong under 一级指标 ${level1}`, 'level-mismatch', 'warning', ind.source);
    }
  }
  if (!level2 && level1 === '满意度指标' && !(ind.level2_raw ?? '').trim()) {
    // 满意度指标 has one 二级指标 only.
    level2 = '服务对象满意度指标';
    say(`${where}: 二级指标 blank; ${level2} inferred from 一级指标 ${level1}`, 'level-inferred', 'info', ind.source);
  }
  return { level1, level2 };
}

function normalizeIndicator(ind: RawIndicator, p: RawProject, say: Reporter): NormIndicator {
  const where = `project ${p.project_seq} indicator ${ind.indicator_seq}${ind.level3 ? ` (${ind.level3})` : ''}`;
  const v = normalizeValue(ind.value_raw, ind.unit_raw);
  for (const m of v.messages) say(`${where}: ${m.text}`, m.rule, m.severity, ind.source);
  const { note, messages: _messages, ...value } = v;
  const weight = number(parseWeight(ind.weight_raw), `${where} weight`, say, ind.source);
  return {
    ...ind,
    ...normalizeLevels(ind, where, say),
    weight,
    ...value,
    // A text value is its own note (value_raw holds it); only words beside a number are kept.
    value_note: value.op === 'text' ? null : note,
    // Self-evaluations: the value achieved, scores and whether the target was met.
    ...normalizeActual(ind, p, v, weight, where, say),
  };
}

function normalizeProject(p: RawProject, say: Reporter): NormProject {
  const where = `project ${p.project_seq}`;
  const basic_wan = number(parseWan(p.basic_raw, p.amount_unit_raw), `${where} 基本支出`, say, p.source);
  const project_wan = number(parseWan(p.project_raw, p.amount_unit_raw), `${where} 项目支出`, say, p.source);
  let budget_wan = number(parseWan(p.budget_raw, p.amount_unit_raw), `${where} budget`, say, p.source);
  // No total printed, only its parts: the total is their sum, said so.
  if (p.budget_raw === null && basic_wan !== null && project_wan !== null) {
    budget_wan = Math.round((basic_wan + project_wan) * 1e6) / 1e6;
    say(`${where} "${p.project_name}": no total printed, budget_wan = 基本支出 ${basic_wan} + 项目支出 ${project_wan} = ${budget_wan} 万元`, 'budget-from-parts', 'info', p.source);
  }
  // The 广东 form's further splits: blank (null) where nothing is printed, as most files leave them.
  const part = (raw: string | null | undefined, what: string) => (raw ? number(parseWan(raw, p.amount_unit_raw), `${where} ${what}`, say, p.source) : null);
  const splits = {
    dev_spend_wan: part(p.dev_spend_raw, '事业发展性支出'), special_funds_wan: part(p.special_funds_raw, '财政专项资金'),
    other_dev_wan: part(p.other_dev_raw, '其他事业发展性支出'), own_level_wan: part(p.own_level_raw, '本级使用资金'),
    transfer_down_wan: part(p.transfer_down_raw, '对下转移支付资金'),
  };
  return {
    ...p,
    basic_wan, project_wan, ...splits,
    budget_wan,
    fiscal_wan: number(parseWan(p.fiscal_raw, p.amount_unit_raw), `${where} fiscal funds`, say, p.source),
    other_wan: number(parseWan(p.other_raw, p.amount_unit_raw), `${where} other funds`, say, p.source),
    spending_plan: p.spending_plan?.map((s) => ({ ...s, pct: number(parsePercent(s.pct_raw), `${where} spending plan ${s.milestone}`, say, p.source) })) ?? null,
    indicators: p.indicators.map((i) => normalizeIndicator(i, p, say)),
    // Self-evaluations: 年初预算数 / 全年预算数 / 全年执行数 in 万元, 执行率, 总分.
    ...normalizeExecution(p, say),
  };
}

/** Normalize a raw record already checked against RawDocumentSchema; the output is not checked here. */
export function normalizeRecord(raw: RawDocument, file: VFile): NormalizedDocument {
  const say = reporterFor(file);

  const codes = raw.projects.map((p) => p.project_code);
  const year = resolveFiscalYear({
    fiscal_year_raw: raw.fiscal_year_raw, title: raw.title, lead_text: raw.lead_text, project_codes: codes,
    table_titles: raw.budget_tables.map((t) => t.title),
  });
  for (const m of year.messages) say(m.text, m.rule, m.severity, undefined, 'check');

  const region = resolveRegion({ agency_name: raw.agency_name, title: raw.title, lead_text: raw.lead_text, project_codes: codes });
  for (const m of region.messages) say(m.text, m.rule, m.severity);

  const projects = raw.projects.map((p) => normalizeProject(p, say));
  const budgetTables = normalizeBudgetTables(raw.budget_tables, file);
  zeroSanGongBlanks(budgetTables, file);
  checkFinalAccountsTables(budgetTables, file);
  checkFinalRows(budgetTables, file);
  const departmentTotal = departmentTotalWan(budgetTables);
  for (const p of projects) for (const m of [...checkProject(p), ...checkAmountScale(p, departmentTotal)]) say(m.text, m.rule, m.severity, m.source, 'check');
  for (const p of projects) checkScoreTotal(p, say);
  const total = raw.projects_total_raw ? number(parseWan(raw.projects_total_raw), 'printed project total', say) : null;
  for (const m of checkProjectTotal(projects, total)) say(m.text, m.rule, m.severity, undefined, 'check');

  return {
    ...raw,
    doc_type: documentType(raw),
    fiscal_year: year.year,
    region: region.region,
    projects,
    budget_tables: budgetTables,
  };
}

/** The normalize stage on its own: checks the raw record, normalizes it, checks the result. */
export function normalizeDocument(input: RawDocument, file: VFile): NormalizedDocument {
  return NormalizedDocumentSchema.parse(normalizeRecord(RawDocumentSchema.parse(input), file));
}
