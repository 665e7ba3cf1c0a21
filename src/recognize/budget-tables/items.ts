// The 政府采购 (procurement) and 国有资产 (fixed asset) tables: rows of printed text by column,
// amounts converted to 万元 later by the normalizer (it knows the table's unit).
import type { Grid } from '../../ir/grid.ts';
import { cleanText, squash } from '../../ir/text.ts';
import { amountText, AMOUNT_RE, isClearAmount, stripNumbering } from './cells.ts';
import { rowKinds, type OnUnread } from './layout.ts';

type Item = Record<string, string | null>;

/** 政府采购品目 catalogue code: A02010105, C03990000, B01021100. */
const CATALOGUE_RE = /^[ABC]\d{4,}$/;

const PROCUREMENT_HEADERS: [string, RegExp][] = [
  ['category', /品目大类|采购类别/],
  ['economic_item', /经济科目|经济分类/],
  ['method', /组织形式|采购方式/],
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
export function readProcurementRows(grid: Grid, onUnread: OnUnread = () => {}): Item[] {
  const kinds = rowKinds(grid);
  const byHeader = procurementColumns(grid, kinds);
  // The header is trusted when it names the item and amount columns and, on coded rows, its
  // code column is where the code is printed.
  const headerUsable = byHeader.has('item') && byHeader.has('amount_raw');
  const out: Item[] = [];
  let group: string | null = null;
  const carried: Record<string, string | null> = {};
  grid.forEach((row, r) => {
    if (kinds[r] !== 'data') return;
    const texts = row.map((c) => cleanText(c.text));
    const first = squash(texts.find((t) => t) ?? '');
    if (/^合计$/.test(first)) return;
    if (/小计$/.test(first)) { group = first.replace(/小计$/, ''); return; }
    const k = texts.findIndex((t) => CATALOGUE_RE.test(squash(t)));
    let item: Item;
    const codeCol = byHeader.get('catalogue_code');
    if (k >= 2 && !(headerUsable && (codeCol === undefined || codeCol === k))) {
      item = itemByCodePosition(texts, k);
    } else {
      const at = (key: string) => (byHeader.has(key) ? texts[byHeader.get(key)!] || null : null);
      // Group rows (一、货物A 350.00; 专项 subtotal rows) name no item: their labels carry down.
      let label = false;
      for (const key of ['category', 'project', 'economic_item']) if (at(key)) { carried[key] = at(key); label = true; }
      if (!at('item')) {
        if (!label) onUnread(row, byHeader.has('item') ? 'no item name' : 'no 品目/物品名称 column in the header');
        return;
      }
      item = {
        category: carried.category ?? null, project: carried.project ?? null, economic_item: carried.economic_item ?? null,
        item: at('item'), catalogue_code: at('catalogue_code') ?? (k >= 0 ? squash(texts[k]!) : null), unit: at('unit'), method: at('method'),
        quantity: amountText(at('quantity') ?? ''), unit_price_raw: amountText(at('unit_price_raw') ?? ''), amount_raw: amountText(at('amount_raw') ?? ''),
      };
    }
    if (!item.amount_raw && !texts.some(isClearAmount)) { onUnread(row, 'no amount'); return; }
    out.push({ ...item, group, row_text: texts.join(' | ') });
  });
  return out;
}

/** Fixed asset rows: 项目 | 数量 | 价值. */
export function readAssetRows(grid: Grid, onUnread: OnUnread = () => {}): Item[] {
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
    const amounts = texts.slice(1).filter((t) => AMOUNT_RE.test(squash(t)));
    out.push({
      category: sub ? category : null, name, name_raw: nameRaw, unit: unit && !/\d/.test(unit) ? unit : null,
      quantity: qtyCol > 0 ? amountText(texts[qtyCol]!) : (amounts.length > 1 ? amounts[0]! : null),
      amount_raw: amountCol > 0 ? amountText(texts[amountCol]!) : (amounts[amounts.length - 1] ?? null),
    });
  });
  return out;
}
