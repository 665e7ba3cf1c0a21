// Reads word/document.xml and rewrites it for mammoth: inline markup mammoth would drop is
// unwrapped (inline-markup.ts), DrawingML text boxes are made readable (text-boxes.ts),
// automatic list numbers become text (list-numbers.ts), outline levels mark headings
// (outline-levels.ts), stranded deleted paragraph marks are
// kept (tracked-changes.ts) and tables get their merged cells worked out and tagged
// (table-layout.ts).
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { MAX_XML_DEPTH } from '../limits.ts';
import { ExtractError } from '../types.ts';
import type { DocxPackage } from './docx-package.ts';
import { unwrapInlineMarkup } from './inline-markup.ts';
import { writeListNumbers } from './list-numbers.ts';
import { markOutlineHeadings } from './outline-levels.ts';
import { layoutTables, type LayoutResult } from './table-layout.ts';
import { exposeTextBoxes } from './text-boxes.ts';
import { keepStrandedParagraphMarks } from './tracked-changes.ts';
import { indexElements } from './element-index.ts';
import { checkXmlShape, xmlShape } from './xml-depth.ts';

export interface PreparedDocument {
  /** The rewritten main part, for mammoth. */
  xml: string;
  layout: LayoutResult;
  numbered: number;
}

/** Parse an XML part; doc is null when it is not well-formed enough to have a root element. */
function parseXml(text: string): { doc: Document | null; error: string | null } {
  let error: string | null = null;
  const keep = (m: unknown) => { error ??= String(m); };
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: keep, fatalError: keep } }).parseFromString(text, 'text/xml');
  return { doc: doc?.documentElement ? doc : null, error };
}

export async function prepareDocument(pkg: DocxPackage): Promise<PreparedDocument> {
  const mainXml = await pkg.readText(pkg.mainPart);
  checkXmlShape(mainXml, pkg.mainPart);
  const { doc, error } = parseXml(mainXml);
  const index = doc && indexElements(doc, ['w:body', 'w:p', 'w:tbl', 'w:txbxContent', 'w:fldSimple', 'w:ruby']);
  if (!doc || !index || index('w:body').length === 0) {
    throw new ExtractError(`damaged DOCX: ${pkg.mainPart} is not a readable Word body (${error ?? 'no w:body'})`, 'docx');
  }
  // Optional parts: a damaged one only costs its feature.
  const partXml = async (type: string) => {
    const part = await pkg.relatedPart(type);
    if (!part) return null;
    const xml = await pkg.readText(part);
    const shape = xmlShape(xml);
    return shape.unclosed === 0 && shape.maxDepth <= MAX_XML_DEPTH ? parseXml(xml).doc : null;
  };
  unwrapInlineMarkup(index);
  exposeTextBoxes(doc, index('w:txbxContent'));
  const styles = await partXml('styles');
  const numbered = writeListNumbers(doc, index('w:p'), await partXml('numbering'), styles);
  // After numbering, which reads the paragraphs' own styles.
  markOutlineHeadings(doc, index('w:p'), styles);
  const layout = layoutTables(index('w:tbl'));
  // After the layout pass, which may append a covered cell's paragraphs to another cell.
  keepStrandedParagraphMarks(index('w:p'));
  return { xml: new XMLSerializer().serializeToString(doc), layout, numbered };
}
