// Ruling lines on a scanned page: the page is deskewed first (the angle whose horizontal
// projection of ink is sharpest), then long horizontal and vertical runs of dark pixels
// become rules, in the same form the text-layer extractor gets from the PDF's drawing.
import { otsu, paperLevel, rotate, type Gray } from './bitmap.ts';

/** A ruling segment in pixels: horizontal (y0 == y1) or vertical (x0 == x1). */
export interface PixelRule { x0: number; y0: number; x1: number; y1: number; thickness: number }

/** The ink threshold of a page: Otsu's level, capped so grey paper noise stays paper. */
export function inkThreshold(img: Gray): number {
  // Otsu's level is the last grey of the dark class: ink is below the next one.
  return Math.min(otsu(img) + 1, 170);
}

/**
 * The threshold for ruling lines: table rules are often printed thin and grey, and a scan
 * turns a hairline into a light grey run. Anything clearly darker than the paper (its median
 * level, the page being mostly paper) counts; a run must be long to be a rule anyway.
 */
export function lineThreshold(img: Gray): number {
  return Math.max(inkThreshold(img), paperLevel(img) - 35);
}

/**
 * Skew of the page's lines in degrees (slope angle in image coordinates, y down), searched
 * within ±maxDegrees: the angle at which ink pixels pile up into the fewest, fullest rows.
 */
export function skewAngle(img: Gray, maxDegrees = 3): number {
  const t = inkThreshold(img);
  // A sample of ink pixels is enough: every other column (every row, or the profile would
  // favour the angle 0 at which the sampled rows line up with the bins).
  const xs: number[] = [], ys: number[] = [];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x += 2) if (img.data[y * img.width + x]! < t) { xs.push(x); ys.push(y); }
  }
  if (xs.length < 100) return 0;
  const bins = new Float64Array(img.height + 2 * img.width);
  const score = (deg: number) => {
    const s = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    const off = img.width;
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! - xs[i]! * s) + off]!++;
    let sum = 0;
    for (const b of bins) sum += b * b;
    return sum;
  };
  let best = 0, bestScore = score(0);
  for (const [from, to, step] of [[-maxDegrees, maxDegrees, 0.25], [-0.25, 0.25, 0.05], [-0.05, 0.05, 0.01]] as const) {
    const centre = best;
    for (let d = centre + from; d <= centre + to + 1e-9; d += step) {
      const sc = score(d);
      if (sc > bestScore * (1 + 1e-9)) { bestScore = sc; best = d; }
    }
  }
  return Math.abs(best) < 0.02 ? 0 : Math.round(best * 100) / 100;
}

/** The page turned so its lines are level. */
export function deskew(img: Gray): { img: Gray; angle: number } {
  const angle = skewAngle(img);
  return { img: angle === 0 ? img : rotate(img, angle), angle };
}

interface Run { a: number; b: number; at: number }

/**
 * Runs of ink along rows (horizontal) or columns (vertical), bridging gaps of up to `gap` px.
 * A pixel counts as ink when it or its neighbour across the run is: a line left a pixel off
 * level by the deskew, or thinned by noise, stays one run.
 */
function runs(img: Gray, threshold: number, vertical: boolean, minLength: number, gap: number): Run[] {
  const out: Run[] = [];
  const lines = vertical ? img.width : img.height;
  const length = vertical ? img.height : img.width;
  const at = (l: number, i: number) => img.data[vertical ? i * img.width + l : l * img.width + i]!;
  for (let l = 0; l < lines; l++) {
    let start = -1, lastInk = -1;
    for (let i = 0; i <= length; i++) {
      const ink = i < length && (at(l, i) < threshold || (l + 1 < lines && at(l + 1, i) < threshold));
      if (ink) {
        if (start < 0) start = i;
        lastInk = i;
      } else if (start >= 0 && i - lastInk > gap) {
        if (lastInk - start + 1 >= minLength) out.push({ a: start, b: lastInk, at: l });
        start = -1;
      }
    }
  }
  return out;
}

/**
 * Runs on neighbouring rows (or columns) that overlap are one line of some thickness. The
 * thickness counts only the rows that run most of the line's length: a scan blurs a rule's
 * edges into broken fringe rows, which would make a double rule (two tables' borders drawn
 * together) look like a filled area.
 */
function merge(found: Run[], vertical: boolean): PixelRule[] {
  found.sort((p, q) => p.at - q.at || p.a - q.a);
  const groups: { a: number; b: number; first: number; last: number; sum: number; n: number; rows: Map<number, number> }[] = [];
  for (const r of found) {
    const g = groups.find((g) => r.at - g.last <= 1 && r.at - g.last >= 0 && Math.min(g.b, r.b) - Math.max(g.a, r.a) > 0.5 * Math.min(g.b - g.a, r.b - r.a));
    if (g) {
      g.a = Math.min(g.a, r.a); g.b = Math.max(g.b, r.b); g.last = r.at; g.sum += r.at; g.n++;
      g.rows.set(r.at, (g.rows.get(r.at) ?? 0) + r.b - r.a + 1);
    } else {
      groups.push({ a: r.a, b: r.b, first: r.at, last: r.at, sum: r.at, n: 1, rows: new Map([[r.at, r.b - r.a + 1]]) });
    }
  }
  return groups.map((g) => {
    const at = g.sum / g.n;
    const full = [...g.rows.values()].filter((len) => len >= 0.5 * (g.b - g.a + 1)).length;
    const thickness = Math.max(1, full);
    return vertical ? { x0: at, x1: at, y0: g.a, y1: g.b, thickness } : { x0: g.a, x1: g.b, y0: at, y1: at, thickness };
  });
}

/**
 * Pieces of one line (broken by noise or a residual tilt) joined: collinear within `offset`
 * px across, with a gap of at most `gap` px along.
 */
