// Saved web pages (.html/.htm/.shtml) → intermediate hast. The bytes are decoded as a browser
// would (decode.ts), parsed by rehype-parse, the page chrome is dropped (page-content.ts) and the
// DOCX extractor's block builder makes headings, paragraphs and tables with their spans. Every
// block, row and cell carries the line and column of its start tag.
import type { Element, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { report } from '../../messages.ts';
import { htmlToBlocks } from '../docx/html-blocks.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { decodePage } from './decode.ts';
import { pageContent } from './page-content.ts';

export function parseHtml(text: string): Root {
  return unified().use(rehypeParse, { fragment: false }).parse(text) as Root;
}

const position = (el: Element) => {
  const start = el.position?.start;
  return start ? { line: start.line, column: start.column } : {};
};

export const extractHtml: Extractor = async (input, file: VFile) => {
  const page = decodePage(input.bytes);
  const how = page.from === 'bom' ? 'byte order mark' : page.from === 'meta' ? `declared "${page.declared}"` : 'detected';
  report(file, `web page encoding: ${page.encoding} (${how})`, { stage: 'extract', rule: 'html-encoding', severity: 'info' });
  if (page.overridden) {
    report(file, `web page charset declaration ignored: ${page.overridden}; decoded as ${page.encoding}`, {
      stage: 'extract', rule: 'html-charset-mismatch', severity: 'warning',
    });
  }
  const content = pageContent(parseHtml(page.text));
  if (content.removed.length > 0) {
    const counts = new Map<string, number>();
    for (const r of content.removed) counts.set(r, (counts.get(r) ?? 0) + 1);
    report(file, `web page parts ignored: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ')}`, {
      stage: 'extract', rule: 'html-chrome-ignored', severity: 'info',
    });
  }
  const blocks = htmlToBlocks(content.tree, [], position);
  for (const f of blocks.flattened) {
    report(file, `nested table (${f.count}) flattened into the cell text of the table at line ${f.source.line ?? '?'}`, {
      stage: 'extract', rule: 'html-nested-table', severity: 'info', source: f.source,
    });
  }
  if (blocks.tree.children.length === 0) throw new ExtractError('web page has no text (empty body, or only scripts and navigation)', 'html');
  return { tree: blocks.tree, pages: null };
};
