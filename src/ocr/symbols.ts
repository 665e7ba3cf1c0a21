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

/** What a cell's pixels say its glyph is: the nearest rendered template (glyph-match.ts), with its margin over other symbols, and the stroke heuristic (glyphs.ts). */
export interface SeenGlyph {
  symbol: Comparison | null;
  margin: number;
  heuristic: Comparison | null;
}

/** The symbol a comparison character stands for (⩾ ≧ ＞ … are ≥ > … printed otherwise). */
export const SAME: Record<string, Comparison> = {
  '≥': '≥', '⩾': '≥', '≧': '≥', '≤': '≤', '⩽': '≤', '≦': '≤', '=': '=', '＝': '=', '>': '>', '＞': '>', '<': '<', '＜': '<',
};

/** Template margin above which the glyph's shape overrules a symbol OCR read with confidence (measured: see docs/ocr.md). */
export const OVERRULE_MARGIN = 0.15;
/** Template margin above which the glyph's shape names a symbol OCR could not read. */
export const SHAPE_MARGIN = 0.05;

/**
 * The symbol of a cell in a column of comparison symbols, from three readers: OCR's text (and
 * how sure it was), the nearest rendered template and the stroke heuristic; null to leave the
 * cell as read.
 * - a symbol read with confidence stands, unless the template is clearly nearer another
 *   symbol (OVERRULE_MARGIN) and the heuristic does not disagree;
 * - an unsure symbol: where template and heuristic agree, that; else OCR's reading where
 *   either pixel reader backs it; else the template when clearly nearer;
 * - a letter OCR is known to read for a symbol (V, M …), a digit, nothing: the template, else
 *   the heuristic, else the known misreading.
 */
export function decideSymbol(text: string, sureness: number, seen: SeenGlyph | null): Comparison | null {
  const read = SAME[text];
  const tpl = seen?.symbol && seen.margin >= SHAPE_MARGIN ? seen.symbol : null;
  const heur = seen?.heuristic ?? null;
  if (read && sureness >= SURE) {
    return tpl && tpl !== read && seen!.margin >= OVERRULE_MARGIN && (!heur || heur === tpl) ? tpl : null;
  }
  if (read) {
    if (tpl && tpl === heur) return tpl;
    if (read === tpl || read === heur) return null;
    return tpl && seen!.margin >= OVERRULE_MARGIN ? tpl : null;
  }
  return tpl ?? heur ?? (MISREAD[text] as Comparison | undefined) ?? null;
}

/** Fix misread comparison symbols in one OCR'd table (cells changed in place). `shape` tells a cell's glyph from its pixels (glyphs.ts). */
export function fixSymbols(
  table: LayoutTable, shape?: (cell: LayoutCell) => SeenGlyph | null, sure?: (cell: LayoutCell) => number, lead?: (cell: LayoutCell) => SeenGlyph | null,
): SymbolFix[] {
  const fixes: SymbolFix[] = [];
  const columns = new Map<number, LayoutCell[]>();
  for (const row of table.rows) {
    for (const cell of row) {
      if (cell.colSpan !== 1) continue;
      if (!columns.has(cell.col)) columns.set(cell.col, []);
      columns.get(cell.col)!.push(cell);
    }
  }
  // A speck beside a lone symbol is read as a dot or comma ("V."): such a cell is still one character.
  const core = (c: LayoutCell) => c.text.replace(/[.,，。·:：'‘’`]/gu, '') || c.text;
  const one = (c: LayoutCell) => Array.from(core(c)).length === 1;
  for (const all of columns.values()) {
    const cells = all.filter((c) => c.text);
    const single = cells.filter(one);
    const symbols = single.filter((c) => COMPARISONS.has(core(c)) || core(c) in MISREAD);
    if (symbols.length >= 3 && single.length >= 0.8 * cells.length && symbols.length >= 0.5 * single.length) {
      // A column of comparison symbols: every one-character or empty cell holds one.
      for (const c of all.filter((c) => !c.text || one(c))) {
        const seen = shape?.(c) ?? null;
        const to = decideSymbol(c.text && core(c), sure?.(c) ?? 1, seen) ?? (core(c) !== c.text && SAME[core(c)] ? core(c) : null);
        if (!to || (to === SAME[core(c)] && core(c) === c.text)) continue;
        const shown = seen && (to === seen.symbol || to === seen.heuristic);
        const why = `a column of comparison symbols${shown ? `; the glyph's shape is ${to}` : ''}${SAME[core(c)] ? `, not ${c.text}` : ''}`;
        fixes.push({ from: c.text, to, page: c.page, box: c.box, why });
        c.text = to;
      }
      continue;
    }
    const leading = cells.filter((c) => COMPARISONS.has(Array.from(c.text)[0]!) && /^.\s*\d/u.test(c.text));
    if (leading.length < 2) continue;
    // A value column whose targets start with a comparison: a cell's leading symbol (or a
    // letter OCR reads for one) is told by the same three readers as in a column of symbols,
    // its glyph being the cell's first.
    for (const c of cells) {
      const m = /^(.)(?=\s*\d)/u.exec(c.text);
      const ch = m?.[1];
      if (!ch || !(COMPARISONS.has(ch) || ch in MISREAD)) continue;
      const seen = lead?.(c) ?? null;
      const to = decideSymbol(ch, sure?.(c) ?? 1, seen);
      if (!to || to === SAME[ch]) continue;
      const shown = seen && (to === seen.symbol || to === seen.heuristic);
      fixes.push({
        from: c.text, to: to + c.text.slice(ch.length), page: c.page, box: c.box,
        why: `a value column whose other targets start with a comparison (${leading.length} cells)${shown ? `; the glyph's shape is ${to}` : ''}`,
      });
      c.text = to + c.text.slice(ch.length);
    }
  }
  return fixes;
}
