// DOCX → mammoth HTML → hast (rehype-parse). First version: no span recovery from the XML yet.
import mammoth from 'mammoth';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { Element, Root } from 'hast';
import { isElement, setSource } from '../../ir/nodes.ts';
import { ExtractError, type Extractor } from '../types.ts';

function flatten(tree: Root): Root {
  // Headings, paragraphs and tables become top-level blocks; list items become paragraphs.
  const out: Element[] = [];
  let index = 0;
  const visit = (node: Element) => {
    if (/^h[1-6]$/.test(node.tagName) || node.tagName === 'p' || node.tagName === 'table') {
      setSource(node, { index: index++ });
      out.push(node);
    } else if (node.tagName === 'li') {
      const p: Element = { type: 'element', tagName: 'p', properties: {}, children: node.children };
      setSource(p, { index: index++ });
      out.push(p);
    } else {
      for (const c of node.children) if (isElement(c)) visit(c);
    }
  };
  for (const c of tree.children) if (isElement(c)) visit(c);
  return { type: 'root', children: out };
}

export const extractDocx: Extractor = async (input) => {
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(input.bytes) });
    html = result.value;
  } catch (err) {
    throw new ExtractError(`cannot read DOCX: ${(err as Error).message}`, 'docx');
  }
  const tree = unified().use(rehypeParse, { fragment: true }).parse(html) as Root;
  return { tree: flatten(tree), pages: null };
};
