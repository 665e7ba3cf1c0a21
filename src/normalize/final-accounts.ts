// 决算 (final accounts) figures of a budget line, and the identities between a 决算's tables.
//
// A 决算 loads into the same tables as a budget (src/recognize/budget-tables/ reads both; its
// headers are keyed with the 决算 words of columns.ts). This module says which printed figure is
// a line's 决算数 and its plan (年初预算数, 调整预算数, 预算数), and checks the identities the
// 财政部 部门决算公开 template holds between its tables (messages at stage `check`).
import type { VFile } from 'vfile';
import { report } from '../messages.ts';
import type { NormBudgetLine, NormBudgetTable } from '../records.ts';
import { amountWan, parseAmount } from './budget-lines.ts';

export interface FinalFigures {
  budget_initial_raw: string | null; budget_initial_wan: number | null;
  budget_full_raw: string | null; budget_full_wan: number | null;
  budget_raw: string | null; budget_wan: number | null;
  final_raw: string | null; final_wan: number | null;
  carryover_raw: string | null;
  balance_end_raw: string | null; balance_end_wan: number | null;
  surplus_used_raw: string | null; surplus_used_wan: number | null;
  surplus_allocated_raw: string | null; surplus_allocated_wan: number | null;
}

/**
 * The 决算 figures of a line. The 决算数 is the line's `final_wan` column; a 决算 table without one
 * (收入决算表, 支出决算表, 一般公共预算财政拨款支出决算表) prints its 决算 figure as the row's 合计,
 * or as 本年支出 小计 (政府性基金 / 国有资本经营 决算表). Budget tables have none of these.
 */
export function finalFigures(t: Pick<NormBudgetTable, 'doc_type' | 'unit_raw'> & Partial<Pick<NormBudgetTable, 'table_name' | 'lines' | 'empty'>>, l: Pick<NormBudgetLine, 'amounts_raw'>): FinalFigures {
  const raw = (k: string) => l.amounts_raw[k] ?? null;
  const zero = blanksAreZero(t);
  // A blank of a 三公 决算表 is 0 (see blanksAreZero); the raw figure stays blank, as printed.
  const wan = (k: string | null) => {
    const v = k === null ? null : raw(k);
    return zero && k !== null && k in l.amounts_raw && (v === null || v.trim() === '') ? 0 : amountWan(v, t.unit_raw);
  };
  const final = t.doc_type === 'final_accounts';
  const finalKey = 'final_wan' in l.amounts_raw ? 'final_wan'
    : final ? ('total_wan' in l.amounts_raw ? 'total_wan' : 'subtotal_wan') : null;
  const finalRaw = finalKey === null ? null : raw(finalKey);
  const pair = (k: string) => [raw(k), wan(k)] as const;
  const [budget_initial_raw, budget_initial_wan] = pair('budget_initial_wan');
  const [budget_full_raw, budget_full_wan] = pair('budget_full_wan');
  const [budget_raw, budget_wan] = final ? pair('budget_wan') : [null, null];
  const [balance_end_raw, balance_end_wan] = pair('balance_end_wan');
  const [surplus_used_raw, surplus_used_wan] = pair('surplus_used_wan');
  const [surplus_allocated_raw, surplus_allocated_wan] = pair('surplus_allocated_wan');
  return {
    budget_initial_raw, budget_initial_wan, budget_full_raw, budget_full_wan, budget_raw, budget_wan,
    final_raw: finalRaw, final_wan: wan(finalKey), carryover_raw: raw('carryover_wan'),
    balance_end_raw, balance_end_wan, surplus_used_raw, surplus_used_wan, surplus_allocated_raw, surplus_allocated_wan,
  };
}

/**
 * A 财政拨款"三公"经费支出决算表 states every item (因公出国（境）费, 公务用车购置及运行费 and its parts,
 * 公务接待费) for 预算数 and 决算数: there is no item that does not apply, so a blank amount is none
 * spent or budgeted, 0. The 决算 forms print zeros blank (上海市普陀区财政局 2024: a row of blanks
 * beside 0.95, and its 情况说明 says "支出决算为0.00万元 … 公务接待费支出决算为0.00万元"). Only a 三公
 * 决算表 with at least one amount printed: an all-blank one (or 本表无数据) says nothing.
 */
