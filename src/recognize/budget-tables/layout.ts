// Reads the layout of one budget table grid: which rows are header, which columns hold the row
// number, the classification code (one column, or split over 类/款/项), the row name and the
// amounts. Roles are read from the data first and from the header second, because headers are
// often misaligned after conversion (功能分类科目 / 科目 / 编码 spread over the wrong columns)
// while the data columns are not.
import type { Grid, GridCell } from '../../ir/grid.ts';
import { cleanText, squash } from '../../ir/text.ts';
import {
  AMOUNT_RE, CODE_RE, FURNITURE_RE, PAGE_NUMBER_RE, hasCjk, isAmountOrBlank, isClearAmount, isColumnNumberRow, isTotalName,
} from './cells.ts';
import { tableTypeOfTitle } from './titles.ts';

export type RowKind = 'header' | 'columns' | 'furniture' | 'title' | 'data';

/** One name column with its code columns and the amount columns that belong to it. */
export interface Segment {
  /** Column of the row name, or -1 for a horizontal table (one amount per column, no names). */
  nameCol: number;
  /** Code columns, left to right (several when the code is split over 类/款/项). */
  codeCols: number[];
  amountCols: number[];
  /** Header of the name column (收入 / 支出 in a two-sided 收支总表), null for one-sided tables. */
  side: string | null;
  /** A name column to the left that groups the rows (一般公共预算资金 | 专项收入), or -1. */
  groupCol: number;
}

export interface Layout {
  width: number;
  kinds: RowKind[];
  /** Header text parts per column, top to bottom, de-duplicated (spans repeat their text). */
  headers: string[][];
  segments: Segment[];
  /** Whether the grid had header rows of its own (a continuation page may have none). */
  hasHeader: boolean;
  /** Columns of row numbers (序号, 行次): understood, not data. */
  seqCols: number[];
}

/** Called for a data row a reader could not turn into a record (reported as budget-row-unread). */
export type OnUnread = (row: GridCell[], reason: string) => void;

/** Header rows holding a bare number (a data row taken for a header, since 栏次 rows are not headers). */
export function numericHeaderRows(grid: Grid, kinds: RowKind[]): number[] {
  return grid.flatMap((row, r) => (kinds[r] === 'header' && row.some((c) => AMOUNT_RE.test(squash(c.text))) ? [r] : []));
}

export function rowTexts(grid: Grid, r: number): string[] {
  return grid[r]!.map((c) => c.text);
}

function looksLikeData(texts: string[]): boolean {
  if (texts.some(isClearAmount)) return true;
  // A coded row whose amounts are all blank: code followed by a name.
  const sq = texts.map(squash);
  return sq.some((t, i) => CODE_RE.test(t) && t.length >= 3 && sq.slice(i + 1).some((u) => hasCjk(u)));
}

/**
 * A row of amounts printed in whole numbers, led by at most a few label cells (合计 | 100 | 20 | 80,
 * 一般公共服务支出 | 60 | 10 | 50, or no label at all: 12 | 0 | 2 | 10). Below a header this is data
 * even though no amount is "clear" (no decimals, no thousands separators).
 */
function isAmountRow(texts: string[]): boolean {
  const sq = texts.map(squash).filter(Boolean);
  const lastLabel = sq.findLastIndex((t) => !isAmountOrBlank(t));
  const amounts = sq.slice(lastLabel + 1);
  const labels = sq.slice(0, lastLabel + 1).filter((t) => !isAmountOrBlank(t));
  return amounts.some((t) => AMOUNT_RE.test(t)) && labels.length <= 3 && labels.every(hasCjk);
}

