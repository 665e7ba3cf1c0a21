// A table printed over several pages comes out of PDF-to-text conversion as several runs of
// rows: each new page repeats the header row(s) and sometimes starts with a row that only
// carries the end of a cell wrapped over the page break. These helpers join such a run onto
// the table it continues, generically (no table kind is known here).
import { squash } from '../../ir/text.ts';
import type { RowDraft } from './blocks.ts';

function bigrams(cells: string[]): Map<string, number> {
  const m = new Map<string, number>();
  const add = (g: string) => m.set(g, (m.get(g) ?? 0) + 1);
  for (const cell of cells) {
    const chars = [...squash(cell)];
    if (chars.length === 1) add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) add(chars[i]! + chars[i + 1]!);
  }
  return m;
}

function size(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

/**
 * Dice similarity of the character bigrams of two rows, taken cell by cell but pooled over the
 * row (order-free: header words drift between cells and lines from page to page).
 */
export function rowSimilarity(a: RowDraft[], b: RowDraft[]): number {
  const A = bigrams(a.flatMap((r) => r.cells.map((c) => c.text)));
  const B = bigrams(b.flatMap((r) => r.cells.map((c) => c.text)));
  const total = size(A) + size(B);
  if (total === 0) return 1;
  let common = 0;
  for (const [g, n] of B) common += Math.min(n, A.get(g) ?? 0);
  return (2 * common) / total;
}

export function rowText(row: RowDraft): string {
  return squash(row.cells.map((c) => c.text).join(''));
}

const MAX_HEADER_ROWS = 4;

/**
 * How many leading rows of `run` repeat header rows of `table` (0 when the run does not start
 * with a repeated header). The repeat may match any of the table's first few rows, since a
 * header can sit under a title row (`绩效目标 …` then `一级指标 …`).
 */
export function repeatedHeaderRows(table: RowDraft[], run: RowDraft[]): number {
  if (!run.length) return 0;
  if (rowText(run[0]!).length < 2) return 0;
  for (let j = 0; j < Math.min(MAX_HEADER_ROWS, table.length); j++) {
    if (rowSimilarity([table[j]!], [run[0]!]) < 0.8) continue;
    let k = 1;
    // Later header rows may differ more (words drift between header lines), so judge them
    // together with the rows already matched.
    while (k < run.length && j + k < table.length && k < MAX_HEADER_ROWS) {
      const rowSim = rowSimilarity([table[j + k]!], [run[k]!]);
      const blockSim = rowSimilarity(table.slice(j, j + k + 1), run.slice(0, k + 1));
      if (rowSim < 0.6 || blockSim < 0.8) break;
      k++;
    }
    return k;
  }
  return 0;
}

const NUMBER = /^[-+]?[\d,]*\.?\d+%?$/;

export type TailResult = { kind: 'merged' | 'duplicate'; column: number } | null;

/**
 * When `tail` only carries text in one column (not the first) and the row above has text in
 * that column, the tail is the rest of a cell wrapped over the page break: append it to the
 * cell above. A tail that repeats the end of the cell above (some converters print the wrapped
 * line twice) is dropped. Returns what was done, or null when `tail` is a row of its own.
 */
export function mergeTailRow(above: RowDraft, tail: RowDraft): TailResult {
  const filled = tail.cells.map((c, i) => ({ c, i })).filter(({ c }) => c.text.trim() !== '');
  if (filled.length !== 1) return null;
  const { c, i } = filled[0]!;
  if (i === 0 || NUMBER.test(squash(c.text))) return null;
  const target = above.cells[i];
  if (!target || target.text.trim() === '' || NUMBER.test(squash(target.text))) return null;
  if (squash(target.text).endsWith(squash(c.text))) return { kind: 'duplicate', column: i };
  target.text = joinWrapped(target.text, c.text);
  target.endLine = Math.max(target.endLine, c.endLine);
  above.endLine = Math.max(above.endLine, tail.endLine);
  return { kind: 'merged', column: i };
}

// A wrapped line continues the same printed line: no break between Chinese characters, a space
// between Latin words or numbers.
function joinWrapped(head: string, rest: string): string {
  const a = head.at(-1) ?? '';
  const b = rest.at(0) ?? '';
  const latin = /[A-Za-z0-9]/;
  return latin.test(a) && latin.test(b) ? `${head} ${rest}` : head + rest;
}
