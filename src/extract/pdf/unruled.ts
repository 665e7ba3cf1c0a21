// Tables printed without any ruling lines (Word tables with borders off): runs of lines whose
// words fall into the same columns with wide gaps between them. Conservative on purpose: a
// run needs three lines, and either three columns or a column of amounts, and words may not
// straddle the column gaps; one printed line is one row.
import { lineOf } from './lines.ts';
import { median } from './tables.ts';
import type { Box, LayoutCell, LayoutTable, TextLine, Word } from './types.ts';

const AMOUNT = /^[-+(（]?[\d,]*\.?\d+%?[)）]?$/;

/** Words of a line grouped where the gap is wider than 1.5 em. */
export function pieces(line: TextLine): Word[][] {
  const out: Word[][] = [[]];
  let prev: Word | null = null;
  for (const w of line.words) {
    if (prev && w.x0 - prev.x1 > 1.5 * Math.max(prev.size, w.size)) out.push([]);
    out[out.length - 1]!.push(w);
    prev = w;
  }
  return out;
}

function span(ws: Word[]): [number, number] {
  return [Math.min(...ws.map((w) => w.x0)), Math.max(...ws.map((w) => w.x1))];
}

/** Column boundaries of a run: x ranges no piece covers, at least 1 em wide. */
function columns(run: Word[][][], size: number): number[] {
  const spans = run.flat().map(span).sort((a, b) => a[0] - b[0]);
  const bounds = [spans[0]![0]];
  let reach = spans[0]![1];
  for (const [s, e] of spans.slice(1)) {
    if (s - reach >= size) bounds.push((s + reach) / 2);
    reach = Math.max(reach, e);
  }
  bounds.push(reach);
  return bounds;
}

function tableOf(lines: TextLine[], run: Word[][][], xs: number[], page: number): LayoutTable {
  const ncols = xs.length - 1;
  const col = (x: number) => { let c = 0; while (c < ncols - 1 && x >= xs[c + 1]!) c++; return c; };
  const rows: LayoutCell[][] = run.map((ps, r) => {
    const line = lines[r]!;
    const top = r === 0 ? line.box[1] : (lines[r - 1]!.box[3] + line.box[1]) / 2;
    const bottom = r === lines.length - 1 ? line.box[3] : (line.box[3] + lines[r + 1]!.box[1]) / 2;
    return ps.map((ws) => {
      const [x0, x1] = span(ws);
      const c0 = col(x0 + 0.1), c1 = col(x1 - 0.1);
      const box: Box = [xs[c0]!, top, xs[c1 + 1]!, bottom];
      return { text: lineOf(ws).text, row: r, col: c0, rowSpan: 1, colSpan: c1 - c0 + 1, box, page };
    });
  });
  const edges = Array.from({ length: ncols }, () => true);
  return {
    kind: 'table', page, endPage: page, box: [xs[0]!, lines[0]!.box[1], xs[ncols]!, lines[lines.length - 1]!.box[3]],
    colX: xs, rows, topRuled: edges, bottomRuled: [...edges],
  };
}

function accept(run: Word[][][], xs: number[]): boolean {
  const ncols = xs.length - 1;
  if (run.length < 3 || ncols < 2) return false;
  const cols = run.map((ps) => ps.map((ws) => {
    const [x0, x1] = span(ws);
    return xs.findIndex((x, i) => i < ncols && x0 >= x - 0.5 && x1 <= xs[i + 1]! + 0.5);
  }));
  // Every piece inside one column (a straddling piece means the gaps are not columns).
  if (cols.flat().some((c) => c < 0)) return false;
  if (run.filter((ps) => ps.length >= 2).length < Math.ceil(0.6 * run.length)) return false;
  if (ncols >= 3) return true;
  // Two columns: only a label | amount list, not a numbered list or a label: text layout.
  const right = run.flatMap((ps, r) => ps.filter((_, i) => cols[r]![i] === 1));
  return right.length >= 3 && right.filter((ws) => AMOUNT.test(ws.map((w) => w.text).join(''))).length >= 0.8 * right.length;
}

/** Borderless tables among a page's free lines (sorted top to bottom); the rest stay text. */
export function findUnruledTables(lines: TextLine[], page: number): { tables: LayoutTable[]; rest: TextLine[] } {
  const tables: LayoutTable[] = [];
  const rest: TextLine[] = [];
  let i = 0;
  while (i < lines.length) {
    // Longest run of multi-piece lines close under each other.
    let j = i;
    while (j < lines.length && pieces(lines[j]!).length >= 2 &&
      (j === i || lines[j]!.box[1] - lines[j - 1]!.box[3] <= 2 * lines[j]!.size)) j++;
    if (j - i >= 3) {
      const runLines = lines.slice(i, j);
      const run = runLines.map(pieces);
      const size = median(runLines.map((l) => l.size));
      const xs = columns(run, size);
      if (accept(run, xs)) {
        tables.push(tableOf(runLines, run, xs, page));
        i = j;
        continue;
      }
    }
    rest.push(lines[i]!);
    i++;
  }
  return { tables, rest };
}
