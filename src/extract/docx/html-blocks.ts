// Turns mammoth's HTML (as hast) into the intermediate form: top-level headings, paragraphs and
// tables of plain text, each with data.source {index, paragraph | table}. Lists become one
// paragraph per item; a one-column table that only frames other tables (a layout table) is
// unwrapped; other nested tables are flattened into their cell's text.
import type { Element, ElementContent, Root } from 'hast';
import { heading, paragraph, row, table, type CellSpec, type SourceRef } from '../../ir/nodes.ts';
import { cellContent, cellsOf, rowsOf } from './cell-content.ts';
import { inlineText, isBlock } from './inline-text.ts';
import type { CellSpan } from './table-layout.ts';

export interface BlocksResult {
  tree: Root;
  /** Nested tables whose text was folded into a cell, with the outer table's source. */
  flattened: { count: number; source: SourceRef }[];
  /** Cells without a span tag (spans taken from mammoth's HTML as is). */
  untagged: number;
}

function span(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 1 ? Math.floor(n) : 1;
}

/**
 * The cells of a table that only frames other content: one column, with a table inside.
 * Such a layout table is unwrapped: its cells' content becomes top-level blocks.
 */
function frameCells(tableEl: Element): Element[] | null {
  const rows = rowsOf(tableEl);
  const cells = rows.map(cellsOf);
  if (rows.length === 0 || cells.some((c) => c.length !== 1)) return null;
  const hasTable = (n: ElementContent): boolean =>
    n.type === 'element' && (n.tagName === 'table' || n.children.some(hasTable));
  return cells.some((c) => c[0]!.children.some(hasTable)) ? cells.map((c) => c[0]!) : null;
}

/** Extra provenance for an element (a web page adds its line and column). */
export type ElementSource = (el: Element) => Partial<SourceRef>;

export function htmlToBlocks(html: Root, spans: CellSpan[], sourceFor: ElementSource = () => ({})): BlocksResult {
  const out: Element[] = [];
  const result: BlocksResult = { tree: { type: 'root', children: out }, flattened: [], untagged: 0 };
  let paragraphs = 0;
  let tables = 0;

  const pushText = (tag: string, value: string, el?: Element) => {
    if (!value.trim()) return;
    const source: SourceRef = { index: out.length, paragraph: paragraphs++, ...(el ? sourceFor(el) : {}) };
    const level = /^h([1-6])$/.exec(tag)?.[1];
    out.push(level ? heading(Number(level) as 1, value, source) : paragraph(value, source));
  };

  const pushTable = (tableEl: Element) => {
    const source: SourceRef = { index: out.length, table: tables++, ...sourceFor(tableEl) };
    let nested = 0;
    // Cells merged down from rows above, as column ranges with the rows they still cover. Ranges,
    // not one slot per column: a hostile gridSpan must not size an array.
    let covered: { from: number; to: number; rows: number }[] = [];
    const rows = rowsOf(tableEl).map((tr, r) => {
      let col = 0;
      const cells: CellSpec[] = cellsOf(tr).map((td) => {
        const content = cellContent(td);
        nested += content.nestedTables;
        const tagged = content.tag !== null ? spans[content.tag] : undefined;
        if (!tagged) result.untagged++;
        const rowSpan = tagged ? tagged.rowSpan : span(td.properties?.rowSpan);
        const colSpan = tagged ? tagged.colSpan : span(td.properties?.colSpan);
        for (let hit = covered.find((c) => c.from <= col && col < c.to); hit; hit = covered.find((c) => c.from <= col && col < c.to)) col = hit.to;
        const at = col;
        col += colSpan;
        if (rowSpan > 1) covered.push({ from: at, to: col, rows: rowSpan });
        return {
          text: content.lines.join('\n'),
          rowSpan,
          colSpan,
          header: td.tagName === 'th',
          source: { ...source, row: r + 1, column: at + 1, ...sourceFor(td) },
        };
      });
      // Every cell started this row covers it; what was merged from above covers one row less.
      covered = covered.map((c) => ({ ...c, rows: c.rows - 1 })).filter((c) => c.rows > 0);
      return row(cells, { ...source, row: r + 1, ...sourceFor(tr) });
    });
    out.push(table(rows, source));
    if (nested > 0) result.flattened.push({ count: nested, source });
  };

  const visit = (nodes: ElementContent[]) => {
    let inline = '';
    for (const node of nodes) {
      if (!isBlock(node)) {
        inline += inlineText(node);
        continue;
      }
      pushText('p', inline);
      inline = '';
      if (/^h[1-6]$/.test(node.tagName) || node.tagName === 'p') {
        pushText(node.tagName, inlineText(node), node);
      } else if (node.tagName === 'li') {
        // The item's own text is one paragraph; a nested list follows as its own items.
        visit(splitItem(node));
      } else if (node.tagName === 'table') {
        const frame = frameCells(node);
        if (frame) for (const cell of frame) visit(cell.children);
        else pushTable(node);
      } else {
        visit(node.children);
      }
    }
    pushText('p', inline);
  };

  // A list item holding a nested list: its text before the list, then the nested items.
  const splitItem = (li: Element): ElementContent[] => {
    const own: ElementContent[] = [];
    const rest: ElementContent[] = [];
    for (const c of li.children) {
      if (c.type === 'element' && (c.tagName === 'ul' || c.tagName === 'ol' || c.tagName === 'table')) rest.push(c);
      else if (rest.length === 0) own.push(c);
      else rest.push(c);
    }
    return [{ type: 'element', tagName: 'p', properties: {}, children: own }, ...rest];
  };

  visit(html.children as ElementContent[]);
  return result;
}
