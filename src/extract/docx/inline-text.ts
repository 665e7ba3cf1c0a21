// Plain text of mammoth's inline HTML: runs, line breaks and links, without what Word shows
// only as apparatus (footnote markers and back-links, bookmark anchors, images).
import type { Element, ElementContent } from 'hast';
import { CELL_TAG } from './table-layout.ts';

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'div', 'blockquote']);

export function isBlock(node: ElementContent): node is Element {
  return node.type === 'element' && BLOCK_TAGS.has(node.tagName);
}

/** The cell number of a span-tag anchor (`<a id="_bi12">`), or null. */
export function cellTagOf(node: Element): number | null {
  if (node.tagName !== 'a') return null;
  const id = String(node.properties?.id ?? '');
  if (!id.startsWith(CELL_TAG)) return null;
  const n = Number(id.slice(CELL_TAG.length));
  return Number.isInteger(n) ? n : null;
}

function href(node: Element): string {
  return String(node.properties?.href ?? '');
}

// mammoth writes a note reference as <sup><a href="#footnote-1">[1]</a></sup> and a note's
// back-link as <a href="#footnote-ref-1">↑</a>; neither is document text.
function isNoteApparatus(node: Element): boolean {
  if (node.tagName === 'a') return /^#(footnote|endnote|comment)-/.test(href(node));
  if (node.tagName === 'sup') {
    return node.children.length > 0 &&
      node.children.every((c) => c.type === 'element' && c.tagName === 'a' && /^#(footnote|endnote|comment)-/.test(href(c)));
  }
  return false;
}

/** Text of inline content; `br` is '\n'. Block children are read the same way (callers split blocks). */
export function inlineText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  if (node.tagName === 'br') return '\n';
  if (node.tagName === 'img' || isNoteApparatus(node)) return '';
  return node.children.map(inlineText).join('');
}