function joinCollinear(rules: PixelRule[], vertical: boolean, offset: number, gap: number): PixelRule[] {
  const pos = (r: PixelRule) => (vertical ? r.x0 : r.y0);
  const from = (r: PixelRule) => (vertical ? r.y0 : r.x0);
  const to = (r: PixelRule) => (vertical ? r.y1 : r.x1);
  const sorted = [...rules].sort((a, b) => from(a) - from(b));
  const out: PixelRule[] = [];
  for (const r of sorted) {
    const prev = out.find((o) => Math.abs(pos(o) - pos(r)) <= offset && from(r) - to(o) <= gap);
    if (!prev) { out.push({ ...r }); continue; }
    const la = to(prev) - from(prev), lb = to(r) - from(r);
    const p = (pos(prev) * la + pos(r) * lb) / (la + lb || 1);
    const end = Math.max(to(prev), to(r));
    if (vertical) { prev.x0 = prev.x1 = p; prev.y1 = end; } else { prev.y0 = prev.y1 = p; prev.x1 = end; }
    prev.thickness = Math.max(prev.thickness, r.thickness);
  }
  return out;
}

export interface RuleOptions {
  /** Pixels per PDF point. */
  scale: number;
}

/**
 * Horizontal and vertical rules of a (deskewed) page. A horizontal rule is at least 24 pt of
 * ink (longer than any glyph stroke or dash) with paper along both its sides; a vertical one
 * at least 12 pt and must end on horizontal rules at both ends (table borders do; the strokes
 * of tall characters do not). Lines thicker than 3 pt are filled areas (stamps, shading).
 */
export function findRules(img: Gray, { scale }: RuleOptions): { hs: PixelRule[]; vs: PixelRule[] } {
  const threshold = lineThreshold(img);
  const gap = Math.max(1, Math.round(scale));
  const maxThick = 3 * scale;
  const pieces = (vertical: boolean, min: number) =>
    // Filled pieces (stamps, shading, a row of glyphs) are left out before pieces are joined,
    // so that a rule running into a cell's text is not taken for a filled area with it.
    joinCollinear(merge(runs(img, threshold, vertical, 6 * scale, gap), vertical).filter((r) => r.thickness <= maxThick), vertical, 1.5 * scale, 3 * scale)
      .filter((r) => (vertical ? r.y1 - r.y0 : r.x1 - r.x0) >= min * scale);
  const hs = pieces(false, 24).filter((r) => clearSides(img, r, threshold, scale));
  const tol = 3 * scale;
  // A vertical rule runs between horizontal ones. Where noise joined it to a glyph's stroke
  // past its end (a cell's text a few pixels beyond the border), it is cut back to the
  // outermost horizontal rules it meets, if it overshoots them by little.
  const overshoot = 16 * scale;
  const vs = pieces(true, 12).flatMap((r) => {
    const ys = hs
      .filter((h) => r.x0 >= h.x0 - tol && r.x0 <= h.x1 + tol && h.y0 >= r.y0 - tol - h.thickness && h.y0 <= r.y1 + tol + h.thickness)
      .map((h) => h.y0);
    if (ys.length < 2) return [];
    const top = Math.min(...ys), bottom = Math.max(...ys);
    if (top - r.y0 > overshoot || r.y1 - bottom > overshoot || bottom - top < 12 * scale) return [];
    return [{ ...r, y0: Math.max(r.y0, top), y1: Math.min(r.y1, bottom) }];
  });
  return { hs, vs };
}

/**
 * A rule has paper along its sides: little ink within 2.5 pt above it and below it (but where
 * other rules cross it, or a character comes close). The horizontal strokes of a line of
 * characters, which can join into a long run, have the rest of the glyphs on at least one side.
 */
export function sideInk(img: Gray, r: PixelRule, threshold: number, scale: number): number {
  const near = Math.max(2, Math.round(2.5 * scale));
  const half = Math.ceil(r.thickness / 2) + 1;
  let above = 0, below = 0, n = 0;
  const ink = (x: number, y: number) => y >= 0 && y < img.height && img.data[y * img.width + x]! < threshold;
  for (let x = Math.round(r.x0); x <= Math.round(r.x1); x++) {
    for (let d = half; d <= half + near; d++, n++) {
      if (ink(x, Math.round(r.y0) - d)) above++;
      if (ink(x, Math.round(r.y0) + d)) below++;
    }
  }
  return Math.max(above, below) / (n || 1);
}

function clearSides(img: Gray, r: PixelRule, threshold: number, scale: number): boolean {
  const v = sideInk(img, r, inkThreshold(img), scale);
  return v <= 0.12;
}

/** Paint the rules white, so text detection does not take a border for text or join cells across it. */
export function eraseRules(img: Gray, rules: PixelRule[]): Gray {
  const out = { ...img, data: new Uint8Array(img.data) };
  for (const r of rules) {
    const pad = Math.ceil(r.thickness / 2) + 1;
    const x0 = Math.max(0, Math.floor(Math.min(r.x0, r.x1) - (r.x0 === r.x1 ? pad : 0)));
    const x1 = Math.min(img.width - 1, Math.ceil(Math.max(r.x0, r.x1) + (r.x0 === r.x1 ? pad : 0)));
    const y0 = Math.max(0, Math.floor(Math.min(r.y0, r.y1) - (r.y0 === r.y1 ? pad : 0)));
    const y1 = Math.min(img.height - 1, Math.ceil(Math.max(r.y0, r.y1) + (r.y0 === r.y1 ? pad : 0)));
    for (let y = y0; y <= y1; y++) out.data.fill(255, y * img.width + x0, y * img.width + x1 + 1);
  }
  return out;
}

