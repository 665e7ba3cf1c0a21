// PDF extractor: pdf.js text items and ruling lines → tables and paragraphs in the shared
// intermediate form. Pages are read one at a time and released; only their layout blocks are
// kept, so a long document does not hold every page in memory.
import { report } from '../../messages.ts';
import { MIN_PDF_PAGE_BYTES } from '../limits.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { toHast } from './hast.ts';
import { openFailure, openPdf } from './load.ts';
import { dropMargins } from './margins.ts';
import { isScanned, withOcr, type OcrState } from './ocr-pages.ts';
import { layoutPage } from './page.ts';
import { openPathScanner } from './path-scan.ts';
import { newStitchDrops, stitchPages } from './stitch.ts';
import type { PageLayout } from './types.ts';

export const extractPdf: Extractor = async (input, file) => {
  const { lib, doc } = await openPdf(input.bytes);
  const pages: PageLayout[] = [];
  const failed: number[] = [];
  const ocr: OcrState = { pages: [] };
  try {
    // The page count is read from the file: one claiming more pages than its bytes can hold
    // would have us ask for a billion pages, one by one.
    if (doc.numPages > Math.max(1, input.bytes.length / MIN_PDF_PAGE_BYTES)) {
      throw new ExtractError(`damaged PDF: it claims ${doc.numPages} pages, more than its ${input.bytes.length} bytes can hold`, 'pdf');
    }
    const OPS = lib.OPS as unknown as Record<string, number>;
    const scanner = openPathScanner(input.bytes, OPS, doc.numPages);
    for (let n = 1; n <= doc.numPages; n++) {
      // A damaged page costs that page (reported), not the document.
      let page;
      try {
        page = await doc.getPage(n);
        pages.push(await withOcr(page, await layoutPage(page, n, OPS, scanner), ocr, file));
      } catch (err) {
        if ((err as { name?: string })?.name === 'PasswordException') throw openFailure(err);
        failed.push(n);
        report(file, `page ${n} cannot be read: ${(err as Error)?.message ?? String(err)}`, {
          stage: 'extract', rule: 'pdf-page-unreadable', severity: 'error', source: { page: n },
        });
      } finally {
        page?.cleanup();
      }
    }
  } finally {
    await doc.destroy();
  }
  if (pages.length === 0) throw new ExtractError(`corrupt PDF: none of its ${failed.length} pages can be read`, 'pdf');
  // Scanned pages left unread (OCR missing or off); pages read by OCR carry `ocr`.
  const scannedPages = pages.filter((p) => isScanned(p) && !p.ocr);
  const needsOcr = scannedPages.length > 0 && scannedPages.length >= 0.8 * pages.length;
  if (!needsOcr) {
    for (const p of pages.filter((q) => q.chars === 0 && !q.ocr)) {
      report(file, `page ${p.page} has no text layer${p.hasImages ? ' (scanned image?)' : ''}; its content is missing${ocr.unavailable ? ` (${ocr.unavailable})` : ''}`, {
        stage: 'extract', rule: 'pdf-page-no-text', severity: 'warning', source: { page: p.page },
      });
    }
  }
  const margins = dropMargins(pages);
  const stitched = newStitchDrops();
  const tree = toHast(stitchPages(pages, stitched), pages);
  // Text printed twice is dropped; one message per kind says how much (not one per line).
  const dropped = (count: number, text: string, rule: string, page: number | null) => {
    if (count > 0) report(file, text, { stage: 'extract', rule, severity: 'info', ...(page ? { source: { page } } : {}) });
  };
  const { pageNumbers, running } = margins;
  dropped(pageNumbers.count, `${pageNumbers.count} page number${pageNumbers.count > 1 ? 's' : ''} in the page margins dropped`, 'page-number', pageNumbers.firstPage);
  dropped(running.count, `${running.count} running header/footer line${running.count > 1 ? 's' : ''} repeated on several pages dropped (e.g. "${running.example}")`, 'page-header-repeat', running.firstPage);
  const { headerRows, cellTails } = stitched;
  dropped(headerRows.count, `table header repeated after ${headerRows.breaks} page break${headerRows.breaks > 1 ? 's' : ''} (${headerRows.count} row${headerRows.count > 1 ? 's' : ''}); dropped`, 'header-repeat', headerRows.firstPage);
  dropped(cellTails.count, `${cellTails.count} cell end${cellTails.count > 1 ? 's' : ''} printed again after a page break; kept once`, 'wrapped-cell-tail', cellTails.firstPage);
  return {
    tree, pages: pages.length, ...(needsOcr ? { needsOcr: true } : {}),
    ...(ocr.pages.length || ocr.unavailable ? { ocr: { pages: ocr.pages, ...(ocr.unavailable ? { unavailable: ocr.unavailable } : {}) } } : {}),
  };
};
