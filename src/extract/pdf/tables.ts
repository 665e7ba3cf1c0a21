// One table region + the page's words → rows of cells with row and column spans.
// Column and row boundaries come from ruling lines where they exist, else from gaps in the
// text; two neighbouring slots belong to one (merged) cell when no rule separates them.
import { MAX_PDF_GRID_SLOTS, MAX_TABLE_COLUMNS } from '../limits.ts';
import { buildLines, cellText } from './lines.ts';
import type { Region } from './regions.ts';
import type { Box, LayoutCell, LayoutTable, Rule, TextLine, Word } from './types.ts';
import { splitWord } from './words.ts';

const TOL = 2;
/** Boundaries closer than this are one boundary (double borders, slightly offset lines). */
const MIN_GAP = 3;

function cluster(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! < MIN_GAP) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

/** Does a rule at `pos` (within TOL) cover most of [a, b] along its length? */
function covered(rules: Rule[], horizontal: boolean, pos: number, a: number, b: number): boolean {
  const len = b - a;
  for (const r of rules) {
    const p = horizontal ? r.y0 : r.x0;
    if (Math.abs(p - pos) > TOL) continue;
    const s = horizontal ? r.x0 : r.y0;
    const e = horizontal ? r.x1 : r.y1;
    if (Math.min(e, b) - Math.max(s, a) >= 0.6 * len) return true;
  }
  return false;
}

