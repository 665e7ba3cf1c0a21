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
  [/上解上级|上缴上级/, 'remit_wan'],
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

// ---- 决算 (final accounts) headers ----
// Checked first in a 决算 table (a 决算 document, or a table titled …决算表). Sources: the 财政部
// 部门决算公开 template (公开01–09表: 决算数; 年初结转和结余 | 本年收入 | 本年支出 | 年末结转和结余 in the
// 政府性基金/国有资本经营 tables; 预算数 | 决算数 under each item of the 三公 table; 使用非财政拨款结余,
// 结余分配 in 收入支出决算总表), the 部门决算 forms that print 年初预算数 | 调整预算数 (全年预算数) | 决算数
// side by side, and the Shanghai 2024 部门决算. In a budget table 预算数 is the row's amount
// (total_wan); in a 决算 table it is the plan the 决算数 is compared with.
const FINAL_RULES: [RegExp, string][] = [
  [/年初预算/, 'budget_initial_wan'],
  [/调整(后)?预算|全年预算|变动后预算/, 'budget_full_wan'],
  [/^(本年|当年)?预算(数|金额)?$/, 'budget_wan'],
  [/决算(数|金额)?$|^(本年|全年)?(实际)?(执行数|支出数|完成数)$/, 'final_wan'],
  [/年末.*结转|年末.*结余/, 'balance_end_wan'],
  [/年初.*结转|年初.*结余|上年结转/, 'carryover_wan'],
  [/使用.*结余|弥补收支差额/, 'surplus_used_wan'],
  [/结余分配|提取/, 'surplus_allocated_wan'],
  [/^(本年)?收入$/, 'income_wan'],
];

/** The keys FINAL_RULES give to a 决算's plan and outcome columns (the measure of an item, 三公 table). */
export const FINAL_MEASURE_KEYS = new Set(['budget_initial_wan', 'budget_full_wan', 'budget_wan', 'final_wan']);

/** Key of a 决算 header word (年初预算数, 决算数, 年末结转和结余 …), or null when it is not one. */
export function finalRuleKey(text: string): string | null {
  const h = text.replace(/\s+/g, '');
  if (!h) return null;
  for (const [re, k] of FINAL_RULES) if (re.test(h)) return k;
  return null;
}

function ruleKey(text: string, final = false): string | null {
  const h = text.replace(/\s+/g, '');
  if (!h) return null;
  if (final) { const k = finalRuleKey(h); if (k) return k; }
  for (const [re, k] of RULES) if (re.test(h)) return k;
  return null;
}

/**
 * Stable key for one amount column from its header parts (top to bottom, e.g. ['本年收入', '小计']);
 * `used` holds keys already given in this table; `final`: the table is a 决算 (FINAL_RULES first).
 */
export function columnKey(parts: string[], position: number, used: Set<string>, final = false): string {
  // The most specific (lowest) header row decides: 合计 under 一般公共预算支出 is the total.
  const key = ruleKey(parts[parts.length - 1] ?? '', final) ?? ruleKey(parts.join(''), final) ?? `col${position + 1}_wan`;
  // The first total-like column is total_wan; a second 合计 (e.g. the expense side of a
  // 收支总表) gets a numbered key so that no column overwrites another.
  let unique = key;
  for (let n = 2; used.has(unique); n++) unique = key.replace(/_wan$/, `_${n}_wan`);
  used.add(unique);
  return unique;
}
