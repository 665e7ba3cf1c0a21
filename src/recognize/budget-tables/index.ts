// Department budget tables (部门预算公开表): 收支总表, 收入总表, 支出总表, 财政拨款收支总表,
// 一般公共预算支出表, 基本支出表, 政府性基金/国有资本经营支出表, 三公经费表, plus the 政府采购 and
// 国有资产 tables. Reads the hast tree only (tableGrid), so it works the same for txt, pdf and docx.
//
// A table is announced by a title (heading or paragraph, or a title row inside the table) and may
// run over several hast tables: one per page, with or without a repeated header and 栏次 row.
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { tableGrid, type Grid } from '../../ir/grid.ts';
import { blocks, sourceOf, type SourceRef } from '../../ir/nodes.ts';
import { cleanText, squash, textOf } from '../../ir/text.ts';
import { report } from '../../messages.ts';
import { amountWan } from '../../normalize/budget-lines.ts';
import type { RawBudgetTable, RawDocument } from '../../records.ts';
import { codeOfClassName } from '../../normalize/classification/index.ts';
import type { GridCell } from '../../ir/grid.ts';
import { AMOUNT_RE, FURNITURE_RE, isClearAmount, stripNumbering, unitIn } from './cells.ts';
import { columnKey } from './columns.ts';
import { numericHeaderRows, readLayout, rowKinds, rowTexts, type Layout, type OnUnread } from './layout.ts';
import { CodeJoiner, readHorizontalRow, readSegmentRow, splitFusedTotal, splitStackedRow, type ReadRow } from './lines.ts';
import { readAssetRows, readProcurementRows } from './items.ts';
import { cleanTitle, tableTypeOfTitle, type TableType } from './titles.ts';
import type { CellLedger, MarkCell } from '../coverage.ts';
import { columnName } from './lines.ts';

export interface BudgetTablesResult {
  budget_tables: RawBudgetTable[];
  procurement_items: RawDocument['procurement_items'];
  fixed_assets: RawDocument['fixed_assets'];
}

interface OpenTable {
  type: TableType;
  title: string;
  unit: string | null;
  source?: SourceRef;
  layout: Layout | null;
  /** Column key per grid column of the current layout. */
  keys: Map<number, string>;
  columns: { key: string; header: string }[];
  usedKeys: Set<string>;
  rows: ReadRow[];
  /** One per segment: the two sides of a table each carry their own 类 and 款 down. */
  joiners: CodeJoiner[];
  /** Per segment, a row that printed only its code: the next row's name belongs to it. */
  codeOnly: (ReadRow | null)[];
  /** A 决算 table (决算 document, or a title with 决算): its headers read with the 决算 words. */
  final: boolean;
  /** What the table's figures are: final_accounts (a 决算 table), budget, or the document's type. */
  docType: RawDocument['doc_type'];
  emptyNote: boolean;
  /** Procurement / asset rows (column → printed text). */
  items: Record<string, string | null>[];
  /** Amount columns whose header no rule knows, already reported (one message per header). */
  unmapped: Set<string>;
  /** Document-order numbers of the grids read into this table. */
  grids: number[];
}

/** Coverage audit of the budget tables: cells read go to `ledger`, the tables read to `tables`. */
export interface BudgetAudit {
  ledger: CellLedger;
  /** Document-order numbers of the tables whose cells are audited. */
  tables: Set<number>;
  /** For each budget table (table_seq), the document-order numbers of the grids it was read from. */
  grids?: Map<number, number[]>;
  /** Set to the number of titled tables with printed rows read (lines, procurement, assets). */
  printed?: number;
}

/** A key the header vocabulary gave: colN_wan is a header no rule knows, its amounts not understood. */
function knownKey(key: string | undefined): boolean {
  return key !== undefined && !/^col\d+(_\d+)?_wan$/.test(key);
}

const noMark: MarkCell = () => {};

const EMPTY_NOTE_RE = /空表|无此(项|类)|无该项|没有.*(预算|收支)|本表无数据|无.*(预算|经费|收支).*(列示|公开)/;

