// Works out every table's merged cells from word/document.xml and rewrites the tables so that
// mammoth has nothing left to merge. mammoth's own merging counts columns from 0 (ignoring
// w:gridBefore), ignores w:hMerge, joins a continuing cell to whatever cell last started in
// that column (even rows above a wider cell), and gives up on vertical merges as soon as a
// table holds anything besides rows and cells (a bookmark between rows, a content control).
//
// After this pass each remaining cell carries an explicit w:gridSpan, no w:vMerge/w:hMerge, and
// a bookmark `_bi<n>` whose number indexes `CellSpan[]`: html-blocks.ts finds the bookmark's
// anchor in the cell and applies the spans computed here.
import {
  childElements, createW, firstChild, intProp, propValue, setWAttr, unwrap, visibleText, wName, type XmlElement,
} from './word-xml.ts';
import { MAX_TABLE_COLUMNS } from '../limits.ts';
import { ExtractError } from '../types.ts';

export interface CellSpan {
  rowSpan: number;
  colSpan: number;
}

export interface LayoutResult {
  /** Spans of tagged cell n (bookmark `${CELL_TAG}n`). */
  cells: CellSpan[];
  tables: number;
  /** Covered cells that held text: their text was moved into the merged cell. */
  movedText: number;
  /** Tracked-deleted rows removed. */
  deletedRows: number;
}

export const CELL_TAG = '_bi';

// Containers that may wrap rows or cells; their content counts as if it stood in their place.
const WRAPPERS = new Set(['w:sdt', 'w:customXml', 'w:ins', 'w:moveTo', 'w:smartTag']);
// Structural children a table, row or cell keeps; everything else at row/cell level is a
// marker (bookmark, comment range, permission, proofing mark) with no text.
const TABLE_KEEP = new Set(['w:tblPr', 'w:tblGrid', 'w:tr']);
const ROW_KEEP = new Set(['w:trPr', 'w:tblPrEx', 'w:tc']);

/** Replace wrappers by their content and drop markers, so `node` holds only `keep` children. */
function normalizeChildren(node: XmlElement, keep: Set<string>): void {
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    for (const child of childElements(node)) {
      if (keep.has(wName(child))) continue;
      changed = true;
      if (WRAPPERS.has(wName(child))) {
        const content = wName(child) === 'w:sdt' ? firstChild(child, 'w:sdtContent') : child;
        unwrap(child, content ? childElements(content).filter((c) => wName(c) !== 'w:sdtPr') : []);
      } else {
        node.removeChild(child);
      }
    }
    if (!changed) break;
  }
}

function isDeletedRow(tr: XmlElement): boolean {
  const trPr = firstChild(tr, 'w:trPr');
  return !!trPr && !!firstChild(trPr, 'w:del');
}

function ensureProps(tc: XmlElement): XmlElement {
  let tcPr = firstChild(tc, 'w:tcPr');
  if (!tcPr) {
    tcPr = createW(tc.ownerDocument!, 'w:tcPr');
    tc.insertBefore(tcPr, tc.firstChild);
  }
  return tcPr;
}

function setGridSpan(tc: XmlElement, span: number): void {
  const tcPr = ensureProps(tc);
  for (const el of childElements(tcPr)) {
    if (wName(el) === 'w:gridSpan' || wName(el) === 'w:vMerge' || wName(el) === 'w:hMerge') tcPr.removeChild(el);
  }
  if (span > 1) {
    const gs = createW(tc.ownerDocument!, 'w:gridSpan');
    setWAttr(gs, 'w:val', String(span));
    tcPr.appendChild(gs);
  }
}

/** An empty cell standing for grid columns a row skips (w:gridBefore). */
function placeholderCell(doc: Document, span: number): XmlElement {
  const tc = createW(doc, 'w:tc');
  tc.appendChild(createW(doc, 'w:p'));
  setGridSpan(tc, span);
  return tc;
}

/** Move a covered cell's content (paragraphs, nested tables) to the end of the merged cell. */
function moveContent(from: XmlElement, to: XmlElement): void {
  for (const c of childElements(from)) if (wName(c) !== 'w:tcPr') to.appendChild(c);
}

function tagCell(tc: XmlElement, n: number): void {
  const doc = tc.ownerDocument!;
  let p = childElements(tc).find((c) => wName(c) === 'w:p');
  if (!p || childElements(tc).find((c) => wName(c) !== 'w:tcPr') !== p) {
    // First block is a nested table (or nothing): give the tag a paragraph of its own.
    p = createW(doc, 'w:p');
    const first = childElements(tc).find((c) => wName(c) !== 'w:tcPr');
    tc.insertBefore(p, first ?? null);
  }
  const mark = createW(doc, 'w:bookmarkStart');
  setWAttr(mark, 'w:id', String(900000000 + n));
  setWAttr(mark, 'w:name', `${CELL_TAG}${n}`);
  const pPr = firstChild(p, 'w:pPr');
  p.insertBefore(mark, pPr ? pPr.nextSibling : p.firstChild);
}

