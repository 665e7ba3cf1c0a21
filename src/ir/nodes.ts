// The intermediate form shared by every extractor: a hast tree of headings, paragraphs and
// tables. Recognizers read only this, never the source format.
//
// Conventions (every extractor follows them):
// - Root children are block elements: `h1`…`h6`, `p`, `table` (and `hr` with
//   `properties.dataPageBreak` where a page ends, when the format knows pages).
// - A table holds `tr` rows directly (no thead/tbody); a row holds `td`/`th` cells carrying
//   `properties.rowSpan` / `properties.colSpan` (> 1 only where merged). Cells covered by a span
//   are absent, as in HTML. Use `tableGrid()` (grid.ts) to read a table as a full matrix.
// - Text inside a cell or paragraph is plain text nodes; a line break inside a cell is a '\n'
//   inside the text, so wrapped lines can be told from real breaks when the format knows.
// - Every element carries `data.source`: where it came from (`SourceRef`). Text sources set
//   `line`/`endLine`; PDF sets `page` and `bbox`; DOCX sets `index` (block order), `paragraph`
//   or `table`, and on rows and cells `row` (and `column` on cells).
import type { Element, ElementContent, Root, Text } from 'hast';

/** Where a node came from in its source file. */
export interface SourceRef {
  /** 1-based line in a text file or web page. */
  line?: number;
  endLine?: number;
  /** Web page: 1-based column of the element's start tag on `line`; DOCX: 1-based grid column where a table cell starts (merged cells counted by their span). */
  column?: number;
  /** 1-based page of a PDF. */
  page?: number;
  /** Last page, for a table or cell that runs over a page break. */
  endPage?: number;
  /** PDF user-space box [x0, y0, x1, y1] on `page` (y grows upwards, as in PDF). */
  bbox?: [number, number, number, number];
  /** Block order in a DOCX body. */
  index?: number;
  /** DOCX: 0-based number of this paragraph/heading among the body's paragraphs. */
  paragraph?: number;
  /** DOCX: 0-based number of this table among the body's tables (cells and rows carry it too). */
  table?: number;
  /** DOCX: 1-based row of a table row or cell within its table, header rows included. */
  row?: number;
  /** Spreadsheet: sheet and cell reference, `Sheet1!C35` (a range `Sheet1!A3:L3` for a row or table). */
  cell?: string;
}

declare module 'hast' {
  interface Data {
    source?: SourceRef;
  }
}

export type { Element, Root, Text };

export function text(value: string): Text {
  return { type: 'text', value };
}

function el(tagName: string, children: ElementContent[], source?: SourceRef, properties: Element['properties'] = {}): Element {
  const node: Element = { type: 'element', tagName, properties, children };
  if (source) setSource(node, source);
  return node;
}

/** Attach a source reference to a node (hast's ElementData types `position` as required). */
export function setSource(node: Element, source: SourceRef): void {
  node.data = { ...node.data, source } as Element['data'];
}

export function sourceOf(node: Element): SourceRef | undefined {
  return node.data?.source;
}

export function heading(level: 1 | 2 | 3 | 4 | 5 | 6, value: string, source?: SourceRef): Element {
  return el(`h${level}`, [text(value)], source);
}

export function paragraph(value: string, source?: SourceRef): Element {
  return el('p', [text(value)], source);
}

export interface CellSpec {
  text: string;
  rowSpan?: number;
  colSpan?: number;
  header?: boolean;
  source?: SourceRef;
}

export function cell(spec: CellSpec): Element {
  const properties: Element['properties'] = {};
  if (spec.rowSpan && spec.rowSpan > 1) properties.rowSpan = spec.rowSpan;
  if (spec.colSpan && spec.colSpan > 1) properties.colSpan = spec.colSpan;
  return el(spec.header ? 'th' : 'td', spec.text ? [text(spec.text)] : [], spec.source, properties);
}

export function row(cells: CellSpec[], source?: SourceRef): Element {
  return el('tr', cells.map(cell), source);
}

export function table(rows: Element[], source?: SourceRef): Element {
  return el('table', rows, source);
}

export function pageBreak(page: number): Element {
  return el('hr', [], { page }, { dataPageBreak: true });
}

export function root(children: Element[]): Root {
  return { type: 'root', children };
}

export function isElement(node: unknown, tagName?: string): node is Element {
  return typeof node === 'object' && node !== null && (node as Element).type === 'element' &&
    (tagName === undefined || (node as Element).tagName === tagName);
}

/** The top-level blocks of a tree, in document order. */
export function blocks(tree: Root): Element[] {
  return tree.children.filter((n): n is Element => isElement(n));
}
