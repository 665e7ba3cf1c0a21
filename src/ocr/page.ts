// A page without a text layer → words and ruling lines read from its image → the same layout
// blocks as a text page (layoutWords). The page is rendered, deskewed, its rules found and
// painted out; text is detected on what is left, each detected box is cut at the vertical
// rules it crosses so that every piece lies in one cell, and each piece is recognised alone
// (a whole printed line read at once would run neighbouring cells together).
import type { PDFPageProxy } from 'pdfjs-dist';
import { invert, type Matrix } from '../extract/pdf/geometry.ts';
import { layoutWords } from '../extract/pdf/page.ts';
import { cutAtBlanks } from '../extract/pdf/words.ts';
import { median } from '../extract/pdf/tables.ts';
import type { LayoutCell, LayoutTable, PageLayout, Rule, Word } from '../extract/pdf/types.ts';
import { crop, despeckle, quietPaper, whitenPaper, type Gray } from './bitmap.ts';
import { readEmptyCells } from './cells.ts';
import { ocrEngine, type OcrEngine, type Recognized, type TextBox } from './engine.ts';
import { comparisonShape } from './glyphs.ts';
import { matchComparison } from './glyph-match.ts';
import { fixSymbols, type SeenGlyph, type SymbolFix } from './symbols.ts';
import { renderPage } from './raster.ts';
import { deskew, eraseRules, findRules, inkThreshold, type PixelRule } from './rules.ts';

/** Pixels per PDF point pages are rendered at (2 = 144 dpi: see docs/ocr.md for the measurement). */
export const OCR_SCALE = Number(process.env.BUDGET_INGEST_OCR_SCALE) || 2;

/** Pieces read with less confidence than this are reported. */
export const LOW_CONFIDENCE = 0.8;

/** One recognised piece of text, in display space (PDF points, origin top-left). */
export interface OcrPiece {
  text: string;
  score: number;
  box: [number, number, number, number];
}

export interface OcrPageResult {
  layout: PageLayout;
  /** Pieces read with low confidence (for messages). */
  low: OcrPiece[];
  /** Comparison symbols corrected from what OCR read (for messages). */
  fixes: SymbolFix[];
}

/** Cut a detected box at the vertical rules crossing its middle: one piece per cell. */
export function cutAtRules(box: TextBox, vs: PixelRule[]): TextBox[] {
  const cy = (box.y0 + box.y1) / 2;
  const cuts = vs
    .filter((v) => v.y0 <= cy && v.y1 >= cy && v.x0 > box.x0 && v.x0 < box.x1)
    .map((v) => v.x0)
    .sort((a, b) => a - b);
  const out: TextBox[] = [];
  let x0 = box.x0;
  for (const x of [...cuts, box.x1]) {
    if (x - x0 > 2) out.push({ ...box, x0, x1: x });
    x0 = x;
  }
  return out;
}

/**
 * A detected box whose ink is only a speck: a scanner's dust spot, blurred by JPEG into a blob
 * that despeckling (single pixels) leaves, which detection takes for text and recognition
 * reads as a letter (N, t, 5 …) inside a cell's text. Its ink fits in 1.5 pt either way;
 * the smallest printed marks that stand alone (a hyphen, a 1) are longer.
 */
export function speck(img: Gray, box: TextBox, threshold: number, scale: number): boolean {
  let l = Infinity, t = Infinity, r = -1, b = -1;
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(img.height, Math.ceil(box.y1)); y++) {
    for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(img.width, Math.ceil(box.x1)); x++) {
      if (img.data[y * img.width + x]! < threshold) {
        if (x < l) l = x; if (x > r) r = x; if (y < t) t = y; if (y > b) b = y;
      }
    }
  }
  const small = 1.5 * scale;
  // No ink under the threshold at all: faint print, left to recognition.
  return r >= 0 && r - l < small && b - t < small;
}

/**
 * Where the first glyph in a pixel band ends: the first column without ink after the first
 * with ink, searched up to `limit`; null when the ink runs on (glyphs touching).
 */
