// PDF extractor: pdf.js text items and ruling lines → tables and paragraphs in the shared
// intermediate form. Pages are read one at a time and released; only their layout blocks are
// kept, so a long document does not hold every page in memory.
import { report } from '../../messages.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { toHast } from './hast.ts';
import { openFailure, openPdf } from './load.ts';
import { dropMargins } from './margins.ts';
import { layoutPage } from './page.ts';
import { stitchPages } from './stitch.ts';
import type { PageLayout } from './types.ts';

export const extractPdf: Extractor = async (input, file) => {
  const { lib, doc } = await openPdf(input.bytes);
  const pages: PageLayout[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      let page;
      try {
        page = await doc.getPage(n);
      } catch (err) {
        throw n === 1 ? openFailure(err) : new ExtractError(`corrupt PDF: page ${n} cannot be read (${(err as Error)?.message ?? err})`, 'pdf');
      }
      try {
        pages.push(await layoutPage(page, n, lib.OPS as unknown as Record<string, number>));
      } finally {
        page.cleanup();
      }
    }
  } catch (err) {
    throw err instanceof ExtractError ? err : openFailure(err);
  } finally {
    await doc.destroy();
  }
  const textPages = pages.filter((p) => p.chars > 0).length;
  for (const p of pages) {
    if (p.chars === 0 && pages.length > 1 && textPages > 0) {
      report(file, `page ${p.page} has no text layer${p.hasImages ? ' (scanned image?)' : ''}; its content is missing`, {
        stage: 'extract', rule: 'pdf-page-no-text', severity: 'warning', source: { page: p.page },
      });
    }
  }
  dropMargins(pages);
  const tree = toHast(stitchPages(pages), pages);
  return { tree, pages: pages.length, ...(textPages === 0 ? { needsOcr: true } : {}) };
};
