// Tables none of the recognizers (批复表, 绩效目标表, budget tables) read: one message each, so a
// researcher sees what the database leaves out (部门整体支出绩效目标表, 机构设置 tables …).
import type { VFile } from 'vfile';
import { squash } from '../ir/text.ts';
import { report } from '../messages.ts';
import type { RowItem, StreamItem } from './stream.ts';

/** One message per table with text that no recognizer read, naming its title (or first row). */
export function reportUnrecognizedTables(stream: StreamItem[], file: VFile, used: Set<number>[]): void {
  const rows = new Map<number, RowItem[]>();
  let title = '';
  const titles = new Map<number, string>();
  for (const item of stream) {
    if (item.kind === 'text') { title = item.text; continue; }
    if (!rows.has(item.table)) { rows.set(item.table, []); titles.set(item.table, title); }
    rows.get(item.table)!.push(item);
  }
  for (const [table, rs] of rows) {
    if (used.some((u) => u.has(table))) continue;
    const filled = rs.filter((r) => r.cells.some((c) => c.origin && c.text.trim() !== ''));
    if (filled.length === 0) continue;
    const first = filled[0]!.cells.filter((c) => c.origin && c.text !== '').map((c) => squash(c.text)).join(' | ');
    const near = squash(titles.get(table) ?? '').slice(0, 60);
    report(file, `table of ${filled.length} row(s) not read by any recognizer${near ? ` (after "${near}")` : ''}: ${first.slice(0, 120)}`, {
      stage: 'recognize', rule: 'table-unrecognized', severity: 'info', source: filled[0]!.source,
    });
  }
}