export function firstGlyphEnd(img: Gray, x0: number, limit: number, y0: number, y1: number, threshold: number): number | null {
  let started = false;
  for (let x = Math.max(0, Math.floor(x0)); x < Math.min(img.width, Math.ceil(limit)); x++) {
    let ink = false;
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(img.height, Math.ceil(y1)) && !ink; y++) ink = img.data[y * img.width + x]! < threshold;
    if (ink) started = true;
    else if (started) return x;
  }
  return null;
}

/**
 * A small box read unsurely as a character or two (务, E, 月 …) beside a cell's text: a blot
 * larger than a speck. Boxes of printed text are about a line high (digits a little less);
 * a lone punctuation mark (a hyphen) is kept whatever its size.
 */
export function stray(read: Recognized, height: number, lineHeight: number): boolean {
  const chars = Array.from(read.text.trim());
  return chars.length > 0 && chars.length <= 2 && height < 0.65 * lineHeight && read.score < SURE_READING
    && chars.some((c) => /[\p{L}\p{N}]/u.test(c));
}

/** Readings at least this sure are not read again. */
export const SURE_READING = 0.9;

/**
 * Recognise a crop; an unsure reading is read again with the paper's noise taken out
 * (quietPaper) and the surer of the two kept. Where the quiet crop reads as nothing and the
 * first reading was unsure, the piece was noise: nothing is kept.
 */
export async function readTwice(engine: OcrEngine, img: Gray): Promise<Recognized> {
  const first = await engine.recognize(img);
  if (first.score >= SURE_READING) return first;
  const again = await engine.recognize(quietPaper(img));
  if (!again.text.trim()) return first.score < LOW_CONFIDENCE ? again : first;
  return again.score > first.score ? again : first;
}

/** Recognised text → words (split at blanks) with character edges from the decoder's positions. */
function wordsOf(text: string, centres: number[], box: TextBox, scale: number): Word[] {
  const chars = Array.from(text);
  const top = box.y0 / scale, bottom = box.y1 / scale;
  // Detection boxes are grown around the ink: the glyphs fill about 80 % of their height.
  const size = 0.8 * (bottom - top);
  const c = centres.map((x) => (box.x0 + x) / scale);
  const edges = chars.map((_, i) => (i === 0 ? box.x0 / scale : (c[i - 1]! + c[i]!) / 2));
  edges.push(box.x1 / scale);
  return cutAtBlanks(chars, edges, { top, bottom, base: bottom - 0.1 * (bottom - top), size });
}

function toRule(r: PixelRule, scale: number): Rule {
  // Rules are grown by a point at each end: a border found a pixel short must still meet the
  // rule it ends on (the grid is assembled from touching rules).
  return r.y0 === r.y1
    ? { x0: r.x0 / scale - 1, x1: r.x1 / scale + 1, y0: r.y0 / scale, y1: r.y0 / scale }
    : { x0: r.x0 / scale, x1: r.x0 / scale, y0: r.y0 / scale - 1, y1: r.y1 / scale + 1 };
}

