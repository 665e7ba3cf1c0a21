// Printed labels of the 绩效目标表 and 批复表, matched on the label form (whitespace removed).
import { label, type RowCell, type RowItem } from './stream.ts';

export const L = {
  code: /^项目(编码|代码|编号)$/,
  name: /^项目名称$/,
  category: /^项目(类别|类型|属性)$/,
  unitName: /^(单位名称|预算单位|主管部门|实施单位)$/,
  budget: /^(预算数|预算金额|项目预算|年度预算数|资金总额|年度资金总额|预算数\(万元\)|预算数（万元）)$/,
  fiscal: /^(其中[:：]?)?财政(资金|拨款)$/,
  other: /^其他资金$/,
  purpose: /^(预算规模及)?资金用途$/,
  plan: /资金支出计划/,
  goals: /^(年度|项目|总体)?绩效目标$/,
  level1: /^一级指标$/,
  level2: /^二级指标$/,
  level3: /^三级指标$/,
  description: /^(绩效)?指标(描述|内容|说明)$/,
  value: /^(绩效)?(指标值|目标值|指标目标值)$/,
  basis: /^(指标值)?确定依据$|^指标值确定依据$|^依据$/,
  weight: /^(分值|权重|分值权重|指标权重|分值\(权重\))$/,
  unit: /^(度量|计量)?单位$/,
  op: /^(绩效)?指标性质$|^运算符$/,
  milestone: /^[0-9]{1,2}月(底|末)$/,
} as const;

export type LabelKey = keyof typeof L;

export function is(key: LabelKey, text: string): boolean {
  return L[key].test(label(text));
}

/**
 * Index in row.cells of the first cell starting in this row whose label matches. A label merged
 * down from a row above is not this row's label (a 项目名称 with rowSpan 2 must not start a second
 * project); pass `covered: true` to match it too.
 */
export function find(row: RowItem, key: LabelKey, opts: { covered?: boolean } = {}): number {
  return row.cells.findIndex((c) => (c.origin || opts.covered === true) && is(key, c.text));
}

export function has(row: RowItem, key: LabelKey, opts: { covered?: boolean } = {}): boolean {
  return find(row, key, opts) >= 0;
}

const ANY_LABEL = Object.values(L);

export function isAnyLabel(text: string): boolean {
  const t = label(text);
  return t !== '' && ANY_LABEL.some((re) => re.test(t));
}

/** Text of the cell following a label (the value printed beside it), or null. */
export function valueAfter(row: RowItem, key: LabelKey): { text: string | null; cell?: RowCell } {
  const i = find(row, key);
  if (i < 0) return { text: null };
  const next = row.cells[i + 1];
  if (!next || isAnyLabel(next.text)) return { text: null, cell: next };
  return { text: next.text === '' ? null : next.text, cell: next };
}
