// Borderless tables whose columns are left-aligned (a Word or WPS table with its borders turned
// off): every piece of text in the region starts at one of a few x positions, and a merged cell
// prints its text once, vertically centred on the rows it spans (一级指标 | 二级指标 labels beside
// their indicator rows). unruled.ts finds the other kind (columns apart by wide gaps, one printed
// line per row); this one runs first and is strict, so it only takes regions that are plainly a
// grid: at least three columns, each starting three or more lines, and four lines of several pieces.
import { blocksOf, cellText, lineOf } from './lines.ts';
import { median } from './tables.ts';
import { pieces } from './unruled.ts';
import type { Box, LayoutCell, LayoutTable, TextLine, Word } from './types.ts';

/** How far (pt) a piece's left edge may be from its column's. */
const TOL = 2;

interface Piece { words: Word[]; x0: number; x1: number; col: number }
interface GridLine { line: TextLine; pieces: Piece[]; cols: Set<number>; center: number }

const x0Of = (ws: Word[]) => Math.min(...ws.map((w) => w.x0));
const x1Of = (ws: Word[]) => Math.max(...ws.map((w) => w.x1));

/**
 * Left edges shared by pieces of at least two of the lines (multi-piece lines only), when at
 * least two of them start pieces on three lines or more (a merged first column prints few).
 */
function anchorsOf(lines: Word[][][]): number[] {
  const starts: { x: number; line: number }[] = [];
  lines.forEach((ps, i) => { if (ps.length >= 2) for (const p of ps) starts.push({ x: x0Of(p), line: i }); });
  starts.sort((a, b) => a.x - b.x);
  const out: { x: number; n: number }[] = [];
  for (let i = 0; i < starts.length;) {
    let j = i;
    while (j + 1 < starts.length && starts[j + 1]!.x - starts[i]!.x <= TOL) j++;
    const group = starts.slice(i, j + 1);
    const n = new Set(group.map((s) => s.line)).size;
    if (n >= 2) out.push({ x: median(group.map((s) => s.x)), n });
    i = j + 1;
  }
  return out.filter((a) => a.n >= 3).length >= 2 ? out.map((a) => a.x) : [];
}

/**
 * A piece cut where a word inside it starts at a column after a visible blank (half an em):
 * neighbouring cells' texts closer than the piece rule's gap (`≥1200 人  20`). A word that merely
 * happens to start at a column inside running text follows a narrow, ordinary space.
 */
function cutAtAnchors(ws: Word[], anchors: number[]): Word[][] {
  const out: Word[][] = [[]];
  let prev: Word | null = null;
  for (const w of ws) {
    if (prev && w.x0 - prev.x1 >= 0.5 * Math.max(w.size, prev.size) && anchors.some((a) => Math.abs(w.x0 - a) <= TOL)) out.push([]);
    out[out.length - 1]!.push(w);
    prev = w;
  }
  return out;
}

/** The line's pieces (`pieces(line)`) on the columns, or null when one does not start at a column. */
function place(line: TextLine, linePieces: Word[][], anchors: number[]): GridLine | null {
  const ps: Piece[] = [];
  for (const p of linePieces.flatMap((p) => cutAtAnchors(p, anchors))) {
    const x0 = x0Of(p);
    const col = anchors.findIndex((a) => Math.abs(a - x0) <= TOL);
    if (col < 0) return null;
    if (ps.length > 0 && ps[ps.length - 1]!.col === col) return null;
    ps.push({ words: p, x0, x1: x1Of(p), col });
  }
  return { line, pieces: ps, cols: new Set(ps.map((p) => p.col)), center: (line.box[1] + line.box[3]) / 2 };
}

/**
 * Text printed once for several rows (a merged cell, centred vertically): a piece whose column is
 * blank in the rows around it, centred on the rows between the nearest lines above and below that
 * print in that column. Over an even number of rows it has a line of its own, between two rows;
 * over an odd number it shares the middle row's line. Deepest columns first, so a 二级指标 label
 * is known before the 一级指标 label centred over its rows. Returns the label pieces with the
 * lines of the rows each spans, and the lines that hold nothing but labels (no row of their own).
 */
