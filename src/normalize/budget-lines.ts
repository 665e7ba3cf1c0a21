// Department budget tables: amounts to 万元 (元 tables ÷ 10000, the printed unit is kept in
// unit_raw), parent codes of the classification hierarchy, and checks that children add up to
// their parent and rows add up to the printed 合计 (messages at stage 'check').
import type { VFile } from 'vfile';
import { report } from '../messages.ts';
import type { NormBudgetLine, NormBudgetTable, RawBudgetTable } from '../records.ts';
import { parseWan, WAN_PER_UNIT } from './amounts.ts';
import { codeOfClassName, currentClassName, parentCode } from './classification/index.ts';

/** Factor from the printed unit to 万元. */
export function wanFactor(unit: string | null | undefined): number {
  // 万元, or not printed (the usual unit of these tables): 1.
  return (unit && WAN_PER_UNIT[unit]) || 1;
}

/**
 * A printed amount (1,234.56, -3, (5.00)) as a number in the printed unit; null when blank.
 * Table cells differ from amounts in text (parseWan): commas may sit anywhere (PDF text joins
 * cells oddly), a bracketed amount is negative, and a unit suffix is not read (the table's
 * printed unit applies), so only the bare digits are handed to parseWan.
 */
export function parseAmount(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  let t = raw.normalize('NFKC').replace(/[\s,，]/g, '');
  if (t === '' || /^[-—–/\\…]+$/.test(t)) return null;
  const negative = /^[-−]|^\(.*\)$/.test(t);
  t = t.replace(/^[-−]|^\(|\)$/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = parseWan(t).value;
  return n === null ? null : negative ? -n : n;
}

/** A printed amount in `unit` as 万元. */
export function amountWan(raw: string | null | undefined, unit: string | null | undefined): number | null {
  const n = parseAmount(raw);
  return n === null ? null : Number.parseFloat((n * wanFactor(unit)).toPrecision(12));
}

const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol + 1e-9;

/** Rounding slack of a sum of printed values (each rounded to its last printed decimal). */
function tolerance(values: (string | null | undefined)[]): number {
  const decimals = Math.max(0, ...values.map((v) => (v && /\.(\d+)/.exec(v)?.[1]?.length) || 0));
  const unit = decimals > 0 ? 10 ** -decimals : 1;
  return (unit / 2) * (values.length + 1);
}

/** Columns that split the total between them (基本支出 + 项目支出 = 合计, …). */
const PARTITIONS = [
  ['basic_wan', 'project_wan', 'operating_wan', 'remit_wan', 'affiliated_subsidy_wan'],
  ['personnel_wan', 'public_wan'],
  ['subtotal_wan', 'carryover_wan'],
];

/** Within a row, the parts of a partition add up to total_wan. */
function checkRows(t: RawBudgetTable, file: VFile): void {
  const keys = new Set(t.columns.map((c) => c.key));
  if (!keys.has('total_wan') || t.lines.some((l) => l.side !== null)) return;
  for (const parts of PARTITIONS) {
    const present = parts.filter((k) => keys.has(k));
    if (present.length < 2) continue;
    // 人员经费 + 公用经费 split 基本支出, not the total, when the table also has 项目支出.
    if (parts.includes('personnel_wan') && keys.has('project_wan')) continue;
    for (const l of t.lines) {
      const values = present.map((k) => l.amounts_raw[k]);
      if (values.every((v) => parseAmount(v) === null)) continue;
      const total = parseAmount(l.amounts_raw.total_wan) ?? 0;
      const sum = values.reduce((s, v) => s + (parseAmount(v) ?? 0), 0);
      if (!near(sum, total, tolerance([...values, l.amounts_raw.total_wan]))) {
        report(file, `${t.table_name} ${l.code ?? ''} ${l.name ?? ''}: total_wan printed ${total}, ${present.filter((k) => parseAmount(l.amounts_raw[k]) !== null).join(' + ')} add up to ${Number(sum.toFixed(6))}`,
          { stage: 'check', rule: 'budget-row-sum', severity: 'warning', source: l.source });
      }
    }
  }
}

/** Children must add up to their parent (2080101… → 20801 → 208), top rows to the 合计. */
export function checkBudgetTable(t: RawBudgetTable, file: VFile): void {
  const coded = t.lines.filter((l) => l.code);
  // A two-sided table is checked when its codes are its own on each side (the 基本支出 tables
  // that print 工资福利支出 beside 商品和服务支出); its one printed 合计 covers one side only.
  const sided = t.lines.some((l) => l.side !== null);
  if (coded.length === 0 || (sided && new Set(coded.map((l) => l.code)).size !== coded.length)) return;
  const keys = t.columns.map((c) => c.key);
  const byCode = new Map(coded.map((l) => [l.code!, l]));
  for (const parent of coded) {
    const children = coded.filter((l) => parentCode(l.code) === parent.code);
    if (children.length === 0) continue;
    for (const key of keys) {
      const values = children.map((c) => c.amounts_raw[key]);
      const printed = parseAmount(parent.amounts_raw[key]);
      if (printed === null && values.every((v) => parseAmount(v) === null)) continue;
      const sum = values.reduce((s, v) => s + (parseAmount(v) ?? 0), 0);
      if (!near(sum, printed ?? 0, tolerance([...values, parent.amounts_raw[key]]))) {
        report(file, `${t.table_name} ${parent.code} ${parent.name ?? ''}: ${key} printed ${printed ?? 'blank'}, its ${children.length} sub-items add up to ${Number(sum.toFixed(6))}`,
          { stage: 'check', rule: 'budget-hierarchy-sum', severity: 'warning', source: parent.source });
      }
    }
  }
  if (!t.total_raw || sided) return;
  const top = coded.filter((l) => !byCode.has(parentCode(l.code) ?? ''));
  for (const key of keys) {
    const printed = parseAmount(t.total_raw[key]);
    const values = top.map((l) => l.amounts_raw[key]);
    if (printed === null && values.every((v) => parseAmount(v) === null)) continue;
    const sum = values.reduce((s, v) => s + (parseAmount(v) ?? 0), 0);
    if (!near(sum, printed ?? 0, tolerance([...values, t.total_raw[key]]))) {
      report(file, `${t.table_name}: ${key} 合计 printed ${printed ?? 'blank'}, its ${top.length} top-level rows add up to ${Number(sum.toFixed(6))}`,
        { stage: 'check', rule: 'budget-total-sum', severity: 'warning', source: t.source });
    }
  }
}

export function normalizeBudgetTables(tables: RawBudgetTable[], file: VFile): NormBudgetTable[] {
  return tables.map((t) => {
    if (t.unit_raw && !['万元', '元', '千元', '亿元'].includes(t.unit_raw)) {
      report(file, `${t.title}: unknown unit ${t.unit_raw}, amounts taken as 万元`, { stage: 'normalize', rule: 'budget-unit', severity: 'warning', source: t.source });
    }
    checkBudgetTable(t, file);
    checkRows(t, file);
    const lines: NormBudgetLine[] = t.lines.map((l) => {
      const amounts_wan: Record<string, number | null> = {};
      for (const [k, v] of Object.entries(l.amounts_raw)) {
        amounts_wan[k] = amountWan(v, t.unit_raw);
        if (v !== null && amounts_wan[k] === null) {
          report(file, `${t.table_name} ${l.code ?? ''} ${l.name ?? ''}: amount "${v}" is not a number`, { stage: 'normalize', rule: 'budget-amount', severity: 'warning', source: l.source });
        }
      }
      const classCode = l.code ?? codeOfClassName(l.name);
      return { ...l, amounts_wan, parent_code: parentCode(l.code), class_code: classCode, class_name: currentClassName(classCode) };
    });
    return { ...t, lines };
  });
}
