// Comparison symbols that OCR misreads in performance-target tables, and where a correction
// is certain. Observed with PP-OCRv4 on the scanned samples (../shared/corpus/scanned, fonts
// that draw ≥ and ≤ slanted, ⩾ ⩽): ⩾ is read as V or W, ⩽ as M, a lone = as 二 (or missed,
// see cells.ts). A letter is only turned into a symbol where the table makes it certain:
// a column of single symbols (绩效指标性质), or a value column whose other cells start with
// a comparison symbol.
import type { LayoutCell, LayoutTable } from '../extract/pdf/types.ts';
import type { Comparison } from './glyphs.ts';

/** Symbols a target's comparison is printed with. */
export const COMPARISONS = new Set(['≥', '≤', '=', '>', '<', '≧', '≦', '⩾', '⩽', '＝', '＞', '＜']);

/** What OCR reads instead of a comparison symbol → the symbol. */
export const MISREAD: Record<string, string> = {
  V: '≥', v: '≥', W: '≥', w: '≥', '∨': '≥', 'Ｖ': '≥',
  M: '≤', m: '≤', '∧': '≤',
  '二': '=',
};

/** OCR confidence above which a comparison symbol read is kept as read. */
export const SURE = 0.9;

export interface SymbolFix {
  from: string;
  to: string;
  page: number;
  box: [number, number, number, number];
  why: string;
}

/** Fix misread comparison symbols in one OCR'd table (cells changed in place). `shape` tells a cell's glyph from its pixels (glyphs.ts). */
export function fixSymbols(table: LayoutTable, shape?: (cell: LayoutCell) => Comparison | null, sure?: (cell: LayoutCell) => number): SymbolFix[] {
  const fixes: SymbolFix[] = [];
  const columns = new Map<number, LayoutCell[]>();
  for (const row of table.rows) {
    for (const cell of row) {
      if (cell.colSpan !== 1) continue;
      if (!columns.has(cell.col)) columns.set(cell.col, []);
      columns.get(cell.col)!.push(cell);
    }
  }
  for (const all of columns.values()) {
    const cells = all.filter((c) => c.text);
    const single = cells.filter((c) => Array.from(c.text).length === 1);
    const symbols = single.filter((c) => COMPARISONS.has(c.text) || c.text in MISREAD);
    if (symbols.length >= 3 && single.length >= 0.8 * cells.length && symbols.length >= 0.5 * single.length) {
      // A column of comparison symbols: every one-character or empty cell holds one.
      for (const c of all.filter((c) => !c.text || Array.from(c.text).length === 1)) {
        // A symbol OCR read with confidence stands; a letter it is known to read for a symbol
        // is that symbol; anything else (an unsure symbol, a digit, nothing) is the glyph's shape.
        if (COMPARISONS.has(c.text) && (sure?.(c) ?? 1) >= SURE) continue;
        const misread = MISREAD[c.text];
        const seen = misread ? null : shape?.(c) ?? null;
        const to = misread ?? seen;
        if (!to || to === c.text) continue;
        fixes.push({
          from: c.text, to, page: c.page, box: c.box,
          why: seen ? `a column of comparison symbols; the glyph's shape is ${seen}` : 'a column of comparison symbols',
        });
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