function centredLabels(lines: GridLine[], ncols: number, size: number): { spans: Map<Piece, GridLine[]>; labelLines: Set<GridLine> } {
  const spans = new Map<Piece, GridLine[]>();
  const labelLines = new Set<GridLine>();
  // Lines of labels only first (they are certain: nothing else is printed on them), then labels
  // sharing a row's line; within each, deepest column first.
  const alone = (l: GridLine) => !l.cols.has(ncols - 1);
  const candidates = lines.flatMap((l) => l.pieces.filter((p) => p.col < ncols - 1).map((p) => ({ l, p })))
    .sort((a, b) => Number(alone(b.l)) - Number(alone(a.l)) || b.p.col - a.p.col);
  /** Column c of line g is already taken by a label spanning it. */
  const covered = (g: GridLine, c: number) => [...spans].some(([q, rows]) => q.col === c && rows.includes(g));
  for (const { l, p } of candidates) {
    const c = p.col;
    // Only what is left of the rest of its line, or a line of labels only.
    if (l.pieces.some((q) => q.col < c && !spans.has(q))) continue;
    const own = l.pieces.every((q) => q === p || spans.has(q) || q.col < c);
    const rowLine = !own || l.pieces.some((q) => q.col > c && !spans.has(q));
    const prints = (g: GridLine) => g !== l && !labelLines.has(g) && (g.pieces.some((q) => q.col === c) || covered(g, c));
    const i = lines.indexOf(l);
    let lo = i - 1;
    while (lo >= 0 && !prints(lines[lo]!)) lo--;
    let hi = i + 1;
    while (hi < lines.length && !prints(lines[hi]!)) hi++;
    const spanned = lines.slice(lo + 1, hi).filter((g) => !labelLines.has(g) && (g === l ? rowLine : g.pieces.some((q) => q.col > c)));
    if (spanned.length < 2) continue;
    const mid = spanned.reduce((sum, g) => sum + g.center, 0) / spanned.length;
    if (Math.abs(mid - l.center) > 0.3 * size) continue;
    if (rowLine ? spanned.length % 2 === 0 || spanned.length < 3 : l.center <= spanned[0]!.center || l.center >= spanned[spanned.length - 1]!.center) continue;
    spans.set(p, spanned);
    if (!rowLine) labelLines.add(l);
  }
  return { spans, labelLines };
}

