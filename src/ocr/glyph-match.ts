// Comparison symbols told from their pixels by the nearest glyph rendered from real fonts.
// PP-OCRv4 reads the small comparison glyphs of performance-target tables poorly on coarse or
// noisy scans, and reads them wrongly with confidence: a slanted ⩾ as "=" or ">", both valid
// symbols. Where the table makes it certain that a cell holds one comparison symbol, its ink is
// compared with templates: ≥ ≤ = > < (level and slanted forms, half and full width) drawn in
// the fonts such tables are printed in (Noto Serif/Sans CJK, DejaVu, Liberation, OpenSymbol),
// at the sizes a scanned table cell has. The templates are generated, not learnt from the
// samples: scripts/make-glyph-templates.ts writes glyph-templates.ts.
import type { Gray } from './bitmap.ts';
import { glyph, type Comparison, type Glyph } from './glyphs.ts';
import { TEMPLATES } from './glyph-templates.ts';

/** Side of the ink map a glyph is reduced to. */
export const GRID = 10;

export interface GlyphFeatures {
  /** Width / height of the ink's bounding box. */
  aspect: number;
  /** GRID × GRID ink fractions over the bounding box, centred and scaled to unit length. */
  map: Float32Array;
}

/** Weights spreading `n` pixels over GRID bins by their overlap (area averaging). */
function bins(n: number): { bin: number; pixel: number; w: number }[] {
  const out: { bin: number; pixel: number; w: number }[] = [];
  const step = n / GRID;
  for (let b = 0; b < GRID; b++) {
    const from = b * step, to = (b + 1) * step;
    for (let p = Math.floor(from); p < Math.min(n, Math.ceil(to)); p++) {
      const w = Math.min(to, p + 1) - Math.max(from, p);
      if (w > 1e-6) out.push({ bin: b, pixel: p, w: w / step });
    }
  }
  return out;
}

/** GRID × GRID ink fractions (0–1) over a glyph's bounding box (glyphs.ts glyph()). */
export function inkMap(g: Glyph): Float32Array {
  const bx = bins(g.w), by = bins(g.h);
  const map = new Float32Array(GRID * GRID);
  for (const y of by) {
    for (const x of bx) {
      map[y.bin * GRID + x.bin]! += y.w * x.w * g.ink[y.pixel * g.w + x.pixel]!;
    }
  }
  return map;
}

/** The features of a binarised glyph. */
export function glyphFeatures(g: Glyph): GlyphFeatures {
  return { aspect: g.w / g.h, map: unit(inkMap(g)) };
}

function unit(map: Float32Array): Float32Array {
  let mean = 0;
  for (const v of map) mean += v;
  mean /= map.length;
  let norm = 0;
  for (let i = 0; i < map.length; i++) { map[i]! -= mean; norm += map[i]! ** 2; }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < map.length; i++) map[i]! /= norm;
  return map;
}

/** Templates decoded once: [symbol, aspect, map]. */
let decoded: { symbol: Comparison; aspect: number; map: Float32Array }[] | undefined;
function templates() {
  decoded ??= TEMPLATES.map(([symbol, aspect, hex]) => {
    const map = new Float32Array(GRID * GRID);
    for (let i = 0; i < map.length; i++) map[i] = parseInt(hex[i]!, 16) / 15;
    return { symbol, aspect, map: unit(map) };
  });
  return decoded;
}

/** Weight of the aspect ratio (log difference) against the map's shape (1 − cosine). */
const ASPECT_WEIGHT = 0.5;

export interface GlyphMatch {
  symbol: Comparison;
  /** Distance to the nearest template (0 = same). */
  distance: number;
  /** How much nearer than the nearest template of another symbol (0 = a tie). */
  margin: number;
}

/** Distance of glyph features to every symbol's nearest template → the best and its margin. */
export function nearestSymbol(f: GlyphFeatures): GlyphMatch | null {
  const best = new Map<Comparison, number>();
  for (const t of templates()) {
    let dot = 0;
    for (let i = 0; i < t.map.length; i++) dot += t.map[i]! * f.map[i]!;
    const d = 1 - dot + ASPECT_WEIGHT * Math.abs(Math.log(f.aspect / t.aspect));
    if (d < (best.get(t.symbol) ?? Infinity)) best.set(t.symbol, d);
  }
  const ranked = [...best].sort((a, b) => a[1] - b[1]);
  if (!ranked.length) return null;
  const [symbol, distance] = ranked[0]!;
  return { symbol, distance, margin: (ranked[1]?.[1] ?? Infinity) - distance };
}

/** The comparison symbol whose templates the ink in the pixel box is nearest to, or null (no glyph). */
export function matchComparison(img: Gray, x0: number, y0: number, x1: number, y1: number): GlyphMatch | null {
  const g = glyph(img, x0, y0, x1, y1);
  return g ? nearestSymbol(glyphFeatures(g)) : null;
}
