// The original file of a document, for the source view. A file is found only through the path
// recorded in documents.source_path for a doc_id (never a path from the request), and served
// only while its content still has the recorded SHA-256: a file changed or moved since it was
// loaded is reported as such instead of showing a page that may not hold the number.
//
// For formats without pages (DOCX, XLSX, HTML, text) the file is read again by the project's
// own extractor, and the block holding the row (by line, DOCX block and table row, or sheet
// cell) is returned with its neighbours: the row in its printed context.
import type { Element, ElementContent, Root } from 'hast';
import path from 'node:path';
import { VFile } from 'vfile';
import { extractorFor } from '../extract/index.ts';
import type { SourceRef } from '../ir/nodes.ts';
import type { Format } from '../records.ts';
import { inputsOf } from '../pipeline/bundles.ts';
import { MEMBER_SEPARATOR } from '../pipeline/member-names.ts';
import { sha256 } from '../pipeline/process.ts';
import { readSourceFile } from '../pipeline/read-source.ts';

export interface DocumentFileInfo {
  doc_id: string;
  source_path: string;
  format: string | null;
  sha256: string | null;
}

export type SourceFile =
  | { ok: true; bytes: Uint8Array; path: string }
  | { ok: false; reason: string };

/**
 * The recorded file's bytes when they still match the recorded hash. A relative source_path is
 * taken from the folder the explorer runs in, else from the database's folder's parent (where a
 * run from the project root keeps data/budget.duckdb).
 */
export async function readDocumentFile(doc: DocumentFileInfo, dbPath: string): Promise<SourceFile> {
  const sep = doc.source_path.indexOf(MEMBER_SEPARATOR);
  const filePart = sep >= 0 ? doc.source_path.slice(0, sep) : doc.source_path;
  const candidates = path.isAbsolute(filePart) ? [filePart]
    : [...new Set([path.resolve(filePart), path.resolve(path.dirname(path.resolve(dbPath)), '..', filePart)])];
  let lastReason = '';
  for (const candidate of candidates) {
    let bytes: Uint8Array;
    if (sep >= 0) {
      // A member of a ZIP bundle: the bundle is opened in memory under the run's zip limits.
      const items = await inputsOf(candidate).catch(() => []);
      const wanted = candidate + doc.source_path.slice(sep);
      const member = items.find((it) => it.path === wanted && it.read && 'bytes' in it.read);
      if (!member) {
        lastReason = items.length ? `the ZIP bundle ${filePart} no longer holds ${doc.source_path.slice(sep + 2)}` : `the file ${filePart} is not there any more (moved or deleted)`;
        continue;
      }
      bytes = (member.read as { bytes: Uint8Array }).bytes;
    } else {
      const read = await readSourceFile(candidate);
      if ('reason' in read) {
        lastReason = /removed|does not exist/.test(read.reason) ? `the file ${filePart} is not there any more (moved or deleted)` : `the file ${filePart} cannot be read: ${read.reason}`;
        continue;
      }
      bytes = read.bytes;
    }
    if (doc.sha256 && sha256(bytes) !== doc.sha256) {
      lastReason = `the file at ${doc.source_path} has changed since it was loaded (its content is not the one the rows came from); run the pipeline again`;
      continue;
    }
    return { ok: true, bytes, path: candidate };
  }
  return { ok: false, reason: lastReason || `the file ${doc.source_path} was not found` };
}

/** Where a row is, as stored in its table. */
export interface RowPlace {
  line?: number | null;
  block?: number | null;
  table_row?: number | null;
  cell?: string | null;
}

export interface ContextCell { text: string; rowSpan?: number; colSpan?: number; header?: boolean }
export interface ContextBlock {
  kind: 'heading' | 'paragraph' | 'table';
  /** Heading or paragraph text. */
  text?: string;
  rows?: { cells: ContextCell[]; hit: boolean; where: string }[];
  /** This block holds the row. */
  hit: boolean;
  /** Rows of a long table left out above and below the shown window. */
  rowsAbove?: number;
  rowsBelow?: number;
  where: string;
}

export interface SourceContext {
  found: boolean;
  /** How the row was looked for, e.g. `line 42`, `block 12, table row 7`, `Sheet1!A13:L13`. */
  located: string;
  blocks: ContextBlock[];
}

const srcOf = (e: { data?: unknown }): SourceRef => ((e.data as { source?: SourceRef } | undefined)?.source ?? {});