function tableOf(lines: GridLine[], anchors: number[], page: number, size: number): LayoutTable {
  const ncols = anchors.length;
  const right = Math.max(...lines.map((l) => l.line.box[2]));
  const xs = [...anchors, right];
  const { spans, labelLines } = centredLabels(lines, ncols, size);
  // Rows: the lines that are not labels only. Consecutive rows under one label that each print a
  // single piece in the same column are the lines of one cell (a goal written over two lines).
  const rowLines: GridLine[][] = [];
  const spanOf = new Map<GridLine, GridLine[]>();
  for (const spanned of spans.values()) for (const g of spanned) if (!spanOf.has(g) || spanOf.get(g)!.length > spanned.length) spanOf.set(g, spanned);
  const rowPieces = (g: GridLine) => g.pieces.filter((p) => !spans.has(p));
  for (const g of lines) {
    if (labelLines.has(g)) continue;
    const prev = rowLines[rowLines.length - 1];
    const p = prev?.[prev.length - 1];
    const single = (x: GridLine) => rowPieces(x).length === 1;
    if (p && single(g) && single(p) && rowPieces(g)[0]!.col === rowPieces(p)[0]!.col && spanOf.get(g) && spanOf.get(g) === spanOf.get(p)) prev!.push(g);
    else rowLines.push([g]);
  }
  const rowOf = new Map<GridLine, number>();
  rowLines.forEach((r, i) => r.forEach((g) => rowOf.set(g, i)));
  const tops = rowLines.map((r) => Math.min(...r.map((g) => g.line.box[1])));
  const bottoms = rowLines.map((r) => Math.max(...r.map((g) => g.line.box[3])));
  const edge = (i: number) => (i <= 0 ? tops[0]! : i >= rowLines.length ? bottoms[rowLines.length - 1]! : (bottoms[i - 1]! + tops[i]!) / 2);
  const rows: LayoutCell[][] = rowLines.map(() => []);
  /** One cell from its lines' pieces; it runs over the columns to its right that its text reaches and nothing starts in. */
  const cell = (ps: Piece[][], row: number, rowSpan: number): void => {
    const col = ps[0]![0]!.col;
    const reach = Math.max(...ps.flat().map((p) => p.x1));
    let colSpan = 1;
    while (col + colSpan < ncols && reach > xs[col + colSpan]! + TOL && !occupied(row, rowSpan, col + colSpan)) colSpan++;
    // The column's right edge is the cell's: a line stopping well short of it did not wrap.
    const text = cellText(ps.map((pl) => lineOf(pl.flatMap((p) => p.words))), xs[col + colSpan]!);
    const box: Box = [xs[col]!, edge(row), xs[col + colSpan]!, edge(row + rowSpan)];
    rows[row]!.push({ text, row, col, rowSpan, colSpan, box, page });
  };
  const starts = new Map<string, true>();
  for (const r of rowLines) for (const g of r) for (const p of rowPieces(g)) starts.set(`${rowOf.get(g)}:${p.col}`, true);
  const occupied = (row: number, rowSpan: number, col: number) => {
    for (let k = row; k < row + rowSpan; k++) if (starts.has(`${k}:${col}`)) return true;
    return false;
  };
  rowLines.forEach((r, i) => {
    for (const col of new Set(r.flatMap((g) => rowPieces(g).map((p) => p.col)))) {
      const ps = r.map((g) => rowPieces(g).filter((p) => p.col === col)).filter((pl) => pl.length > 0);
      cell(ps, i, 1);
    }
  });
  for (const [p, spanned] of spans) {
    const first = Math.min(...spanned.map((g) => rowOf.get(g)!));
    const last = Math.max(...spanned.map((g) => rowOf.get(g)!));
    starts.set(`${first}:${p.col}`, true);
    cell([[p]], first, last - first + 1);
  }
  for (const r of rows) r.sort((a, b) => a.col - b.col);
  const edges = Array.from({ length: ncols }, () => true);
  return {
    kind: 'table', page, endPage: page, box: [xs[0]!, tops[0]!, right, bottoms[bottoms.length - 1]!],
    colX: xs, rows, topRuled: edges, bottomRuled: [...edges],
  };
}

/** Left-aligned borderless grids among a page's free lines (sorted top to bottom); the rest stay lines. */
export function findAlignedTables(lines: TextLine[], page: number): { tables: LayoutTable[]; rest: TextLine[] } {
  const tables: LayoutTable[] = [];
  const rest: TextLine[] = [];
  for (const block of blocksOf(lines)) {
    const blockPieces = block.map(pieces);
    const anchors = anchorsOf(blockPieces);
    if (anchors.length < 3) { rest.push(...block); continue; }
    const size = median(block.map((l) => l.size));
    const placed = block.map((l, k) => place(l, blockPieces[k]!, anchors));
    let i = 0;
    while (i < block.length) {
      // A run of lines on the columns, trimmed to start and end with a line of several pieces.
      let j = i;
      while (j < block.length && placed[j]) j++;
      let a = i, z = j;
      while (a < z && placed[a]!.pieces.length < 2) a++;
      while (z > a && placed[z - 1]!.pieces.length < 2) z--;
      const run = placed.slice(a, z) as GridLine[];
      const multi = run.filter((g) => g.pieces.length >= 2);
      const used = new Set(multi.flatMap((g) => [...g.cols]));
      if (multi.length >= 4 && used.size >= 3 && anchors.every((_, c) => run.some((g) => g.cols.has(c)))) {
        rest.push(...block.slice(i, a));
        tables.push(tableOf(run, anchors, page, size));
        rest.push(...block.slice(z, j));
      } else rest.push(...block.slice(i, j));
      if (j < block.length) rest.push(block[j]!);
      i = j + 1;
    }
  }
  rest.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  return { tables, rest };
}
