// Small DOM helpers for WordprocessingML (xmldom elements, `w:` prefixed names as written).
// xmldom's types are the DOM's (its typings reference lib "dom").
export type XmlElement = globalThis.Element;
type XmlNode = globalThis.Node;

const ELEMENT_NODE = 1;

export function isXmlElement(node: XmlNode | null | undefined): node is XmlElement {
  return !!node && node.nodeType === ELEMENT_NODE;
}

/** Element children of a node, as a static array (safe to mutate the node while iterating). */
export function childElements(node: XmlNode): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (isXmlElement(c)) out.push(c);
  return out;
}

export function firstChild(node: XmlNode, name: string): XmlElement | undefined {
  for (let c = node.firstChild; c; c = c.nextSibling) if (isXmlElement(c) && c.nodeName === name) return c;
  return undefined;
}

/** `w:val` of a child property element (`<w:gridSpan w:val="2"/>`), or null when absent. */
export function propValue(props: XmlElement | undefined, name: string): string | null | undefined {
  const el = props && firstChild(props, name);
  if (!el) return undefined;
  return el.getAttribute('w:val');
}

export function intProp(props: XmlElement | undefined, name: string): number {
  const n = Number.parseInt(propValue(props, name) ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Visible text of a part of the body: `w:t` runs only (deleted text sits in `w:delText`). */
export function visibleText(node: XmlElement): string {
  let out = '';
  const all = node.getElementsByTagName('w:t');
  for (let i = 0; i < all.length; i++) out += all.item(i)?.textContent ?? '';
  return out;
}

/** Replace `node` by its element children (unwrap a container such as `w:sdtContent`). */
export function unwrap(node: XmlElement, children: XmlElement[]): void {
  const parent = node.parentNode;
  if (!parent) return;
  for (const c of children) parent.insertBefore(c, node);
  parent.removeChild(node);
}
