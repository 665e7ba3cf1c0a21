// Text boxes mammoth cannot see. mammoth reads a text box only through VML (w:pict/v:textbox)
// and replaces mc:AlternateContent by its mc:Fallback; a DrawingML text box (wps:txbx) with no
// VML fallback — as PDF-to-Word converters and some editors write them — would lose its text.
// Such text box content is moved into a VML w:pict next to the drawing, which mammoth reads
// and places after the paragraph.
import { allElements, createW, isXmlElement, wName, type XmlElement } from './word-xml.ts';

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const VML = 'urn:schemas-microsoft-com:vml';

function ancestors(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let p = el.parentNode; isXmlElement(p); p = p.parentNode) out.push(p);
  return out;
}

const isMc = (el: XmlElement, local: string) => el.namespaceURI === MC && el.localName === local;

/** Returns how many text boxes were made readable. */
export function exposeTextBoxes(doc: Document, boxes: XmlElement[]): number {
  let moved = 0;
  for (const box of boxes) {
    const up = ancestors(box);
    const inChoice = up.some((a) => isMc(a, 'Choice'));
    const inVml = up.some((a) => a.namespaceURI === VML && a.localName === 'textbox');
    if (inVml && !inChoice) continue; // mammoth reads it
    const alternate = up.find((a) => isMc(a, 'AlternateContent'));
    const fallback = alternate && Array.from({ length: alternate.childNodes.length }, (_, i) => alternate.childNodes.item(i))
      .find((n): n is XmlElement => isXmlElement(n) && isMc(n, 'Fallback'));
    if (fallback && allElements(fallback, 'w:txbxContent').length > 0) continue; // the fallback copy is read
    const host = alternate ?? up.find((a) => wName(a) === 'w:drawing');
    if (!host?.parentNode) continue;
    const pict = createW(doc, 'w:pict');
    const textbox = doc.createElementNS(VML, 'v:textbox');
    pict.appendChild(textbox);
    textbox.appendChild(box);
    host.parentNode.insertBefore(pict, host.nextSibling);
    moved++;
  }
  return moved;
}
