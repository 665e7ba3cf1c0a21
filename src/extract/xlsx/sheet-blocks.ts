// One worksheet → blocks of the intermediate form: a heading with the sheet's name, then its
// content top to bottom. Rows are grouped into tables separated by empty rows; a row holding a
// single cell merged across the whole content width (a title, `单位：万元`) outside any vertical
// merge is a paragraph, as it was a line above the table in the document the sheet was made
// from. Merged ranges become rowSpan/colSpan; covered cells are absent. Every cell's source is
// its reference (`Sheet1!C35`).
import type { Element } from 'hast';
import { heading, paragraph, row, table, type CellSpec } from '../../ir/nodes.ts';
import { ExtractError } from '../types.ts';
import { cellName, columnName, sheetRef } from './cell-ref.ts';
import { SHEET_LIMITS, type Sheet, type SheetCell } from './workbook.ts';

export interface SheetBlocks {
  blocks: Element[];
  /** Cells whose text a merged range covers (Excel keeps only the top-left value; we keep theirs too, appended). */
  coveredText: string[];
}

interface Origin {
  cell: SheetCell | null;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export function sheetBlocks(sheet: Sheet): SheetBlocks {
  const out: SheetBlocks = { blocks: [heading(2, sheet.name, { cell: sheetRef(sheet.name, 'A1') })], coveredText: [] };
  if (sheet.cells.length === 0) return out;
  let top = Infinity;
  let bottom = -1;
  let left = Infinity;
  let right = -1;
  for (const c of sheet.cells) {
    top = Math.min(top, c.row);
    bottom = Math.max(bottom, c.row);
    left = Math.min(left, c.col);
    right = Math.max(right, c.col);
  }
  const at = new Map<number, SheetCell>(sheet.cells.map((c) => [c.row * 100_000 + c.col, c]));
  const key = (r: number, c: number) => r * 100_000 + c;
  // Merged ranges are clipped to the content box, so one spanning the whole sheet costs nothing
  // (and a title merged past the table's last column still spans exactly the table).
  const merges = sheet.merges.filter((m) => m.from.row >= top && m.from.row <= bottom && m.from.col >= left && m.from.col <= right);
  const width = right - left + 1;
  const height = bottom - top + 1;
  const range = `${cellName({ row: top, col: left })}:${cellName({ row: bottom, col: right })}`;
  if (width > SHEET_LIMITS.maxColumns || width * height > SHEET_LIMITS.maxArea) {
    throw new ExtractError(
      `sheet ${sheet.name}: content spans ${range} (${height.toLocaleString('en')} rows × ${width.toLocaleString('en')} columns), ` +
      `over the limit of ${SHEET_LIMITS.maxColumns} columns and ${SHEET_LIMITS.maxArea.toLocaleString('en')} cells`, 'xlsx');
  }

  // Slot → the merged range (or single cell) that owns it.
  const owner = new Map<number, Origin>();
  for (const m of merges) {
    const o: Origin = {
      cell: at.get(key(m.from.row, m.from.col)) ?? null, row: m.from.row, col: m.from.col,
      rowSpan: Math.min(m.to.row, bottom) - m.from.row + 1, colSpan: Math.min(m.to.col, right) - m.from.col + 1,
    };
    if ([...slots(o)].some((k) => owner.has(k))) continue; // overlapping ranges: Excel refuses them; keep the first
    for (const k of slots(o)) owner.set(k, o);
  }
  const originAt = (r: number, c: number): Origin | null => {
    const o = owner.get(key(r, c));
    if (o) return o;
    const cell = at.get(key(r, c));
    return cell ? { cell, row: r, col: c, rowSpan: 1, colSpan: 1 } : null;
  };
  // Text in covered slots: kept, appended to the owner's text.
  const extra = new Map<Origin, string[]>();
  for (const c of sheet.cells) {
    const o = owner.get(key(c.row, c.col));
    if (o && (o.row !== c.row || o.col !== c.col)) {
      (extra.get(o) ?? extra.set(o, []).get(o)!).push(c.text);
      out.coveredText.push(sheetRef(sheet.name, cellName(c)));
    }
  }
  const textOf = (o: Origin) => [o.cell?.text ?? '', ...(extra.get(o) ?? [])].filter((t) => t !== '').join('\n');

  /** The distinct cells with text that a row's slots belong to. */
  const nonEmpty = (r: number): Origin[] => {
    const found = new Set<Origin>();
    for (let c = left; c <= right; c++) {
      const o = originAt(r, c);
      if (o && textOf(o) !== '') found.add(o);
    }
    return [...found];
  };

  // Classify rows: empty, a line (one cell across the whole width), or a table row.
  type Kind = 'empty' | 'line' | 'table';
  const kinds: Kind[] = [];
  for (let r = top; r <= bottom; r++) {
    const origins = new Set<Origin>();
    let spanned = false;
    for (let c = left; c <= right; c++) {
      const o = originAt(r, c);
      if (!o) continue;
      if (o.rowSpan > 1) spanned = true;
      if (textOf(o) !== '') origins.add(o);
    }
    const only = origins.size === 1 ? [...origins][0]! : null;
    kinds.push(origins.size === 0 && !spanned ? 'empty'
      : only && !spanned && only.col <= left && only.col + only.colSpan - 1 >= right ? 'line' : 'table');
  }

  let r = top;
  while (r <= bottom) {
    const kind = kinds[r - top]!;
    if (kind === 'empty') {
      r++;
      continue;
    }
    // A lone row with one non-empty cell (a title merged over only part of the width) is a line too.
    const lone = kind === 'table' && (r === bottom || kinds[r + 1 - top] !== 'table') && nonEmpty(r).length === 1 && nonEmpty(r)[0]!.rowSpan === 1;
    if (kind === 'line' || lone) {
      const o = kind === 'line' ? originAt(r, left)! : nonEmpty(r)[0]!;
      out.blocks.push(paragraph(textOf(o), { cell: sheetRef(sheet.name, cellName(o)) }));
      r++;
      continue;
    }
    let end = r;
    while (end + 1 <= bottom && kinds[end + 1 - top] === 'table') end++;
    // A vertical merge running past the run's end ends with it (spans never leave a table).
    out.blocks.push(tableOf(r, end));
    r = end + 1;
  }
  return out;

  function tableOf(from: number, to: number): Element {
    const rows: Element[] = [];
    for (let rr = from; rr <= to; rr++) {
      const cells: CellSpec[] = [];
      for (let c = left; c <= right; c++) {
        const o = originAt(rr, c);
        if (o && (o.row !== rr || o.col !== c) && o.row >= from) continue; // covered by a span
        const ref = sheetRef(sheet.name, `${columnName(c)}${rr + 1}`);
        if (!o || (o.row !== rr || o.col !== c)) {
          // An empty slot, or one covered by a range that began above this table: an empty cell.
          cells.push({ text: '', source: { cell: ref } });
          continue;
        }
        cells.push({
          text: textOf(o),
          rowSpan: Math.min(o.rowSpan, to - rr + 1),
          colSpan: o.colSpan,
          source: { cell: ref },
        });
      }
      rows.push(row(cells, { cell: sheetRef(sheet.name, `${columnName(left)}${rr + 1}:${columnName(right)}${rr + 1}`) }));
    }
    return table(rows, { cell: sheetRef(sheet.name, `${columnName(left)}${from + 1}:${columnName(right)}${to + 1}`) });
  }

  function* slots(o: Origin): Generator<number> {
    for (let rr = o.row; rr < o.row + o.rowSpan; rr++) for (let c = o.col; c < o.col + o.colSpan; c++) yield key(rr, c);
  }
}
