// Self-evaluations (绩效自评表): the value achieved is normalized beside the target, the scores
// read as numbers, and the 年度资金总额 row's amounts in 万元 with its execution rate. The printed
// rate is checked against 全年执行数 / 全年预算数; a rate not printed is computed and said so.
import { isSelfEvaluationKind, type NormIndicator, type NormProject, type RawIndicator, type RawProject, type SourceRefRecord } from '../records.ts';
import { parsePercent, parseWan, parseWeight, type ParsedNumber } from './amounts.ts';
import { judgeMet } from './met.ts';
import { normalizeValue, type ValueResult } from './value.ts';

export type Say = (text: string, rule: string, severity: 'warning' | 'info' | 'error', source?: SourceRefRecord, stage?: string) => void;

type ActualFields = Pick<NormIndicator, 'actual_op' | 'actual_value' | 'actual_value_max' | 'actual_unit' | 'score' | 'max_score' | 'met'>;

function number(parsed: ParsedNumber, what: string, say: Say, source?: SourceRefRecord): number | null {
  if (parsed.problem) say(`${what}: ${parsed.problem}`, 'number-unreadable', 'warning', source);
  return parsed.value;
}

/**
 * The actual value (read with the row's 计量单位 like the target), 得分, 分值 and the verdict. `target`
 * is the row's normalized target; rows without an actual value (target tables) get nothing.
 */
export function normalizeActual(ind: RawIndicator, p: RawProject, target: ValueResult, weight: number | null, where: string, say: Say): Partial<ActualFields> {
  const selfEval = isSelfEvaluationKind(p.kind);
  const out: Partial<ActualFields> = {};
  if (ind.score_raw) out.score = number(parseWeight(ind.score_raw), `${where} 得分`, say, ind.source);
  if (selfEval) out.max_score = weight;
  if (!ind.actual_raw) return out;
  const a = normalizeValue(ind.actual_raw, ind.unit_raw);
  for (const m of a.messages) say(`${where} actual value: ${m.text}`, m.rule, m.severity, ind.source);
  out.actual_op = a.op;
  out.actual_value = a.value;
  out.actual_value_max = a.value_max;
  out.actual_unit = a.unit;
  out.met = judgeMet({ ...target, raw: ind.value_raw }, { ...a, raw: ind.actual_raw });
  return out;
}

type ExecutionFields = Pick<NormProject, 'budget_initial_wan' | 'budget_full_year_wan' | 'executed_wan' | 'execution_rate' | 'score_total' | 'execution_max_score' | 'execution_score'>;

/** Percent difference tolerated between a printed execution rate and the one computed (rounding to whole percents). */
const RATE_TOLERANCE = 0.6;

export function normalizeExecution(p: RawProject, say: Say): Partial<ExecutionFields> {
  if (!isSelfEvaluationKind(p.kind) && !p.executed_raw && !p.budget_full_year_raw) return {};
  const where = `project ${p.project_seq} "${p.project_name}"`;
  const wan = (raw: string | null | undefined, what: string) => number(parseWan(raw ?? null, p.amount_unit_raw), `${where} ${what}`, say, p.source);
  const budget_initial_wan = wan(p.budget_initial_raw, '年初预算数');
  const budget_full_year_wan = wan(p.budget_full_year_raw, '全年预算数');
  const executed_wan = wan(p.executed_raw, '全年执行数');
  let execution_rate = number(parsePercent(p.execution_rate_raw ?? null), `${where} 执行率`, say, p.source);
  const computed = budget_full_year_wan && executed_wan !== null ? Math.round((executed_wan / budget_full_year_wan) * 1e6) / 1e4 : null;
  if (execution_rate === null && computed !== null) {
    execution_rate = computed;
    say(`${where}: no 执行率 printed, execution_rate = 全年执行数 ${executed_wan} / 全年预算数 ${budget_full_year_wan} = ${computed} %`, 'execution-rate-computed', 'info', p.source);
  } else if (execution_rate !== null && computed !== null && Math.abs(execution_rate - computed) > RATE_TOLERANCE) {
    say(`${where}: 执行率 printed ${p.execution_rate_raw}, but 全年执行数 ${executed_wan} / 全年预算数 ${budget_full_year_wan} = ${computed} %`, 'execution-rate-mismatch', 'warning', p.source, 'check');
  }
  const score_total = number(parseWeight(p.score_total_raw ?? null), `${where} 总分`, say, p.source);
  const execution_max_score = number(parseWeight(p.execution_max_score_raw ?? null), `${where} 预算执行 分值`, say, p.source);
  const execution_score = number(parseWeight(p.execution_score_raw ?? null), `${where} 预算执行 得分`, say, p.source);
  return { budget_initial_wan, budget_full_year_wan, executed_wan, execution_rate, score_total, execution_max_score, execution_score };
}

/**
 * The printed 总分 against the scores it adds up (every indicator's 得分 and the execution block's):
 * a difference is a message, the data stays as printed. Nothing to check when a score is missing.
 */
export function checkScoreTotal(p: NormProject, say: Say): void {
  if (p.score_total === null || p.score_total === undefined || p.indicators.length === 0) return;
  const scores = p.indicators.map((i) => i.score);
  if (scores.some((x) => x === null || x === undefined)) return;
  const sum = Math.round(((scores as number[]).reduce((a, b) => a + b, 0) + (p.execution_score ?? 0)) * 1e4) / 1e4;
  if (Math.abs(sum - p.score_total) > 0.05) {
    say(`project ${p.project_seq} "${p.project_name}": 总分 printed ${p.score_total_raw}, but the scores add up to ${sum}${p.execution_score !== null && p.execution_score !== undefined ? ` (indicators and 预算执行 ${p.execution_score})` : ''}`, 'score-total-mismatch', 'warning', p.source, 'check');
  }
}
