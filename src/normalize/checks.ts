// Cross-checks on a normalized document, recorded as messages (stage `check`): weights add
// up to 90 or 100, fiscal + other = budget, spending plans rise to 100 %, project budgets add
// up to the printed total. A failed check never changes the data; it tells the reader where
// the document (or our reading of it) does not add up.
import { isDepartmentKind, type NormBudgetTable, type NormProject, type SourceRefRecord } from '../records.ts';
import { amountWan } from './budget-lines.ts';

export interface CheckMessage {
  rule: string;
  text: string;
  severity: 'warning' | 'info';
  source?: SourceRefRecord;
}

/** Amounts in 万元 printed with two decimals: allow rounding in the last place. */
function close(a: number, b: number, tol = 0.015): boolean {
  return Math.abs(a - b) <= tol + Math.abs(b) * 1e-9;
}

const round = (n: number) => Number.parseFloat(n.toFixed(4));

export function checkWeights(p: NormProject): CheckMessage[] {
  const weights = p.indicators.map((i) => i.weight).filter((w): w is number => w !== null);
  if (weights.length === 0) return [];
  const sum = round(weights.reduce((a, b) => a + b, 0));
  // 90 when the table keeps 10 points for budget execution (预算执行率) outside the indicators.
  if (close(sum, 100, 0.001) || close(sum, 90, 0.001)) return [];
  const missing = p.indicators.length - weights.length;
  return [{
    rule: 'weights-sum', severity: 'warning', source: p.source,
    text: `project ${p.project_seq} "${p.project_name}": indicator weights add up to ${sum}, not 100 (or 90)${missing ? `; ${missing} indicators have no weight` : ''}`,
  }];
}

export function checkFunds(p: NormProject): CheckMessage[] {
  if (p.budget_wan === null || p.fiscal_wan === null) return [];
  const parts = round(p.fiscal_wan + (p.other_wan ?? 0));
  if (close(parts, p.budget_wan)) return [];
  return [{
    rule: 'funds-sum', severity: 'warning', source: p.source,
    text: `project ${p.project_seq} "${p.project_name}": fiscal ${p.fiscal_wan} + other ${p.other_wan ?? 0} = ${parts} 万元, but the budget is ${p.budget_wan} 万元`,
  }];
}

export function checkSpendingPlan(p: NormProject): CheckMessage[] {
  const pcts = (p.spending_plan ?? []).map((s) => s.pct).filter((v): v is number => v !== null);
  if (pcts.length === 0) return [];
  const out: CheckMessage[] = [];
  for (let k = 1; k < pcts.length; k++) {
    if (pcts[k]! < pcts[k - 1]!) {
      out.push({
        rule: 'spending-plan-order', severity: 'warning', source: p.source,
        text: `project ${p.project_seq} "${p.project_name}": spending plan falls from ${pcts[k - 1]}% to ${pcts[k]}% (cumulative percentages should rise)`,
      });
      break;
    }
  }
  const last = pcts.at(-1)!;
  if (!close(last, 100, 0.001)) {
    out.push({
      rule: 'spending-plan-total', severity: 'warning', source: p.source,
      text: `project ${p.project_seq} "${p.project_name}": spending plan ends at ${last}%, not 100%`,
    });
  }
  return out;
}

export function checkProjectTotal(projects: NormProject[], totalWan: number | null): CheckMessage[] {
  if (totalWan === null) return [];
  const budgets = projects.map((p) => p.budget_wan);
  if (budgets.some((b) => b === null)) {
    return [{ rule: 'projects-total', severity: 'info', text: `printed total ${totalWan} 万元 not checked: ${budgets.filter((b) => b === null).length} projects have no budget` }];
  }
  const sum = round((budgets as number[]).reduce((a, b) => a + b, 0));
  // Each budget is rounded to 0.01 when printed; allow that much per project.
  if (close(sum, totalWan, 0.005 * projects.length + 0.01)) return [];
  return [{ rule: 'projects-total', severity: 'warning', text: `project budgets add up to ${sum} 万元, but the printed total is ${totalWan} 万元` }];
}

/** Every per-project check. */
export function checkProject(p: NormProject): CheckMessage[] {
  return [...checkWeights(p), ...checkFunds(p), ...checkSpendingPlan(p)];
}

/** The department's total budget (合计 of its 支出总表, else 收入总表) in 万元, when printed. */
export function departmentTotalWan(tables: NormBudgetTable[]): number | null {
  for (const name of ['支出总表', '收入总表']) {
    const t = tables.find((x) => x.table_name === name && x.total_raw);
    const v = t ? amountWan(t.total_raw!.total_wan, t.unit_raw) : null;
    if (v !== null && v > 0) return v;
  }
  return null;
}

/** Largest plausible amount in 万元: 100 亿元 for a project, 1000 亿元 for a department's whole budget. */
const MAX_WAN = { project: 1e6, department: 1e7 } as const;
const maxWan = (kind: string) => MAX_WAN[isDepartmentKind(kind) ? 'department' : 'project'];
/** No unit printed and at least this many 万元 (10 亿元): more likely an amount in 元. */
const UNLABELLED_SUSPECT_WAN = 1e5;

/**
 * Amounts off by a power of ten: a project budget larger than the department's total, an amount
 * implausible for its level, one read as 万元 with no unit printed that looks like 元, or one
 * printed in 元 that is implausibly small (the label's unit may be wrong).
 */
export function checkAmountScale(p: NormProject, departmentTotal: number | null): CheckMessage[] {
  const out: CheckMessage[] = [];
  const say = (rule: string, text: string) => out.push({ rule, severity: 'warning', source: p.source, text: `project ${p.project_seq} "${p.project_name}": ${text}` });
  const amounts: [string, string | null, number | null][] = [['budget', p.budget_raw, p.budget_wan], ['fiscal', p.fiscal_raw, p.fiscal_wan], ['other', p.other_raw, p.other_wan]];
  const unitPrinted = (raw: string | null) => Boolean(p.amount_unit_raw) || /元\s*$/.test(raw ?? '');
  for (const [what, raw, wan] of amounts) {
    if (wan === null) continue;
    if (wan > maxWan(p.kind)) say('amount-implausible', `${what} "${raw}" = ${wan} 万元 is implausible for a ${isDepartmentKind(p.kind) ? 'department' : 'project'} (over ${maxWan(p.kind) / 1e4} 亿元); check the unit`);
    else if (!unitPrinted(raw) && wan >= UNLABELLED_SUSPECT_WAN) say('amount-unit-suspect', `${what} "${raw}" read as ${wan} 万元 (no unit printed): is it in 元?`);
    else if (wan > 0 && wan < 0.01 && (p.amount_unit_raw === '元' || /(?<![万千亿])元\s*$/.test(raw ?? ''))) say('amount-unit-suspect', `${what} "${raw}" printed in 元 is ${wan} 万元, implausibly small: is the unit 万元?`);
  }
  if (p.kind === 'project' && departmentTotal !== null && p.budget_wan !== null && p.budget_wan > departmentTotal * 1.001) {
    say('amount-exceeds-department', `budget ${p.budget_wan} 万元 is larger than the department's total budget ${departmentTotal} 万元`);
  }
  return out;
}
