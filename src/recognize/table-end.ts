// Where a 绩效目标表 or 批复表 ends in the stream. Text conversions tag some cell lines as
// headings (a wrapped `1.提高老年人生活水平` looks like a numbered heading), so only what cannot
// be a cell's text ends a table.
import { squash } from '../ir/text.ts';
import type { StreamItem } from './stream.ts';

/** A table title (`…表`, `…表（续）`) or a part heading (`第三部分 …`). */
export function endsTable(text: string): boolean {
  const t = squash(text);
  return (/表([(（]续[)）])?$/.test(t) && t.length <= 60) || /^第[一二三四五六七八九十百0-9]+部分/.test(t);
}

/** A heading followed by text rather than table rows: a real heading after the table. */
export function isHeadingOutsideTable(stream: StreamItem[], at: number): boolean {
  const item = stream[at];
  return item?.kind === 'text' && item.tag.startsWith('h') && stream[at + 1]?.kind !== 'row';
}
