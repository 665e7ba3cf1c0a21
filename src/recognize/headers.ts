// The one place for the printed labels and column headers of performance-target tables: every
// field a header or label can name, with the synonyms templates use, and where they come from.
// Recognizers match a cell against these after `headerForm()` (whitespace, full-width forms,
// trailing colon and a bracketed unit removed), so `年度资金总额：`, `预算数（元）` and
// `权重（%）` all reach their field, and the unit in brackets is kept for the amounts.
//
// Sources of the wordings (checked against the templates' published forms):
// - 财预〔2015〕88号《中央部门预算绩效目标管理办法》annex 项目支出绩效目标申报表: 项目名称, 主管部门及代码,
//   实施单位, 项目资金（万元）年度资金总额 / 其中：财政拨款 / 其他资金, 总体目标 中期目标 | 年度目标,
//   绩效指标 一级指标 二级指标 三级指标 指标值.
// - 财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》and its annex 2 (核心绩效
//   指标表模板): 指标值, 计量单位, 指标方向 (正向/反向), 指标性质 / 计算符号 (≥ ≤ = 定性), 分值/权重,
//   指标解释, 确定依据 (指标值确定依据), 备注.
// - Provincial forms: 湖南 项目绩效目标表 (长期目标 | 年度目标, 指标内容, 指标值, 备注), 广西 财政支出绩效目标
//   申报表 (资金总额, 分值, 指标内容, 评分细则), 河北 绩效目标表 (绩效指标描述, 分值权重, 指标值确定依据),
//   广东 部门整体预算绩效目标表 (部门名称, 预算金额（万元）, 总体绩效目标, 年度重点工作任务, 其他需完成的任务
//   （可选填）; 预算整体情况: 部门预算支出 基本支出 项目支出 | 收入来源 财政拨款 其他资金 | 事业发展性支出
//   财政专项资金 其他事业发展性支出 | 按预算级次划分 本级使用资金 拟用于对下转移支付资金), 批复表
//   (绩效指标性质, 绩效指标值, 度量单位, 分值权重), forms with 年度(/项目)指标值, 年度指标值, 目标值, 预期目标,
//   指标目标值, 绩效指标值.
// - Self-evaluations (绩效自评表): 财预〔2020〕10号《项目支出绩效评价管理办法》annex 项目支出绩效自评表
//   (项目资金（万元）| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分; 年度总体目标 预期目标 |
//   实际完成情况; 一级指标 … 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施; 总分) and its
//   部门整体支出绩效自评表 (部门（单位）名称, 年度预算申请); provincial variants: 四川 (调整后预算数, 预算执行数,
//   预算执行率, 完成值, 未完成原因分析, 评价结论 / 存在问题 / 改进措施), 重庆 (项目预算执行情况（万元）,
//   全年预算数（A）…, 全年执行数（B）, 当年绩效目标 | 全年绩效目标 | 全年目标实际完成情况, 指标类型 | 指标名称 |
//   指标性质 | 指标值 | 计量单位 | 指标权重 | 全年完成值 | 评价标准), forms with 自评等级 / 评价等次.
import { squash } from '../ir/text.ts';