/** Read page `pageNo` from its image. Throws OcrUnavailable when the engine is missing. */
export async function ocrPage(page: PDFPageProxy, pageNo: number, scale = OCR_SCALE): Promise<OcrPageResult> {
  const started = performance.now();
  const engine = await ocrEngine();
  const viewport = page.getViewport({ scale: 1 });
  const rendered = await renderPage(page, scale);
  // Grey paper to white, the page levelled; rules are found on that (a median filter would
  // take out hairlines), text is read with the specks taken out and the rules painted over.
  const { img, angle } = deskew(whitenPaper(rendered));
  const { hs, vs } = findRules(img, { scale });
  const clean: Gray = eraseRules(despeckle(img, inkThreshold(img)), [...hs, ...vs]);
  const threshold = inkThreshold(clean);
  const boxes = (await engine.detect(clean)).flatMap((b) => cutAtRules(b, vs)).filter((b) => !speck(clean, b, threshold, scale));
  boxes.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const words: Word[] = [];
  const low: OcrPiece[] = [];
  let sum = 0, pieces = 0;
  const take = (read: Recognized, box: TextBox) => {
    if (!read.text.trim()) return;
    pieces++;
    sum += read.score;
    words.push(...wordsOf(read.text, read.centres, box, scale).map((w) => ({ ...w, score: read.score })));
    if (read.score < LOW_CONFIDENCE) low.push({ text: read.text, score: read.score, box: [box.x0 / scale, box.y0 / scale, box.x1 / scale, box.y1 / scale] });
  };
  const reader: OcrEngine = { detect: engine.detect, recognize: (img) => readTwice(engine, img) };
  const lineHeight = median(boxes.map((b) => b.y1 - b.y0)) || 16 * scale;
  for (const box of boxes) {
    const read = await reader.recognize(crop(clean, box.x0, box.y0, box.x1, box.y1));
    if (stray(read, box.y1 - box.y0, lineHeight)) continue;
    take(read, box);
  }
  const rules = [...hs, ...vs].map((r) => toRule(r, scale));
  const lay = () => layoutWords({
    page: pageNo, width: viewport.width, height: viewport.height, toUser: invert(viewport.transform as Matrix),
    words, rules, chars: 0, hasImages: true,
  });
  let layout = lay();
  // Cells detection left empty but with ink in them: read once more, as one piece each.
  const tables = () => layout.blocks.filter((b): b is LayoutTable => b.kind === 'table');
  const extra = await readEmptyCells(reader, clean, tables(), scale, lineHeight);
  if (extra.length) {
    for (const e of extra) take(e, e.box);
    layout = lay();
  }
  // Cell edges hold the (erased) rules and their fringe: the glyph is looked for inside them.
  const inset = 2 * scale;
  const shape = (c: LayoutCell): SeenGlyph => {
    const box = [c.box[0] * scale + inset, c.box[1] * scale + inset, c.box[2] * scale - inset, c.box[3] * scale - inset] as const;
    const m = matchComparison(clean, ...box);
    return { symbol: m?.symbol ?? null, margin: m?.margin ?? 0, heuristic: comparisonShape(clean, ...box) };
  };
  const wordsIn = (c: LayoutCell) => words
    .filter((w) => { const x = (w.x0 + w.x1) / 2, y = (w.top + w.bottom) / 2; return x > c.box[0] && x < c.box[2] && y > c.box[1] && y < c.box[3]; });
  // How sure OCR was of a cell: its least sure word.
  const sure = (c: LayoutCell) => Math.min(1, ...wordsIn(c).map((w) => w.score ?? 1));
  // The first glyph of a cell's text (a target's leading symbol, "≥95%"): from the word's
  // left edge to the first blank column of ink, within the decoder's first character.
  const lead = (c: LayoutCell): SeenGlyph | null => {
    const w = wordsIn(c).sort((a, b) => a.top - b.top || a.x0 - b.x0)[0];
    if (!w || w.edges.length < 2) return null;
    const y0 = w.top * scale, y1 = w.bottom * scale;
    const right = firstGlyphEnd(clean, w.edges[0]! * scale, (w.edges[2] ?? w.edges[1]!) * scale, y0, y1, threshold) ?? w.edges[1]! * scale;
    const m = matchComparison(clean, w.edges[0]! * scale, y0, right, y1);
    return { symbol: m?.symbol ?? null, margin: m?.margin ?? 0, heuristic: comparisonShape(clean, w.edges[0]! * scale, y0, right, y1) };
  };
  const fixes = tables().flatMap((t) => fixSymbols(t, shape, sure, lead));
  layout.ocr = {
    scale, skew: angle, pieces, lowConfidence: low.length, confidence: pieces ? sum / pieces : 0,
    seconds: (performance.now() - started) / 1000,
  };
  return { layout, low, fixes };
}
