// Pages without a text layer, read by OCR (src/ocr/) when the optional OCR packages are
// installed. Pages with a text layer keep it; only image pages are OCR'd. Without the engine
// the page stays empty and the reason says what to install.
import type { PDFPageProxy } from 'pdfjs-dist';
import type { VFile } from 'vfile';
import { report } from '../../messages.ts';
import { OcrUnavailable } from '../../ocr/engine.ts';
import { toUserBox } from './geometry.ts';
import type { PageLayout } from './types.ts';

/** Fewer characters than this on an image page: the text is in the image. */
export const MIN_PAGE_CHARS = 20;

/** A scanned page paints an image and has no text (or only a stray page number or stamp). */
export function isScanned(p: PageLayout): boolean {
  return p.chars === 0 || (p.hasImages && p.chars < MIN_PAGE_CHARS);
}

export interface OcrState {
  /** Pages read by OCR. */
  pages: number[];
  /** Why OCR could not run (set once; later pages are not tried). */
  unavailable?: string;
  /** Seconds spent on OCR in this document. */
  seconds?: number;
}

/**
 * Seconds of OCR one document may take (BUDGET_INGEST_OCR_BUDGET): kept under the parser
 * pool's 5-minute limit per document, so a long scan ends partial with its first pages read
 * (and says so) instead of failing whole when the worker is stopped.
 */
const ocrBudget = () => Number(process.env.BUDGET_INGEST_OCR_BUDGET) || 240;

/** BUDGET_INGEST_OCR=off keeps scanned pages unread (to compare, or on a slow machine). */
const ocrOff = () => process.env.BUDGET_INGEST_OCR === 'off';

/**
 * The layout of a scanned page read by OCR; the text-layer layout when the page has text, OCR
 * is switched off or cannot run.
 */
export async function withOcr(page: PDFPageProxy, layout: PageLayout, state: OcrState, file: VFile): Promise<PageLayout> {
  if (!isScanned(layout) || state.unavailable) return layout;
  if (ocrOff()) {
    state.unavailable = 'OCR switched off (BUDGET_INGEST_OCR=off)';
    return layout;
  }
  if ((state.seconds ?? 0) > ocrBudget()) {
    state.unavailable = `OCR time budget of ${ocrBudget()} s per document spent (BUDGET_INGEST_OCR_BUDGET; a parser worker is stopped after 5 minutes per document)`;
    report(file, `OCR stopped at page ${layout.page}: ${state.unavailable}; this and later scanned pages are not read`, {
      stage: 'extract', rule: 'ocr-budget', severity: 'error', source: { page: layout.page },
    });
    return layout;
  }
  const started = performance.now();
  let result;
  try {
    // Loaded only now: a document with a text layer never loads the engine.
    const { ocrPage } = await import('../../ocr/page.ts');
    result = await ocrPage(page, layout.page);
  } catch (err) {
    if (!(err instanceof OcrUnavailable)) throw err;
    state.unavailable = err.message;
    return layout;
  }
  state.pages.push(layout.page);
  state.seconds = (state.seconds ?? 0) + (performance.now() - started) / 1000;
  const { ocr } = result.layout;
  for (const piece of result.low) {
    report(file, `OCR read "${piece.text}" with low confidence (${piece.score.toFixed(2)}): check it against the page image`, {
      stage: 'extract', rule: 'ocr-low-confidence', severity: 'warning', source: { page: layout.page, bbox: toUserBox(layout.toUser, piece.box) },
    });
  }
  for (const fix of result.fixes) {
    report(file, `OCR read "${fix.from}", taken as "${fix.to}" (${fix.why})`, {
      stage: 'extract', rule: 'ocr-symbol-fixed', severity: 'info', source: { page: fix.page, bbox: toUserBox(layout.toUser, fix.box) },
    });
  }
  if (ocr && ocr.skew !== 0) {
    report(file, `page ${layout.page} is a scan tilted by ${ocr.skew}°; straightened before reading`, {
      stage: 'extract', rule: 'ocr-deskew', severity: 'info', source: { page: layout.page },
    });
  }
  return result.layout;
}
