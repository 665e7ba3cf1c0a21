// The shape of a lone comparison symbol (≥ ≤ = > <), told from its pixels. PP-OCRv4 reads
// these small glyphs poorly on coarse or noisy scans (slanted ⩾ as V, W, >, =, 2 …); in a
// column that holds nothing but such symbols (绩效指标性质) the glyph is known to be one of
// five, and their shapes differ in simple ways:
// - "=": two bars, one above the other, each as wide as the glyph;
// - ">" / "<": a chevron: the top arm starts at the left (">") or at the right ("<");
// - "≥" / "≤": the same chevron with a bar under it (level, or slanted as in ⩾ ⩽), so a
//   vertical line through the open side of the chevron crosses three strokes instead of two.
import type { Gray } from './bitmap.ts';

export type Comparison = '≥' | '≤' | '=' | '>' | '<';

/** A glyph's bounding box and its ink (binarised, row-major). */
export interface Glyph { w: number; h: number; ink: Uint8Array }

/** Ink of the glyph in a pixel box: the larger connected parts (specks left out), binarised. */
export function glyph(img: Gray, x0: number, y0: number, x1: number, y1: number): Glyph | null {
  const l = Math.max(0, Math.ceil(x0)), t = Math.max(0, Math.ceil(y0));
  const r = Math.min(img.width, Math.floor(x1)), b = Math.min(img.height, Math.floor(y1));
  const W = r - l, H = b - t;
  if (W < 4 || H < 4) return null;
  // A threshold between the darkest ink and the paper of this box: faint grey print counts.
  let min = 255;
  for (let y = t; y < b; y++) for (let x = l; x < r; x++) min = Math.min(min, img.data[y * img.width + x]!);
  if (min > 200) return null;
  // Well above the middle: a thin bar scanned light grey (the bar of ≥) is still part of the glyph.
  const threshold = min + 0.7 * (255 - min);
  const dark = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) dark[y * W + x] = img.data[(t + y) * img.width + l + x]! < threshold ? 1 : 0;
  // Connected parts; keep those of at least a fifth of the largest.
  const label = new Int32Array(W * H);
  const sizes: number[] = [0];
  for (let i = 0; i < W * H; i++) {
    if (!dark[i] || label[i]) continue;
    const id = sizes.length;
    let n = 0;
    const stack = [i];
    label[i] = id;
    while (stack.length) {
      const p = stack.pop()!;
      n++;
      const px = p % W, py = (p - px) / W;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const qx = px + dx, qy = py + dy;
          if (qx < 0 || qy < 0 || qx >= W || qy >= H) continue;
          const q = qy * W + qx;
          if (dark[q] && !label[q]) { label[q] = id; stack.push(q); }
        }
      }
    }
    sizes.push(n);
  }
  const largest = Math.max(0, ...sizes);
  if (largest < 6) return null;
  const keep = sizes.map((n) => n >= Math.max(4, 0.2 * largest));
  let gl = W, gt = H, gr = -1, gb = -1;
  for (let i = 0; i < W * H; i++) {
    if (!keep[label[i]!] || !label[i]) continue;
    const x = i % W, y = (i - x) / W;
    gl = Math.min(gl, x); gr = Math.max(gr, x); gt = Math.min(gt, y); gb = Math.max(gb, y);
  }
  const w = gr - gl + 1, h = gb - gt + 1;
  if (w < 3 || h < 3) return null;
  const ink = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (gt + y) * W + gl + x;
    ink[y * w + x] = label[i] && keep[label[i]!] ? 1 : 0;
  }
  return { w, h, ink };
}

/** Strokes a vertical line at column x crosses (gaps of one pixel bridged). */
function crossings(g: Glyph, x: number): number {
  let n = 0, inRun = false, gap = 0;
  for (let y = 0; y < g.h; y++) {
    if (g.ink[y * g.w + x]) {
      if (!inRun && (gap > 1 || n === 0)) n++;
      inRun = true; gap = 0;
    } else {
      gap++;
      if (gap > 1) inRun = false;
    }
  }
  return n;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Which comparison symbol the glyph in the pixel box is, or null when the shape is unclear. */
export function comparisonShape(img: Gray, x0: number, y0: number, x1: number, y1: number): Comparison | null {
  const g = glyph(img, x0, y0, x1, y1);
  if (!g) return null;
  const { w, h, ink } = g;
  // "=": nearly every row with ink is a bar across most of the width (a chevron's rows are
  // short diagonal pieces).
  let inkRows = 0, barRows = 0;
  for (let y = 0; y < h; y++) {
    let count = 0;
    for (let x = 0; x < w; x++) count += ink[y * w + x]!;
    if (count) inkRows++;
    if (count >= 0.6 * w) barRows++;
  }
  if (barRows >= 0.5 * inkRows && w >= 0.6 * h) return '=';
  // Direction of the chevron: the ink of the top third lies left of the middle third's for
  // ">" (the arm runs down to the tip at the right), right of it for "<".
  const meanX = (from: number, to: number) => {
    let sx = 0, n = 0;
    for (let y = Math.floor(from * h); y < Math.ceil(to * h); y++) for (let x = 0; x < w; x++) if (ink[y * w + x]) { sx += x; n++; }
    return n ? sx / n / (w - 1 || 1) : 0.5;
  };
  if (w < 0.4 * h) return null;
  const lean = meanX(0, 1 / 3) - meanX(1 / 3, 2 / 3);
  const family = lean < -0.08 ? '>' : lean > 0.08 ? '<' : null;
  if (!family) return null;
  // Crossings on the open side of the chevron (left for ">", right for "<").
  const cols = [0.12, 0.2, 0.28, 0.36].map((f) => Math.round((family === '>' ? f : 1 - f) * (w - 1)));
  const c = median(cols.map((x) => crossings(g, x)));
  if (c >= 3) return family === '>' ? '≥' : '≤';
  if (c === 2) return family;
  return null;
}
