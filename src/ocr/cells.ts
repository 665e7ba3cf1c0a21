// Second look at table cells detection left empty. Text detection misses lone small marks
// (a "=" in a column of comparison symbols, a single digit): a cell with ink but no text has
// its ink recognised directly, as one piece.
import type { LayoutTable } from '../extract/pdf/types.ts';
import type { Gray } from './bitmap.ts';
import { crop } from './bitmap.ts';
import type { OcrEngine, TextBox } from './engine.ts';
import { inkThreshold } from './rules.ts';

/** The ink's bounding box inside a pixel box, or null for a blank cell (specks ignored). */
export function inkBox(img: Gray, x0: number, y0: number, x1: number, y1: number, threshold: number): TextBox | null {
  let l = Infinity, t = Infinity, r = -1, b = -1, n = 0;
  for (let y = Math.max(0, Math.ceil(y0)); y < Math.min(img.height, Math.floor(y1)); y++) {
    for (let x = Math.max(0, Math.ceil(x0)); x < Math.min(img.width, Math.floor(x1)); x++) {
      if (img.data[y * img.width + x]! < threshold) {
        n++;
        if (x < l) l = x; if (x > r) r = x; if (y < t) t = y; if (y > b) b = y;
      }
    }
  }
  if (n < 8 || r - l < 2 && b - t < 2) return null;
  return { x0: l, y0: t, x1: r + 1, y1: b + 1, score: 1 };
}

/**
 * Pieces read from the empty cells of `tables` (display space → pixels by `scale`). The crop
 * is the ink grown to a text line's height (`lineHeight` px), so a flat mark like "=" is not
 * stretched into something else.
 */
export async function readEmptyCells(
  engine: OcrEngine, img: Gray, tables: LayoutTable[], scale: number, lineHeight: number,
): Promise<{ box: TextBox; text: string; score: number; centres: number[] }[]> {
  const threshold = inkThreshold(img);
  const out: { box: TextBox; text: string; score: number; centres: number[] }[] = [];
  // Cell edges hold the (erased) rules and their anti-aliased fringe: look inside them.
  const inset = 2 * scale;
  for (const table of tables) {
    for (const row of table.rows) {
      for (const cell of row) {
        if (cell.text) continue;
        const [bx0, by0, bx1, by1] = cell.box.map((v) => v * scale) as [number, number, number, number];
        const ink = inkBox(img, bx0 + inset, by0 + inset, bx1 - inset, by1 - inset, threshold);
        if (!ink) continue;
        const h = Math.max(ink.y1 - ink.y0, lineHeight);
        const cy = (ink.y0 + ink.y1) / 2;
        const pad = 0.25 * h;
        const box = { x0: Math.max(bx0 + 1, ink.x0 - pad), y0: Math.max(by0 + 1, cy - h / 2), x1: Math.min(bx1 - 1, ink.x1 + pad), y1: Math.min(by1 - 1, cy + h / 2), score: 1 };
        const read = await engine.recognize(crop(img, box.x0, box.y0, box.x1, box.y1));
        if (read.text.trim()) out.push({ box, ...read });
      }
    }
  }
  return out;
}

