// What a page break cuts is joined again. A table ending one page and a table starting the
// next are one when their column lines agree (one part may have fewer: a 合计 row, a lone
// 项目编码 row). A repeated header row is dropped. A row cut in two (its rest on the next page:
// a lone cell, or cells left empty where the row above has text) goes back into the row above;
// empty cells at the left of the first row continue merged cells (一级/二级指标). A paragraph
// whose last line runs to the margin continues in an unindented first paragraph on the next page.
import { squash } from '../../ir/text.ts';
import { ENUMERATION, joinPieces } from './lines.ts';
import type { LayoutBlock, LayoutCell, LayoutTable, PageLayout } from './types.ts';

const COL_TOL = 4;

/**
 * Index in `prev`'s column boundaries of each of `next`'s, when `next` continues `prev`: same
 * outer edges, every boundary of `next` one of `prev`'s (a last row such as 合计 spanning the
 * code columns has fewer boundaries). Null when the columns do not line up.
 */
function columnMap(prev: LayoutTable, next: LayoutTable): number[] | null {
  const map: number[] = [];
  const tol = (t: LayoutTable, i: number) => Math.max(COL_TOL, t.colTol?.[i] ?? 0);
  for (const [k, x] of next.colX.entries()) {
    const i = prev.colX.findIndex((p, j) => Math.abs(p - x) <= Math.max(tol(prev, j), tol(next, k)));
    if (i < 0 || (map.length && i <= map[map.length - 1]!)) return null;
    map.push(i);
  }
  if (map[0] !== 0 || map[map.length - 1] !== prev.colX.length - 1) return null;
  return map;
}

/** Re-express a table's cells on a finer column grid `colX` (`map`: its boundaries there). */
function remapColumns(next: LayoutTable, map: number[], colX: number[], colTol: number[] | undefined): void {
  const ncols = colX.length - 1;
  if (map.every((m, i) => m === i) && map.length === colX.length) return;
  for (const row of next.rows) {
    for (const c of row) {
      const end = map[c.col + c.colSpan]!;
      c.col = map[c.col]!;
      c.colSpan = end - c.col;
    }
  }
  const widen = (ruled: boolean[]) => Array.from({ length: ncols }, (_, c) => ruled[map.findLastIndex((m) => m <= c)] ?? false);
  next.topRuled = widen(next.topRuled);
  next.bottomRuled = widen(next.bottomRuled);
  next.colX = colX;
  if (colTol) next.colTol = colTol;
  else delete next.colTol;
}

const NUMBER = /^[-+]?[\d,]*\.?\d+%?$/;

function rowKey(row: LayoutCell[]): string {
  return row.map((c) => `${c.col}:${c.colSpan}:${c.text.replace(/\s+/g, '')}`).join('|');
}

/** How many of `next`'s first rows repeat `prev`'s header rows (0 when none). */
function repeatedHeader(prev: LayoutTable, next: LayoutTable): number {
  let k = 0;
  while (k < 4 && k < prev.rows.length - 1 && k < next.rows.length && next.rows[k]!.length > 0 && rowKey(prev.rows[k]!) === rowKey(next.rows[k]!)) k++;
  return k;
}

/** The cell of `table` covering the last row at column `col`. */
function lastCellAt(table: LayoutTable, col: number): LayoutCell | undefined {
  const last = table.rows.length - 1;
  for (const row of table.rows) {
    for (const c of row) if (c.col <= col && col < c.col + c.colSpan && c.row <= last && last < c.row + c.rowSpan) return c;
  }
  return undefined;
}

/** What stitching dropped as printed twice: repeated header rows and repeated cell ends. */
export interface StitchDrops {
  headerRows: { count: number; breaks: number; firstPage: number | null };
  cellTails: { count: number; firstPage: number | null };
}

