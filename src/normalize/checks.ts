// Cross-checks on a normalized document, recorded as messages (stage `check`): weights add
// up to 90 or 100, fiscal + other = budget, spending plans rise to 100 %, project budgets add
// up to the printed total. A failed check never changes the data; it tells the reader where
// the document (or our reading of it) does not add up.
import type { NormProject, SourceRefRecord } from '../records.ts';

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