function isMetaTable(grid: Grid): boolean {
  // The small table some exports put above a budget table: agency | 预算年度 | 单位：万元.
  if (grid.length > 2) return false;
  const all = squash(grid.flat().map((c) => c.text).join(''));
  return FURNITURE_RE.test(all) && !grid.flat().some((c) => isClearAmount(c.text)) && !/序号|科目|项目|名称/.test(all);
}

/**
 * Recognize the department budget tables of a document. `docType` comes from the document
 * recognizer: the tables of a 决算 (final accounts), and any table titled …决算表, are read as
 * 决算 tables (their columns keyed with the 决算 words, `doc_type` final_accounts). `used`, when
 * given, receives the document-order numbers of the tables this read or reported (so others can
 * be reported).
 */
export function recognizeBudgetTables(tree: Root, file: VFile, docType: RawDocument['doc_type'] = 'unknown', used?: Set<number>, audit?: BudgetAudit): BudgetTablesResult {
  const walker = new TableWalker(file, used, docType, audit);
  for (const block of blocks(tree)) {
    if (block.tagName === 'table') walker.table(block);
    else if (block.tagName !== 'hr') walker.text(block);
  }
  return walker.end();
}

interface Title { type: TableType; title: string; source?: SourceRef }

/** Walks the blocks in order: titles announce tables, tables (one per page) fill them. */
class TableWalker {
  readonly result: BudgetTablesResult = { budget_tables: [], procurement_items: [], fixed_assets: [] };
  private pending: Title | null = null;
  /** Text seen since the last title or table (agency, 预算年度, 单位：万元 …). */
  private between = '';
  private open: OpenTable | null = null;
  private readonly seenMain = new Set<string>();
  /** Document-order number of the next table block. */
  private tableNo = 0;

  constructor(private readonly file: VFile, private readonly used: Set<number> = new Set(), private readonly docType: RawDocument['doc_type'] = 'unknown', private readonly audit?: BudgetAudit) {}

  /** The ledger's marker for table `no`, which from now on is audited. */
  private marker(no: number): MarkCell {
    const audit = this.audit;
    if (!audit) return noMark;
    audit.tables.add(no);
    return (cell) => audit.ledger.markAt(no, cell);
  }

  text(block: Element): void {
    const text = textOf(block);
    const t = squash(text);
    if (!t) return;
    const type = tableTypeOfTitle(t);
    if (type) {
      // The title repeated on a later page (or marked 续) continues the open table.
      if (this.continues(type, text)) return;
      this.close();
      this.pending = { type, title: cleanTitle(text), source: sourceOf(block) };
      this.between = '';
      return;
    }
    const open = this.open;
    if (open && /^注/.test(t) && EMPTY_NOTE_RE.test(t)) { open.emptyNote = true; this.close(); return; }
    this.between += t;
    if (open && !open.unit) open.unit = unitIn(this.between);
    // Headings and running text end a table; page furniture (unit, agency, 公开05表, page number) does not.
    if (t.length > 50) { this.close(); this.pending = null; } else if (/^h[1-6]$/.test(block.tagName) && !FURNITURE_RE.test(t)) this.close();
  }

