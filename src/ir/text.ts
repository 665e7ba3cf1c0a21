// Text helpers shared by extractors and recognizers.
import type { Element, ElementContent, Root } from 'hast';

/** Text content of a node; `br` elements become '\n'. */
export function textOf(node: Root | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && node.tagName === 'br') return '\n';
  if ('children' in node) return (node.children as ElementContent[]).map(textOf).join('');
  return '';
}

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef';
// Whitespace next to a CJK character (or CJK punctuation) is layout, not content: PDFs put
// spaces between Chinese and digits (`2022 年`), Word exports pad labels (`财政    资金`).
const LAYOUT_SPACE = new RegExp(`(?<=[${CJK}])[\\s\\u00a0]+|[\\s\\u00a0]+(?=[${CJK}])`, 'g');

/**
 * Clean printed text the way the dataset stores raw fields: NFKC (full-width digits and
 * letters become ASCII), and whitespace inserted by layout inside Chinese text removed.
 * Whitespace between two Latin words or numbers is kept (collapsed to one space).
 */
export function cleanText(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(LAYOUT_SPACE, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
}

const squashed = new Map<string, string>();

/** Like cleanText but removes every whitespace character (codes, names, labels). */
export function squash(value: string): string {
  // Recognizers squash the same cell texts over and over (a tenth of their time): short ones
  // are remembered, in a map bounded in entries (and so in memory).
  if (value.length > 256) return value.normalize('NFKC').replace(/[\s\u00a0\u200b\ufeff]+/g, '');
  let out = squashed.get(value);
  if (out === undefined) {
    out = value.normalize('NFKC').replace(/[\s\u00a0\u200b\ufeff]+/g, '');
    if (squashed.size >= 20_000) squashed.clear();
    squashed.set(value, out);
  }
  return out;
}