/** Page furniture: unit, agency, budget year; a page number only when it is the row's one cell. */
function isFurniture(row: GridCell[]): boolean {
  // Each cell once: a cell spanning columns repeats its text in the slots it covers (a cell
  // spanning down from the row above still counts: its name makes this row data).
  const texts = row.filter((c, i) => i === 0 || row[i - 1]!.row !== c.row || row[i - 1]!.col !== c.col).map((c) => squash(c.text)).filter(Boolean);
  const joined = texts.join('');
  if (joined === '' || texts.some(isClearAmount)) return false;
  // Several cells of digits (12 | 0 | 2 | 10) are a row of amounts, not a page number.
  if (PAGE_NUMBER_RE.test(joined)) return texts.length === 1;
  return FURNITURE_RE.test(joined);
}

function isTitleRow(texts: string[]): boolean {
  const distinct = [...new Set(texts.map(squash).filter(Boolean))];
  return distinct.length === 1 && tableTypeOfTitle(distinct[0]!) !== null;
}

/** Classify the rows of a grid. Header rows are the leading rows before the first data row. */
export function rowKinds(grid: Grid): RowKind[] {
  const kinds: RowKind[] = [];
  const headerSigs = new Set<string>();
  let inData = false;
  // Where the 栏次 row is, everything above it is header even if it holds numbers.
  const stub = grid.findIndex((_, r) => r < 10 && isColumnNumberRow(rowTexts(grid, r)));
  grid.forEach((_, r) => {
    const texts = rowTexts(grid, r);
    const sig = texts.map(squash).join('|');
    if (isColumnNumberRow(texts)) { kinds.push('columns'); inData = false; return; }
    if (isTitleRow(texts)) { kinds.push('title'); return; }
    if (isFurniture(grid[r]!)) { kinds.push('furniture'); return; }
    // Below the header rows (and outside a header closed by a 栏次 row), a row of whole-number
    // amounts is data too.
    const data = looksLikeData(texts) || (kinds.includes('header') && r >= stub && isAmountRow(texts));
    if (!inData && (r < stub || !data) && !(stub >= 0 && r > stub)) {
      kinds.push('header'); headerSigs.add(sig); return;
    }
    // A header repeated on a later page inside the same grid.
    if (headerSigs.has(sig) && !looksLikeData(texts)) { kinds.push('header'); return; }
    inData = true;
    kinds.push('data');
  });
  return kinds;
}

function headerParts(grid: Grid, kinds: RowKind[], c: number): string[] {
  const parts: string[] = [];
  grid.forEach((row, r) => {
    if (kinds[r] !== 'header') return;
    const t = cleanText(row[c]!.text);
    if (t && parts[parts.length - 1] !== t) parts.push(t);
  });
  return parts;
}

type Role = 'seq' | 'code' | 'name' | 'amount' | 'empty';

const CODE_HEADER = /编码|代码|^[类款项]$/;

function columnRole(values: string[], header: string[], c: number): Role {
  const vals = values.map(squash).filter(Boolean);
  const head = header.map(squash);
  if (vals.length === 0) {
    // An empty table (空表列示) still prints its 序号 column.
    if (c === 0 && head.some((h) => /^(序号|行次)$/.test(h))) return 'seq';
    if (head.some((h) => CODE_HEADER.test(h) && !/名称/.test(h))) return 'code';
    if (head.some((h) => /名称|^项目$/.test(h))) return 'name';
    return head.length ? 'amount' : 'empty';
  }
  // Row numbers: under a 序号 header, or counting 1, 2, 3 … (a lone 201 is a code, not a number).
  const counting = vals.length >= 2 && Number(vals[0]) <= 2 && vals.every((v, i) => i === 0 || Number(v) === Number(vals[i - 1]) + 1);
  // 行次 numbers the template's lines; the 决算 templates print it beside each side's name (项目 |
  // 行次 | 金额), so it is a row number wherever it stands.
  if (((c === 0 && (head.some((h) => /序号|行次/.test(h)) || counting)) || head.some((h) => /^(行次|栏次)$/.test(h))) &&
      vals.every((v, i) => /^\d{1,3}$/.test(v) && (i === 0 || Number(v) > Number(vals[i - 1])))) return 'seq';
  // Codes: digits only, and either a code header (类/款/项/编码; 款 may print 02 as 2) or a
  // 类/项-length code somewhere (a column of small integers is more likely an amount).
  const codeHeader = head.some((h) => CODE_HEADER.test(h) && !/名称/.test(h));
  if (vals.every((v) => /^\d{1,7}$/.test(v)) && (codeHeader || (vals.every((v) => CODE_RE.test(v)) && vals.some((v) => v.length === 3 || v.length === 5 || v.length === 7))) &&
      !(head.length && !codeHeader && head.some((h) => /合计|金额|预算|费|支出|收入|小计/.test(h)))) return 'code';
  const cjk = vals.filter((v) => hasCjk(v) && !AMOUNT_RE.test(v)).length;
  if (cjk * 2 >= vals.length) return 'name';
  // Mostly amounts: a stray cell (two rows merged by the extractor) does not change the role.
  const amounts = values.filter((v) => squash(v) && (isAmountOrBlank(v) || v.trim().split(/\s+/).every(isAmountOrBlank))).length;
  if (amounts * 2 > vals.length) return 'amount';
  return 'name';
}

