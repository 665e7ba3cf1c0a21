// Layout of text exported from Word (Tika-style): every table cell starts a line with a tab;
// further paragraphs of the same cell follow on lines without a tab; a row ends with one empty
// line, a table with one more. Empty paragraphs inside a cell also print as empty lines, so
// empty lines alone cannot tell row ends from cell padding: we use the row width seen elsewhere
// in the table, list numbering and what follows a non-tab line to decide.
import { cleanText } from '../../ir/text.ts';
import { rowDraft, type Block, type CellDraft, type RowDraft } from './blocks.ts';
import { headingLevel, markedHeadingLevel } from './headings.ts';
import type { SourceLine } from './lines.ts';
import { stripMarkup } from './markup.ts';

type Kind = 'empty' | 'space' | 'cell' | 'text' | 'break';

function kindOf(line: SourceLine): Kind {
  if (line.pageBreak) return 'break';
  if (line.text === '') return 'empty';
  if (line.text.startsWith('\t')) return 'cell';
  if (stripMarkup(line.text).text.trim() === '') return 'space';
  return 'text';
}

/** Text of one printed line inside a cell: markup and layout tabs removed, NFKC, layout spaces gone. */
function cellLineText(raw: string): string {
  return cleanText(stripMarkup(raw).text.replace(/\t+/g, ' '));
}

interface OpenCell {
  paras: string[];
  line: number;
  endLine: number;
  /** Empty lines between this cell's last line and the next cell. */
  gap: number;
}

// List markers in the shapes used for 绩效目标 items: 1. 1、 (1) （一） 一、
const MARKERS: [RegExp, (m: string) => number][] = [
  [/^(\d{1,2})[.、．](?!\d)/, Number],
  [/^[(（](\d{1,2})[)）]/, Number],
  [/^[(（]([一二三四五六七八九十])[)）]/, (m) => '一二三四五六七八九十'.indexOf(m) + 1],
  [/^([一二三四五六七八九十])、/, (m) => '一二三四五六七八九十'.indexOf(m) + 1],
];

function listItem(text: string): { style: number; n: number } | null {
  for (let s = 0; s < MARKERS.length; s++) {
    const m = MARKERS[s]![0].exec(text);
    if (m) return { style: s, n: MARKERS[s]![1](m[1]!) };
  }
  return null;
}

/** True when `next` is the item after the last numbered paragraph of the cell (1. → 2.). */
function continuesList(paras: string[], next: string): boolean {
  const item = listItem(next);
  if (!item || item.n < 2) return false;
  for (let i = paras.length - 1; i >= 0; i--) {
    const prev = listItem(paras[i]!);
    if (prev) return prev.style === item.style && prev.n + 1 === item.n;
  }
  return false;
}

