// Headings by outline level. Many templates set a paragraph's outline level (w:outlineLvl,
// directly or through a custom style such as 一级标题) instead of using Word's heading styles,
// which are all mammoth recognizes. Such paragraphs are given a marker style that the style
// map turns into h1…h6 (OUTLINE_STYLE_MAP).
import { paragraphStyleId, readParagraphStyles } from './paragraph-styles.ts';
import { createW, firstChild, setWAttr, wAttr, type XmlElement } from './word-xml.ts';

const MARKER = '_outline';
/** Prefix of the marker style ids (not defined in styles.xml: mammoth says so, harmlessly). */
export const OUTLINE_MARKER = MARKER;

/** mammoth style-map lines for the marker styles. */
export const OUTLINE_STYLE_MAP = [1, 2, 3, 4, 5, 6].map((n) => `p.${MARKER}${n} => h${n}:fresh`);

function outlineLevel(pPr: XmlElement | undefined): number | null {
  const v = wAttr(pPr && firstChild(pPr, 'w:outlineLvl'), 'w:val');
  const n = v === null ? NaN : Number(v);
  // 0…8 are levels; 9 is body text.
  return Number.isInteger(n) && n >= 0 && n <= 8 ? n : null;
}

/** Returns how many paragraphs became headings this way. */
export function markOutlineHeadings(doc: Document, paragraphs: XmlElement[], styles: Document | null): number {
  const chainOf = readParagraphStyles(styles);
  let marked = 0;
  for (const p of paragraphs) {
    const pPr = firstChild(p, 'w:pPr');
    const direct = outlineLevel(pPr);
    const level = direct ?? chainOf(paragraphStyleId(pPr)).map(outlineLevel).find((l) => l !== null) ?? null;
    if (level === null || !pPr) continue;
    let pStyle = firstChild(pPr, 'w:pStyle');
    if (!pStyle) {
      pStyle = createW(doc, 'w:pStyle');
      pPr.insertBefore(pStyle, pPr.firstChild);
    }
    setWAttr(pStyle, 'w:val', `${MARKER}${Math.min(level + 1, 6)}`);
    marked++;
  }
  return marked;
}
