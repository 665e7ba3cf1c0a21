// Ruling lines from a page's drawing operators: stroked axis-aligned segments and thin filled
// rectangles (Excel and WPS draw borders as 1-pt filled boxes), in display space.
import type { PDFPageProxy } from 'pdfjs-dist';
import { apply, IDENTITY, multiply, type Matrix } from './geometry.ts';
import type { OperatorList, PathScanner } from './path-scan.ts';
import type { Rule } from './types.ts';

type OpsTable = Record<string, number>;

/** Borders thinner than this (pt) are lines; thicker filled boxes are backgrounds. */
const MAX_THICKNESS = 3;
const MIN_LENGTH = 2;

export interface PageGraphics {
  rules: Rule[];
  hasImages: boolean;
}

/** Points of each subpath of a pdf.js DrawOPS path (moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4). */
function subpaths(data: ArrayLike<number>): { pts: [number, number][]; closed: boolean; curved: boolean }[] {
  const out: { pts: [number, number][]; closed: boolean; curved: boolean }[] = [];
  let cur: { pts: [number, number][]; closed: boolean; curved: boolean } | null = null;
  for (let i = 0; i < data.length;) {
    const op = data[i++]!;
    if (op === 0) {
      cur = { pts: [[data[i]!, data[i + 1]!]], closed: false, curved: false };
      out.push(cur);
      i += 2;
    } else if (op === 1) {
      cur?.pts.push([data[i]!, data[i + 1]!]);
      i += 2;
    } else if (op === 2) {
      if (cur) { cur.curved = true; cur.pts.push([data[i + 4]!, data[i + 5]!]); }
      i += 6;
    } else if (op === 3) {
      if (cur) { cur.curved = true; cur.pts.push([data[i + 2]!, data[i + 3]!]); }
      i += 4;
    } else if (op === 4) {
      if (cur) cur.closed = true;
    } else {
      break; // unknown op: stop rather than misread coordinates
    }
  }
  return out;
}

function segmentRule(a: [number, number], b: [number, number]): Rule | null {
  const dx = Math.abs(a[0] - b[0]);
  const dy = Math.abs(a[1] - b[1]);
  if (dy <= 0.5 && dx >= MIN_LENGTH) {
    const y = (a[1] + b[1]) / 2;
    return { x0: Math.min(a[0], b[0]), x1: Math.max(a[0], b[0]), y0: y, y1: y };
  }
  if (dx <= 0.5 && dy >= MIN_LENGTH) {
    const x = (a[0] + b[0]) / 2;
    return { x0: x, x1: x, y0: Math.min(a[1], b[1]), y1: Math.max(a[1], b[1]) };
  }
  return null;
}

/** A filled axis-aligned box thin enough to be a line → the line along its long axis. */
function thinBoxRule(pts: [number, number][]): Rule | null {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  // Only boxes: every point on the bounding box's corners.
  if (!pts.every(([x, y]) => (Math.abs(x - x0) < 0.5 || Math.abs(x - x1) < 0.5) && (Math.abs(y - y0) < 0.5 || Math.abs(y - y1) < 0.5))) return null;
  const w = x1 - x0, h = y1 - y0;
  if (h <= MAX_THICKNESS && w >= MIN_LENGTH && w > h) return { x0, x1, y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 };
  if (w <= MAX_THICKNESS && h >= MIN_LENGTH && h > w) return { x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0, y1 };
  return null;
}

/** Whether the light pass (path-scan.ts) is used; BUDGET_INGEST_PDF_PATHS=oplist forces getOperatorList. */
const LIGHT = process.env.BUDGET_INGEST_PDF_PATHS !== 'oplist';

/**
 * Rules and image use of one page; `viewport` maps user space to display space. The page's
 * content streams are scanned for paths when `scanner` can read them; otherwise (and for any
 * page it cannot model) pdf.js's full operator list is used, so no rule is lost.
 */
export async function pageGraphics(page: PDFPageProxy, OPS: OpsTable, viewport: readonly number[], scanner?: PathScanner | null): Promise<PageGraphics> {
  let list: OperatorList | null = null;
  if (scanner && LIGHT) {
    try {
      list = scanner.operatorList(page.pageNumber - 1);
    } catch {
      list = null; // Unsupported, or anything unexpected: pdf.js reads the page
    }
  }
  return graphicsOf(list ?? await page.getOperatorList(), OPS, viewport);
}

