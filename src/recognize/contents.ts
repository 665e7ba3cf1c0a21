// The table of contents (目录) of a disclosure: which budget tables it says the document holds.
// Compared with the tables found, it tells a document whose tables were published apart (the
// contents list 12 tables, none is printed) from one that is not a budget at all.
import type { VFile } from 'vfile';
import { squash } from '../ir/text.ts';
import { report } from '../messages.ts';
import { tableTypeOfTitle } from './budget-tables/titles.ts';
import type { StreamItem } from './stream.ts';

/** Entries of a contents listing are numbered 一、 二、 …; a PDF line may hold two of them. */
const ENTRY_START = /(?<![一二三四五六七八九十])(?=[一二三四五六七八九十]+、)/;
/** Leader dots and the page number after an entry: 收入总表……3. */
const PAGE_REF = /[.…·\s]*\d*$/;

/**
 * Budget table titles listed in the document's 目录: the lines after a 目录 heading, up to the
 * first table or the first line printed again (the body repeats the contents' headings).
 */
export function listedBudgetTables(stream: StreamItem[]): string[] {
  const start = stream.findIndex((i) => i.kind === 'text' && /^目录$/.test(squash(i.text)));
  if (start < 0) return [];
  const seen = new Set<string>();
  const listed: string[] = [];
  for (const item of stream.slice(start + 1, start + 120)) {
    if (item.kind !== 'text') break;
    // An entry printed again (without its number and page) is the body starting.
    const entries = squash(item.text).split(ENTRY_START).map((e) => e.replace(PAGE_REF, '').replace(/^[一二三四五六七八九十]+、/, '')).filter(Boolean);
    if (entries.some((e) => seen.has(e))) break;
    for (const e of entries) {
      seen.add(e);
      if (tableTypeOfTitle(e)) listed.push(e);
    }
  }
  return listed;
}

/**
 * Report budget tables the contents list but the file does not print (`printed`: the budget
 * tables read). None printed: an error-free `contents-tables-absent` message the pipeline gives as
 * the reason; some: a warning naming how many.
 */
export function checkListedTables(stream: StreamItem[], printed: number, file: VFile): void {
  const listed = listedBudgetTables(stream);
  if (listed.length === 0 || printed >= listed.length) return;
  const head = `the contents (目录) list ${listed.length} budget tables`;
  if (printed === 0) {
    report(file, `${head}; none is printed in the file (published separately?)`, { stage: 'recognize', rule: 'contents-tables-absent', severity: 'warning' });
  } else {
    report(file, `${head}; ${printed} found in the file: ${listed.join(', ').slice(0, 300)}`, { stage: 'recognize', rule: 'contents-tables-missing', severity: 'info' });
  }
}
