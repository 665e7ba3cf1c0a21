// Coverage audit: recognizers mark the cells whose text landed in a field (or that are labels
// and headers they understood); every non-empty cell of a recognized table that nobody marked is
// reported with its location, and the counts go to `documents` (cells_total, cells_read).
// A column the reader could not place, or a document under MIN_COVERAGE, makes it `partial`.
import type { VFile } from 'vfile';
import { squash } from '../ir/text.ts';
import { report } from '../messages.ts';
import type { RowCell, RowItem, StreamItem } from './stream.ts';

/** Below this share of read cells a document is `partial`. */
export const MIN_COVERAGE = 0.98;
/** Unread cells reported one by one per document; the rest are counted in one message. */
const MAX_CELL_MESSAGES = 40;

export class CellLedger {
  private readonly read = new Set<string>();

  private key(row: RowItem, col: number): string {
    return `${row.table}:${row.row}:${col}`;
  }

  /** A cell of the row whose text was read (covered cells belong to the row they start in: ignored). */
  mark(row: RowItem, cell: RowCell | undefined): void {
    if (cell && cell.origin) this.read.add(this.key(row, cell.col));
  }

  /** Every cell of the row starting in it. */
  markRow(row: RowItem): void {
    for (const c of row.cells) this.mark(row, c);
  }

  /**
   * A cell by its origin slot (table in document order, grid row and column): for the readers that
   * walk the hast grid (budget tables) rather than the stream. A slot covered by a span marks its origin.
   */
  markAt(table: number, cell: { row: number; col: number }): void {
    this.read.add(`${table}:${cell.row}:${cell.col}`);
  }

  has(row: RowItem, cell: RowCell): boolean {
    return this.read.has(this.key(row, cell.col));
  }
}

/** A table's own title (…表) or unit line (单位：万元) printed in a row above its header. */
const TITLE_OR_UNIT = /表$|^(金额)?单位[:：]/;

/**
 * Spreadsheets print a table's title and 单位：万元 as rows of the table, above its header:
 * understood (the unit is read from there), not lost. Marks such cells of `table` above `headerRow`.
 */
export function markTitleRows(stream: StreamItem[], table: number, headerRow: number, ledger: CellLedger): void {
  for (const r of stream) {
    if (r.kind !== 'row' || r.table !== table || r.row >= headerRow) continue;
    for (const c of r.cells) if (c.origin && TITLE_OR_UNIT.test(squash(c.text))) ledger.mark(r, c);
  }
}

/** Marks the cells of one table grid (the budget readers' view of the ledger). */
export type MarkCell = (cell: { row: number; col: number }) => void;

export interface CoverageResult {
  cells_total: number;
  cells_read: number;
  /** The same counts per table (index in the stream), for the per-table audit of budget tables. */
  byTable: Map<number, { cells_total: number; cells_read: number }>;
}

/** Count and report the cells of `tables` (indices in the stream) that no field took. */
export function auditCoverage(stream: StreamItem[], tables: Set<number>, ledger: CellLedger, file: VFile): CoverageResult | null {
  if (tables.size === 0) return null;
  let total = 0;
  let read = 0;
  let reported = 0;
  let unreported = 0;
  const byTable = new Map<number, { cells_total: number; cells_read: number }>();
  for (const item of stream) {
    if (item.kind !== 'row' || !tables.has(item.table)) continue;
    let t = byTable.get(item.table);
    if (!t) byTable.set(item.table, t = { cells_total: 0, cells_read: 0 });
    for (const c of item.cells) {
      if (!c.origin || c.filler || squash(c.text) === '') continue;
      total++;
      t.cells_total++;
      if (ledger.has(item, c)) { read++; t.cells_read++; continue; }
      if (reported >= MAX_CELL_MESSAGES) { unreported++; continue; }
      reported++;
      report(file, `cell not read into any field (table ${item.table + 1}, row ${item.row + 1}, column ${c.col + 1}): ${c.text.slice(0, 80)}`, {
        stage: 'recognize', rule: 'cell-unread', severity: 'warning', source: c.source ?? item.source,
      });
    }
  }
  if (unreported) {
    report(file, `${unreported} more cells not read into any field`, { stage: 'recognize', rule: 'cell-unread', severity: 'warning' });
  }
  return { cells_total: total, cells_read: read, byTable };
}
