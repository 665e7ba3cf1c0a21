// Flattens the tree into one stream of text blocks and table rows, so recognizers can follow a
// 绩效目标表 across the several tables (or the one table) a format happens to split it into.
import type { Element, Root } from 'hast';
import { tableGrid, tableRows, type GridCell } from '../ir/grid.ts';
import { blocks, type SourceRef } from '../ir/nodes.ts';
import { cleanText, squash, textOf } from '../ir/text.ts';

export interface TextItem {
  kind: 'text';
  /** h1…h6 or p. */
  tag: string;
  text: string;
  source?: SourceRef;
}

export interface RowCell {
  /** Cleaned text of the cell (wrapped lines joined). */
  text: string;
  /** Grid column of the cell's origin slot. */
  col: number;
  colSpan: number;
  /** False when the slot is covered by a cell merged from a row above (a colspan's slots stay true). */
  origin: boolean;
  /** A slot no printed cell covers (the row was shorter than the table): its columns are not known. */
  filler: boolean;
  source?: SourceRef;
}

export interface RowItem {
  kind: 'row';
  /** Every column of the grid row (covered slots repeat their origin's text). */
  slots: RowCell[];
  /** Distinct cells of the row, left to right (a colspan counted once). */
  cells: RowCell[];
  /** Index of the table in the document and of the row in it. */
  table: number;
  row: number;
  source?: SourceRef;
}

export type StreamItem = TextItem | RowItem;

/**
 * Cell text as stored: wrapped lines joined (a line break inside Chinese text is layout),
 * layout whitespace removed. Breaks before a numbered item (`2.`, `（二）`) are kept.
 */
export function cellText(value: string): string {
  const lines = value.split('\n').map((l) => cleanText(l)).filter((l) => l !== '');
  let out = '';
  for (const line of lines) {
    if (!out) out = line;
    // `2.` starts an item, `2.5万` (a number wrapped after its first digits) does not.
    else if (/^([0-9]+[.、．](?![0-9])|[（(][0-9一二三四五六七八九十]+[)）]|目标[0-9]+)/.test(line)) out += `\n${line}`;
    // Two words wrapped apart keep a space; digits wrapped apart (`≥1` / `200`) are one number.
    else out += /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(line) && !(/[0-9.]$/.test(out) && /^[0-9.]/.test(line)) ? ` ${line}` : line;
  }
  return out;
}

function toCell(g: GridCell, r: number): RowCell {
  return { text: cellText(g.text), col: g.col, colSpan: g.colSpan, origin: g.row === r, filler: g.element.tagName === 'tr', source: g.source };
}

export function rowItems(tableEl: Element, table: number): RowItem[] {
  const trs = tableRows(tableEl);
  return tableGrid(tableEl).map((slots, r) => {
    const cells: RowCell[] = [];
    let last: GridCell | undefined;
    for (const g of slots) {
      // A colspan repeats its cell across the row's slots: keep it once.
      if (last && g.row === last.row && g.col === last.col) continue;
      last = g;
      cells.push(toCell(g, r));
    }
    const source = trs[r]?.data?.source ?? slots.find((g) => g.origin && g.source)?.source ?? tableEl.data?.source;
    return { kind: 'row' as const, slots: slots.map((g) => toCell(g, r)), cells, table, row: r, source };
  });
}

export function documentStream(tree: Root): StreamItem[] {
  const out: StreamItem[] = [];
  let table = 0;
  for (const b of blocks(tree)) {
    if (b.tagName === 'table') {
      out.push(...rowItems(b, table++));
    } else if (/^h[1-6]$/.test(b.tagName) || b.tagName === 'p') {
      const text = cellText(textOf(b));
      if (text) out.push({ kind: 'text', tag: b.tagName, text, source: b.data?.source });
    }
  }
  return out;
}

/** Cells of a row that start in this row (merged cells from above dropped), non-empty. */
export function ownCells(row: RowItem): RowCell[] {
  return row.cells.filter((c) => c.origin && c.text !== '');
}

/** Label form of a text: all whitespace removed, trailing colon dropped. */
export function label(text: string): string {
  return squash(text).replace(/[:：]+$/, '');
}
