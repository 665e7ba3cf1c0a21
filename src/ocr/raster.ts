// One PDF page → a grey bitmap, drawn by pdf.js on @napi-rs/canvas (the canvas pdf.js itself
// uses in Node; an optional dependency, looked up only when a page needs OCR).
import { createRequire } from 'node:module';
import type { PDFPageProxy } from 'pdfjs-dist';
import { fromRgba, type Gray } from './bitmap.ts';
import { OcrUnavailable } from './engine.ts';

const require = createRequire(import.meta.url);

interface NapiCanvas {
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}

function createCanvas(width: number, height: number): NapiCanvas {
  let mod: { createCanvas(w: number, h: number): NapiCanvas };
  try {
    mod = require('@napi-rs/canvas');
  } catch (err) {
    throw new OcrUnavailable(`@napi-rs/canvas cannot be loaded (${(err as Error).message.split('\n')[0]}); install it to read scanned pages`);
  }
  return mod.createCanvas(width, height);
}

/** Render `page` at `scale` pixels per PDF point (display orientation, white background). */
export async function renderPage(page: PDFPageProxy, scale: number): Promise<Gray> {
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width), height = Math.ceil(viewport.height);
  const canvas = createCanvas(width, height);
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport, background: 'white' }).promise;
  const { data } = canvas.getContext('2d').getImageData(0, 0, width, height);
  return fromRgba(data, width, height);
}