function append(prev: LayoutTable, next: LayoutTable, drops: StitchDrops): void {
  const skip = repeatedHeader(prev, next);
  if (skip > 0) {
    drops.headerRows.count += skip;
    drops.headerRows.breaks++;
    drops.headerRows.firstPage ??= next.page;
  }
  let rows = next.rows.slice(skip);
  if (skip === 0 && rows.length > 0) {
    const first = [...rows[0]!].sort((a, b) => a.col - b.col);
    const pairs = first.map((cell) => {
      const above = lastCellAt(prev, cell.col);
      const aligned = above && above.col === cell.col && above.colSpan === cell.colSpan ? above : undefined;
      const cols = Array.from({ length: cell.colSpan }, (_, i) => cell.col + i);
      return { cell, above: aligned, open: !cols.some((c) => next.topRuled[c] || prev.bottomRuled[c]) };
    });
    let prefix = 0;
    while (prefix < pairs.length && pairs[prefix]!.cell.text === '' && pairs[prefix]!.above?.text) prefix++;
    // A row cut by the page break: its first part above, the rest here, and the columns the
    // rest leaves empty (operator, value, unit…) are filled above. Or no rule between the parts.
    // Two amounts one above the other are two rows, never one cell cut in two.
    const numberUnderNumber = pairs.some((p) => NUMBER.test(squash(p.cell.text)) && p.above && NUMBER.test(squash(p.above.text)));
    // Only one cell carries text: the end of a cell wrapped over the break (`途` of
    // 预算规模及资金用途), unless it starts a new numbered item.
    const filled = pairs.filter((p) => p.cell.text !== '');
    const lone = filled.length === 1 && !ENUMERATION.test(filled[0]!.cell.text);
    // Every part of the row can go: into the cell above it, or (an empty one-row cell) nowhere.
    const absorbable = pairs.every((p) => p.above || (p.cell.text === '' && p.cell.rowSpan === 1));
    const splitRow = !numberUnderNumber && absorbable && filled.length > 0 && filled.every((p) => p.above) && (
      (pairs.every((p) => p.open && p.above)) || lone ||
      pairs.some((p, i) => i >= prefix && p.cell.text === '' && p.above?.text)
    );
    if (splitRow) {
      for (const { cell, above } of pairs) {
        if (!above) continue;
        // Some exporters print a cell's last line again on the next page: keep it once.
        const repeated = cell.text !== '' && squash(above!.text).endsWith(squash(cell.text));
        if (!repeated) above!.text = joinPieces(above!.text, cell.text, true);
        else {
          drops.cellTails.count++;
          drops.cellTails.firstPage ??= cell.page;
        }
        above!.rowSpan += cell.rowSpan - 1;
        if (cell.rowSpan > 1 || cell.text) above!.endPage = cell.page;
      }
      rows = rows.slice(1);
    } else {
      // Empty cells at the left of the first row continue merged cells above them (一级/二级指标
      // spanning the break); so does any cell the break left without a rule.
      for (const [i, { cell, above, open }] of pairs.entries()) {
        if (!above || !(i < prefix || (open && above.text))) continue;
        above.text = joinPieces(above.text, cell.text, true);
        above.rowSpan += cell.rowSpan;
        above.endPage = cell.page;
        rows[0]!.splice(rows[0]!.indexOf(cell), 1);
      }
    }
  }
  const offset = prev.rows.length;
  rows.forEach((row, i) => {
    for (const c of row) c.row = offset + i;
    prev.rows.push(row);
  });
  prev.endPage = next.endPage;
  prev.bottomRuled = next.bottomRuled;
}

export function newStitchDrops(): StitchDrops {
  return { headerRows: { count: 0, breaks: 0, firstPage: null }, cellTails: { count: 0, firstPage: null } };
}

/** Blocks of all pages in order, continuation tables and paragraphs joined to what they continue. */
export function stitchPages(pages: PageLayout[], drops: StitchDrops = newStitchDrops()): { block: LayoutBlock; breakBefore: boolean }[] {
  const out: { block: LayoutBlock; breakBefore: boolean }[] = [];
  let last: LayoutBlock | undefined;
  for (const p of pages) {
    let breakPending = out.length > 0;
    p.blocks.forEach((b, i) => {
      const carried = i === 0 && last && (last.kind === 'table' ? last.endPage : (last.endPage ?? last.page)) === p.page - 1;
      if (carried && b.kind === 'table' && last?.kind === 'table') {
        // Either part may have fewer column lines (a last 合计 row, a first 项目编码 row).
        const map = columnMap(last, b);
        const back = map ? null : columnMap(b, last);
        if (map || back) {
          if (map) remapColumns(b, map, last.colX, last.colTol);
          else remapColumns(last, back!, b.colX, b.colTol);
          append(last, b, drops);
          return;
        }
      }
      // A paragraph cut by the page break: the last line ran to the margin, the next page
      // starts without an indent in the same type size.
      if (carried && b.kind === 'p' && last?.kind === 'p' && last.open && !b.indented && Math.abs(b.size - last.size) <= 0.1 * last.size) {
        last.text = joinPieces(last.text, b.text, true);
        last.endPage = b.page;
        last.open = b.open;
        return;
      }
      out.push({ block: b, breakBefore: breakPending });
      breakPending = false;
      last = b;
    });
    if (p.blocks.length === 0) last = undefined;
  }
  return out;
}
