// Unwraps inline markup whose visible text mammoth would drop: simple fields (w:fldSimple,
// whose runs are the field's displayed result) and ruby (phonetic guides: the base text is
// kept, the guide w:rt is not document text).
import { childElements, firstChild, unwrap } from './word-xml.ts';

function all(doc: Document, name: string): Element[] {
  const list = doc.getElementsByTagName(name);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) out.push(list.item(i)!);
  return out;
}

export function unwrapInlineMarkup(doc: Document): void {
  // Innermost first would not matter: unwrapping keeps nested fields in place.
  for (const fld of all(doc, 'w:fldSimple')) unwrap(fld, childElements(fld));
  for (const ruby of all(doc, 'w:ruby')) {
    const baseEl = firstChild(ruby, 'w:rubyBase');
    unwrap(ruby, baseEl ? childElements(baseEl) : []);
  }
}