  table(block: Element): void {
    const no = this.tableNo++;
    const grid = tableGrid(block);
    if (grid.length === 0) return;
    if (isMetaTable(grid)) {
      this.used.add(no);
      // Agency, 预算年度, 单位：万元: read as the table's furniture.
      const mark = this.marker(no);
      for (const row of grid) for (const c of row) mark(c);
      this.between += squash(grid.flat().filter((c) => c.origin).map((c) => c.text).join(''));
      if (this.open && !this.open.unit) this.open.unit = unitIn(this.between);
      return;
    }
    // A title printed inside the table's first rows.
    const titleText = grid.slice(0, 3).map((row) => [...new Set(row.map((c) => squash(c.text)).filter(Boolean))])
      .find((d) => d.length === 1 && tableTypeOfTitle(d[0]!))?.[0];
    if (titleText) {
      const type = tableTypeOfTitle(titleText)!;
      if (!this.continues(type, titleText)) this.pending = { type, title: cleanTitle(titleText), source: sourceOf(block) };
    }
    if (this.pending) {
      this.start(this.pending);
      this.pending = null;
    } else if (!this.open) {
      this.between = '';
      if (hasClassifiedRows(grid)) {
        this.used.add(no);
        // Audited with nothing marked: its amounts are lost, and the coverage says so.
        this.marker(no);
        report(this.file, `table with classified budget rows but no budget table title: not loaded (${grid.length} rows; first: ${rawRow(grid[0]!)})`, { stage: 'recognize', rule: 'budget-table-untitled', severity: 'warning', source: sourceOf(block) });
      }
      return;
    }
    const open = this.open!;
    this.used.add(no);
    // Unit printed in the table's own furniture rows or header (价值（金额单位：万元）).
    if (!open.unit) open.unit = unitIn(grid.slice(0, 4).flat().map((c) => c.text).join(''));
    addGrid(open, grid, this.file, this.marker(no));
    open.grids.push(no);
    this.between = '';
  }

  end(): BudgetTablesResult {
    this.close();
    return this.result;
  }

  private continues(type: TableType, text: string): boolean {
    const open = this.open;
    if (!open || open.type.name !== type.name || this.pending) return false;
    const title = cleanTitle(text);
    return /续/.test(title) || title === open.title;
  }

  private start(p: Title): void {
    this.close();
    const final = this.docType === 'final_accounts' || /决算/.test(p.title);
    this.open = {
      type: p.type, title: p.title, unit: unitIn(this.between), source: p.source, layout: null, keys: new Map(), columns: [],
      usedKeys: new Set(), rows: [], joiners: [], codeOnly: [], final,
      docType: final ? 'final_accounts' : /预算/.test(p.title) ? 'budget' : this.docType, emptyNote: false, items: [], unmapped: new Set(), grids: [],
    };
  }

  private close(): void {
    if (!this.open) return;
    if (this.audit && this.open.grids.length) this.audit.printed = (this.audit.printed ?? 0) + 1;
    const before = this.result.budget_tables.length;
    finish(this.open, this.result, this.file, this.seenMain);
    if (this.result.budget_tables.length > before) this.audit?.grids?.set(this.result.budget_tables.length, this.open.grids);
    this.open = null;
  }
}

/**
 * Rows that start with a classification code and a name (201 一般公共服务支出 | 12.00), or with
 * the name of a 类 (一般公共服务支出 | 12), followed by amounts (whole numbers too).
 */
function hasClassifiedRows(grid: Grid): boolean {
  return grid.some((row) => {
    const texts = row.map((c) => squash(c.text)).filter(Boolean);
    if (texts.length >= 3 && /^(2\d{2}|3\d{2})(\d{2}){0,2}$/.test(texts[0]!) && /[\u4e00-\u9fff]/.test(texts[1]!) && texts.slice(2).some((t) => AMOUNT_RE.test(t))) return true;
    return texts.length >= 2 && codeOfClassName(stripNumbering(texts[0]!)) !== null && texts.slice(1).every((t) => AMOUNT_RE.test(t));
  });
}

/** A row's printed text for a message: its cells (spans once) joined by |. */
function rawRow(row: GridCell[]): string {
  return row.filter((c) => c.origin).map((c) => cleanText(c.text)).join(' | ');
}

/** Report a data row that was not turned into a line or item, with its position and text. */
function unreadReporter(file: VFile, title: string): OnUnread {
  return (row, reason) => report(file, `${title}: row not read (${reason}): ${rawRow(row)}`, {
    stage: 'recognize', rule: 'budget-row-unread', severity: 'warning', source: row.find((c) => c.source)?.source ?? row[0]?.element.data?.source,
  });
}

