// Paragraph styles from styles.xml, with their w:basedOn chains: list numbering and outline
// levels can come from a style or any style it is based on.
import { childElements, firstChild, wAttr, wName, type XmlElement } from './word-xml.ts';

/** The style's w:pPr followed by those of its bases, nearest first. */
export type StyleChain = (styleId: string | null) => XmlElement[];

export function readParagraphStyles(styles: Document | null): StyleChain {
  const byId = new Map<string, XmlElement>();
  if (styles?.documentElement) {
    for (const s of childElements(styles.documentElement)) {
      if (wName(s) === 'w:style') byId.set(wAttr(s, 'w:styleId') ?? '', s);
    }
  }
  const cache = new Map<string, XmlElement[]>();
  return (styleId) => {
    if (!styleId) return [];
    const known = cache.get(styleId);
    if (known) return known;
    const chain: XmlElement[] = [];
    const seen = new Set<string>();
    for (let id: string | null = styleId; id && !seen.has(id) && byId.has(id);) {
      seen.add(id);
      const style = byId.get(id)!;
      const pPr = firstChild(style, 'w:pPr');
      if (pPr) chain.push(pPr);
      id = wAttr(firstChild(style, 'w:basedOn'), 'w:val');
    }
    cache.set(styleId, chain);
    return chain;
  };
}

/** Style id of a paragraph (its w:pPr/w:pStyle). */
export function paragraphStyleId(pPr: XmlElement | undefined): string | null {
  return wAttr(pPr && firstChild(pPr, 'w:pStyle'), 'w:val');
}
