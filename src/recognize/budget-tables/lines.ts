// Turns the data rows of a budget table grid into budget lines (code, name, amounts by key).
import type { Grid, GridCell } from '../../ir/grid.ts';
import { currentClassName } from '../../normalize/classification/index.ts';
import { cleanText, squash } from '../../ir/text.ts';
import type { RawBudgetLine } from '../../records.ts';
import { amountText, isTotalName, stripNumbering } from './cells.ts';
import { FINAL_MEASURE_KEYS, finalRuleKey } from './columns.ts';
import type { Layout, OnUnread, Segment } from './layout.ts';

export interface ReadRow {
  line: Omit<RawBudgetLine, 'line_seq'>;
  /** A 合计/总计 row: kept as the table's printed total, not as a line. */
  total: boolean;
}

/** Builds full codes from 类/款/项 columns, remembering the 类 and 款 of earlier rows. */
export class CodeJoiner {
  private last: string[] = [];

  join(parts: string[]): string | null {
    const p = parts.map(squash);
    if (p.length === 1) return /^\d{3,7}$/.test(p[0]!) ? p[0]! : null;
    let depth = -1;
    for (let i = 0; i < p.length; i++) {
      const v = p[i]!;
      if (!v) continue;
      // A full code printed in a lower column (20101 in 款) stands on its own.
      if (i > 0 && v.length > 2) return /^\d+$/.test(v) ? v : null;
      // 款 and 项 are two digits; some tables print 02 as 2.
      this.last[i] = i > 0 && /^\d$/.test(v) ? `0${v}` : v;
      this.last.length = i + 1;
      depth = i;
    }
    if (depth < 0) return null;
    const code = this.last.slice(0, depth + 1).join('');
    return /^\d{3,7}$/.test(code) ? code : null;
  }
}

/** The code printed at the start of a name cell (2080101 行政运行, [301]工资福利支出). */
function splitCodeFromName(name: string): { code: string | null; name: string } {
  const m = /^[[【]?(\d{3,7})[\]】]?\s*(\S.*)$/.exec(name);
  if (m && /[\u4e00-\u9fff]/.test(m[2]!)) return { code: m[1]!, name: m[2]! };
  return { code: null, name };
}

/** Name of a column in a horizontal table: its lowest header part (小计 keeps its group). */
export function columnName(parts: string[]): string {
  const last = parts[parts.length - 1] ?? '';
  if (/^小计$/.test(squash(last)) && parts.length > 1) return `${parts[parts.length - 2]}${last}`;
  // A short sub-column under a compound group (公务用车购置及运行费 / 购置费) takes the group's stem.
  const parent = parts[parts.length - 2];
  if (parent && squash(last).length <= 3 && /费$/.test(squash(last)) && /及|和|与/.test(parent)) {
    const stem = squash(parent).replace(/(购置|运行|维护|及|和|与|费).*$/, '');
    if (stem && stem !== squash(parent) && !squash(last).startsWith(stem)) return `${stem}${last}`;
  }
  return last;
}

export function readSegmentRow(row: GridCell[], seg: Segment, keys: Map<number, string>, joiner: CodeJoiner): ReadRow | null {
  const amounts: Record<string, string | null> = {};
  let anyAmount = false;
  for (const c of seg.amountCols) {
    // A label spanning into an amount column (结转下年资金 across 项目 and 金额) is not an amount.
    const v = row[c]!.col !== c && seg.amountCols.indexOf(row[c]!.col) < 0 ? null : amountText(row[c]!.text);
    amounts[keys.get(c)!] = v;
    if (v !== null) anyAmount = true;
  }
  let code = seg.codeCols.length ? joiner.join(seg.codeCols.map((c) => row[c]!.text)) : null;
  let nameRaw = seg.nameCol >= 0 ? cleanText(row[seg.nameCol]!.text) : '';
  let groupName: string | null = null;
  // The 合计 label sometimes lands in a code column after conversion.
  if (!nameRaw && seg.codeCols.some((c) => isTotalName(row[c]!.text))) nameRaw = cleanText(row[seg.codeCols.find((c) => isTotalName(row[c]!.text))!]!.text);
  if (!code) {
    const split = splitCodeFromName(nameRaw);
    code = split.code;
    nameRaw = split.name;
  }
  if (seg.groupCol >= 0) {
    // Item under a group: 一般公共预算资金 | 小计 → 一般公共预算资金小计; the group alone when no item.
    const group = cleanText(row[seg.groupCol]!.text);
    if (!nameRaw) nameRaw = group;
    else if (group && /^(小计|合计)$/.test(squash(nameRaw))) nameRaw = `${group}${nameRaw}`;
    else if (group && group !== nameRaw && !isTotalName(nameRaw)) groupName = group;
  }
  if (!nameRaw && !code && !anyAmount) return null;
  const total = !code && isTotalName(nameRaw);
  const name = stripNumbering(nameRaw) || null;
  return {
    total,
    line: {
      code, name, name_raw: (groupName ? `${groupName}/${nameRaw}` : nameRaw) || null, side: seg.side, amounts_raw: amounts,
      source: row[0]!.source ?? row[0]!.element.data?.source,
    },
  };
}

