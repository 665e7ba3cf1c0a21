// The 政府采购 (procurement) and 国有资产 (fixed asset) tables: rows of printed text by column,
// amounts converted to 万元 later by the normalizer (it knows the table's unit).
import type { Grid } from '../../ir/grid.ts';
import { cleanText, squash } from '../../ir/text.ts';
import { amountText, AMOUNT_RE, isClearAmount, stripNumbering } from './cells.ts';
import { rowKinds, type OnUnread } from './layout.ts';
import type { MarkCell } from '../coverage.ts';

type Item = Record<string, string | null>;

/** 政府采购品目 catalogue code: A02010105, C03990000, B01021100. */
const CATALOGUE_RE = /^[ABC]\d{4,}$/;

const PROCUREMENT_HEADERS: [string, RegExp][] = [
  ['category', /品目大类|采购类别/],
  ['economic_item', /经济科目|经济分类/],
  // 采购组织形 | 式: the Jiangsu 2019 tables wrap the header's last character into the row below.
  ['method', /组织形式?|采购方式/],
  ['project', /项目名称|专项名称|项目来源|^项目$/],
  ['item', /物品名称|品目名称|采购物品|采购品目$|品名|采购项目/],
  ['catalogue_code', /目录|品目编码|品目代码/],
  ['unit', /计量单位|^单位$/],
  ['quantity', /数量/],
  ['unit_price_raw', /单价/],
  ['amount_raw', /采购金额|金额|总计|合计|预算数/],
];

function headerText(grid: Grid, kinds: string[], c: number): string {
  const parts: string[] = [];
  grid.forEach((row, r) => {
    if (kinds[r] !== 'header') return;
    const t = squash(row[c]!.text);
    if (t && parts[parts.length - 1] !== t) parts.push(t);
  });
  return parts.join('');
}

/** Where the procurement columns are, by their printed header (null when the grid has no header). */
function procurementColumns(grid: Grid, kinds: string[]): Map<string, number> {
  const width = grid[0]?.length ?? 0;
  const byHeader = new Map<string, number>();
  for (let c = 0; c < width; c++) {
    const h = headerText(grid, kinds, c);
    for (const [key, re] of PROCUREMENT_HEADERS) if (!byHeader.has(key) && re.test(h)) { byHeader.set(key, c); break; }
  }
  return byHeader;
}

/**
 * A coded row read from the catalogue code's position: project | budget | item | code | unit |
 * quantity | price | amount. Only for grids whose header does not say where the columns are
 * (a continuation page, or a header that slid sideways in a text conversion).
 */
function itemByCodePosition(texts: string[], k: number): Item {
  return {
    project: texts[0] || null, project_budget_raw: amountText(texts[1] ?? '') && k > 2 ? amountText(texts[1]!) : null,
    item: texts[k - 1] || null, catalogue_code: squash(texts[k]!), unit: texts[k + 1] || null,
    quantity: amountText(texts[k + 2] ?? ''), unit_price_raw: amountText(texts[k + 3] ?? ''), amount_raw: amountText(texts[k + 4] ?? ''),
  };
}

/** Procurement rows: one per purchased item (合计 and unit 小计 rows are totals, not items). */
/**
 * `textOnly` receives the columns (grid column → header text) whose cells reached no field of
 * an item and are kept only in its row_text (资金来源 breakdowns, 预留中小微企业份额 …).
 */
