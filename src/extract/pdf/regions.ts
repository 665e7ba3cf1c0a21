// Where the tables are on a page: connected groups of ruling lines (grids), and stacks of
// horizontal rules without vertical ones (LibreOffice and Word draw some tables that way;
// their columns come from text alignment).
import type { Rule } from './types.ts';

export interface Region {
  /** Ruled grid (vertical rules present) or horizontal rules only. */
  kind: 'grid' | 'hrules';
  hs: Rule[];
  vs: Rule[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const TOL = 2;

function touches(h: Rule, v: Rule): boolean {
  return v.x0 >= h.x0 - TOL && v.x0 <= h.x1 + TOL && h.y0 >= v.y0 - TOL && h.y0 <= v.y1 + TOL;
}

function find(parent: number[], i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

function boundsOf(hs: Rule[], vs: Rule[]): Pick<Region, 'x0' | 'y0' | 'x1' | 'y1'> {
  const all = [...hs, ...vs];
  return {
    x0: Math.min(...all.map((r) => r.x0)), x1: Math.max(...all.map((r) => r.x1)),
    y0: Math.min(...all.map((r) => r.y0)), y1: Math.max(...all.map((r) => r.y1)),
  };
}

export function findRegions(rules: Rule[], pageWidth: number, pageHeight: number): Region[] {
  // Rules framing the whole page (borders, backgrounds) are not table lines.
  const useful = rules.filter((r) => !(r.x1 - r.x0 > 0.97 * pageWidth || r.y1 - r.y0 > 0.97 * pageHeight));
  const hs = useful.filter((r) => r.y0 === r.y1);
  const vs = useful.filter((r) => r.x0 === r.x1);
  const n = hs.length + vs.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < hs.length; i++) {
    for (let j = 0; j < vs.length; j++) {
      if (touches(hs[i]!, vs[j]!)) parent[find(parent, i)] = find(parent, hs.length + j);
    }
  }
  const groups = new Map<number, { hs: Rule[]; vs: Rule[] }>();
  for (let i = 0; i < n; i++) {
    const g = find(parent, i);
    if (!groups.has(g)) groups.set(g, { hs: [], vs: [] });
    if (i < hs.length) groups.get(g)!.hs.push(hs[i]!);
    else groups.get(g)!.vs.push(vs[i - hs.length]!);
  }
  const regions: Region[] = [];
  const loose: Rule[] = [];
  for (const g of groups.values()) {
    if (g.vs.length > 0 && g.hs.length >= 2 && (g.vs.length >= 2 || g.hs.length >= 3)) {
      regions.push(...splitStacked({ kind: 'grid', hs: g.hs, vs: g.vs, ...boundsOf(g.hs, g.vs) }));
    } else {
      loose.push(...g.hs);
    }
  }
  // Stacks of horizontal rules that share a left or right end: one table per stack.
  loose.sort((a, b) => a.y0 - b.y0);
  let stack: Rule[] = [];
  const flush = () => {
    if (stack.length >= 3) regions.push({ kind: 'hrules', hs: stack, vs: [], ...boundsOf(stack, []) });
    stack = [];
  };
  for (const r of loose) {
    const inside = (r: Rule) => regions.some((g) => g.kind === 'grid' && r.y0 > g.y0 + TOL && r.y0 < g.y1 - TOL && r.x0 >= g.x0 - TOL && r.x1 <= g.x1 + TOL);
    if (inside(r)) continue;
    if (stack.length === 0) { stack.push(r); continue; }
    const x0 = Math.min(...stack.map((s) => s.x0));
    const x1 = Math.max(...stack.map((s) => s.x1));
    const aligned = Math.abs(r.x1 - x1) <= 3 || Math.abs(r.x0 - x0) <= 3;
    const between = regions.some((g) => g.y0 > stack[stack.length - 1]!.y0 && g.y1 < r.y0);
    if (aligned && !between) stack.push(r);
    else { flush(); stack.push(r); }
  }
  flush();
  return regions.sort((a, b) => a.y0 - b.y0);
}

function xSet(vs: Rule[]): string {
  return [...new Set(vs.map((v) => Math.round(v.x0 / 3)))].sort((a, b) => a - b).join(',');
}

/**
 * Tables drawn one right under the other share a border line and so one group of rules.
 * Cut the group at a full-width horizontal rule that no inner vertical rule crosses when the
 * column lines above and below it differ.
 */
function splitStacked(region: Region): Region[] {
  const inner = region.vs.filter((v) => v.x0 > region.x0 + TOL && v.x0 < region.x1 - TOL);
  const cuts = region.hs
    .filter((h) => h.x0 <= region.x0 + TOL && h.x1 >= region.x1 - TOL && h.y0 > region.y0 + TOL && h.y0 < region.y1 - TOL)
    .map((h) => h.y0)
    .filter((y) => !inner.some((v) => v.y0 < y - TOL && v.y1 > y + TOL))
    .filter((y) => {
      const above = inner.filter((v) => v.y1 <= y + TOL);
      const below = inner.filter((v) => v.y0 >= y - TOL);
      return above.length > 0 && below.length > 0 && xSet(above) !== xSet(below);
    })
    .sort((a, b) => a - b);
  if (cuts.length === 0) return [region];
  const out: Region[] = [];
  const bounds = [region.y0 - 1, ...cuts, region.y1 + 1];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const top = bounds[i]!, bottom = bounds[i + 1]!;
    const hs = region.hs.filter((h) => h.y0 >= top - TOL && h.y0 <= bottom + TOL);
    const vs = region.vs
      .filter((v) => v.y1 > top + TOL && v.y0 < bottom - TOL)
      .map((v) => ({ ...v, y0: Math.max(v.y0, top), y1: Math.min(v.y1, bottom) }));
    if (hs.length >= 2 && vs.length >= 2) out.push({ kind: 'grid', hs, vs, ...boundsOf(hs, vs) });
  }
  return out;
}
