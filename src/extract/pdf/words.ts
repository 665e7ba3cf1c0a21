// pdf.js text items → words in display space. An item often holds several cells' worth of
// text ("4.00 湟源县就业" across a budget and a goal column), so items are cut at blanks and
// every character gets an estimated left edge for cutting at column rules later.
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { multiply } from './geometry.ts';
import type { Word } from './types.ts';

// Characters drawn a full em wide in CJK fonts; everything else is counted as half an em.
const WIDE = /[\u1100-\u11ff\u2000-\u206f\u2190-\u2bff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function advance(ch: string): number {
  return WIDE.test(ch) ? 1 : 0.5;
}

/** Words of one text item; `viewport` maps PDF user space to display space. */
export function itemWords(item: TextItem, viewport: readonly number[]): Word[] {
  const str = item.str;
  if (!str || !str.trim()) return [];
  const m = multiply(viewport, item.transform as number[]);
  const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]) || 1;
  const chars = Array.from(str);
  const horizontal = Math.abs(m[1]) < 0.1 * Math.abs(m[0]) && m[0] > 0;
  if (!horizontal) {
    // Rotated or vertical text: one word covering the rotated box; not cut.
    const dx = m[0] / (Math.hypot(m[0], m[1]) || 1);
    const dy = m[1] / (Math.hypot(m[0], m[1]) || 1);
    const w = item.width || size * chars.length;
    const xs = [m[4], m[4] + dx * w, m[4] - m[2], m[4] + dx * w - m[2]];
    const ys = [m[5], m[5] + dy * w, m[5] - m[3], m[5] + dy * w - m[3]];
    const x0 = Math.min(...xs), x1 = Math.max(...xs), top = Math.min(...ys), bottom = Math.max(...ys);
    const text = str.replace(/\s+/g, ' ').trim();
    const edges = Array.from({ length: Array.from(text).length + 1 }, (_, i) => x0 + ((x1 - x0) * i) / Array.from(text).length);
    return [{ text, x0, x1, top, bottom, base: bottom, size: Math.min(size, x1 - x0 || size), edges }];
  }
  const scaleX = m[0] / (Math.hypot(item.transform[0] as number, item.transform[1] as number) || 1);
  const width = (item.width || size * chars.length * 0.5) * scaleX;
  const weights = chars.map(advance);
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const left: number[] = [];
  let x = m[4];
  for (const w of weights) {
    left.push(x);
    x += (w / total) * width;
  }
  left.push(m[4] + width);
  const base = m[5];
  const top = base - size * 0.88;
  const bottom = base + size * 0.12;
  return cutAtBlanks(chars, left, { top, bottom, base, size });
}

/**
 * A run of characters on one line → its words (cut at blanks); `edges` holds each character's
 * left edge and, last, the run's right edge. Shared by the text layer and OCR.
 */
export function cutAtBlanks(chars: string[], edges: number[], line: Pick<Word, 'top' | 'bottom' | 'base' | 'size'>): Word[] {
  const out: Word[] = [];
  let start = -1;
  for (let i = 0; i <= chars.length; i++) {
    const blank = i === chars.length || /\s/u.test(chars[i]!);
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      out.push({ text: chars.slice(start, i).join(''), x0: edges[start]!, x1: edges[i]!, ...line, edges: edges.slice(start, i + 1) });
      start = -1;
    }
  }
  return out;
}

/** Cut a word at display x (characters whose centre is left of x go left). */
export function splitWord(word: Word, x: number): [Word | null, Word | null] {
  const chars = Array.from(word.text);
  let k = 0;
  while (k < chars.length && (word.edges[k]! + word.edges[k + 1]!) / 2 < x) k++;
  if (k === 0) return [null, word];
  if (k === chars.length) return [word, null];
  const left: Word = { ...word, text: chars.slice(0, k).join(''), x1: word.edges[k]!, edges: word.edges.slice(0, k + 1) };
  const right: Word = { ...word, text: chars.slice(k).join(''), x0: word.edges[k]!, edges: word.edges.slice(k) };
  return [left, right];
}
