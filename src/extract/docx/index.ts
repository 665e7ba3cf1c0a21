// DOCX → intermediate hast. The package is opened with zip-bomb limits (docx-package.ts);
// word/document.xml is rewritten so that mammoth loses nothing and merged cells are known
// (prepare-document.ts); mammoth converts it to HTML, rehype-parse to hast, and html-blocks.ts
// makes the flat block tree, applying the spans computed from the XML.
import type { Root } from 'hast';
import mammoth from 'mammoth';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { report } from '../../messages.ts';
import { oleFileReason } from '../sniff.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { openDocxPackage } from './docx-package.ts';
import { htmlToBlocks } from './html-blocks.ts';
import { OUTLINE_STYLE_MAP } from './outline-levels.ts';
import { prepareDocument } from './prepare-document.ts';

// Headings by outline level, under localized style names (WPS and Chinese templates write
// 标题 1), and titles.
const STYLE_MAP = [
  ...OUTLINE_STYLE_MAP,
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
];

// Images are not read at all (mammoth keeps only their place, dropped later).
const skipImages = mammoth.images.imgElement(async () => ({ src: '' }));

export const extractDocx: Extractor = async (input, file: VFile) => {
  // The extractor may be called without sniffing first: name OLE files (.doc, encrypted) here too.
  const ole = oleFileReason(input.bytes);
  if (ole) throw new ExtractError(ole, 'docx');
  const pkg = await openDocxPackage(input.bytes);
  const prepared = await prepareDocument(pkg);

  let html: string;
  try {
    // `file` is mammoth's own zip interface (its typings list only path/buffer inputs).
    const source = { file: pkg.forMammoth(new Map([[pkg.mainPart, prepared.xml]])) } as unknown as { buffer: Buffer };
    html = (await mammoth.convertToHtml(source, { convertImage: skipImages, styleMap: STYLE_MAP })).value;
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError(`cannot read DOCX: ${(err as Error).message}`, 'docx');
  }
  const hast = unified().use(rehypeParse, { fragment: true }).parse(html) as Root;
  const blocks = htmlToBlocks(hast, prepared.layout.cells);

  const note = (text: string, rule: string, severity: 'info' | 'warning', source?: { index?: number; table?: number }) =>
    report(file, text, { stage: 'extract', rule, severity, source });
  for (const f of blocks.flattened) {
    note(`nested table (${f.count}) flattened into the cell text of table ${f.source.table}`, 'docx-nested-table', 'info', f.source);
  }
  const { movedText, deletedRows } = prepared.layout;
  if (movedText > 0) {
    note(`${movedText} merged-away table cells held text; it was appended to the merged cell`, 'docx-covered-cell-text', 'warning');
  }
  if (deletedRows > 0) note(`${deletedRows} table rows tracked as deleted were left out`, 'docx-deleted-rows', 'info');
  if (blocks.untagged > 0) {
    note(`${blocks.untagged} table cells could not be matched to document.xml; their spans come from mammoth`, 'docx-untagged-cell', 'warning');
  }
  return { tree: blocks.tree, pages: null };
};