/** Most common row length (ties go to the wider). */
function typicalWidth(segments: OpenCell[][]): number {
  const counts = new Map<number, number>();
  for (const s of segments) counts.set(s.length, (counts.get(s.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [len, count] of counts) {
    if (count > bestCount || (count === bestCount && len > best)) {
      best = len;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Group a table's cells into rows. An empty line after a cell ends a row, but a cell that ends
 * in empty paragraphs prints empty lines too, in the middle of a row. So pieces that together
 * make exactly the table's usual row width, next to a row of that width, are one row; any
 * other piece is a row as printed (shorter rows are real: Word drops horizontally merged cells).
 */
function cellsToRows(cells: OpenCell[]): RowDraft[] {
  const pieces: OpenCell[][] = [];
  let cur: OpenCell[] = [];
  for (const c of cells) {
    cur.push(c);
    if (c.gap >= 1) {
      pieces.push(cur);
      cur = [];
    }
  }
  if (cur.length) pieces.push(cur);
  const width = typicalWidth(pieces);
  const rows: OpenCell[][] = [];
  for (let i = 0; i < pieces.length; i++) {
    let sum = pieces[i]!.length;
    let j = i;
    while (sum < width && j + 1 < pieces.length) sum += pieces[++j]!.length;
    const prevWidth = rows.length ? rows[rows.length - 1]!.length : -1;
    const nextWidth = j + 1 < pieces.length ? pieces[j + 1]!.length : -1;
    if (j > i && sum === width && (prevWidth === width || nextWidth === width)) {
      rows.push(pieces.slice(i, j + 1).flat());
      i = j;
    } else {
      rows.push(pieces[i]!);
    }
  }
  return rows.map((r) => rowDraft(r.map((c): CellDraft => ({ text: c.paras.join('\n'), line: c.line, endLine: c.endLine }))));
}

export function parseWordLayout(lines: SourceLine[]): Block[] {
  const blocks: Block[] = [];
  const kinds = lines.map(kindOf);
  let cells: OpenCell[] | null = null;
  let cell: OpenCell | null = null;
  let gap = 0;
  let deferred: Block[] = [];

  const closeTable = () => {
    if (cell) {
      cell.gap = gap;
      cells!.push(cell);
    }
    if (cells && cells.length) blocks.push({ kind: 'table', rows: cellsToRows(cells) });
    blocks.push(...deferred);
    cells = null;
    cell = null;
    gap = 0;
    deferred = [];
  };

  // A non-tab line after empty lines inside a table: more paragraphs of the last cell, or the
  // first paragraph after the table?
  const isContinuation = (i: number, open: OpenCell): boolean => {
    const marked = stripMarkup(lines[i]!.text);
    if (marked.heading) return false;
    const text = cleanText(marked.text);
    if (continuesList(open.paras, text)) return true;
    const level = headingLevel(text);
    if (level !== null && level <= 3) return false;
    let j = i + 1;
    while (j < lines.length && kinds[j] === 'text') j++;
    let blanks = 0;
    while (j < lines.length && (kinds[j] === 'empty' || kinds[j] === 'break')) {
      blanks++;
      j++;
    }
    // A caption sits right on top of the next table; cell text is followed by the row end.
    return j < lines.length && kinds[j] === 'cell' && blanks >= 1;
  };

  const pushText = (line: SourceLine) => {
    const marked = stripMarkup(line.text);
    const text = cleanText(marked.text);
    if (!text) return;
    const level = marked.heading ? markedHeadingLevel(text, marked.level) : headingLevel(text);
    if (level !== null) blocks.push({ kind: 'heading', level, text, line: line.no });
    else blocks.push({ kind: 'paragraph', text, line: line.no, endLine: line.no });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const kind = kinds[i]!;
    if (cells === null) {
      if (kind === 'break') blocks.push({ kind: 'pageBreak', page: line.page, line: line.no });
      else if (kind === 'text') pushText(line);
      else if (kind === 'cell') {
        cells = [];
        cell = { paras: [], line: line.no, endLine: line.no, gap: 0 };
        const t = cellLineText(line.text);
        if (t) cell.paras.push(t);
      }
      continue;
    }
    const open: OpenCell = cell!;
    switch (kind) {
      case 'empty':
        gap++;
        break;
      case 'break':
        deferred.push({ kind: 'pageBreak', page: line.page, line: line.no });
        break;
      case 'space':
        closeTable();
        break;
      case 'cell': {
        open.gap = gap;
        cells.push(open);
        gap = 0;
        cell = { paras: [], line: line.no, endLine: line.no, gap: 0 };
        const t = cellLineText(line.text);
        if (t) cell.paras.push(t);
        break;
      }
      case 'text':
        if ((gap === 0 && !stripMarkup(line.text).heading) || (gap > 0 && isContinuation(i, open))) {
          const t = cellLineText(line.text);
          if (t) open.paras.push(t);
          open.endLine = line.no;
          gap = 0;
        } else {
          closeTable();
          pushText(line);
        }
        break;
    }
  }
  if (cells !== null) closeTable();
  return blocks;
}