export function blanksAreZero(t: Partial<Pick<NormBudgetTable, 'doc_type' | 'table_name' | 'lines' | 'empty'>>): boolean {
  return t.doc_type === 'final_accounts' && t.table_name === '三公经费表' && !t.empty
    && (t.lines ?? []).some((l) => Object.values(l.amounts_raw).some((v) => v !== null && v.trim() !== ''));
}

/**
 * Reads the blanks of a 三公 决算表 as 0 in amounts_wan (the raw text stays blank) and says so once
 * per table (rule blank-as-zero, info), so the 决算数 of an item nothing was spent on is 0, not unknown.
 */
export function zeroSanGongBlanks(tables: NormBudgetTable[], file: VFile): void {
  for (const t of tables) {
    if (!blanksAreZero(t)) continue;
    let n = 0;
    for (const l of t.lines) {
      // The line's own amounts (预算数, 决算数 of its item), not the table's printed columns.
      for (const k of Object.keys(l.amounts_raw)) {
        const v = l.amounts_raw[k];
        if (v === null || v === undefined || v.trim() === '') { l.amounts_wan[k] = 0; n++; }
      }
    }
    if (n > 0) {
      report(file, `${t.title}: ${n} blank amount${n === 1 ? '' : 's'} read as 0 (a 三公 决算表 states every item; a blank is none budgeted or spent)`,
        { stage: 'normalize', rule: 'blank-as-zero', severity: 'info', source: t.source });
    }
  }
}

/** Which figure of a table is its 决算 amount per row (see finalFigures), as a column key. */
function finalKey(t: NormBudgetTable): string | null {
  const keys = new Set(t.columns.map((c) => c.key));
  return keys.has('final_wan') ? 'final_wan' : keys.has('total_wan') ? 'total_wan' : keys.has('subtotal_wan') ? 'subtotal_wan' : null;
}

/** 类 (3-digit function class) amounts of a table's rows, by class code; rows of one side only when given. */
function classAmounts(t: NormBudgetTable, key: string, side?: RegExp): Map<string, { raw: string | null; line: NormBudgetLine }> {
  const out = new Map<string, { raw: string | null; line: NormBudgetLine }>();
  for (const l of t.lines) {
    if (side && !(l.side && side.test(l.side))) continue;
    const code = l.class_code;
    if (!code || !/^2\d{2}$/.test(code) || out.has(code)) continue;
    out.set(code, { raw: l.amounts_raw[key] ?? null, line: l });
  }
  return out;
}

const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol + 1e-9;

/**
 * Identities between a 决算's tables, per function class (类), as the template holds them:
 * - 收入支出决算总表, 支出 side = 支出决算表 (本年支出合计);
 * - 财政拨款收入支出决算总表, 支出 side, 一般公共预算财政拨款 = 一般公共预算财政拨款支出决算表 (合计);
 * and in total: 一般公共预算财政拨款基本支出决算表 (its 类 rows) = 一般公共预算财政拨款支出决算表 基本支出.
 * A disagreement beyond the rounding of the two printed figures is a warning naming both tables.
 */
export function checkFinalAccountsTables(tables: NormBudgetTable[], file: VFile): void {
  const finals = tables.filter((t) => t.doc_type === 'final_accounts');
  const byName = (name: string) => finals.find((t) => t.table_name === name);
  const say = (text: string, line?: NormBudgetLine) => report(file, text, { stage: 'check', rule: 'final-cross-table', severity: 'warning', source: line?.source });
  const compare = (a: NormBudgetTable | undefined, aKey: string | null | undefined, aSide: RegExp | undefined, b: NormBudgetTable | undefined, bKey: string | null | undefined) => {
    if (!a || !b || !aKey || !bKey) return;
    const left = classAmounts(a, aKey, aSide);
    const right = classAmounts(b, bKey);
    for (const [code, x] of left) {
      const y = right.get(code);
      const xv = parseAmount(x.raw) ?? 0;
      const yv = y ? parseAmount(y.raw) ?? 0 : 0;
      if (!y && xv === 0) continue;
      const decimals = Math.max(...[x.raw, y?.raw].map((v) => (v && /\.(\d+)/.exec(v)?.[1]?.length) || 0));
      if (!near(xv, yv, decimals ? 10 ** -decimals : 1)) {
        say(`${a.title} ${code} ${x.line.name ?? ''}: ${xv} (${aKey}), but ${b.title} prints ${y ? yv : 'no row'} for ${code}`, x.line);
      }
    }
  };
  const summary = byName('收支总表');
  const spending = byName('支出总表');
  compare(summary, summary && finalKey(summary), /支出/, spending, spending && finalKey(spending));
  const fiscal = byName('财政拨款收支总表');
  const general = byName('一般公共预算支出表');
  compare(fiscal, fiscal && fiscal.columns.some((c) => c.key === 'general_public_wan') ? 'general_public_wan' : null, /支出/, general, general && finalKey(general));
  const basic = byName('基本支出表');
  const basicTotal = general?.total_raw ? parseAmount(general.total_raw.basic_wan) : null;
  const basicKey = basic && finalKey(basic);
  if (basic && basicKey && basicTotal !== null) {
    const top = basic.lines.filter((l) => l.code && /^3\d{2}$/.test(l.code));
    const sum = top.reduce((s, l) => s + (parseAmount(l.amounts_raw[basicKey]) ?? 0), 0);
    if (top.length && !near(sum, basicTotal, 0.005 * (top.length + 1))) {
      say(`${basic.title}: its ${top.length} economic classes add up to ${Number(sum.toFixed(6))}, but ${general!.title} prints 基本支出 合计 ${basicTotal}`, top[0]);
    }
  }
}

