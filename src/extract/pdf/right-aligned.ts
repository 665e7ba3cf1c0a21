// Borderless budget tables whose amounts are right-aligned (Excel/WPS tables printed with their
// borders off): the right edges of an amount column line up while the left edges differ with the
// number of digits; names and codes are left-aligned; long names and header cells wrap onto more
// lines inside their cell (Excel centres the other cells of the row vertically, so a wrapped name
// prints above and below the row's amounts); a merged header cell is centred over the columns it
// spans. Runs before aligned.ts and unruled.ts, and is strict: it takes a region only when at
// least two columns of amounts line up on their right edges, and every piece of text between the
// first and the last row of amounts falls inside one column.
import { blocksOf, cellText, lineOf } from './lines.ts';
import { median } from './tables.ts';
import type { Box, LayoutCell, LayoutTable, TextLine, Word } from './types.ts';

/** How far (pt) an edge may be from its column's. */
const TOL = 2;
/** A printed amount: digits with thousands separators and decimals, maybe signed or bracketed. */
const AMOUNT = /^[-+(（]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[)）]?$/;

interface Piece { words: Word[]; x0: number; x1: number; amount: boolean }
interface Column { x0: number; x1: number; right: boolean }

/** A dash printed for no amount (-, —): it stands in an amount column like an amount. */
const NONE = /^[-—–－]{1,3}$/;
const isAmount = (w: Word) => AMOUNT.test(w.text) || NONE.test(w.text);
/** A classification code (201, 20801, 2080101): digits only, no separators; codes are left-aligned. */
const isCode = (p: Piece) => p.words.length === 1 && /^\d{3,7}$/.test(p.words[0]!.text);

/**
 * Words of a line grouped into the texts of cells: apart where the gap is wider than 1.5 em (as
 * unruled.ts), and an amount always on its own when a visible blank (half an em) separates it
 * from its neighbours: neighbouring right-aligned amounts may come close.
 */
function cellPieces(line: TextLine): Piece[] {
  const groups: Word[][] = [[]];
  let prev: Word | null = null;
  for (const w of line.words) {
    const gap = prev ? w.x0 - prev.x1 : 0;
    const em = prev ? Math.max(prev.size, w.size) : 0;
    if (prev && (gap > 1.5 * em || (gap >= 0.5 * em && (isAmount(w) || isAmount(prev))))) groups.push([]);
    groups[groups.length - 1]!.push(w);
    prev = w;
  }
  return groups.map((ws) => ({
    words: ws, x0: Math.min(...ws.map((w) => w.x0)), x1: Math.max(...ws.map((w) => w.x1)),
    amount: ws.length === 1 && isAmount(ws[0]!),
  }));
}

/** Edges (x0 or x1 of pieces) shared within TOL by pieces of three lines or more: [edge, pieces]. */
function edgeClusters(items: { x: number; line: number; piece: Piece }[]): { x: number; pieces: Piece[] }[] {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const out: { x: number; pieces: Piece[] }[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.x - sorted[i]!.x <= TOL) j++;
    const group = sorted.slice(i, j + 1);
    if (new Set(group.map((g) => g.line)).size >= 3 && group.length === new Set(group.map((g) => g.line)).size) {
      out.push({ x: median(group.map((g) => g.x)), pieces: group.map((g) => g.piece) });
    }
    i = j + 1;
  }
  return out;
}

/**
 * Columns of the body (lines printing amounts): right-aligned amount columns (right edges shared,
 * left edges not all equal), then left-aligned columns of the other pieces, then sparse amount
 * columns. Null when fewer than two right-aligned amount columns, or when columns overlap.
 */