function addGrid(t: OpenTable, grid: Grid, file: VFile, mark: MarkCell = noMark): void {
  const kinds = rowKinds(grid);
  // Title rows, page furniture (单位：万元, agency, page number) and the 栏次 row: understood by rule.
  grid.forEach((row, r) => { if (kinds[r] === 'title' || kinds[r] === 'furniture' || kinds[r] === 'columns') for (const c of row) mark(c); });
  // A header holding bare numbers is most likely a data row the reader took for a header.
  for (const r of numericHeaderRows(grid, kinds)) {
    report(file, `${t.title}: header row holds numbers, its amounts are not read: ${rawRow(grid[r]!)}`, { stage: 'recognize', rule: 'budget-header-numbers', severity: 'warning', source: grid[r]!.find((c) => c.source)?.source });
  }
  const onUnread = unreadReporter(file, t.title);
  if (t.type.kind === 'procurement') {
    const textOnly = new Map<number, string>();
    t.items.push(...readProcurementRows(grid, onUnread, mark, textOnly));
    if (textOnly.size) {
      report(file, `${t.title}: ${textOnly.size} column(s) kept only in the items' row_text, in no field: ${[...textOnly.values()].join(', ')}`, {
        stage: 'recognize', rule: 'procurement-columns-text-only', severity: 'warning', source: t.source,
      });
    }
    return;
  }
  if (t.type.kind === 'assets') { t.items.push(...readAssetRows(grid, onUnread, mark)); return; }
  let layout = readLayout(grid, kinds);
  if (!layout.hasHeader && t.layout) {
    // A continuation page without header: same columns as before when the width agrees;
    // otherwise map this page's amount columns in order onto the known keys.
    if (layout.width === t.layout.width) layout = { ...t.layout, kinds };
    else {
      const known = t.layout.segments.flatMap((s) => s.amountCols.map((c) => t.keys.get(c)!));
      // Amounts sit at the right; extra columns found on the left (row numbers) are not amounts.
      const found = layout.segments.flatMap((s) => s.amountCols);
      const cols = found.length > known.length ? found.slice(-known.length) : found;
      if (cols.length !== known.length) {
        report(file, `${t.title}: continuation page has ${cols.length} amount columns, the table has ${known.length}; mapped in order`, { stage: 'recognize', rule: 'budget-continuation-columns', severity: 'warning', source: grid[0]?.[0]?.source });
      }
      t.keys = new Map(cols.map((c, i) => [c, known[i] ?? columnKey([], i, t.usedKeys, t.final)]));
      layout = { ...layout, headers: layout.headers };
      t.layout = layout;
      readRows(t, grid, layout, file, mark);
      return;
    }
  }
  if (layout.hasHeader) {
    // Header seen on this page: key its amount columns (the same header gives the same keys).
    const keys = new Map<number, string>();
    const firstTime = t.layout === null;
    // Keys are unique within a segment: both sides of a 收支总表 have their own total_wan.
    layout.segments.forEach((s) => { const used = new Set<string>(); s.amountCols.forEach((c, i) => {
      const key = columnKey(layout.headers[c]!, c, used, t.final);
      keys.set(c, key);
      if (firstTime) t.columns.push({ key, header: layout.headers[c]!.join('/') || `第${i + 1}列` });
    }); });
    if (!firstTime) {
      for (const [c, key] of keys) if (!t.columns.some((col) => col.key === key)) t.columns.push({ key, header: layout.headers[c]!.join('/') });
    }
    t.keys = keys;
  } else if (!t.layout) {
    layout.segments.forEach((s) => s.amountCols.forEach((c, i) => {
      const key = i === 0 ? 'total_wan' : columnKey([], c, t.usedKeys, t.final);
      if (i === 0) t.usedKeys.add(key);
      t.keys.set(c, key);
      t.columns.push({ key, header: '' });
    }));
  }
  t.layout = layout;
  readRows(t, grid, layout, file, mark);
}

/**
 * Columns whose cells land in a field: row numbers, codes, names, groups, and the amount columns
 * whose header the vocabulary knows (in a horizontal table: whose header names the line).
 */
function readColumns(t: OpenTable, layout: Layout, horizontal: boolean): Set<number> {
  const cols = new Set<number>(layout.seqCols);
  for (const s of layout.segments) {
    for (const c of [s.nameCol, s.groupCol, ...s.codeCols]) if (c >= 0) cols.add(c);
    for (const c of s.amountCols) if (horizontal ? cleanText(columnName(layout.headers[c] ?? [])) !== '' : knownKey(t.keys.get(c))) cols.add(c);
  }
  return cols;
}

