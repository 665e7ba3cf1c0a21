// Words → lines by baseline, tolerant of mixed font sizes on one line (a 10-pt number next to
// 10.5-pt Chinese), then lines joined into text.
import type { Box, TextLine, Word } from './types.ts';

const CJK_CHAR = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/u;

/** Join two pieces of text: nothing between Chinese, a space between Latin words and numbers. */
export function joinPieces(a: string, b: string, spaced: boolean): string {
  if (!a) return b;
  if (!b) return a;
  const last = a[a.length - 1]!;
  const first = b[0]!;
  if (!spaced || CJK_CHAR.test(last) || CJK_CHAR.test(first)) return a + b;
  return `${a} ${b}`;
}

function lineText(words: Word[]): string {
  let out = '';
  let prev: Word | null = null;
  for (const w of words) {
    // A gap of more than a fifth of the font size is a printed space.
    const spaced = prev !== null && w.x0 - prev.x1 > 0.2 * Math.min(prev.size, w.size);
    out = prev === null ? w.text : joinPieces(out, w.text, spaced);
    prev = w;
  }
  return out;
}

export function lineOf(words: Word[]): TextLine {
  const sorted = [...words].sort((a, b) => a.x0 - b.x0);
  const box: Box = [
    Math.min(...sorted.map((w) => w.x0)), Math.min(...sorted.map((w) => w.top)),
    Math.max(...sorted.map((w) => w.x1)), Math.max(...sorted.map((w) => w.bottom)),
  ];
  const size = Math.max(...sorted.map((w) => w.size));
  return { words: sorted, text: lineText(sorted), box, size };
}

/**
 * Group words into lines. Words are taken top to bottom; a word joins a line when its
 * vertical extent overlaps the line's by more than half of the smaller height (baselines
 * of different font sizes differ slightly) and it does not cover a word already there (a
 * slight overlap is width estimation or kerning, not a second line).
 */
export function buildLines(words: Word[]): TextLine[] {
  const sorted = [...words].sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const groups: { words: Word[]; top: number; bottom: number; base: number }[] = [];
  for (const w of sorted) {
    let best: (typeof groups)[number] | null = null;
    let bestOverlap = 0;
    // Only recent groups can match (sorted by baseline).
    for (let g = groups.length - 1; g >= 0 && g >= groups.length - 6; g--) {
      const grp = groups[g]!;
      const overlap = Math.min(grp.bottom, w.bottom) - Math.max(grp.top, w.top);
      const h = Math.min(grp.bottom - grp.top, w.bottom - w.top);
      if (overlap > 0.5 * h && overlap > bestOverlap && !grp.words.some((o) => Math.min(o.x1, w.x1) - Math.max(o.x0, w.x0) > 0.3 * Math.min(o.x1 - o.x0, w.x1 - w.x0) + 0.5)) {
        best = grp;
        bestOverlap = overlap;
      }
    }
    if (best) {
      best.words.push(w);
      best.top = Math.min(best.top, w.top);
      best.bottom = Math.max(best.bottom, w.bottom);
    } else {
      groups.push({ words: [w], top: w.top, bottom: w.bottom, base: w.base });
    }
  }
  return groups.map((g) => lineOf(g.words)).sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
}

export const ENUMERATION = /^(?:\d{1,2}[.、．)）]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|[①-⑳])/u;
const SENTENCE_END = /[。；;：:！!？?]$/u;

/** Runs of lines (top to bottom) each at most 2.5 em under the one before: the blocks a borderless table may fill. */
export function blocksOf(lines: TextLine[]): TextLine[][] {
  const blocks: TextLine[][] = [];
  for (const l of lines) {
    const b = blocks[blocks.length - 1];
    const prev = b?.[b.length - 1];
    if (prev && l.box[1] - prev.box[3] <= 2.5 * Math.max(l.size, prev.size)) b!.push(l);
    else blocks.push([l]);
  }
  return blocks;
}

/**
 * Text of a cell's lines. Wrapped lines are joined (directly for Chinese); a '\n' is kept
 * only where a new paragraph clearly starts: an enumerated item after a finished sentence,
 * or a blank line's worth of space.
 */
export function cellText(lines: TextLine[], cellRight?: number): string {
  let out = '';
  let prev: TextLine | null = null;
  const right = cellRight ?? Math.max(...lines.map((l) => l.box[2]));
  for (const line of lines) {
    if (prev === null) {
      out = line.text;
    } else {
      const gap = line.box[1] - prev.box[3];
      // A line that stops well short of the others did not wrap: the text after it is new.
      const short = prev.box[2] < right - 2.5 * prev.size;
      const newPara = gap > 0.9 * Math.max(prev.size, line.size) ||
        (ENUMERATION.test(line.text) && (SENTENCE_END.test(prev.text) || short));
      out = newPara ? `${out}\n${line.text}` : joinPieces(out, line.text, true);
    }
    prev = line;
  }
  return out;
}
