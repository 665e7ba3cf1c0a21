// Layout blocks → the shared intermediate form (hast), text cleaned as the dataset stores it.
import type { Element } from 'hast';
import { heading, pageBreak, paragraph, root, row, table, type CellSpec, type Root } from '../../ir/nodes.ts';
import { cleanText } from '../../ir/text.ts';
import { toUserBox, union } from './geometry.ts';
import type { LayoutBlock, LayoutCell, PageLayout } from './types.ts';

/** cleanText per line: its layout-whitespace rule would also swallow the breaks we keep. */
export function cleanCell(text: string): string {
  return text.split('\n').map(cleanText).filter(Boolean).join('\n');
}

export function toHast(blocks: { block: LayoutBlock; breakBefore: boolean }[], pages: PageLayout[]): Root {
  const toUser = new Map(pages.map((p) => [p.page, p.toUser]));
  const source = (page: number, box: [number, number, number, number], endPage?: number) => ({
    page, ...(endPage && endPage !== page ? { endPage } : {}), bbox: toUserBox(toUser.get(page)!, box),
  });
  const children: Element[] = [];
  for (const { block, breakBefore } of blocks) {
    if (breakBefore) children.push(pageBreak(block.page));
    if (block.kind === 'table') {
      const rows = block.rows.map((cells: LayoutCell[]) => {
        const specs: CellSpec[] = cells.map((c) => ({
          text: cleanCell(c.text), rowSpan: c.rowSpan, colSpan: c.colSpan, source: source(c.page, c.box, c.endPage),
        }));
        const first = cells[0];
        // The row's own box: its one-row cells (a cell spanning rows below, such as a 一级指标 or a
        // unit name printed once for many rows, would stretch it over the whole table).
        const own = cells.filter((c) => (c.rowSpan ?? 1) === 1 && c.page === (first?.page ?? block.page));
        const rowBox = own.length ? own.map((c) => c.box).reduce(union) : cells.length ? cells.map((c) => c.box).reduce(union) : block.box;
        return row(specs, source(first?.page ?? block.page, rowBox));
      });
      children.push(table(rows, source(block.page, block.box, block.endPage)));
    } else {
      const text = cleanCell(block.text);
      if (!text) continue;
      const src = source(block.page, block.box, block.endPage);
      children.push(block.kind === 'p' ? paragraph(text, src) : heading(block.kind === 'h1' ? 1 : 2, text, src));
    }
  }
  return root(children);
}
