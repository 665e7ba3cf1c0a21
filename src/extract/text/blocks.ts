// The text layouts first produce plain block drafts (what was printed, with line numbers);
// `toHast` turns them into the intermediate form. Keeping drafts separate lets the layout code
// merge and split rows without touching hast.
import type { Root } from 'hast';
import { heading, pageBreak, paragraph, root, row, table, type CellSpec, type Element } from '../../ir/nodes.ts';
import type { HeadingLevel } from './headings.ts';

export interface CellDraft {
  text: string;
  line: number;
  endLine: number;
  colSpan?: number;
}

export interface RowDraft {
  cells: CellDraft[];
  line: number;
  endLine: number;
}

export type Block =
  | { kind: 'heading'; level: HeadingLevel; text: string; line: number; endLine?: number }
  | { kind: 'paragraph'; text: string; line: number; endLine: number }
  | { kind: 'table'; rows: RowDraft[] }
  | { kind: 'pageBreak'; page: number; line: number };

export function rowDraft(cells: CellDraft[]): RowDraft {
  const line = Math.min(...cells.map((c) => c.line));
  const endLine = Math.max(...cells.map((c) => c.endLine));
  return { cells, line, endLine };
}

function span(line: number, endLine: number) {
  return endLine > line ? { line, endLine } : { line };
}

export function toHast(blocks: Block[]): Root {
  const out: Element[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(heading(b.level, b.text, span(b.line, b.endLine ?? b.line)));
        break;
      case 'paragraph':
        out.push(paragraph(b.text, span(b.line, b.endLine)));
        break;
      case 'pageBreak': {
        const hr = pageBreak(b.page);
        hr.data = { ...hr.data, source: { page: b.page, line: b.line } } as Element['data'];
        out.push(hr);
        break;
      }
      case 'table': {
        if (b.rows.length === 0) break;
        const rows = b.rows.map((r) => row(
          r.cells.map((c): CellSpec => ({ text: c.text, colSpan: c.colSpan, source: span(c.line, c.endLine) })),
          span(r.line, r.endLine),
        ));
        out.push(table(rows, span(b.rows[0]!.line, b.rows[b.rows.length - 1]!.endLine)));
        break;
      }
    }
  }
  return root(out);
}
