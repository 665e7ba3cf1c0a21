// Finding printed labels (vocabulary in ./headers.ts) in the rows of the 绩效目标表 and 批复表.
import { headerForm, isLabel, L, type LabelKey } from './headers.ts';
import { label, type RowCell, type RowItem } from './stream.ts';

export { L, type LabelKey } from './headers.ts';

export function is(key: LabelKey, text: string): boolean {
  return isLabel(key, text);
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

const PATTERNS = Object.values(L) as RegExp[];

export function isAnyLabel(text: string): boolean {
  const t = label(text);
  if (t === '') return false;
  // The label form and the form without a bracketed unit, each computed once (this runs on every cell).
  const f = headerForm(text).form;
  return PATTERNS.some((re) => re.test(t) || (f !== t && re.test(f)));
}

/** Text of the cell following a label (the value printed beside it), or null. */
export function valueAfter(row: RowItem, key: LabelKey): { text: string | null; cell?: RowCell } {
  const i = find(row, key);
  if (i < 0) return { text: null };
  const next = row.cells[i + 1];
  if (!next || isAnyLabel(next.text)) return { text: null, cell: next };
  return { text: next.text === '' ? null : next.text, cell: next };
}