/** Rules and image use from an operator list (pdf.js's, or the light pass's subset of it). */
export function graphicsOf(list: OperatorList, OPS: OpsTable, viewport: readonly number[]): PageGraphics {
  const STROKES = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const FILLS = new Set([OPS.fill, OPS.eoFill]);
  const IMAGES = new Set([
    OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintInlineImageXObjectGroup, OPS.paintImageXObjectRepeat,
    OPS.paintImageMaskXObject, OPS.paintImageMaskXObjectGroup, OPS.paintImageMaskXObjectRepeat, OPS.paintJpegXObject,
  ].filter((v) => v !== undefined));
  const rules: Rule[] = [];
  let hasImages = false;
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  const { fnArray, argsArray } = list;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] as unknown[];
    if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      // The form's /Matrix: pdf.js hands it over as a Float32Array (null when absent).
      const m = fn === OPS.paintFormXObjectBegin ? args?.[0] : null;
      if (m && (Array.isArray(m) || ArrayBuffer.isView(m))) ctm = multiply(ctm, Array.from(m as ArrayLike<number>));
    } else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) {
      ctm = stack.pop() ?? IDENTITY;
    } else if (fn === OPS.transform) {
      ctm = multiply(ctm, args as number[]);
    } else if (IMAGES.has(fn)) {
      hasImages = true;
    } else if (fn === OPS.constructPath) {
      const paint = args[0] as number;
      const stroke = STROKES.has(paint);
      if (!stroke && !FILLS.has(paint)) continue; // clipping paths and the like
      const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!data || typeof data.length !== 'number') continue;
      const m = multiply(viewport, ctm);
      for (const sp of subpaths(data)) {
        if (sp.curved) continue;
        const pts = sp.pts.map(([x, y]) => apply(m, x, y));
        if (stroke) {
          for (let k = 1; k < pts.length; k++) {
            const r = segmentRule(pts[k - 1]!, pts[k]!);
            if (r) rules.push(r);
          }
          if (sp.closed && pts.length > 2) {
            const r = segmentRule(pts[pts.length - 1]!, pts[0]!);
            if (r) rules.push(r);
          }
        }
        if (pts.length >= 4) {
          const r = thinBoxRule(pts);
          if (r) rules.push(r);
        }
      }
    }
  }
  return { rules: mergeRules(rules), hasImages };
}

/** Join collinear rules that overlap or touch (borders are often drawn cell by cell). */
export function mergeRules(rules: Rule[]): Rule[] {
  const hs = rules.filter((r) => r.y0 === r.y1 && r.x1 - r.x0 >= MIN_LENGTH);
  const vs = rules.filter((r) => r.x0 === r.x1 && r.y1 - r.y0 >= MIN_LENGTH);
  const merge = (list: Rule[], horizontal: boolean): Rule[] => {
    const pos = (r: Rule) => (horizontal ? r.y0 : r.x0);
    const start = (r: Rule) => (horizontal ? r.x0 : r.y0);
    const end = (r: Rule) => (horizontal ? r.x1 : r.y1);
    const sorted = [...list].sort((a, b) => pos(a) - pos(b) || start(a) - start(b));
    const out: Rule[] = [];
    // Group by position (within 1 pt), then join intervals within each group.
    let i = 0;
    while (i < sorted.length) {
      let j = i + 1;
      while (j < sorted.length && pos(sorted[j]!) - pos(sorted[j - 1]!) <= 1) j++;
      const group = sorted.slice(i, j).sort((a, b) => start(a) - start(b));
      const p = group.reduce((s, r) => s + pos(r), 0) / group.length;
      let s = start(group[0]!), e = end(group[0]!);
      const flush = () => out.push(horizontal ? { x0: s, x1: e, y0: p, y1: p } : { x0: p, x1: p, y0: s, y1: e });
      for (const r of group.slice(1)) {
        if (start(r) <= e + 1.5) e = Math.max(e, end(r));
        else { flush(); s = start(r); e = end(r); }
      }
      flush();
      i = j;
    }
    return out;
  };
  return [...merge(hs, true), ...merge(vs, false)];
}