function textOf(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** `Sheet1!A13:L13` → sheet and first row number. */
function sheetRow(cell: string): { sheet: string; row: number } | null {
  const m = /^(.*)!\$?[A-Z]+\$?(\d+)/.exec(cell);
  return m ? { sheet: m[1]!, row: Number(m[2]) } : null;
}

function describeSource(s: SourceRef): string {
  if (s.cell) return s.cell;
  if (s.line !== undefined) return s.endLine && s.endLine !== s.line ? `lines ${s.line}–${s.endLine}` : `line ${s.line}`;
  if (s.index !== undefined) return `block ${s.index + 1}${s.row !== undefined ? `, row ${s.row}` : ''}`;
  return '';
}

function rowMatches(s: SourceRef, place: RowPlace): boolean {
  if (place.cell) {
    if (s.cell === place.cell) return true;
    const a = s.cell ? sheetRow(s.cell) : null;
    const b = sheetRow(place.cell);
    return !!a && !!b && a.sheet === b.sheet && a.row === b.row;
  }
  if (place.line != null && s.line !== undefined) return s.line <= place.line && place.line <= (s.endLine ?? s.line);
  if (place.table_row != null && s.row !== undefined) return s.row === place.table_row;
  return false;
}

function blockMatches(s: SourceRef, place: RowPlace): boolean {
  if (place.cell) {
    if (!s.cell) return false;
    const [sheet, range] = s.cell.split('!');
    const b = sheetRow(place.cell);
    const rows = /\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?/.exec(range ?? '');
    if (!b || !rows || sheet !== b.sheet) return false;
    return Number(rows[1]) <= b.row && b.row <= Number(rows[2] ?? rows[1]);
  }
  if (place.block != null) return s.index === place.block - 1;
  if (place.line != null && s.line !== undefined) return s.line <= place.line && place.line <= (s.endLine ?? s.line);
  return false;
}

const WINDOW = 12;

function toBlock(el: Element, place: RowPlace, hitBlock: boolean): ContextBlock {
  const s = srcOf(el);
  if (el.tagName !== 'table') {
    return { kind: /^h\d$/.test(el.tagName) ? 'heading' : 'paragraph', text: textOf(el), hit: hitBlock, where: describeSource(s) };
  }
  const trs = el.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'tr');
  let rows = trs.map((tr) => ({
    cells: tr.children.filter((c): c is Element => c.type === 'element').map((td) => ({
      text: textOf(td), header: td.tagName === 'th',
      rowSpan: Number(td.properties?.rowSpan ?? 1) > 1 ? Number(td.properties!.rowSpan) : undefined,
      colSpan: Number(td.properties?.colSpan ?? 1) > 1 ? Number(td.properties!.colSpan) : undefined,
    })),
    hit: hitBlock && rowMatches(srcOf(tr), place),
    where: describeSource(srcOf(tr)),
  }));
  let rowsAbove = 0;
  let rowsBelow = 0;
  // A long table is cut to a window around the row; spans crossing the cut are shortened by the browser.
  const at = rows.findIndex((r) => r.hit);
  if (rows.length > 2 * WINDOW + 1) {
    const from = Math.max(0, (at < 0 ? 0 : at) - WINDOW);
    const to = Math.min(rows.length, from + 2 * WINDOW + 1);
    rowsAbove = from;
    rowsBelow = rows.length - to;
    rows = rows.slice(from, to);
  }
  return { kind: 'table', rows, hit: hitBlock, where: describeSource(s), rowsAbove, rowsBelow };
}

/** The block holding the row, with up to two blocks before and after it. */
export function contextOf(tree: Root, place: RowPlace): SourceContext {
  const blocks = tree.children.filter((c): c is Element => c.type === 'element' && c.tagName !== 'hr');
  const located = place.cell ? place.cell
    : place.block != null ? `block ${place.block}${place.table_row != null ? `, table row ${place.table_row}` : ''}`
      : place.line != null ? `line ${place.line}` : 'no location recorded';
  // A DOCX block number names the block; otherwise (line, cell) a table holding the row is the block.
  const at = blocks.findIndex((b) => blockMatches(srcOf(b), place)
    || (place.block == null && b.tagName === 'table' && b.children.some((tr) => tr.type === 'element' && rowMatches(srcOf(tr), place))));
  if (at < 0) return { found: false, located, blocks: [] };
  const shown = blocks.slice(Math.max(0, at - 2), at + 3);
  return { found: true, located, blocks: shown.map((b) => toBlock(b, place, b === blocks[at])) };
}

/** Read the file again with the project's extractor and find the row's place in it. */
export async function extractContext(bytes: Uint8Array, format: Format, filePath: string, place: RowPlace): Promise<SourceContext> {
  const extractor = await extractorFor(format);
  const { tree } = await extractor({ path: filePath, bytes }, new VFile({ path: filePath }));
  return contextOf(tree, place);
}