function columnsOf(body: Piece[][]): { cols: Column[]; colOf: Map<Piece, number> } | null {
  const amounts = body.flatMap((ps, line) => ps.filter((p) => p.amount).map((piece) => ({ x: piece.x1, line, piece })));
  // Only a right edge shared by numbers of different widths shows right alignment: codes of one
  // length share both edges, and are left-aligned with the codes of other lengths.
  const rights = edgeClusters(amounts).filter((c) => Math.max(...c.pieces.map((p) => p.x0)) - Math.min(...c.pieces.map((p) => p.x0)) > TOL);
  if (rights.length < 2) return null;
  const inRight = new Set(rights.flatMap((c) => c.pieces));
  const others = body.flatMap((ps, line) => ps.filter((p) => !inRight.has(p)).map((piece) => ({ x: piece.x0, line, piece })));
  const lefts = edgeClusters(others);
  const cols: { col: Column; pieces: Piece[] }[] = [
    ...rights.map((c) => ({ col: { x0: Math.min(...c.pieces.map((p) => p.x0)), x1: c.x, right: true }, pieces: c.pieces })),
    // A column of amounts of one width shares both edges; amounts are right-aligned all the same.
    ...lefts.map((c) => ({ col: { x0: c.x, x1: Math.max(...c.pieces.map((p) => p.x1)), right: c.pieces.every((p) => p.amount) && !c.pieces.some(isCode) }, pieces: c.pieces })),
  ];
  // A sparse amount column (one or two amounts on this page, as a 政府性基金 column often has):
  // amounts in no column, in a gap between columns, sharing a right edge.
  const inCols = new Set(cols.flatMap((c) => c.pieces));
  const stray = body.flat().filter((p) => p.amount && !inCols.has(p) && !cols.some((c) => p.x1 > c.col.x0 - TOL && p.x0 < c.col.x1 + TOL))
    .sort((a, b) => a.x1 - b.x1);
  for (const p of stray) {
    const last = cols[cols.length - 1]!;
    if (last.col.right && last.pieces.every((q) => stray.includes(q)) && Math.abs(last.col.x1 - p.x1) <= TOL) {
      last.pieces.push(p);
      last.col.x0 = Math.min(last.col.x0, p.x0);
    } else cols.push({ col: { x0: p.x0, x1: p.x1, right: true }, pieces: [p] });
  }
  cols.sort((a, b) => a.col.x0 - b.col.x0);
  for (let i = 1; i < cols.length; i++) if (cols[i]!.col.x0 <= cols[i - 1]!.col.x1) return null;
  if (cols.length < 3) return null;
  const colOf = new Map<Piece, number>();
  cols.forEach((c, i) => c.pieces.forEach((p) => colOf.set(p, i)));
  return { cols: cols.map((c) => c.col), colOf };
}

/**
 * Column boundaries. Cells are not drawn, so each inner boundary is put where the cells' edges
 * must be: just left of a left-aligned column's text, else just right of a right-aligned column's
 * amounts, else (text then amounts) in the middle of the gap. Header text centred in its cell
 * then falls between the boundaries of its column.
 */
function boundaries(cols: Column[], left: number, right: number): number[] {
  const inner = cols.slice(1).map((c, i) => {
    const prev = cols[i]!;
    if (!c.right) return Math.max(c.x0 - TOL, (prev.x1 + c.x0) / 2);
    if (prev.right) return Math.min(prev.x1 + TOL, (prev.x1 + c.x0) / 2);
    return (prev.x1 + c.x0) / 2;
  });
  return [Math.min(left, cols[0]!.x0), ...inner, Math.max(right, cols[cols.length - 1]!.x1)];
}

/** How far each boundary may be off: half the gap where it was put in the middle of one (text, then amounts). */
function slack(cols: Column[]): number[] {
  return [0, ...cols.slice(1).map((c, i) => (!c.right || cols[i]!.right ? 0 : (c.x0 - cols[i]!.x1) / 2)), 0];
}

/** The column slot an x falls in (between boundaries), or -1 outside the table. */
function slotOf(xs: number[], x: number): number {
  for (let i = 0; i < xs.length - 1; i++) if (x >= xs[i]! && x <= xs[i + 1]!) return i;
  return -1;
}

/** Column of a piece that is on no column edge (a centred 合计): the column holding all of it. */
function fitOf(xs: number[], p: Piece): number {
  const a = slotOf(xs, p.x0 + 0.1);
  const b = slotOf(xs, p.x1 - 0.1);
  return a >= 0 && a === b ? a : -1;
}

const textOfLines = (groups: Word[][], right?: number) => cellText(groups.map(lineOf), right);

