// Tells headings from body paragraphs in plain text, where no style survives. Budget
// disclosures title their parts and tables in a few fixed shapes: `第二部分 …`, `一、…`,
// `（三）…`, and table titles ending in 表 (`1、办公设备购置专项经费绩效目标表`, `部门预算收支总表`).
// A sentence (ending in 。；，：) is never a heading.
export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

const SENTENCE_END = /[。；;，,：:！!？?]$/;
const TABLE_TITLE = /表(\s*[(（]续[)）])?$/;

/** True for a line that starts with a list or section number (1、 1. （一） 一、). */
export function isNumbered(text: string): boolean {
  return /^(\d{1,3}[、.．](?!\d)|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+、)/.test(text.trim());
}

/**
 * A title wrapped onto a second line (`72、…(事业与企业差额)` then `绩效目标表`): the second
 * line alone looks like a bare table title. Joined text, or null when `next` does not complete `first`.
 */
export function joinWrappedTitle(first: string, next: string): string | null {
  const a = first.trim();
  const b = next.trim();
  if (a.length > 100 || !isNumbered(a) || SENTENCE_END.test(a) || TABLE_TITLE.test(a)) return null;
  if (b.length > 8 || isNumbered(b) || !TABLE_TITLE.test(b)) return null;
  return a + b;
}

/** Heading level for a cleaned line, or null for a paragraph. */
export function headingLevel(text: string): HeadingLevel | null {
  const t = text.trim();
  if (t.length === 0 || t.length > 80 || SENTENCE_END.test(t)) return null;
  // Table-of-contents entries (dot leaders, page number) are not the headings they list.
  if (/\.{3,}|…{2,}|·{3,}/.test(t)) return null;
  if (/^第[一二三四五六七八九十百\d]+(部分|章|节|篇)/.test(t)) return 1;
  if (TABLE_TITLE.test(t)) return 3;
  if (t.length > 60) return null;
  if (t.length > 30 || /[。；，]/.test(t)) return null;
  if (/^[一二三四五六七八九十]+[、.．]/.test(t)) return 2;
  if (/^[(（]\s*[一二三四五六七八九十]+\s*[)）]/.test(t)) return 3;
  if (/^\d{1,2}[、．]\S/.test(t) || /^\d{1,2}\.(?!\d)\S/.test(t)) return 4;
  return null;
}

/** Level for a line a converter marked as a heading (TC field, TOC bookmark). */
export function markedHeadingLevel(text: string, tcLevel: number | undefined): HeadingLevel {
  const guess = headingLevel(text);
  if (guess !== null) return guess;
  if (tcLevel !== undefined) return Math.min(6, Math.max(1, tcLevel + 1)) as HeadingLevel;
  return 2;
}