export const L = {
  // ---- project block ----
  code: /^项目(编码|代码|编号)$/,
  name: /^项目名称$/,
  category: /^项目(类别|类型|属性)$/,
  /** The unit carrying the project out (also the document's agency when nothing better is printed). */
  unitName: /^(单位名称|预算单位|实施单位|项目(实施)?单位|填报单位|部门名称|部门\(单位\)名称|单位\(部门\)名称)(\(盖章\))?$/,
  /** The supervising department (主管部门及代码 prints the code beside the name). */
  department: /^(项目)?(主管部门|主管部门及代码|主管部门名称|主管单位|预算主管部门)$/,
  /** Head of a budget block (`项目资金（元）`, `资金情况`): its unit applies to the amounts beside it. */
  funds: /^(项目资金|项目资金申请|资金情况|预算情况|资金来源|预算资金|项目资金总额|年度部门预算|部门预算|年度预算资金|预算整体情况|(项目|年度)?预算执行情况|资金执行情况|年度预算申请)$/,
  budget: /^(预算数|预算金额|项目预算|年度预算数|资金总额|年度资金总额|年度预算|项目总预算|预算总额|年度资金总额及构成|总额|部门预算支出|预算支出总额)$/,
  fiscal: /^(其中[:：]?)?(财政(资金|拨款|拨款资金|性资金)|一般公共预算(拨款|资金)?|当年财政拨款)$/,
  other: /^(其中[:：]?)?(其他资金|自有资金|单位自有资金|其他来源资金)$/,
  /** Budget split of a department-wide table (广东 部门整体预算绩效目标表: 预算金额 | 基本支出 / 项目支出). */
  basic: /^(其中[:：]?)?基本支出(预算)?$/,
  projectSpend: /^(其中[:：]?)?项目支出(预算)?$/,
  // The 广东 form's further splits of the department's budget (its 预算整体情况 block prints them as
  // two more label | 预算金额 pairs under 部门预算支出 / 收入来源): 事业发展性支出 = 财政专项资金 +
  // 其他事业发展性支出, and 按预算级次划分 = 省/市/县本级使用资金 + 拟用于对下转移支付资金.
  devSpend: /^(其中[:：]?)?事业发展性支出$/,
  specialFunds: /^(其中[:：]?)?财政专项资金$/,
  otherDev: /^(其中[:：]?)?其他事业发展性支出$/,
  ownLevel: /^(其中[:：]?)?(省|市|县|区|州|盟|旗|乡镇?)?本级(使用)?资金$/,
  transferDown: /^(其中[:：]?)?(拟)?用于对下(级)?转移支付(的)?资金$|^对下转移支付资金$/,
  /** Heads of an amount group with no amount of their own (收入来源 over 财政拨款 / 其他资金). */
  amountGroup: /^(收入来源|资金来源构成|按预算级次划分|按(支出)?(性质|用途|功能)划分)$/,
  /** 基本信息 row of a department-wide table (广东 form: 财政供养人员数, 下属二级单位数 …), kept as text. */
  info: /^(部门)?基本(信息|情况)$/,
  purpose: /^(预算规模及)?资金用途$|^项目概况$/,
  plan: /资金支出计划/,
  goals: /^(年度|项目|总体|年度总体|部门整体|整体|当年)?(绩效)?目标$|^部门整体(支出)?绩效目标$/,
  /** Side-by-side goal heads: the long-term goal and the year's goal. */
  goalsLong: /^(项目总目标|总目标|中期目标|长期目标|项目中期目标|实施期目标|项目长期目标)$/,
  goalsYear: /^(年度总体目标|年度目标|年度绩效目标|本年度目标|当年目标|年度总目标)$/,
  /** 年度主要任务 block of a department-wide table (任务名称 | 主要内容 | 预算金额 rows). */
  tasks: /^(年度)?(主要|重点)(工作)?任务$|^年度重点工作任务$|^其他(需|需要)?完成的(工作)?任务(\(可选填\))?$/,
  // ---- indicator table ----
  /** 指标类型: one column holding 一级 or 二级 names (重庆 自评表); read as the 一级 column, the normalizer sorts them. */
  level1: /^一级指标$|^指标类型$/,
  level2: /^二级指标$/,
  level3: /^(三级指标|绩效指标名称|指标名称)$/,
  description: /^(绩效)?指标(描述|内容|说明|解释)$/,
  /** `数值` only as a sub-column under a spanning 指标值 (next to 计算符号 and 计量单位). */
  value: /^(年度|项目|年度\/项目|年度\(\/项目\)|年度项目|本年|预期)?(绩效)?(指标值|目标值|指标目标值|预期目标|预期目标值)$|^(目标)?数值$/,
  basis: /^(指标值)?(确定|设定|取值)依据(及(数据)?来源)?$|^依据$|^(数据|指标值)来源$|^指标值确定依据及说明$/,
  weight: /^(分值|权重|分值权重|指标权重|分值\(权重\)|指标分值|分值\/权重|权重\/分值|权重分值)$/,
  unit: /^(度量|计量)?单位$/,
  op: /^(绩效)?指标性质$|^运算符$|^计算符号$|^(比较|运算)符号$/,
  direction: /^指标方向$|^方向$/,
  /** 备注, and the 评分细则 some provincial forms print (kept beside the row, not a target). */
  remark: /^备注$|^说明$|^评(分|价)(细则|标准)$/,
  // ---- self-evaluations (绩效自评表) ----
  /** The value achieved, beside the target. */
  actual: /^(全年|年度)?(实际)?完成(值|数|情况)$|^(全年|年度)?实际(完成|达成|达到)?值$|^实际完成指标值$/,
  score: /^(自评|实际)?得分$/,
  deviation: /^偏差原因分析(及|和)?(改进措施)?$|^(偏差|未完成|未达标)原因(分析)?(及|和)?(改进措施)?$|^原因分析$/,
  // The execution block: heads over the 年度资金总额 row. A head may carry (A)/(B) and the formula in brackets.
  budgetInitial: /^年初预算(数|金额)?$/,
  budgetFullYear: /^(全年|调整后)预算(数|金额)?(\(A\))?(\(.*\))?$/,
  executed: /^(全年|预算|实际)?执行(数|金额)(\(B\))?(\(.*\))?$|^实际支出(数)?$/,
  executionRate: /^(预算)?执行率(\(B\/A\))?$/,
  /** 年度总体目标 block of a self-evaluation: the goal and what was achieved of it. */
  goalsExpected: /^预期目标$|^(全年|年度)绩效目标$|^项目年度目标$/,
  goalsActual: /^(全年|年度)?(目标|总体目标)?实际完成情况$|^(年度)?(总体)?目标完成情况$/,
  scoreTotal: /^(自评)?总分$|^总得分$/,
  grade: /^(自评|评价)(等级|等次|结果)$|^绩效(评价)?等级$/,
  /** Text rows after a self-evaluation's indicators. */
  /** 原因 column of the execution block (四川 form): why the budget was not spent as planned. */
  executionReason: /^(偏差|未执行)?原因(说明|分析)?$/,
  evaluationNote: /^(说明|评价结论|自评结论|存在问题|存在的问题|改进措施|整改措施|问题及改进措施|偏差原因分析及改进措施)$/,
  milestone: /^[0-9]{1,2}月(底|末)$/,
} as const;

