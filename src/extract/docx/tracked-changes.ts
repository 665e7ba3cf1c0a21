// Tracked changes mammoth would misplace. A paragraph whose mark is tracked as deleted is
// joined with the next paragraph (as Word shows it); mammoth joins it with the next paragraph
// it reads anywhere, so a cell's last paragraph would wander into the next cell. Where no
// paragraph follows in the same container, the deletion of the mark is dropped instead.
import { firstChild, wName, type XmlElement } from './word-xml.ts';

export function keepStrandedParagraphMarks(paragraphs: XmlElement[]): number {
  let fixed = 0;
  for (const p of paragraphs) {
    const rPr = firstChild(firstChild(p, 'w:pPr') ?? p, 'w:rPr');
    const del = rPr && firstChild(rPr, 'w:del');
    if (!del || firstChild(p, 'w:pPr') === undefined) continue;
    let next = p.nextSibling;
    while (next && next.nodeType !== 1) next = next.nextSibling;
    if (next && wName(next as Element) === 'w:p') continue;
    rPr.removeChild(del);
    fixed++;
  }
  return fixed;
}


