// DOCX → intermediate hast. The package is opened with zip-bomb limits (docx-package.ts);
// inline markup mammoth would drop is unwrapped (inline-markup.ts), list numbers written as
// text (list-numbers.ts); tables in word/document.xml get their merged cells worked out and tagged (table-layout.ts);
// mammoth converts the rewritten document to HTML, rehype-parse to hast, and html-blocks.ts
// makes the flat block tree, applying the spans computed from the XML.
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import type { Root } from 'hast';
import mammoth from 'mammoth';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { report } from '../../messages.ts';
import { oleFileReason } from '../sniff.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { openDocxPackage, type MammothFile } from './docx-package.ts';
import { htmlToBlocks } from './html-blocks.ts';
import { unwrapInlineMarkup } from './inline-markup.ts';
import { writeListNumbers } from './list-numbers.ts';
import { layoutTables } from './table-layout.ts';
import { keepStrandedParagraphMarks } from './tracked-changes.ts';
import { allElements } from './word-xml.ts';

/** Parse an XML part; null when it is not well-formed enough to have a root element. */
function parseXml(text: string): { doc: Document | null; error: string | null } {
  let error: string | null = null;
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: (m: unknown) => { error ??= String(m); }, fatalError: (m: unknown) => { error ??= String(m); } },
  }).parseFromString(text, 'text/xml');
  return { doc: doc?.documentElement ? doc : null, error };
}

// Headings under localized style names (WPS and Chinese templates write 标题 1) and titles.
const STYLE_MAP = [
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
];

// Images are not read at all (only their place is kept by mammoth, and dropped later).
const skipImages = mammoth.images.imgElement(async () => ({ src: '' }));

export const extractDocx: Extractor = async (input, file: VFile) => {
  // The extractor may be called without sniffing first: name OLE files (.doc, encrypted) here too.
  const ole = oleFileReason(input.bytes);
  if (ole) throw new ExtractError(ole, 'docx');
  const pkg = await openDocxPackage(input.bytes);

  const { doc, error } = parseXml(await pkg.readText(pkg.mainPart));
  if (!doc || allElements(doc, 'w:body').length === 0) {
    throw new ExtractError(`damaged DOCX: ${pkg.mainPart} is not a readable Word body (${error ?? 'no w:body'})`, 'docx');
  }
  // Optional parts: a damaged one only costs its feature (mammoth reports it if it matters).
  const partXml = async (type: string) => {
    const part = await pkg.relatedPart(type);
    return part ? parseXml(await pkg.readText(part)).doc : null;
  };
  unwrapInlineMarkup(doc);
  writeListNumbers(doc, await partXml('numbering'), await partXml('styles'));
  keepStrandedParagraphMarks(doc);
  const layout = layoutTables(doc);
  const rewritten = new XMLSerializer().serializeToString(doc);
  const mammothFile: MammothFile = pkg.forMammoth(new Map([[pkg.mainPart, rewritten]]));

  let html: string;
  try {
    // `file` is mammoth's own zip interface (its typings list only path/buffer inputs).
    const result = await mammoth.convertToHtml({ file: mammothFile } as unknown as { buffer: Buffer }, { convertImage: skipImages, styleMap: STYLE_MAP });
    html = result.value;
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError(`cannot read DOCX: ${(err as Error).message}`, 'docx');
  }
  const hast = unified().use(rehypeParse, { fragment: true }).parse(html) as Root;
  const blocks = htmlToBlocks(hast, layout.cells);

  for (const f of blocks.flattened) {
    report(file, `nested table (${f.count}) flattened into the cell text of table ${f.source.table}`,
      { stage: 'extract', rule: 'docx-nested-table', severity: 'info', source: f.source });
  }
  if (layout.movedText > 0) {
    report(file, `${layout.movedText} merged-away table cells held text; it was appended to the merged cell`,
      { stage: 'extract', rule: 'docx-covered-cell-text', severity: 'warning' });
  }
  if (blocks.untagged > 0) {
    report(file, `${blocks.untagged} table cells could not be matched to document.xml; their spans come from mammoth`,
      { stage: 'extract', rule: 'docx-untagged-cell', severity: 'warning' });
  }
  return { tree: blocks.tree, pages: null };
};