/**
 * A horizontal table (三公 with one amount per column): one line per column of each data row. In a
 * 决算 table whose lowest header row says which figure a column holds (预算数 | 决算数 under each
 * item, the 财政部 三公经费支出决算表), the columns of one item make one line with both figures.
 */
export function readHorizontalRow(grid: Grid, r: number, layout: Layout, seg: Segment, onUnread: OnUnread = () => {}, final = false): ReadRow[] {
  if (final) {
    const measured = readMeasuredRow(grid, r, layout, seg);
    if (measured) return measured;
  }
  const row = grid[r]!;
  const out: ReadRow[] = [];
  for (const c of seg.amountCols) {
    const nameRaw = cleanText(columnName(layout.headers[c]!));
    const v = amountText(row[c]!.text);
    if (!nameRaw) {
      // The line would have no name: the amount is reported rather than lost.
      if (v !== null) onUnread(row, `amount ${v} in column ${c + 1} has no header to name it`);
      continue;
    }
    const total = isTotalName(nameRaw);
    out.push({
      total,
      line: { code: null, name: stripNumbering(nameRaw) || null, name_raw: nameRaw, side: null, amounts_raw: { total_wan: v }, source: row[c]!.source },
    });
  }
  return out;
}

/**
 * Two printed rows that reached us as one (each cell holding two values: `210 212`,
 * `1,601,424 119,385,303`), which happens when a PDF row is too tight to be told apart.
 * Returns the rows split apart, or null when the row is a normal one. The joined names are
 * split where the later row's classification name starts; otherwise the later rows get no name.
 */
export function splitStackedRow(row: GridCell[], seg: Segment): GridCell[][] | null {
  const cols = [...seg.codeCols, ...seg.amountCols];
  const tokens = cols.map((c) => row[c]!.text.trim().split(/\s+/).filter(Boolean));
  const k = Math.max(0, ...tokens.map((t) => t.length));
  // At least the code and one amount split the same way. A cell with fewer parts (the later
  // row is a 类 row with blank 款/项; a 0 printed once) gives them to the first rows.
  const amountTokens = tokens.slice(seg.codeCols.length);
  if (k < 2 || tokens.filter((t) => t.length === k).length < 2 || !amountTokens.some((t) => t.length === k) ||
      tokens.some((t) => t.length > k) || tokens.flat().some((t) => !/^[-\d,.]+$/.test(t))) return null;
  const out: GridCell[][] = Array.from({ length: k }, () => row.map((cell) => ({ ...cell })));
  cols.forEach((c, i) => { for (let j = 0; j < k; j++) out[j]![c]!.text = tokens[i]![j] ?? ''; });
  if (seg.nameCol >= 0) {
    let name = cleanText(row[seg.nameCol]!.text);
    const names: string[] = [];
    for (let j = k - 1; j >= 1; j--) {
      const code = seg.codeCols.map((c) => squash(out[j]![c]!.text)).join('');
      const known = currentClassName(code);
      if (known && name.endsWith(known) && name.length > known.length) { names.unshift(known); name = name.slice(0, -known.length); } else names.unshift('');
    }
    names.unshift(name);
    names.forEach((n, j) => { out[j]![seg.nameCol]!.text = n; });
  }
  return out;
}

/** A 决算 horizontal row whose columns are (item, measure) pairs, or null when they are not all so. */
function readMeasuredRow(grid: Grid, r: number, layout: Layout, seg: Segment): ReadRow[] | null {
  const row = grid[r]!;
  const items = new Map<string, ReadRow>();
  for (const c of seg.amountCols) {
    const parts = layout.headers[c]!;
    const key = parts.length >= 2 ? finalRuleKey(parts[parts.length - 1]!) : null;
    if (!key || !FINAL_MEASURE_KEYS.has(key)) return null;
    const nameRaw = cleanText(columnName(parts.slice(0, -1)));
    if (!nameRaw) return null;
    let item = items.get(nameRaw);
    if (!item) {
      item = { total: isTotalName(nameRaw), line: { code: null, name: stripNumbering(nameRaw) || null, name_raw: nameRaw, side: null, amounts_raw: {}, source: row[c]!.source } };
      items.set(nameRaw, item);
    }
    item.line.amounts_raw[key] = amountText(row[c]!.text);
  }
  return items.size ? [...items.values()] : null;
}

/**
 * A 本年收入合计 / 本年支出合计 label fused with the label printed just below it (本年收入合计使用非
 * 财政拨款结余(含专用结余), when a PDF row is too tight to tell the two apart): the total keeps the
 * amounts, the next label becomes a line of its own without amounts. Null when the name is not so.
 */
export function splitFusedTotal(read: ReadRow): ReadRow[] | null {
  const m = /^(本年收入合计|本年支出合计)(\S*[\u4e00-\u9fff]\S*)$/.exec(squash(read.line.name_raw ?? ''));
  if (!m || read.total) return null;
  const blank = Object.fromEntries(Object.keys(read.line.amounts_raw).map((k) => [k, null]));
  return [
    { total: true, line: { ...read.line, name: m[1]!, name_raw: m[1]! } },
    { total: false, line: { ...read.line, name: stripNumbering(m[2]!) || null, name_raw: m[2]!, amounts_raw: blank } },
  ];
}