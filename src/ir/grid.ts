// Reads a hast table as a full rectangular grid, expanding rowspan/colspan. Recognizers use
// this instead of walking `tr`/`td` so merged cells look the same in every format.
import type { Element } from 'hast';
import { MAX_TABLE_COLUMNS } from '../extract/limits.ts';
import { isElement, type SourceRef } from './nodes.ts';
import { textOf } from './text.ts';

export interface GridCell {
  /** Text of the origin cell (a covered slot repeats its origin's text). */
  text: string;
  /** True only at the top-left slot of a cell; false in slots covered by a span. */
  origin: boolean;
  /** Row and column of the origin slot. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  header: boolean;
  source?: SourceRef;
  element: Element;
}

export type Grid = GridCell[][];

function span(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

/** Rows of a table element (tolerates thead/tbody/tfoot wrappers from HTML sources). */
export function tableRows(tableEl: Element): Element[] {
  const out: Element[] = [];
  for (const child of tableEl.children) {
    if (!isElement(child)) continue;
    if (child.tagName === 'tr') out.push(child);
    else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) out.push(...tableRows(child));
  }
  return out;
}

/**
 * Expand a table into a grid. Every row of the result has the same length (the table's
 * width); slots no cell covers are filled with empty cells (origin true, element of the row).
 */
export function tableGrid(tableEl: Element): Grid {
  const rows = tableRows(tableEl);
  const grid: (GridCell | undefined)[][] = rows.map(() => []);
  rows.forEach((tr, r) => {
    let c = 0;
    for (const td of tr.children) {
      if (!isElement(td) || (td.tagName !== 'td' && td.tagName !== 'th')) continue;
      while (grid[r]![c]) c++;
      const rowSpan = Math.min(span(td.properties?.rowSpan), rows.length - r);
      const colSpan = span(td.properties?.colSpan);
      // A span from a damaged file must not allocate millions of slots (extractors check too).
      if (c + colSpan > MAX_TABLE_COLUMNS) {
        throw new Error(`table row ${r + 1} is ${c + colSpan} columns wide, beyond the ${MAX_TABLE_COLUMNS} a table can hold (damaged column span?)`);
      }
      const base: Omit<GridCell, 'origin'> = {
        text: textOf(td), row: r, col: c, rowSpan, colSpan, header: td.tagName === 'th',
        source: td.data?.source, element: td,
      };
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) {
          grid[r + dr]![c + dc] = { ...base, origin: dr === 0 && dc === 0 };
        }
      }
      c += colSpan;
    }
  });
  const width = Math.max(0, ...grid.map((g) => g.length));
  return grid.map((g, r) => {
    const out: GridCell[] = [];
    for (let c = 0; c < width; c++) {
      out.push(g[c] ?? { text: '', origin: true, row: r, col: c, rowSpan: 1, colSpan: 1, header: false, source: rows[r]!.data?.source, element: rows[r]! });
    }
    return out;
  });
}