function readRows(t: OpenTable, grid: Grid, layout: Layout, file: VFile, mark: MarkCell = noMark): void {
  const horizontal = layout.segments.length === 1 && layout.segments[0]!.nameCol === -1;
  const readCols = readColumns(t, layout, horizontal);
  // Amount columns no header rule knows: their figures are kept under colN_wan but nobody can say
  // what they are, so they count as unread and the header is named once.
  const data = grid.filter((_, r) => layout.kinds[r] === 'data');
  // A column with no figure under it loses nothing: its header (上解上级 | 支出 split by a text
  // conversion, a column of an empty table) counts as read.
  for (const s of layout.segments) for (const c of s.amountCols) if (!data.some((row) => row[c]!.col === c && squash(row[c]!.text))) readCols.add(c);
  if (!horizontal) {
    for (const s of layout.segments) for (const c of s.amountCols) {
      const header = (layout.headers[c] ?? []).join('/');
      // A header of bare numbers is a data row taken for the header (budget-header-numbers said so).
      if (readCols.has(c) || t.unmapped.has(header) || (layout.headers[c] ?? []).some((h) => AMOUNT_RE.test(squash(h)))) continue;
      t.unmapped.add(header);
      report(file, `${t.title}: amount column ${c + 1} header "${header || '(none)'}" maps to no known column: its amounts are kept as ${t.keys.get(c)} but not understood`, {
        stage: 'recognize', rule: 'header-unmapped', severity: 'warning', source: grid.find((row, r) => layout.kinds[r] === 'header' && squash(row[c]!.text))?.[c]?.source ?? t.source,
      });
    }
  }
  // Header cells above a column that is read (a group header spanning several: when one of them is),
  // or above a column whose data cells all belong to a read cell spanning into it (名称 over two columns).
  const spannedIntoRead = (c: number) => data.length > 0 && data.every((row) => row[c]!.col !== c && readCols.has(row[c]!.col));
  grid.forEach((row, r) => { if (layout.kinds[r] === 'header') row.forEach((cell, c) => { if (readCols.has(c) || spannedIntoRead(c)) mark(cell); }); });
  grid.forEach((row, r) => {
    if (layout.kinds[r] !== 'data') return;
    if (horizontal) {
      const read = readHorizontalRow(grid, r, layout, layout.segments[0]!, unreadReporter(file, t.title), t.final);
      t.rows.push(...read);
      if (read.length) for (const c of readCols) mark(row[c]!);
      return;
    }
    for (const c of layout.seqCols) mark(row[c]!);
    let any = false;
    for (const [k, seg] of layout.segments.entries()) {
      // The cells of this side span down from a row above or are blank: nothing new is printed here.
      const cols = [seg.nameCol, ...seg.codeCols, ...seg.amountCols].filter((c) => c >= 0);
      if (cols.some((c) => row[c]!.row < r) && cols.every((c) => row[c]!.row < r || !squash(row[c]!.text))) { any = true; continue; }
      const stacked = splitStackedRow(row, seg);
      if (stacked) {
        report(file, `${t.title}: ${stacked.length} printed rows read from one line: ${cleanText(rowTexts(grid, r).join(' | '))}`, { stage: 'recognize', rule: 'budget-row-split', severity: 'info', source: row[0]?.source });
      }
      for (const part of stacked ?? [row]) {
        const read = readSegmentRow(part, seg, t.keys, (t.joiners[k] ??= new CodeJoiner()));
        if (!read) continue;
        any = true;
        // The cells of this side landed in the line (code, name, group, amounts of known columns).
        for (const c of [seg.nameCol, seg.groupCol, ...seg.codeCols, ...seg.amountCols]) if (c >= 0 && readCols.has(c)) mark(row[c]!);
        const fused = splitFusedTotal(read);
        if (fused) {
          report(file, `${t.title}: 2 printed rows read from one line, the amounts kept with ${fused[0]!.line.name}: ${read.line.name_raw}`, { stage: 'recognize', rule: 'budget-row-split', severity: 'info', source: read.line.source });
        }
        for (const r of fused ?? [read]) pushRow(t, k, r);
      }
    }
    if (!any && rowTexts(grid, r).some((x) => squash(x))) unreadReporter(file, t.title)(row, 'no name, code or amount');
  });
}