export type LabelKey = keyof typeof L;

/** Fields of an indicator table's header row, in the order they are tried on a header cell. */
export const INDICATOR_FIELDS = ['level1', 'level2', 'level3', 'description', 'value', 'op', 'unit', 'weight', 'basis', 'direction', 'remark', 'actual', 'score', 'deviation'] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];

/** Units printed in brackets after a label: `（元）`, `(万元)`, `（%）`. */
const BRACKET_UNIT = /[(（]\s*(?:单位[:：]?)?(亿元|万元|千元|元|%|％|百分比|分)\s*[)）]$/;

export interface HeaderForm {
  /** The label with whitespace, a trailing colon and a bracketed unit removed (full-width folded). */
  form: string;
  /** The unit printed in brackets, when there was one. */
  unit: string | null;
}

/** Points printed after a label of a self-evaluation: `产出指标（50分）`, `预算执行情况（10分）`. */
const BRACKET_POINTS = /[(（][0-9.]+分[)）]$/;

const forms = new Map<string, HeaderForm>();

/** `预算数（元）:` → { form: 预算数, unit: 元 }; `年度(/项目)指标值` stays as it is; `绩效指标（90分）` → 绩效指标. */
export function headerForm(text: string): HeaderForm {
  // The same header texts are tried against many labels: remembered (a copy handed out).
  if (text.length > 256) return readHeaderForm(text);
  let known = forms.get(text);
  if (!known) {
    known = readHeaderForm(text);
    if (forms.size >= 20_000) forms.clear();
    forms.set(text, known);
  }
  return { ...known };
}

function readHeaderForm(text: string): HeaderForm {
  let t = squash(text).replace(/[:：]+$/, '').replace(BRACKET_POINTS, '');
  const m = BRACKET_UNIT.exec(t);
  let unit: string | null = null;
  if (m) {
    unit = m[1]!.replace('％', '%');
    t = t.slice(0, m.index).replace(/[:：]+$/, '');
  }
  return { form: t, unit };
}

export function isLabel(key: LabelKey, text: string): boolean {
  const t = squash(text).replace(/[:：]+$/, '');
  return L[key].test(t) || L[key].test(headerForm(text).form);
}

/** Field of an indicator header cell, or null when the vocabulary has none for it. */
export function indicatorField(text: string): IndicatorField | null {
  for (const f of INDICATOR_FIELDS) if (isLabel(f, text)) return f;
  return null;
}

/** An amount unit printed anywhere: `单位：元`, `金额单位：万元`, `（千元）`; null when the text names none. */
export function amountUnitOf(text: string): string | null {
  const t = squash(text);
  const m = /(?:金额|资金|预算)?单位[:：](亿元|万元|千元|元)/.exec(t) ?? /[(（](亿元|万元|千元|元)[)）]/.exec(t);
  return m ? m[1]! : null;
}
