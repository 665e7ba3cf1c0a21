// Cell-level tests shared by the budget table readers: what an amount, a classification code,
// a total row, a column-number (栏次) row and page furniture (单位：万元) look like.
import { squash } from '../../ir/text.ts';

/** A printed amount: 1,234.56 · 25300.00 · -3.5 · 371,514,655 (grouped integers). */
export const AMOUNT_RE = /^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
/** An amount that cannot be a row number or a code: it has decimals or thousands separators. */
const CLEAR_AMOUNT_RE = /^[-−]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+)$/;
/** Printed placeholders for "nothing": - — / ／. */
const NIL_RE = /^[-—–－/／…]+$/;
/** A classification code (功能分类 3/5/7 digits, 经济分类 3/5) or one part of it (类 款 项). */
export const CODE_RE = /^\d{2,7}$/;
const CJK_RE = /[\u4e00-\u9fff]/;

export function isClearAmount(text: string): boolean {
  return CLEAR_AMOUNT_RE.test(squash(text));
}

export function isAmountOrBlank(text: string): boolean {
  const t = squash(text);
  return t === '' || AMOUNT_RE.test(t) || NIL_RE.test(t);
}

/** The printed amount with layout removed, or null when the cell is blank or a dash. */
export function amountText(text: string): string | null {
  const t = squash(text).replace(/−/g, '-');
  if (t === '' || /^[-—–－/／…]+$/.test(t)) return null;
  return t;
}

export function hasCjk(text: string): boolean {
  return CJK_RE.test(text);
}

/** A 合计/总计 row: its amounts are the table's total, not a line. */
export function isTotalName(name: string): boolean {
  const t = squash(name).replace(/[:：]$/, '');
  // 人员经费合计 / 公用经费合计 close the two sides of a 基本支出 table (财政部 部门决算 公开06表).
  return /^(合计|总计|共计|总合计)$/.test(t) || /^(本年|当年)?(收入|支出)(合计|总计|小计)$/.test(t) || /^(收入|支出)总计$/.test(t)
    || /^(人员经费|公用经费)合计$/.test(t);
}

/** The 栏次 row (column numbers 1 2 3 …), printed 档次 by mistake in some documents. */
export function isColumnNumberRow(texts: string[]): boolean {
  const ne = texts.map(squash).filter((t) => t !== '');
  if (ne.length === 0) return false;
  if (/^(栏次|档次|栏目|列次)$/.test(ne[0]!)) return true;
  if (ne.length < 3 || !ne.every((t) => /^\d{1,2}$/.test(t))) return false;
  return ne.every((t, i) => i === 0 || Number(t) === Number(ne[i - 1]) + 1);
}

/** A page number (3 · -3- · 12) printed as a block or a one-cell row of its own. */
export const PAGE_NUMBER_RE = /^-?\d+-?$/;

/** Page furniture repeated on every page: unit, agency, budget year, table number, page number. */
export const FURNITURE_RE = /单位[:：]|编制(部门|单位)[:：]?|预算年度|^部门[:：]|^公开\d+表$|^第\d+页|^-?\d+-?$|截止(时间|日期)/;

/** The printed unit named in a text (单位：万元, 金额单位：元), or null. */
export function unitIn(text: string): string | null {
  const m = /单位[:：]?(万元|千元|亿元|元)/.exec(squash(text));
  return m ? m[1]! : null;
}

/** Strip list numbering and 其中： from a row name: 一、因公出国（境）费 → 因公出国（境）费. */
export function stripNumbering(name: string): string {
  return name
    .replace(/^其中[:：]\s*/, '')
    .replace(/^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、．.](?!\d))\s*/, '')
    .replace(/^其中[:：]\s*/, '')
    .trim();
}