/** Rounding slack of a sum of printed values (half a unit of the last printed decimal per value). */
function slack(values: (string | null | undefined)[]): number {
  const decimals = Math.max(0, ...values.map((v) => (v && /\.(\d+)/.exec(v)?.[1]?.length) || 0));
  return ((decimals > 0 ? 10 ** -decimals : 1) / 2) * (values.length + 1);
}

/** 收入决算表: the sources of income split the 本年收入合计 (财政部 部门决算 公开02表). */
const INCOME_SOURCES = ['fiscal_wan', 'superior_subsidy_wan', 'business_income_wan', 'operating_income_wan', 'affiliated_remit_wan', 'other_wan'];

/**
 * Row identities of 决算 tables beyond the budget ones (budget-lines.ts checkRows):
 * - income sources add up to 本年收入合计 (收入决算表), rule budget-row-sum;
 * - 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余 (政府性基金 / 国有资本经营 决算表), rule final-balance.
 */
export function checkFinalRows(tables: NormBudgetTable[], file: VFile): void {
  for (const t of tables) {
    if (t.doc_type !== 'final_accounts' || t.lines.some((l) => l.side !== null)) continue;
    const keys = new Set(t.columns.map((c) => c.key));
    const sources = INCOME_SOURCES.filter((k) => keys.has(k));
    const spent = keys.has('subtotal_wan') ? 'subtotal_wan' : keys.has('total_wan') ? 'total_wan' : null;
    for (const l of t.lines) {
      const a = l.amounts_raw;
      const where = `${t.title} ${l.code ?? ''} ${l.name ?? ''}`;
      if (keys.has('total_wan') && sources.length >= 2 && sources.some((k) => parseAmount(a[k]) !== null)) {
        const sum = sources.reduce((s, k) => s + (parseAmount(a[k]) ?? 0), 0);
        const total = parseAmount(a.total_wan) ?? 0;
        if (!near(sum, total, slack([...sources.map((k) => a[k]), a.total_wan]))) {
          report(file, `${where}: total_wan printed ${total}, ${sources.filter((k) => parseAmount(a[k]) !== null).join(' + ')} add up to ${Number(sum.toFixed(6))}`,
            { stage: 'check', rule: 'budget-row-sum', severity: 'warning', source: l.source });
        }
      }
      if (keys.has('carryover_wan') && keys.has('income_wan') && keys.has('balance_end_wan') && spent) {
        const parts = [a.carryover_wan, a.income_wan, a[spent], a.balance_end_wan];
        if (parts.every((v) => parseAmount(v) === null)) continue;
        const [open, income, out, close] = parts.map((v) => parseAmount(v) ?? 0) as [number, number, number, number];
        if (!near(open + income - out, close, slack(parts))) {
          report(file, `${where}: 年初结转和结余 ${open} + 本年收入 ${income} − 本年支出 ${out} = ${Number((open + income - out).toFixed(6))}, but 年末结转和结余 is printed ${close}`,
            { stage: 'check', rule: 'final-balance', severity: 'warning', source: l.source });
        }
      }
    }
  }
}