/** Roles of the columns and their grouping into segments. */
export function readLayout(grid: Grid, kinds = rowKinds(grid)): Layout {
  const width = grid[0]?.length ?? 0;
  const headers = Array.from({ length: width }, (_, c) => headerParts(grid, kinds, c));
  // Total rows are left out of the role statistics: 合计 may sit in any column.
  let dataRows = grid.filter((row, r) => kinds[r] === 'data' && !row.some((cell) => isTotalName(cell.text)));
  // A page holding nothing but the 合计 row (the last page of a long table).
  if (dataRows.length === 0) dataRows = grid.filter((_, r) => kinds[r] === 'data');
  // A column whose data cells are all covered by cells spanning from the left (a name cell
  // merged over two columns) has no role of its own.
  const spanned = (c: number) => dataRows.length > 0 && dataRows.every((row) => row[c]!.col !== c);
  const roles: Role[] = headers.map((h, c) => (spanned(c) ? 'empty' : columnRole(dataRows.map((row) => row[c]!.text), h, c)));
  const segments: Segment[] = [];
  let pendingCodes: number[] = [];
  for (let c = 0; c < width; c++) {
    const role = roles[c]!;
    if (role === 'code') pendingCodes.push(c);
    else if (role === 'name') {
      segments.push({ nameCol: c, codeCols: pendingCodes, amountCols: [], side: null, groupCol: -1 });
      pendingCodes = [];
    } else if (role === 'amount') {
      if (segments.length === 0) segments.push({ nameCol: -1, codeCols: [], amountCols: [], side: null, groupCol: -1 });
      segments[segments.length - 1]!.amountCols.push(c);
    }
  }
  // Codes with no name column after them: the code cell holds "code name" or the name is elsewhere.
  if (pendingCodes.length && segments.length) segments[segments.length - 1]!.codeCols.push(...pendingCodes);
  // Two name columns in a row (group | item): the left one groups the rows of the right one.
  for (let i = segments.length - 2; i >= 0; i--) {
    const [a, b] = [segments[i]!, segments[i + 1]!];
    if (a.amountCols.length === 0 && a.codeCols.length === 0 && a.groupCol < 0 && b.groupCol < 0) {
      b.groupCol = a.nameCol;
      segments.splice(i, 1);
    }
  }
  if (segments.length > 1) {
    for (const s of segments) {
      const parts = s.nameCol >= 0 ? headers[s.nameCol]! : [];
      s.side = parts.length ? parts.join('') : null;
    }
  }
  return { width, kinds, headers, segments, hasHeader: kinds.some((k) => k === 'header' || k === 'columns'), seqCols: roles.flatMap((r, c) => (r === 'seq' ? [c] : [])) };
}
