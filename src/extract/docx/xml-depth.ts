// A linear pre-scan of an XML part before it is parsed: how deep its elements nest and whether
// every element is closed. The DOM parser and mammoth recurse per level, so a part nested
// 100,000 deep (or cut off inside deep nesting) would take minutes and end in a stack
// overflow; this scan refuses it in milliseconds with the reason.
import { MAX_XML_DEPTH } from '../limits.ts';
import { ExtractError } from '../types.ts';

export interface XmlShape {
  maxDepth: number;
  /** Elements still open at the end of the text (0 for a complete document). */
  unclosed: number;
}

/** Nesting depth of `xml`, stopping as soon as it passes `limit`. */
export function xmlShape(xml: string, limit = MAX_XML_DEPTH): XmlShape {
  let depth = 0;
  let maxDepth = 0;
  let i = xml.indexOf('<');
  while (i >= 0 && i < xml.length) {
    const next = xml.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      // Comment, CDATA or DOCTYPE: skip to its end.
      const end = xml.startsWith('<!--', i) ? xml.indexOf('-->', i + 4) : xml.startsWith('<![CDATA[', i) ? xml.indexOf(']]>', i + 9) : xml.indexOf('>', i);
      if (end < 0) break;
      i = xml.indexOf('<', end + 1);
      continue;
    }
    const close = xml.indexOf('>', i + 1);
    if (close < 0) break;
    if (next === 0x3f /* ? */) {
      // processing instruction
    } else if (next === 0x2f /* / */) {
      depth = Math.max(0, depth - 1);
    } else if (xml.charCodeAt(close - 1) !== 0x2f) {
      depth++;
      if (depth > maxDepth) {
        maxDepth = depth;
        if (maxDepth > limit) return { maxDepth, unclosed: depth };
      }
    }
    i = xml.indexOf('<', close + 1);
  }
  return { maxDepth, unclosed: depth };
}

/** Throws an ExtractError naming the part when it nests too deep or is cut off. */
export function checkXmlShape(xml: string, part: string, limit = MAX_XML_DEPTH): void {
  const shape = xmlShape(xml, limit);
  if (shape.maxDepth > limit) {
    throw new ExtractError(`damaged DOCX: ${part} nests elements more than ${limit} deep (a Word document needs a few dozen levels)`, 'docx');
  }
  if (shape.unclosed > 0) {
    throw new ExtractError(`damaged DOCX: ${part} is cut off (${shape.unclosed} element${shape.unclosed > 1 ? 's' : ''} never closed; truncated file?)`, 'docx');
  }
}
