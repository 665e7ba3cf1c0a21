// Running headers, footers and page numbers: text in the top or bottom margin that is a page
// number, or that repeats (digits aside) on several pages.
import { squash } from '../../ir/text.ts';
import type { LayoutText, PageLayout } from './types.ts';

const PAGE_NUMBER = /^(?:[-—–－]?\s*\d{1,4}\s*[-—–－]?|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?|[-—]?\s*[ivxlc]{1,6}\s*[-—]?)$/iu;

/** Running headers are short labels printed at the same place on every page. */
function key(block: LayoutText): string | null {
  const text = squash(block.text);
  if (text.length > 40 || /[。；;]$/u.test(text)) return null;
  return `${Math.round(block.box[1] / 6)}:${text.replace(/\d+/g, '#')}`;
}

export function isPageNumber(text: string): boolean {
  return PAGE_NUMBER.test(text.normalize('NFKC').trim());
}

/** What dropMargins removed: counts, the first page and one example of each kind. */
export interface MarginDrops {
  pageNumbers: { count: number; firstPage: number | null };
  running: { count: number; firstPage: number | null; example: string | null };
}

/** Remove running headers, footers and page numbers from every page's blocks (in place). */
export function dropMargins(pages: PageLayout[]): MarginDrops {
  const drops: MarginDrops = { pageNumbers: { count: 0, firstPage: null }, running: { count: 0, firstPage: null, example: null } };
  const counts = new Map<string, number>();
  for (const p of pages) {
    const seen = new Set<string>();
    for (const b of p.blocks) {
      const k = b.kind !== 'table' && b.margin ? key(b) : null;
      if (k) seen.add(k);
    }
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const repeatAt = Math.max(2, Math.ceil(pages.length * 0.3));
  for (const p of pages) {
    p.blocks = p.blocks.filter((b) => {
      if (b.kind === 'table' || !b.margin) return true;
      const t = b as LayoutText;
      if (isPageNumber(t.text)) {
        drops.pageNumbers.count++;
        drops.pageNumbers.firstPage ??= p.page;
        return false;
      }
      const k = key(t);
      if (pages.length < 3 || k === null || (counts.get(k) ?? 0) < repeatAt) return true;
      drops.running.count++;
      drops.running.firstPage ??= p.page;
      drops.running.example ??= t.text;
      return false;
    });
  }
  return drops;
}
