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
import { OUTLINE_MARKER, OUTLINE_STYLE_MAP } from './outline-levels.ts';
import { prepareDocument } from './prepare-document.ts';

// Headings by outline level, under localized style names (WPS and Chinese templates write
// 标题 1), and titles.
const STYLE_MAP = [
  ...OUTLINE_STYLE_MAP,
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
];

// mammoth's own messages, one per kind with a count: an element it ignored may have held text
// (warning); an unknown style only costs the heading level (info).
function converterMessages(messages: { type: string; message: string }[]): { text: string; rule: string; severity: 'info' | 'warning' }[] {
  const kinds = new Map<string, { count: number; details: Set<string> }>();
  for (const m of messages) {
    // Our own heading marker styles (outline-levels.ts) are not in styles.xml by design.
    if (m.message.includes(`ID ${OUTLINE_MARKER}`)) continue;
    // "An unrecognised element was ignored: w:ruby" → kind before the colon, detail after it;
    // "Paragraph style with ID x was referenced but not defined…" → the id is the detail.
    const colon = m.message.indexOf(':');
    const id = /\bID (\S+)/.exec(m.message);
    const kind = colon > 0 ? m.message.slice(0, colon) : id ? m.message.replace(id[0], 'ID …') : m.message;
    const detail = colon > 0 ? m.message.slice(colon + 1).trim() : id ? id[1]! : null;
    const entry = kinds.get(kind) ?? { count: 0, details: new Set<string>() };
    entry.count++;
    if (detail) entry.details.add(detail);
    kinds.set(kind, entry);
  }
  return [...kinds].map(([kind, { count, details }]) => {
    const style = /style/i.test(kind);
    const examples = [...details].slice(0, 5).join('; ');
    return {
      text: `DOCX converter: ${kind} (${count}×)${examples ? `: ${examples}${details.size > 5 ? '; …' : ''}` : ''}`,
      rule: style ? 'docx-style-unknown' : /unrecognised element/i.test(kind) ? 'docx-element-ignored' : 'docx-converter',
      severity: style ? 'info' : 'warning',
    };
  });
}

export const extractDocx: Extractor = async (input, file: VFile) => {
  // The extractor may be called without sniffing first: name OLE files (.doc, encrypted) here too.
  const ole = oleFileReason(input.bytes);
  if (ole) throw new ExtractError(ole, 'docx');
  const pkg = await openDocxPackage(input.bytes);
  const prepared = await prepareDocument(pkg);

  let html: string;
  let converted: { type: string; message: string }[];
  // Images are not read at all (mammoth keeps only their place, dropped later); counted for a message.
  let images = 0;
  const skipImages = mammoth.images.imgElement(async () => {
    images++;
    return { src: '' };
  });
  try {
    // `file` is mammoth's own zip interface (its typings list only path/buffer inputs).
    const source = { file: pkg.forMammoth(new Map([[pkg.mainPart, prepared.xml]])) } as unknown as { buffer: Buffer };
    // externalFileAccess false (mammoth's default, stated so it stays): a relationship with
    // TargetMode="External" (linked image, attached template) must never make us read a path
    // the document names on this machine.
    const result = await mammoth.convertToHtml(source, { convertImage: skipImages, styleMap: STYLE_MAP, externalFileAccess: false });
    html = result.value;
    converted = result.messages;
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
  for (const m of converterMessages(converted)) note(m.text, m.rule, m.severity);
  if (images > 0) note(`${images} image${images > 1 ? 's' : ''} skipped: text inside images is not read`, 'docx-image-skipped', 'info');
  if (blocks.untagged > 0) {
    note(`${blocks.untagged} table cells could not be matched to document.xml; their spans come from mammoth`, 'docx-untagged-cell', 'warning');
  }
  return { tree: blocks.tree, pages: null };
};