/**
 * The header lines (above the body, close under each other) → one or two header rows. A merged
 * head spans the columns it is centred over, which get the words below it as a second row; every
 * other column's words make one cell spanning both rows. Null for nested heads.
 */
function headerRows(lines: TextLine[], xs: number[], page: number, top: number, bottom: number): LayoutCell[][] | null {
  const ncols = xs.length - 1;
  type HWord = { w: Word; line: number; col: number; span?: [number, number] };
  const words: HWord[] = lines.flatMap((l, line) => l.words.map((w) => ({ w, line, col: Math.max(0, slotOf(xs, (w.x0 + w.x1) / 2)) })));
  // A merged head: centred over a run of two or more columns that each print header text below
  // it, with nothing else on its line over that run (three wrapped headers side by side are not
  // one head over three columns); the run it is best centred on. It may be narrower than one column.
  const centreOf = (w: Word) => (w.x0 + w.x1) / 2;
  const headTop = Math.min(...words.map((y) => y.w.top));
  const headBottom = Math.max(...words.map((y) => y.w.bottom));
  for (const x of words) {
    // Columns whose header text is all below it and centred in the height left below it; a
    // column headed over the whole header's height (合计 beside a merged 本年收入, centred
    // vertically on both rows) is not under it.
    const below = new Set<number>();
    for (let c = 0; c < ncols; c++) {
      const ws = words.filter((y) => y.col === c && y.line !== x.line);
      if (ws.length === 0 || ws.some((y) => y.w.top < x.w.bottom - 0.2 * x.w.size)) continue;
      const centre = (Math.min(...ws.map((y) => y.w.top)) + Math.max(...ws.map((y) => y.w.bottom))) / 2;
      if (Math.abs(centre - (x.w.bottom + headBottom) / 2) < Math.abs(centre - (headTop + headBottom) / 2)) below.add(c);
    }
    const beside = new Set(words.filter((y) => y !== x && y.line === x.line).map((y) => y.col));
    let best: { a: number; b: number; off: number } | undefined;
    for (let a = x.col; a >= 0 && below.has(a) && (a === x.col || !beside.has(a)); a--) {
      for (let b = x.col; b < ncols && below.has(b) && (b === x.col || !beside.has(b)); b++) {
        const width = xs[b + 1]! - xs[a]!;
        const off = Math.abs(centreOf(x.w) - (xs[a]! + xs[b + 1]!) / 2);
        if (b > a && off <= Math.max(0.05 * width, x.w.size) && x.w.x0 >= xs[a]! - TOL && x.w.x1 <= xs[b + 1]! + TOL &&
          (!best || off < best.off)) best = { a, b, off };
      }
    }
    if (best) x.span = [best.a, best.b];
  }
  const spans = new Map<string, HWord[]>();
  for (const x of words) if (x.span) {
    const k = x.span.join(':');
    spans.set(k, [...(spans.get(k) ?? []), x]);
  }
  const byLine = (ws: HWord[]) => {
    const m = new Map<number, Word[]>();
    for (const x of ws) m.set(x.line, [...(m.get(x.line) ?? []), x.w]);
    return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
  };
  // Heads over heads (three header rows) are more than this reads: leave the region alone.
  const ranges = [...spans.keys()].map((k) => k.split(':').map(Number) as [number, number]);
  if (ranges.some(([a, b], i) => ranges.some(([c, d], j) => i !== j && a <= d && c <= b))) return null;
  const two = spans.size > 0;
  const mid = two ? Math.max(...[...spans.values()].flat().map((x) => lines[x.line]!.box[3])) : bottom;
  const rows: LayoutCell[][] = two ? [[], []] : [[]];
  const under = (c: number) => [...spans.keys()].some((k) => { const [a, b] = k.split(':').map(Number); return c >= a! && c <= b!; });
  for (const [k, ws] of spans) {
    const [c0, c1] = k.split(':').map(Number) as [number, number];
    rows[0]!.push({ text: textOfLines(byLine(ws)), row: 0, col: c0, rowSpan: 1, colSpan: c1 - c0 + 1, box: [xs[c0]!, top, xs[c1 + 1]!, mid], page });
  }
  for (let c = 0; c < ncols; c++) {
    const ws = words.filter((x) => !x.span && x.col === c);
    // A column without header text still gets its (blank) cell, so the cells after it keep their columns.
    const text = ws.length ? textOfLines(byLine(ws)) : '';
    if (two && under(c)) rows[1]!.push({ text, row: 1, col: c, rowSpan: 1, colSpan: 1, box: [xs[c]!, mid, xs[c + 1]!, bottom], page });
    else rows[0]!.push({ text, row: 0, col: c, rowSpan: rows.length, colSpan: 1, box: [xs[c]!, top, xs[c + 1]!, bottom], page });
  }
  for (const r of rows) r.sort((a, b) => a.col - b.col);
  return rows;
}