/**
 * Add a read row. A row that printed only its classification code (301 | 01, no name, no amount)
 * and a following row of the same side with a name but no code are one printed row whose cells
 * the conversion put on two lines (ONLYOFFICE exports wrap a long name below its code, the
 * Shanghai 2024 决算's 基本支出决算表): they become one line. A code-only row followed by anything
 * else is kept as it is.
 */
function pushRow(t: OpenTable, k: number, read: ReadRow): void {
  const waiting = t.codeOnly[k];
  const codeOnly = read.line.code !== null && !read.line.name && Object.values(read.line.amounts_raw).every((v) => v === null);
  if (waiting) {
    t.codeOnly[k] = null;
    if (!read.line.code && read.line.name && !read.total) {
      t.rows.push({ ...read, line: { ...read.line, code: waiting.line.code, source: waiting.line.source ?? read.line.source } });
      return;
    }
    t.rows.push(waiting);
  }
  if (codeOnly) t.codeOnly[k] = read;
  else t.rows.push(read);
}

function flushCodeOnly(t: OpenTable): void {
  for (const [k, waiting] of t.codeOnly.entries()) if (waiting) { t.rows.push(waiting); t.codeOnly[k] = null; }
}

function finish(t: OpenTable, result: BudgetTablesResult, file: VFile, seenMain: Set<string>): void {
  flushCodeOnly(t);
  // Items carry 万元 amounts beside the printed ones (the loader reads *_wan and quantity).
  const wan = (v: string | null | undefined) => { const n = amountWan(v, t.unit); return n === null ? null : String(n); };
  if (t.type.kind === 'procurement') {
    result.procurement_items.push(...t.items.map((i) => ({ ...i, unit_raw: t.unit, unit_price_wan: wan(i.unit_price_raw), amount_wan: wan(i.amount_raw) })));
    return;
  }
  if (t.type.kind === 'assets') { result.fixed_assets.push(...t.items.map((i) => ({ ...i, unit_raw: t.unit, amount_wan: wan(i.amount_raw) }))); return; }
  const lines = t.rows.filter((r) => !r.total).map((r, i) => ({ ...r.line, line_seq: i + 1 }));
  // The printed total: a one-sided table's 合计 row; on a two-sided table (收支总表) its 总计 (both
  // sides print the same one), not the 本年收入合计 above it, which leaves out the carry-over.
  const grand = (r: ReadRow) => /^(?:总计|总合计|(?:收入|支出)总计)$/.test(squash(r.line.name_raw ?? r.line.name ?? '').replace(/[:：]$/, ''));
  const total = t.rows.find((r) => r.total && r.line.side === null) ?? t.rows.find((r) => r.total && grand(r)) ?? t.rows.find((r) => r.total);
  // A second table of the same canonical name (财政拨款基本支出表 after 一般公共预算基本支出表)
  // is kept, but as a supplementary table, so that budget_lines holds each view once.
  const main = t.type.main && !seenMain.has(t.type.name);
  if (main) seenMain.add(t.type.name);
  const empty = lines.length === 0;
  if (empty && !t.emptyNote) {
    report(file, `${t.title}: table has no data rows`, { stage: 'recognize', rule: 'budget-table-empty', severity: 'info', source: t.source });
  }
  result.budget_tables.push({
    table_seq: result.budget_tables.length + 1,
    table_name: t.type.name,
    title: t.title,
    unit_raw: t.unit,
    columns: t.columns,
    lines,
    empty,
    source: t.source,
    main,
    total_raw: total ? total.line.amounts_raw : null,
    doc_type: t.docType,
    cells_total: null,
    cells_read: null,
  });
}

export { tableTypeOfTitle } from './titles.ts';
