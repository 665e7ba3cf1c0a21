// Comparison symbols that OCR misreads in performance-target tables, and where a correction
// is certain. Observed with PP-OCRv4 on the scanned samples (../shared/corpus/scanned, fonts
// that draw ≥ and ≤ slanted, ⩾ ⩽): ⩾ is read as V or W, ⩽ as M, a lone = as 二 (or missed,
// see cells.ts). A letter is only turned into a symbol where the table makes it certain:
// a column of single symbols (绩效指标性质), or a value column whose other cells start with
// a comparison symbol.
import type { LayoutTable } from '../extract/pdf/types.ts';

/** Symbols a target's comparison is printed with. */
export const COMPARISONS = new Set(['≥', '≤', '=', '>', '<', '≧', '≦', '⩾', '⩽', '＝', '＞', '＜']);

/** What OCR reads instead of a comparison symbol → the symbol. */
export const MISREAD: Record<string, string> = {
  V: '≥', v: '≥', W: '≥', w: '≥', '∨': '≥', 'Ｖ': '≥',
  M: '≤', m: '≤', '∧': '≤',
  '二': '=',
};

export interface SymbolFix {
  from: string;
  to: string;
  page: number;
  box: [number, number, number, number];
  why: string;
}

/** Fix misread comparison symbols in one OCR'd table (cells changed in place). */
export function fixSymbols(table: LayoutTable): SymbolFix[] {
  const fixes: SymbolFix[] = [];
  const columns = new Map<number, LayoutTable['rows'][number]>();
  for (const row of table.rows) {
    for (const cell of row) {
      if (cell.colSpan !== 1 || !cell.text) continue;
      if (!columns.has(cell.col)) columns.set(cell.col, []);
      columns.get(cell.col)!.push(cell);
    }
  }
  for (const cells of columns.values()) {
    const single = cells.filter((c) => COMPARISONS.has(c.text) || c.text in MISREAD);
    if (single.length >= 3 && single.length >= 0.7 * cells.length) {
      for (const c of single) {
        const to = MISREAD[c.text];
        if (!to) continue;
        fixes.push({ from: c.text, to, page: c.page, box: c.box, why: 'a column of comparison symbols' });
        c.text = to;
      }
      continue;
    }
    const leading = cells.filter((c) => COMPARISONS.has(Array.from(c.text)[0]!) && /^.\s*\d/u.test(c.text));
    if (leading.length < 2) continue;
    for (const c of cells) {
      const m = /^(.)(?=\s*\d)/u.exec(c.text);
      const to = m && MISREAD[m[1]!];
      if (!to) continue;
      fixes.push({ from: c.text, to: to + c.text.slice(1), page: c.page, box: c.box, why: `a value column whose other targets start with a comparison (${leading.length} cells)` });
      c.text = to + c.text.slice(1);
    }
  }
  return fixes;
}