/** One block of lines → a table, or null when it is not plainly such a grid. */
function tableOf(block: TextLine[], page: number): { table: LayoutTable; from: number; to: number } | null {
  const pieces = block.map(cellPieces);
  // Body: from the first to the last line printing an amount.
  const withAmount = pieces.map((ps) => ps.some((p) => p.amount));
  const first = withAmount.indexOf(true);
  const last = withAmount.lastIndexOf(true);
  if (first < 0 || last - first < 2) return null;
  const body = pieces.slice(first, last + 1);
  const found = columnsOf(body);
  if (!found) return null;
  const { cols, colOf } = found;
  const bodyLines = block.slice(first, last + 1);
  const xs = boundaries(cols, Math.min(...bodyLines.map((l) => l.box[0])), Math.max(...bodyLines.map((l) => l.box[2])));
  // Every body piece in one column, at most one piece per column and line.
  const placed: Map<number, Piece>[] = [];
  for (const ps of body) {
    const m = new Map<number, Piece>();
    for (const p of ps) {
      const c = colOf.get(p) ?? fitOf(xs, p);
      if (c < 0 || m.has(c)) return null;
      m.set(c, p);
    }
    placed.push(m);
  }
  // Row lines: those printing an amount or text in two columns. A line of one text piece is a
  // wrapped line of the cell in its column when it is close to a row's line and continues a line
  // that ran to the column's right edge (or runs there itself: the first line of a name that Excel
  // prints above and below the row's vertically centred amounts); otherwise it is a row of its
  // own (a 其中： line). A wrapped line goes to the row whose line is nearest (ties: the row above,
  // where text flows from).
  const size = median(bodyLines.map((l) => l.size));
  const center = (l: TextLine) => (l.box[1] + l.box[3]) / 2;
  const colRight = cols.map((_, c) => Math.max(...placed.flatMap((m) => (m.has(c) ? [m.get(c)!.x1] : []))));
  const full = (p: Piece, c: number) => p.x1 >= colRight[c]! - 2 * size;
  const isRow = placed.map((m, i) => body[i]!.some((p) => p.amount) || m.size >= 2);
  const nearRow = (i: number) => isRow.some((r, j) => r && Math.abs(center(bodyLines[j]!) - center(bodyLines[i]!)) <= 1.6 * size);
  for (let i = 0; i < body.length; i++) {
    if (isRow[i]) continue;
    const [c, p] = [...placed[i]!][0]!;
    let above = i - 1;
    while (above >= 0 && !placed[above]!.has(c)) above--;
    const continues = above >= 0 && center(bodyLines[i]!) - center(bodyLines[above]!) <= 2 * size && full(placed[above]!.get(c)!, c);
    if (!nearRow(i) || !(full(p, c) || continues)) isRow[i] = true;
  }
  const rowIdx = bodyLines.map((_, i) => i).filter((i) => isRow[i]);
  const rowOfLine = bodyLines.map((l, i) => {
    if (isRow[i]) return rowIdx.indexOf(i);
    let best = 0;
    rowIdx.forEach((r, k) => { if (Math.abs(center(bodyLines[r]!) - center(l)) < Math.abs(center(bodyLines[rowIdx[best]!]!) - center(l)) - 0.01) best = k; });
    return best;
  });
  // Header: the lines above the body, each as close to the one below as the body's rows are to
  // each other (row heights vary by exporter), and printing only what header cells print: words
  // within one column, or a merged head centred on a run of columns. A 部门：… 单位：万元 label
  // above the table runs across columns without being centred on them, and stops the header.
  const rowGaps = rowIdx.slice(1).map((r, k) => bodyLines[r]!.box[1] - bodyLines[rowIdx[k]!]!.box[3]).filter((g) => g > 0);
  const maxGap = Math.max(1.0 * size, 1.25 * (rowGaps.length ? median(rowGaps) : 0));
  const cellLike = (w: Word) => {
    const c = slotOf(xs, (w.x0 + w.x1) / 2);
    if (c < 0) return false;
    if (w.x0 >= xs[c]! - size / 2 && w.x1 <= xs[c + 1]! + size / 2) return true;
    for (let a = 0; a <= c; a++) for (let b = c; b < xs.length - 1; b++) {
      if (w.x0 >= xs[a]! - TOL && w.x1 <= xs[b + 1]! + TOL && Math.abs((w.x0 + w.x1) / 2 - (xs[a]! + xs[b + 1]!) / 2) <= Math.max(0.05 * (xs[b + 1]! - xs[a]!), w.size)) return true;
    }
    return false;
  };
  let h = first;
  while (h > 0) {
    const l = block[h - 1]!;
    if (block[h]!.box[1] - l.box[3] > maxGap || !l.words.every(cellLike)) break;
    h--;
  }
  const headerLines = block.slice(h, first);
  const bodyTop = Math.min(...bodyLines.map((l) => l.box[1]));
  const headTop = headerLines.length ? Math.min(...headerLines.map((l) => l.box[1])) : bodyTop;
  const head = headerLines.length ? headerRows(headerLines, xs, page, headTop, bodyTop) : [];
  if (!head) return null;
  const nrows = rowIdx.length;
  const tops = Array.from({ length: nrows }, (_, k) => Math.min(...bodyLines.filter((_, i) => rowOfLine[i] === k).map((l) => l.box[1])));
  const bottoms = Array.from({ length: nrows }, (_, k) => Math.max(...bodyLines.filter((_, i) => rowOfLine[i] === k).map((l) => l.box[3])));
  const edge = (k: number) => (k <= 0 ? tops[0]! : k >= nrows ? bottoms[nrows - 1]! : (bottoms[k - 1]! + tops[k]!) / 2);
  const rows: LayoutCell[][] = [...head];
  for (let k = 0; k < nrows; k++) {
    const row = head.length + k;
    const cells: LayoutCell[] = [];
    for (let c = 0; c < cols.length; c++) {
      const groups = bodyLines.flatMap((_, i) => (rowOfLine[i] === k && placed[i]!.has(c) ? [placed[i]!.get(c)!.words] : []));
      // A blank cell is still a cell: the table builder places cells in order, not by column.
      const box: Box = [xs[c]!, edge(k), xs[c + 1]!, edge(k + 1)];
      cells.push({ text: groups.length ? textOfLines(groups, xs[c + 1]!) : '', row, col: c, rowSpan: 1, colSpan: 1, box, page });
    }
    rows.push(cells);
  }
  const edges = Array.from({ length: cols.length }, () => true);
  const table: LayoutTable = {
    kind: 'table', page, endPage: page, box: [xs[0]!, headTop, xs[xs.length - 1]!, bottoms[nrows - 1]!],
    colX: xs, colTol: slack(cols), rows, topRuled: edges, bottomRuled: [...edges],
  };
  return { table, from: h, to: last + 1 };
}

/** Right-aligned borderless budget grids among a page's free lines (sorted top to bottom); the rest stay lines. */
export function findRightAlignedTables(lines: TextLine[], page: number): { tables: LayoutTable[]; rest: TextLine[] } {
  const tables: LayoutTable[] = [];
  const rest: TextLine[] = [];
  for (const block of blocksOf(lines)) {
    const found = tableOf(block, page);
    if (!found) { rest.push(...block); continue; }
    tables.push(found.table);
    rest.push(...block.slice(0, found.from), ...block.slice(found.to));
  }
  rest.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  return { tables, rest };
}