export function readProcurementRows(grid: Grid, onUnread: OnUnread = () => {}, mark: MarkCell = () => {}, textOnly: Map<number, string> = new Map()): Item[] {
  const kinds = rowKinds(grid);
  const byHeader = procurementColumns(grid, kinds);
  const headerCols = new Set(byHeader.values());
  grid.forEach((row, r) => { if (kinds[r] === 'header') row.forEach((cell, c) => { if (headerCols.has(c)) mark(cell); }); });
  // The header is trusted when it names the item and amount columns and, on coded rows, its
  // code column is where the code is printed.
  const headerUsable = byHeader.has('item') && byHeader.has('amount_raw');
  const out: Item[] = [];
  let group: string | null = null;
  const carried: Record<string, string | null> = {};
  const readCols = new Set<number>();
  grid.forEach((row, r) => {
    if (kinds[r] !== 'data') return;
    const texts = row.map((c) => cleanText(c.text));
    const first = squash(texts.find((t) => t) ?? '');
    // 合计 and 小计 rows repeat the sum of the items: understood, not stored.
    if (/^合计$/.test(first)) { for (const c of row) mark(c); return; }
    if (/小计$/.test(first)) { group = first.replace(/小计$/, ''); for (const c of row) mark(c); return; }
    const k = texts.findIndex((t) => CATALOGUE_RE.test(squash(t)));
    let item: Item;
    const codeCol = byHeader.get('catalogue_code');
    let used: number[];
    if (k >= 2 && !(headerUsable && (codeCol === undefined || codeCol === k))) {
      item = itemByCodePosition(texts, k);
      used = [0, ...(item.project_budget_raw ? [1] : []), k - 1, k, k + 1, k + 2, k + 3, k + 4];
    } else {
      const at = (key: string) => (byHeader.has(key) ? texts[byHeader.get(key)!] || null : null);
      // Group rows (一、货物A 350.00; 专项 subtotal rows) name no item: their labels carry down.
      let label = false;
      for (const key of ['category', 'project', 'economic_item']) if (at(key)) { carried[key] = at(key); label = true; mark(row[byHeader.get(key)!]!); }
      if (!at('item')) {
        if (!label) onUnread(row, byHeader.has('item') ? 'no item name' : 'no 品目/物品名称 column in the header');
        // A group row's amount (一、货物A | 525.40) is the sum of the items below it, like a 小计.
        else if (byHeader.has('amount_raw')) mark(row[byHeader.get('amount_raw')!]!);
        return;
      }
      used = [...headerCols, ...(k >= 0 && !at('catalogue_code') ? [k] : [])];
      item = {
        category: carried.category ?? null, project: carried.project ?? null, economic_item: carried.economic_item ?? null,
        item: at('item'), catalogue_code: at('catalogue_code') ?? (k >= 0 ? squash(texts[k]!) : null), unit: at('unit'), method: at('method'),
        quantity: amountText(at('quantity') ?? ''), unit_price_raw: amountText(at('unit_price_raw') ?? ''), amount_raw: amountText(at('amount_raw') ?? ''),
      };
    }
    if (!item.amount_raw && !texts.some(isClearAmount)) { onUnread(row, 'no amount'); return; }
    for (const c of used) if (row[c]) { mark(row[c]!); readCols.add(c); }
    // The other cells are kept as printed in row_text, not in a field: counted as read, their
    // columns named in one message per table (so the audit says what is text only).
    const usedSet = new Set(used);
    row.forEach((cell, c) => {
      if (usedSet.has(c) || !squash(cell.text) || cell.col !== c) return;
      mark(cell);
      if (!textOnly.has(c)) textOnly.set(c, headerText(grid, kinds, c) || `column ${c + 1}`);
    });
    out.push({ ...item, group, row_text: texts.join(' | ') });
  });
  // Header cells above the columns the items took (by position when the header was not trusted).
  grid.forEach((row, r) => { if (kinds[r] === 'header') row.forEach((cell, c) => { if (readCols.has(c) || textOnly.has(c)) mark(cell); }); });
  return out;
}

/** Fixed asset rows: 项目 | 数量 | 价值. */
export function readAssetRows(grid: Grid, onUnread: OnUnread = () => {}, mark: MarkCell = () => {}): Item[] {
  const kinds = rowKinds(grid);
  const width = grid[0]?.length ?? 0;
  let qtyCol = -1;
  let amountCol = -1;
  for (let c = 0; c < width; c++) {
    const h = headerText(grid, kinds, c);
    if (qtyCol < 0 && /数量|面积|台|辆/.test(h)) qtyCol = c;
    else if (amountCol < 0 && /价值|金额|原值|账面/.test(h)) amountCol = c;
  }
  const out: Item[] = [];
  let category: string | null = null;
  grid.forEach((row, r) => { if (kinds[r] === 'header') row.forEach((cell, c) => { if (c === 0 || c === qtyCol || c === amountCol) mark(cell); }); });
  grid.forEach((row, r) => {
    if (kinds[r] !== 'data') return;
    const texts = row.map((c) => cleanText(c.text));
    const nameRaw = texts[0] ?? '';
    if (!nameRaw) {
      if (texts.some(Boolean)) onUnread(row, 'no asset name in the first column');
      return;
    }
    const sub = /^其中[:：]/.test(nameRaw);
    const name = stripNumbering(nameRaw);
    if (!sub) category = name;
    const unit = /[（(]([^()（）]+)[)）]\s*$/.exec(name)?.[1] ?? null;
    const amountCells = texts.flatMap((t, c) => (c > 0 && AMOUNT_RE.test(squash(t)) ? [c] : []));
    const amounts = amountCells.map((c) => texts[c]!);
    mark(row[0]!);
    // A placeholder (— for no quantity) prints nothing to read.
    row.forEach((cell) => { if (amountText(cell.text) === null) mark(cell); });
    if (qtyCol > 0) mark(row[qtyCol]!); else if (amounts.length > 1) mark(row[amountCells[0]!]!);
    if (amountCol > 0) mark(row[amountCol]!); else if (amountCells.length) mark(row[amountCells[amountCells.length - 1]!]!);
    out.push({
      category: sub ? category : null, name, name_raw: nameRaw, unit: unit && !/\d/.test(unit) ? unit : null,
      quantity: qtyCol > 0 ? amountText(texts[qtyCol]!) : (amounts.length > 1 ? amounts[0]! : null),
      amount_raw: amountCol > 0 ? amountText(texts[amountCol]!) : (amounts[amounts.length - 1] ?? null),
    });
  });
  return out;
}