interface Slot {
  tc: XmlElement;
  row: number;
  col: number;
  span: CellSpan;
}

/**
 * Refuses a row wider than any table can be (a damaged or hostile w:gridSpan / w:gridBefore of
 * millions of columns, or a row of thousands of cells), before a grid is allocated for it.
 */
function checkWidth(out: LayoutResult, r: number, what: string, value: number, reach: number): void {
  if (reach <= MAX_TABLE_COLUMNS) return;
  const where = `damaged DOCX: table ${out.tables + 1}, row ${r + 1}`;
  throw new ExtractError(value > MAX_TABLE_COLUMNS
    ? `${where}: ${what} ${value} columns, beyond the ${MAX_TABLE_COLUMNS} a table can hold`
    : `${where} has more than ${MAX_TABLE_COLUMNS} columns, the most a table can hold`, 'docx');
}

function layoutTable(tbl: XmlElement, out: LayoutResult): void {
  normalizeChildren(tbl, TABLE_KEEP);
  const rows: XmlElement[] = [];
  for (const tr of childElements(tbl)) {
    if (wName(tr) !== 'w:tr') continue;
    if (isDeletedRow(tr)) {
      tbl.removeChild(tr);
      out.deletedRows++;
    } else {
      rows.push(tr);
    }
  }
  // grid[r][c]: the cell occupying that slot.
  const grid: Slot[][] = [];
  const kept: Slot[] = [];
  rows.forEach((tr, r) => {
    normalizeChildren(tr, ROW_KEEP);
    grid[r] = [];
    const trPr = firstChild(tr, 'w:trPr');
    const before = intProp(trPr, 'w:gridBefore');
    checkWidth(out, r, 'the row skips (w:gridBefore)', before, before);
    if (before > 0) {
      const firstCell = childElements(tr).find((c) => wName(c) === 'w:tc') ?? null;
      tr.insertBefore(placeholderCell(tbl.ownerDocument!, before), firstCell);
    }
    let col = 0;
    let left: Slot | undefined;
    for (const tc of childElements(tr)) {
      if (wName(tc) !== 'w:tc') continue;
      const tcPr = firstChild(tc, 'w:tcPr');
      const colSpan = Math.max(1, intProp(tcPr, 'w:gridSpan'));
      checkWidth(out, r, 'a cell spans (w:gridSpan)', colSpan, col + colSpan);
      const hMerge = propValue(tcPr, 'w:hMerge');
      const vMerge = propValue(tcPr, 'w:vMerge');
      // Legacy horizontal merge: a continuing cell widens the cell to its left.
      if (hMerge !== undefined && hMerge !== 'restart' && left && left.row === r) {
        left.span.colSpan += colSpan;
        for (let c = col; c < col + colSpan; c++) grid[r]![c] = left;
        col += colSpan;
        if (visibleText(tc).trim()) { moveContent(tc, left.tc); out.movedText++; }
        tr.removeChild(tc);
        continue;
      }
      // Vertical merge: a continuing cell extends the cell above when it starts in the same
      // column with the same width and reaches down to this row.
      if (vMerge !== undefined && vMerge !== 'restart') {
        const above = r > 0 ? grid[r - 1]![col] : undefined;
        if (above && above.col === col && above.span.colSpan === colSpan && above.row + above.span.rowSpan === r) {
          above.span.rowSpan++;
          for (let c = col; c < col + colSpan; c++) grid[r]![c] = above;
          col += colSpan;
          left = above;
          if (visibleText(tc).trim()) { moveContent(tc, above.tc); out.movedText++; }
          tr.removeChild(tc);
          continue;
        }
      }
      const slot: Slot = { tc, row: r, col, span: { rowSpan: 1, colSpan } };
      for (let c = col; c < col + colSpan; c++) grid[r]![c] = slot;
      kept.push(slot);
      left = slot;
      col += colSpan;
    }
  });
  for (const slot of kept) {
    setGridSpan(slot.tc, slot.span.colSpan);
    tagCell(slot.tc, out.cells.length);
    out.cells.push(slot.span);
  }
  out.tables++;
}

/** Rewrite the tables (every w:tbl of document.xml, in document order) in place; returns the spans by cell tag. */
export function layoutTables(tables: XmlElement[]): LayoutResult {
  const out: LayoutResult = { cells: [], tables: 0, movedText: 0, deletedRows: 0 };
  // Document order, outer tables first; a table inside a removed (deleted) row is still
  // tagged but never reaches mammoth, which is harmless.
  for (const tbl of tables) layoutTable(tbl, out);
  return out;
}
