// Unwraps inline markup whose visible text mammoth would drop: simple fields (w:fldSimple,
// whose runs are the field's displayed result) and ruby (phonetic guides: the base text is
// kept, the guide w:rt is not document text).
import type { ElementIndex } from './element-index.ts';
import { childElements, firstChild, unwrap } from './word-xml.ts';

export function unwrapInlineMarkup(index: ElementIndex): void {
  // Innermost first would not matter: unwrapping keeps nested fields in place.
  for (const fld of index('w:fldSimple')) unwrap(fld, childElements(fld));
  for (const ruby of index('w:ruby')) {
    const baseEl = firstChild(ruby, 'w:rubyBase');
    unwrap(ruby, baseEl ? childElements(baseEl) : []);
  }
}
