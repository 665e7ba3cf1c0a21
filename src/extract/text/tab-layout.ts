// Layout of text converted from PDF: one printed table row per line, cells separated by tabs;
// everything else is a paragraph per line, usually with empty lines between. Page breaks show
// as empty lines (or form feeds), after which a table may go on with its header repeated and
// the page's running header (unit, year) printed again.
import { cleanText, squash } from '../../ir/text.ts';
import type { Block, RowDraft } from './blocks.ts';
import { headingLevel, joinWrappedTitle } from './headings.ts';
import type { SourceLine } from './lines.ts';
import { stripMarkup } from './markup.ts';
import { mergeTailRow, repeatedHeaderRows } from './page-breaks.ts';

export type Note = (text: string, rule: string, line: number) => void;

// A table-of-contents entry: title, dot leaders, tab, page number.
const TOC_ENTRY = /^[^\t]*?(\.{3,}|…{2,}|·{3,})\s*\t\s*\d+\s*$/;
/** Text lines before a table that a page break may repeat above its continuation. */
const RUNNING_HEADER_WINDOW = 8;

type Kind = 'empty' | 'row' | 'text' | 'break';

function kindOf(line: SourceLine): Kind {
  if (line.pageBreak) return 'break';
  if (line.text.trim() === '') return 'empty';
  if (line.text.includes('\t') && !TOC_ENTRY.test(line.text)) return 'row';
  return 'text';
}

function rowOf(line: SourceLine): RowDraft {
  const cells = stripMarkup(line.text).text.split('\t').map((t) => ({ text: cleanText(t), line: line.no, endLine: line.no }));
  return { cells, line: line.no, endLine: line.no };
}

function textBlock(line: SourceLine): Block | null {
  const marked = stripMarkup(line.text);
  const text = cleanText(marked.text);
  if (!text) return null;
  const level = headingLevel(text);
  return level !== null ? { kind: 'heading', level, text, line: line.no } : { kind: 'paragraph', text, line: line.no, endLine: line.no };
}

/** Text of a paragraph or heading for comparing running headers; a `(续)` mark is ignored. */
function blockText(b: Block): string | null {
  if (b.kind !== 'heading' && b.kind !== 'paragraph') return null;
  return squash(b.text).replace(/([(（]续表?[)）]|续表)$/, '');
}

export function parseTabLayout(lines: SourceLine[], note: Note): Block[] {
  const blocks: Block[] = [];
  const kinds = lines.map(kindOf);
  /** Index in `blocks` of the last table, and the texts printed just above it. */
  let lastTable = -1;
  let lastTableLead = new Set<string>();

  const appendRun = (run: RowDraft[]) => {
    const prev = lastTable >= 0 ? (blocks[lastTable] as Extract<Block, { kind: 'table' }>) : null;
    const between = blocks.slice(lastTable + 1);
    const texts = between.filter((b) => blockText(b) !== null);
    const header = prev ? repeatedHeaderRows(prev.rows, run) : 0;
    // Continues the last table: nothing but page breaks in between, or only the page's
    // running header (lines already printed above the table) and a repeated table header.
    const continues = prev !== null && (texts.length === 0 || (header > 0 && texts.every((b) => lastTableLead.has(blockText(b)!))));
    if (!continues) {
      const lead = new Set<string>();
      for (let k = blocks.length - 1; k >= 0 && lead.size < RUNNING_HEADER_WINDOW; k--) {
        const t = blockText(blocks[k]!);
        if (blocks[k]!.kind === 'table') break;
        if (t) lead.add(t);
      }
      blocks.push({ kind: 'table', rows: run });
      lastTable = blocks.length - 1;
      lastTableLead = lead;
      return;
    }
    for (const b of texts) {
      note(`running page header "${(b as { text: string }).text}" repeated above a table continuation; dropped`, 'page-header-repeat', (b as { line: number }).line);
    }
    // Keep page-break markers (after the table they interrupt); drop the repeated running header.
    blocks.splice(lastTable + 1, between.length, ...between.filter((b) => b.kind === 'pageBreak'));
    if (header > 0) {
      note(`table header repeated after a page break (${header} row${header > 1 ? 's' : ''}); dropped`, 'header-repeat', run[0]!.line);
    }
    const rows = run.slice(header);
    if (rows.length) {
      const tail = mergeTailRow(prev!.rows[prev!.rows.length - 1]!, rows[0]!);
      if (tail) {
        note(tail.kind === 'merged'
          ? `row carries the end of a cell wrapped over a page break; joined to the cell above (column ${tail.column + 1})`
          : `row repeats the end of the cell above (column ${tail.column + 1}); dropped`, 'wrapped-cell-tail', rows[0]!.line);
        rows.shift();
      }
    }
    prev!.rows.push(...rows);
  };

  let run: RowDraft[] = [];
  const flush = () => {
    if (run.length) appendRun(run);
    run = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    switch (kinds[i]) {
      case 'row':
        run.push(rowOf(line));
        break;
      case 'empty':
        flush();
        break;
      case 'break':
        flush();
        blocks.push({ kind: 'pageBreak', page: line.page, line: line.no });
        break;
      case 'text': {
        flush();
        const b = textBlock(line);
        if (!b) break;
        const prev = blocks[blocks.length - 1];
        const joined = prev && (prev.kind === 'paragraph' || prev.kind === 'heading') && b.kind !== 'table'
          ? joinWrappedTitle(prev.text, (b as { text: string }).text) : null;
        if (joined) blocks[blocks.length - 1] = { kind: 'heading', level: 3, text: joined, line: (prev as { line: number }).line, endLine: line.no };
        else blocks.push(b);
        break;
      }
    }
  }
  flush();
  return blocks;
}
