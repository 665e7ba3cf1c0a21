// Small DOM helpers for WordprocessingML (xmldom; its typings are the DOM's). Names are written
// as `w:name` but matched by namespace, as mammoth does: a document may bind the namespace to
// another prefix, or use Strict OOXML's namespace.
export type XmlElement = globalThis.Element;
type XmlNode = globalThis.Node;

const W_NAMESPACES = [
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
];
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ELEMENT_NODE = 1;

export function isXmlElement(node: XmlNode | null | undefined): node is XmlElement {
  return !!node && node.nodeType === ELEMENT_NODE;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** `w:local` for a WordprocessingML element, whatever its prefix; the raw name otherwise. */
export function wName(el: XmlElement): string {
  return el.namespaceURI && W_NAMESPACES.includes(el.namespaceURI) ? `w:${el.localName}` : el.nodeName;
}

/** Element children of a node, as a static array (safe to mutate the node while iterating). */
export function childElements(node: XmlNode): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (isXmlElement(c)) out.push(c);
  return out;
}

export function firstChild(node: XmlNode, name: string): XmlElement | undefined {
  for (let c = node.firstChild; c; c = c.nextSibling) if (isXmlElement(c) && wName(c) === name) return c;
  return undefined;
}

/** Every `name` element under `root`, in document order. */
export function allElements(root: Document | XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const ns of W_NAMESPACES) {
    const list = root.getElementsByTagNameNS(ns, local(name));
    for (let i = 0; i < list.length; i++) out.push(list.item(i)!);
  }
  return out;
}

/** A `w:` attribute (e.g. `w:val`), matched by namespace. */
export function wAttr(el: XmlElement | undefined, name: string): string | null {
  if (!el) return null;
  for (const ns of W_NAMESPACES) {
    if (el.hasAttributeNS(ns, local(name))) return el.getAttributeNS(ns, local(name));
  }
  return el.getAttribute(name);
}

/** Namespace and prefix the document uses for WordprocessingML. */
function wBinding(doc: Document): { ns: string; prefix: string } {
  const root = doc.documentElement;
  const ns = root && root.namespaceURI && W_NAMESPACES.includes(root.namespaceURI) ? root.namespaceURI : W_NAMESPACES[0]!;
  return { ns, prefix: root?.prefix || 'w' };
}

export function createW(doc: Document, name: string): XmlElement {
  const { ns } = wBinding(doc);
  const root = doc.documentElement;
  // Same prefix as the document's own elements (none for a default namespace).
  const prefix = root && root.namespaceURI === ns ? root.prefix : 'w';
  return doc.createElementNS(ns, prefix ? `${prefix}:${local(name)}` : local(name));
}

export function setWAttr(el: XmlElement, name: string, value: string): void {
  const { ns, prefix } = wBinding(el.ownerDocument!);
  el.setAttributeNS(ns, `${prefix}:${local(name)}`, value);
}

export function setXmlSpacePreserve(el: XmlElement): void {
  el.setAttributeNS(XML_NS, 'xml:space', 'preserve');
}

/** `w:val` of a child property element (`<w:gridSpan w:val="2"/>`): undefined when absent. */
export function propValue(props: XmlElement | undefined, name: string): string | null | undefined {
  const el = props && firstChild(props, name);
  if (!el) return undefined;
  return wAttr(el, 'w:val');
}

export function intProp(props: XmlElement | undefined, name: string): number {
  const n = Number.parseInt(propValue(props, name) ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Visible text of a part of the body: `w:t` runs only (deleted text sits in `w:delText`). */
export function visibleText(node: XmlElement): string {
  return allElements(node, 'w:t').map((t) => t.textContent ?? '').join('');
}

/** Replace `node` by its element children (unwrap a container such as `w:sdtContent`). */
export function unwrap(node: XmlElement, children: XmlElement[]): void {
  const parent = node.parentNode;
  if (!parent) return;
  for (const c of children) parent.insertBefore(c, node);
  parent.removeChild(node);
}
