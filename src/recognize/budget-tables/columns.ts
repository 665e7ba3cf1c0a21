// Printed amount column headers → stable column keys (CONTRACT.md: total_wan, basic_wan, …).
// The printed header is kept beside the key (budget_table_columns), so a key only has to be
// stable, not exhaustive: headers we do not know get a key derived from their position.

// First matching rule wins; tested against the column's header text with whitespace removed.
const RULES: [RegExp, string][] = [
  [/小计/, 'subtotal_wan'],
  [/上年结转|结转和结余|结转结余|年初结转/, 'carryover_wan'],
  [/结转下年/, 'carryforward_wan'],
  [/基本支出/, 'basic_wan'],
  [/项目支出/, 'project_wan'],
  [/人员经费|人员支出|工资福利/, 'personnel_wan'],
  [/公用经费|公用支出|日常公用/, 'public_wan'],
  [/财政专户/, 'special_account_wan'],
  [/一般公共预算/, 'general_public_wan'],
  [/政府性?基金/, 'gov_fund_wan'],
  [/国有资本经营/, 'state_capital_wan'],
  [/财政拨款/, 'fiscal_wan'],
  [/事业单位经营|经营收入/, 'operating_income_wan'],
  [/经营支出/, 'operating_wan'],
  [/事业收入/, 'business_income_wan'],
  [/上级补助/, 'superior_subsidy_wan'],
  [/附属单位上缴/, 'affiliated_remit_wan'],
  [/上解上级/, 'remit_wan'],
  [/对附属单位补助/, 'affiliated_subsidy_wan'],
  [/单位预留机动/, 'reserve_wan'],
  [/其他收入|其他资金/, 'other_wan'],
  [/因公出国/, 'overseas_wan'],
  [/公务用车购置(费)?$|^购置费$/, 'vehicle_purchase_wan'],
  [/运行(维护)?费$/, 'vehicle_operation_wan'],
  [/公务用车/, 'vehicle_wan'],
  [/公务接待/, 'reception_wan'],
  [/会议费/, 'meeting_wan'],
  [/培训费/, 'training_wan'],
  [/机关运行经费/, 'operation_funds_wan'],
  [/合计|总计|预算数|金额|^计$|本年预算|支出预算|收入预算/, 'total_wan'],
];

function ruleKey(text: string): string | null {
  const h = text.replace(/\s+/g, '');
  if (!h) return null;
  for (const [re, k] of RULES) if (re.test(h)) return k;
  return null;
}

/**
 * Stable key for one amount column from its header parts (top to bottom, e.g. ['本年收入', '小计']);
 * `used` holds keys already given in this table.
 */
export function columnKey(parts: string[], position: number, used: Set<string>): string {
  // The most specific (lowest) header row decides: 合计 under 一般公共预算支出 is the total.
  const key = ruleKey(parts[parts.length - 1] ?? '') ?? ruleKey(parts.join('')) ?? `col${position + 1}_wan`;
  // The first total-like column is total_wan; a second 合计 (e.g. the expense side of a
  // 收支总表) gets a numbered key so that no column overwrites another.
  let unique = key;
  for (let n = 2; used.has(unique); n++) unique = key.replace(/_wan$/, `_${n}_wan`);
  used.add(unique);
  return unique;
}
