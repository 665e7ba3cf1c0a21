// Budget table titles → canonical table names. Titles vary by region and year (部门预算收入总表,
// 2025年部门收入预算总表, 公开02表 收入预算总表, 五、2017年度…部门财政拨款支出预算表), so a title
// is matched on the words that identify the table, not on its exact wording.
import { squash } from '../../ir/text.ts';

/** Where a table's rows go: budget lines, procurement items or fixed assets. */
export type TableKind = 'lines' | 'procurement' | 'assets';

export interface TableType {
  /** Canonical table_name (see CONTRACT.md): 收入总表, 支出总表, 基本支出表, 三公经费表, … */
  name: string;
  kind: TableKind;
  /**
   * The department's main view of its budget (收入总表, 支出总表, 基本支出表, 三公经费表): these
   * rows go to `budget_lines`. The other tables repeat a slice or a summary of the same money
   * (财政拨款收支总表, 一般公共预算支出表, …) and go to `budget_lines_supplementary`.
   */
  main: boolean;
}

// Order matters: the first rule whose test matches wins (三公 before 支出, 财政拨款收支 before 收支).
const RULES: { test: RegExp; type: TableType }[] = [
  { test: /三公/, type: { name: '三公经费表', kind: 'lines', main: true } },
  { test: /政府采购/, type: { name: '政府采购表', kind: 'procurement', main: false } },
  { test: /资产/, type: { name: '国有资产表', kind: 'assets', main: false } },
  { test: /机关运行经费/, type: { name: '机关运行经费表', kind: 'lines', main: false } },
  { test: /政府性?基金/, type: { name: '政府性基金支出表', kind: 'lines', main: false } },
  { test: /国有资本经营/, type: { name: '国有资本经营支出表', kind: 'lines', main: false } },
  { test: /基本支出/, type: { name: '基本支出表', kind: 'lines', main: true } },
  { test: /财政拨款收支/, type: { name: '财政拨款收支总表', kind: 'lines', main: false } },
  { test: /收支/, type: { name: '收支总表', kind: 'lines', main: false } },
  { test: /收入/, type: { name: '收入总表', kind: 'lines', main: true } },
  { test: /一般公共预算.*支出/, type: { name: '一般公共预算支出表', kind: 'lines', main: false } },
  { test: /财政拨款.*支出/, type: { name: '财政拨款支出表', kind: 'lines', main: false } },
  { test: /项目支出/, type: { name: '项目支出表', kind: 'lines', main: false } },
  { test: /支出.*总表|支出预算表|支出决算表/, type: { name: '支出总表', kind: 'lines', main: true } },
];

/**
 * 决算 (final accounts) titles name the same tables in other words (财政部 部门决算公开 template,
 * 公开01–09表: 收入支出决算总表, 收入决算表, 支出决算表, 财政拨款收入支出决算总表, 一般公共预算财政拨款
 * 支出决算表, …基本支出决算表, 财政拨款"三公"经费支出决算表, 政府性基金预算财政拨款收入支出决算表,
 * 国有资本经营预算财政拨款收入支出决算表; the Shanghai 2024 决算 prints them so): 收入支出 there is
 * the budget templates' 收支, and the year prefix (2024年度) goes, so the rules above apply.
 */
function finalTitleForm(t: string): string {
  return t.replace(/^.*?20\d{2}年度?/, '').replace(/收入支出/g, '收支');
}

/** Words that show a heading is about a table's explanation or something else, not its title. */
const NOT_A_TITLE = /说明|绩效|目标|情况$|公开目录|目录/;

/** List numbering that starts a section heading: 四、 · 3. · （二） · 1、. */
const NUMBERED_RE = /^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))/;

/**
 * A title ending in 预算 without 表 (003 prints 部门政府采购预算): accepted only for the procurement
 * table and only when unnumbered, because the explanation text has numbered section headings
 * ending in 预算 (四、部门收入预算, 3.“三公”经费预算, （二）政府性基金预算) that are not tables.
 */
function isProcurementBudgetTitle(t: string): boolean {
  return /预算([(（][^()（）]*[)）])?$/.test(t) && /采购/.test(t) && !NUMBERED_RE.test(t);
}

/**
 * The table type named by a printed title, or null when the text is not a budget table title.
 * Table-of-contents lines (`部门预算收入总表.....2`) are not titles.
 */
export function tableTypeOfTitle(text: string): TableType | null {
  const t = squash(text);
  if (t.length < 4 || t.length > 70) return null;
  if (/[.…·]{3,}|\.{2,}\d*$/.test(t)) return null;
  // A title ends with 表, optionally followed by a bracketed note (（功能科目）) or a year.
  if (!/表([(（][^()（）]*[)）])?$/.test(t) && !isProcurementBudgetTitle(t)) return null;
  if (NOT_A_TITLE.test(t)) return null;
  if (!/预算|决算|收支|收入|支出|三公|采购|资产|经费/.test(t)) return null;
  // Performance target tables (…绩效目标表) and 批复表 are other recognizers' business.
  if (/批复/.test(t)) return null;
  const form = /决算/.test(t) ? finalTitleForm(t) : t;
  for (const rule of RULES) if (rule.test.test(form)) return rule.type;
  return null;
}

/** The printed title without numbering (五、), table number (公开01表) or leading year. */
export function cleanTitle(text: string): string {
  return squash(text).replace(/^公开\d+表/, '').replace(/^[一二三四五六七八九十]+[、.．]/, '');
}
