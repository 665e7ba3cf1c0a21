// Unwraps inline markup whose visible text mammoth would drop: simple fields (w:fldSimple,
// whose runs are the field's displayed result) and ruby (phonetic guides: the base text is
// kept, the guide w:rt is not document text).
import { allElements as all, childElements, firstChild, unwrap } from './word-xml.ts';

export function unwrapInlineMarkup(doc: Document): void {
  // Innermost first would not matter: unwrapping keeps nested fields in place.
  for (const fld of all(doc, 'w:fldSimple')) unwrap(fld, childElements(fld));
  for (const ruby of all(doc, 'w:ruby')) {
    const baseEl = firstChild(ruby, 'w:rubyBase');
    unwrap(ruby, baseEl ? childElements(baseEl) : []);
  }
}
