// A table cell's content as plain lines: one line per paragraph (a '\n' inside a paragraph
// stays a line break), list items as lines, and a nested table flattened to one line per row
// (its cells separated by ' | ').
import type { Element, ElementContent } from 'hast';
import { cellTagOf, inlineText, isBlock } from './inline-text.ts';

export interface CellContent {
  lines: string[];
  /** Span tag found in the cell's own paragraphs (not in nested tables). */
  tag: number | null;
  nestedTables: number;
}

function findTag(node: ElementContent): number | null {
  if (node.type !== 'element' || node.tagName === 'table') return null;
  const own = cellTagOf(node);
  if (own !== null) return own;
  for (const c of node.children) {
    const t = findTag(c);
    if (t !== null) return t;
  }
  return null;
}

/** Rows of a (nested) table element, looking through thead/tbody. */
export function rowsOf(table: Element): Element[] {
  const out: Element[] = [];
  for (const c of table.children) {
    if (c.type !== 'element') continue;
    if (c.tagName === 'tr') out.push(c);
    else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot') out.push(...rowsOf(c));
  }
  return out;
}

export function cellsOf(tr: Element): Element[] {
  return tr.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'));
}

function collect(nodes: ElementContent[], out: CellContent): void {
  let inline = '';
  const flush = () => {
    // Empty paragraphs carry no content (mammoth drops them outside tables too).
    if (inline.trim()) out.lines.push(inline);
    inline = '';
  };
  for (const node of nodes) {
    if (!isBlock(node)) {
      inline += inlineText(node);
      continue;
    }
    flush();
    if (node.tagName === 'table') {
      out.nestedTables++;
      for (const tr of rowsOf(node)) {
        const cells = cellsOf(tr).map((td) => cellContent(td)).filter((c) => c.lines.length > 0);
        out.nestedTables += cells.reduce((n, c) => n + c.nestedTables, 0);
        // ' | ' between cells: a plain space next to Chinese text is removed as layout by cleanText.
        const line = cells.map((c) => c.lines.join(' ')).join(' | ');
        if (line.trim()) out.lines.push(line);
      }
    } else if (node.tagName === 'p' || /^h[1-6]$/.test(node.tagName)) {
      inline = inlineText(node);
      flush();
    } else {
      collect(node.children, out);
    }
  }
  flush();
}

export function cellContent(td: Element): CellContent {
  const out: CellContent = { lines: [], tag: null, nestedTables: 0 };
  for (const c of td.children) {
    out.tag = findTag(c);
    if (out.tag !== null) break;
  }
  collect(td.children, out);
  return out;
}
