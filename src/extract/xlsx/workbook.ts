// Reads an XLSX workbook (SpreadsheetML in a zip) into plain sheets: each non-empty cell's
// displayed text, merged ranges, hidden rows, columns and sheets. Safety: the zip is opened with
// the DOCX limits (zip-bomb checks before inflating, capped reads); formulas are never run, the
// value Excel cached when it saved is shown; external links and other relationships are never
// followed (only workbook, styles, shared strings and worksheet parts are read); the used range
// is bounded (limits below).
import { DOMParser } from '@xmldom/xmldom';
import { openDocxPackage, type DocxPackage } from '../docx/docx-package.ts';
import { DEFAULT_ZIP_LIMITS } from '../docx/zip-limits.ts';
import { ExtractError } from '../types.ts';
import { cellName, parseRange, parseRef, type CellPos } from './cell-ref.ts';
import { builtinFormat, formatNumber, isDateFormat } from './number-format.ts';

type XmlElement = globalThis.Element;

/** Bounds on what one workbook may hold; beyond them it is refused rather than read into memory. */
export const SHEET_LIMITS = {
  /** Non-empty cells in the whole workbook. */
  maxCells: 1_000_000,
  /** Columns a sheet's content may span. */
  maxColumns: 1_000,
  /** Rows × columns of a sheet's content box (the grid recognizers expand). */
  maxArea: 5_000_000,
};

export interface SheetCell {
  row: number;
  col: number;
  /** As displayed: number format applied, cached formula value, rich text joined. */
  text: string;
  formula: boolean;
}

export interface Sheet {
  name: string;
  /** `visible`, `hidden` or `veryHidden` (hidden so that only VBA can show it). */
  state: string;
  cells: SheetCell[];
  merges: { from: CellPos; to: CellPos }[];
  hiddenRows: Set<number>;
  hiddenCols: Set<number>;
  /** Formula cells without a cached value (shown empty). */
  uncachedFormulas: string[];
  /** Format codes ssf could not render (shown as General). */
  badFormats: Set<string>;
}

export interface Workbook {
  sheets: Sheet[];
  /** Parts the workbook links to that are not read (external workbooks, data connections). */
  externalLinks: number;
}

// xmldom recovers from errors such as an unclosed tag by guessing; a part it has to guess at is
// damaged, and guessed cells would be wrong data, so errors fail the file.
const fail = (e: unknown) => {
  throw new Error(String(e));
};
const parser = () => new DOMParser({ errorHandler: { warning: () => {}, error: fail, fatalError: fail } });

function parseXml(text: string, part: string): Document {
  try {
    return parser().parseFromString(text, 'text/xml') as unknown as Document;
  } catch (err) {
    throw new ExtractError(`damaged XLSX: ${part} is not well-formed XML (${(err as Error).message.split('\n')[0]})`, 'xlsx');
  }
}

/** Elements named `local` under `root`, whatever namespace prefix the writer used. */
function all(root: Document | XmlElement, local: string): XmlElement[] {
  const list = root.getElementsByTagNameNS('*', local);
  const out: XmlElement[] = [];
  for (let i = 0; i < list.length; i++) out.push(list.item(i)!);
  return out;
}

function children(el: XmlElement, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (local === undefined || (c as XmlElement).localName === local)) out.push(c as XmlElement);
  }
  return out;
}

const truthy = (v: string | null) => v === '1' || v === 'true';

