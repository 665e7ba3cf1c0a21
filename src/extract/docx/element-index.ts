// One walk over a parsed document collecting the WordprocessingML elements the rewrite passes
// need, by name (`w:p`, `w:tbl` …) in document order. Each getElementsByTagNameNS call would
// walk the whole (multi-megabyte) tree again, once per namespace.
import { isXmlElement, wName, type XmlElement } from './word-xml.ts';

export type ElementIndex = (name: string) => XmlElement[];

export function indexElements(doc: Document, names: string[]): ElementIndex {
  const buckets = new Map<string, XmlElement[]>(names.map((n) => [n, []]));
  const stack: Node[] = [];
  for (let c = doc.lastChild; c; c = c.previousSibling) stack.push(c);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isXmlElement(node)) continue;
    buckets.get(wName(node))?.push(node);
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return (name) => {
    const list = buckets.get(name);
    if (!list) throw new Error(`element index has no ${name}`);
    return list;
  };
}