/** Column boundaries from text: x ranges no word covers, between the region's edges. */
function textColumns(words: Word[], x0: number, x1: number): number[] {
  if (words.length === 0) return [x0, x1];
  const size = median(words.map((w) => w.size));
  const spans = words.map((w) => [w.x0, w.x1] as const).sort((a, b) => a[0] - b[0]);
  const bounds = [x0];
  let reach = Math.max(x0, spans[0]![0]);
  let first = true;
  for (const [s, e] of spans) {
    if (!first && s - reach >= 0.8 * size) bounds.push((s + reach) / 2);
    first = false;
    reach = Math.max(reach, e);
  }
  bounds.push(Math.max(x1, reach));
  return bounds;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function center(w: Word): [number, number] {
  return [(w.x0 + w.x1) / 2, (w.top + w.bottom) / 2];
}

function indexOf(bounds: number[], v: number): number {
  for (let i = 0; i < bounds.length - 1; i++) if (v < bounds[i + 1]!) return i;
  return bounds.length - 2;
}

/**
 * Extra row boundaries for bands (between rules, after the header band) holding three or more
 * lines that each fill at least two columns: one printed line per row. A band whose lines
 * mostly sit in one column is one row of wrapped cells and is left alone.
 */
function lineRows(words: Word[], ys: number[], xs: number[]): number[] {
  const out: number[] = [];
  for (let r = 1; r + 1 < ys.length; r++) {
    const band = words.filter((w) => { const cy = center(w)[1]; return cy > ys[r]! && cy < ys[r + 1]!; });
    const lines = buildLines(band);
    if (lines.length < 3) continue;
    const filled = (l: TextLine) => new Set(l.words.map((w) => indexOf(xs, center(w)[0]))).size;
    if (!lines.every((l) => filled(l) >= 2)) continue;
    for (let i = 1; i < lines.length; i++) out.push((lines[i - 1]!.box[3] + lines[i]!.box[1]) / 2);
  }
  return out;
}

export interface BuiltTable {
  table: LayoutTable;
  /** Words the table took from the page. */
  used: Set<Word>;
}

/** Build the table of `region` from the page's words; null when it is not really a table. */
export function buildTable(region: Region, words: Word[], page: number): BuiltTable | null {
  const inRegion = (w: Word) => {
    const [cx, cy] = center(w);
    return cx >= region.x0 - TOL && cx <= region.x1 + TOL && cy >= region.y0 - TOL && cy <= region.y1 + TOL;
  };
  const mine = words.filter(inRegion);
  const ys = cluster([...region.hs.map((r) => r.y0), region.y0, region.y1]);
  if (ys.length < 2) return null;
  let xs: number[];
  if (region.kind === 'grid') {
    xs = cluster([...region.vs.map((r) => r.x0), region.x0, region.x1]);
  } else {
    // Header rows may hold titles spanning several columns: find the gaps in the body first.
    const body = mine.filter((w) => center(w)[1] > ys[1]!);
    xs = textColumns(body.length >= 4 ? body : mine, region.x0, region.x1);
  }
  // Rows inside a band of a horizontally ruled table that are printed one per line (a
  // three-line table's body has rules only above and below it).
  const textRows = new Set<number>();
  if (region.kind === 'hrules') {
    for (const y of lineRows(mine, ys, xs)) { ys.push(y); textRows.add(y); }
    ys.sort((a, b) => a - b);
  }
  const nrows = ys.length - 1;
  const ncols = xs.length - 1;
  if (ncols < 2 && nrows < 2) return null;
  if (ncols < 2 && region.kind === 'hrules') return null;
  // Thousands of ruling lines (a damaged or hostile drawing) would make a grid of billions of
  // slots: such a region is not read as a table, its words stay on the page as text.
  if (ncols > MAX_TABLE_COLUMNS || nrows * ncols > MAX_PDF_GRID_SLOTS) return null;

  // Words cut at ruled column boundaries they cross.
  const pieces: Word[] = [];
  for (const w of mine) {
    let rest: Word | null = w;
    if (region.kind === 'grid') {
      for (let c = 1; c < ncols && rest; c++) {
        const x = xs[c]!;
        if (rest.x0 < x - 1 && rest.x1 > x + 1) {
          const row = indexOf(ys, center(rest)[1]);
          if (!covered(region.vs, false, x, ys[row]!, ys[row + 1]!)) continue;
          const [l, r] = splitWord(rest, x);
          if (l) pieces.push(l);
          rest = r;
        }
      }
    }
    if (rest) pieces.push(rest);
  }

  // Slot → merged-cell id (union-find over slots).
  const id = (r: number, c: number) => r * ncols + c;
  const parent = Array.from({ length: nrows * ncols }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) { parent[i] = parent[parent[i]!]!; i = parent[i]!; }
    return i;
  };
  const join = (a: number, b: number) => { parent[find(a)] = find(b); };
  for (let r = 0; r < nrows; r++) {
    for (let c = 0; c + 1 < ncols; c++) {
      const x = xs[c + 1]!;
      const separated = region.kind === 'grid'
        ? covered(region.vs, false, x, ys[r]!, ys[r + 1]!)
        : !pieces.some((w) => w.x0 < x - 1 && w.x1 > x + 1 && indexOf(ys, center(w)[1]) === r);
      if (!separated) join(id(r, c), id(r, c + 1));
    }
  }
  for (let r = 0; r + 1 < nrows; r++) {
    for (let c = 0; c < ncols; c++) {
      if (!textRows.has(ys[r + 1]!) && !covered(region.hs, true, ys[r + 1]!, xs[c]!, xs[c + 1]!)) join(id(r, c), id(r + 1, c));
    }
  }
  // Merged areas must be rectangles; anything else falls back to single slots.
  const areas = new Map<number, { r0: number; c0: number; r1: number; c1: number; n: number }>();
  for (let r = 0; r < nrows; r++) {
    for (let c = 0; c < ncols; c++) {
      const k = find(id(r, c));
      const a = areas.get(k);
      if (!a) areas.set(k, { r0: r, c0: c, r1: r, c1: c, n: 1 });
      else { a.r0 = Math.min(a.r0, r); a.c0 = Math.min(a.c0, c); a.r1 = Math.max(a.r1, r); a.c1 = Math.max(a.c1, c); a.n++; }
    }
  }
  const owner: number[] = Array.from({ length: nrows * ncols }, (_, i) => i);
  const rects = new Map<number, { r0: number; c0: number; r1: number; c1: number }>();
  for (const [k, a] of areas) {
    if ((a.r1 - a.r0 + 1) * (a.c1 - a.c0 + 1) === a.n) {
      for (let r = a.r0; r <= a.r1; r++) for (let c = a.c0; c <= a.c1; c++) owner[id(r, c)] = id(a.r0, a.c0);
      rects.set(id(a.r0, a.c0), a);
    } else {
      for (let r = a.r0; r <= a.r1; r++) {
        for (let c = a.c0; c <= a.c1; c++) if (find(id(r, c)) === k) rects.set(id(r, c), { r0: r, c0: c, r1: r, c1: c });
      }
    }
  }
  // Words → cells.
  const cellWords = new Map<number, Word[]>();
  for (const w of pieces) {
    const [cx, cy] = center(w);
    const o = owner[id(indexOf(ys, cy), indexOf(xs, cx))]!;
    if (!cellWords.has(o)) cellWords.set(o, []);
    cellWords.get(o)!.push(w);
  }
  const rows: LayoutCell[][] = Array.from({ length: nrows }, () => []);
  for (const [o, a] of [...rects].sort((p, q) => p[0] - q[0])) {
    const box: Box = [xs[a.c0]!, ys[a.r0]!, xs[a.c1 + 1]!, ys[a.r1 + 1]!];
    const ws = cellWords.get(o) ?? [];
    rows[a.r0]!.push({
      text: ws.length ? cellText(buildLines(ws), region.kind === 'grid' ? box[2] : undefined) : '', row: a.r0, col: a.c0,
      rowSpan: a.r1 - a.r0 + 1, colSpan: a.c1 - a.c0 + 1, box, page,
    });
  }
  for (const r of rows) r.sort((a, b) => a.col - b.col);
  const edgeRuled = (y: number) => Array.from({ length: ncols }, (_, c) => covered(region.hs, true, y, xs[c]!, xs[c + 1]!));
  const table: LayoutTable = {
    kind: 'table', page, endPage: page, box: [xs[0]!, ys[0]!, xs[ncols]!, ys[nrows]!], colX: xs, rows,
    topRuled: edgeRuled(ys[0]!), bottomRuled: edgeRuled(ys[nrows]!),
  };
  return { table, used: new Set(mine) };
}