/** Text of a string item (`<si>` or `<is>`): its `<t>` runs, without phonetic guides (`<rPh>`). */
function stringItem(el: XmlElement): string {
  let out = '';
  for (const c of children(el)) {
    if (c.localName === 't') out += c.textContent ?? '';
    else if (c.localName === 'r') for (const t of children(c, 't')) out += t.textContent ?? '';
  }
  // Excel escapes control characters as _xHHHH_ in text.
  return out.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function relTargets(xml: string, base: string): Map<string, { type: string; target: string; external: boolean }> {
  const out = new Map<string, { type: string; target: string; external: boolean }>();
  for (const rel of all(parseXml(xml, `${base}_rels`), 'Relationship')) {
    const target = rel.getAttribute('Target') || '';
    const external = rel.getAttribute('TargetMode') === 'External';
    const resolved = target.startsWith('/') ? target.slice(1) : normalizePath(base + target);
    out.set(rel.getAttribute('Id') || '', { type: rel.getAttribute('Type') || '', target: resolved, external });
  }
  return out;
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

interface Styles {
  /** Format code per cellXfs index. */
  formats: string[];
}

function readStyles(xml: string | null): Styles {
  if (!xml) return { formats: [] };
  const doc = parseXml(xml, 'styles.xml');
  const custom = new Map<number, string>();
  for (const nf of all(doc, 'numFmt')) custom.set(Number(nf.getAttribute('numFmtId')), nf.getAttribute('formatCode') || 'General');
  const cellXfs = all(doc, 'cellXfs')[0];
  const formats = cellXfs
    ? children(cellXfs, 'xf').map((xf) => {
      const id = Number(xf.getAttribute('numFmtId') || 0);
      return custom.get(id) ?? builtinFormat(id);
    })
    : [];
  return { formats };
}

async function openPackage(bytes: Uint8Array): Promise<DocxPackage> {
  try {
    return await openDocxPackage(bytes, DEFAULT_ZIP_LIMITS, 'xl/workbook.xml');
  } catch (err) {
    // The zip layer is shared with DOCX and names that format in its messages.
    if (err instanceof ExtractError) throw new ExtractError(err.message.replace(/\ba DOCX\b/g, 'an XLSX').replace(/\bDOCX\b/g, 'XLSX').replace('not a Word document', 'not an Excel workbook'), 'xlsx');
    throw err;
  }
}

export async function readWorkbook(bytes: Uint8Array): Promise<Workbook> {
  const pkg = await openPackage(bytes);
  const main = pkg.mainPart;
  if (!/workbook[^/]*\.xml$/i.test(main) || !pkg.exists(main)) {
    throw new ExtractError(`not an XLSX: the package's main part is ${main}, not a workbook`, 'xlsx');
  }
  const base = main.slice(0, main.lastIndexOf('/') + 1);
  const relsPath = `${base}_rels/${main.slice(base.length)}.rels`;
  const rels = pkg.exists(relsPath) ? relTargets(await pkg.readText(relsPath), base) : new Map();
  const relOfType = (type: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`) && !r.external)?.target ?? null;

  const stylesPart = relOfType('styles');
  const styles = readStyles(stylesPart && pkg.exists(stylesPart) ? await pkg.readText(stylesPart) : null);
  const sstPart = relOfType('sharedStrings');
  const shared = sstPart && pkg.exists(sstPart)
    ? all(parseXml(await pkg.readText(sstPart), sstPart), 'si').map(stringItem)
    : [];
  const externalLinks = [...rels.values()].filter((r) => r.external || /\/(externalLink|connections)$/.test(r.type)).length;

  const wbDoc = parseXml(await pkg.readText(main), main);
  const date1904 = all(wbDoc, 'workbookPr').some((p) => truthy(p.getAttribute('date1904')));
  const sheets: Sheet[] = [];
  let cellCount = 0;
  for (const s of all(wbDoc, 'sheet')) {
    const name = s.getAttribute('name') || `Sheet${sheets.length + 1}`;
    const rid = s.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id')
      || s.getAttributeNS('http://purl.oclc.org/ooxml/officeDocument/relationships', 'id') || s.getAttribute('r:id');
    const rel = rid ? rels.get(rid) : undefined;
    // (xmldom returns '' for a missing attribute, hence ||.) Chart sheets and dialog sheets hold no cells.
    if (!rel || rel.external || !/\/worksheet$/.test(rel.type) || !pkg.exists(rel.target)) continue;
    const sheet = readSheet(parseXml(await pkg.readText(rel.target), rel.target), name, s.getAttribute('state') || 'visible', shared, styles, date1904);
    cellCount += sheet.cells.length;
    if (cellCount > SHEET_LIMITS.maxCells) {
      throw new ExtractError(`spreadsheet too large: more than ${SHEET_LIMITS.maxCells.toLocaleString('en')} non-empty cells`, 'xlsx');
    }
    sheets.push(sheet);
  }
  if (sheets.length === 0) throw new ExtractError('XLSX workbook has no worksheets', 'xlsx');
  return { sheets, externalLinks };
}

function readSheet(doc: Document, name: string, state: string, shared: string[], styles: Styles, date1904: boolean): Sheet {
  const sheet: Sheet = { name, state, cells: [], merges: [], hiddenRows: new Set(), hiddenCols: new Set(), uncachedFormulas: [], badFormats: new Set() };
  for (const col of all(doc, 'col')) {
    if (!truthy(col.getAttribute('hidden'))) continue;
    const min = Number(col.getAttribute('min'));
    const max = Math.min(Number(col.getAttribute('max')), min + SHEET_LIMITS.maxColumns);
    for (let c = min; c <= max; c++) sheet.hiddenCols.add(c - 1);
  }
  let nextRow = 0;
  for (const rowEl of all(doc, 'row')) {
    const r = rowEl.getAttribute('r');
    const row = r ? Number(r) - 1 : nextRow;
    nextRow = row + 1;
    if (truthy(rowEl.getAttribute('hidden'))) sheet.hiddenRows.add(row);
    let nextCol = 0;
    for (const c of children(rowEl, 'c')) {
      const ref = c.getAttribute('r');
      const pos = ref ? parseRef(ref) : { row, col: nextCol };
      if (!pos) continue;
      nextCol = pos.col + 1;
      const value = cellText(c, shared, styles, date1904, sheet);
      if (value === null) continue;
      if (value.uncached) sheet.uncachedFormulas.push(cellName(pos));
      if (value.text === '') continue;
      sheet.cells.push({ row: pos.row, col: pos.col, text: value.text, formula: value.formula });
    }
  }
  for (const mc of all(doc, 'mergeCell')) {
    const range = parseRange(mc.getAttribute('ref') || '');
    if (range && (range.to.row > range.from.row || range.to.col > range.from.col)) sheet.merges.push(range);
  }
  return sheet;
}

/** The displayed text of a `<c>` element; null for an empty cell. */
function cellText(c: XmlElement, shared: string[], styles: Styles, date1904: boolean, sheet: Sheet): { text: string; formula: boolean; uncached: boolean } | null {
  const type = c.getAttribute('t') || 'n';
  const formula = children(c, 'f').length > 0;
  const v = children(c, 'v')[0]?.textContent ?? null;
  if (type === 'inlineStr') {
    const is = children(c, 'is')[0];
    return { text: is ? stringItem(is) : '', formula, uncached: false };
  }
  if (v === null) return formula ? { text: '', formula, uncached: true } : null;
  switch (type) {
    case 's':
      return { text: shared[Number(v)] ?? '', formula, uncached: false };
    case 'str':
    case 'e': // an error value (#DIV/0!, #REF!) displays as itself
      return { text: v, formula, uncached: false };
    case 'b':
      return { text: v === '1' ? 'TRUE' : 'FALSE', formula, uncached: false };
    case 'd': {
      // ISO 8601 date cell (Strict OOXML): shown through its format when it has a date format.
      const code = styles.formats[Number(c.getAttribute('s') || 0)] ?? 'General';
      const ms = Date.parse(v);
      if (Number.isNaN(ms) || !isDateFormat(code)) return { text: v, formula, uncached: false };
      const serial = ms / 86_400_000 + 25_569 - (date1904 ? 1462 : 0);
      return { text: display(serial, code, date1904, sheet), formula, uncached: false };
    }
    default: {
      const n = Number(v);
      if (!Number.isFinite(n)) return { text: v, formula, uncached: false };
      const code = styles.formats[Number(c.getAttribute('s') || 0)] ?? 'General';
      return { text: display(n, code, date1904, sheet), formula, uncached: false };
    }
  }
}

function display(n: number, code: string, date1904: boolean, sheet: Sheet): string {
  const { text, failed } = formatNumber(n, code, date1904);
  if (failed) sheet.badFormats.add(code);
  // Padding from `_)` / `* ` format parts is layout, not content.
  return text.trim();
}
