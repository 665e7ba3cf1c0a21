// What the layout variants say: invented projects of a fictional county (示范县), written for
// these tests (no real document's text). Amounts are in 万元 here; each layout prints them in
// its own unit. An indicator's target is kept in parts (operator, number, unit, or a text
// target) so a layout can print it in one 指标值 cell or in separate 指标性质/指标值/计量单位 cells.

/** Operator as a 指标性质 column prints it; '' = none printed (a bare number means `=`). */
export type PrintedOp = '≥' | '≤' | '=' | '定性' | '' | '不低于' | '不少于' | '不超过' | '≧' | '≦';

export interface IndicatorData {
  level1: string;          // as printed (canonical names are derived in expected.ts)
  level2: string;
  level3: string;
  description?: string;    // 绩效指标描述, for layouts with that column
  op: PrintedOp;
  /** Number as printed (`95`, `1.2`), or a range `8-10`; absent for a text target. */
  num?: string;
  /** Unit as printed after the number (`%`, `人`, `万人次`, `万元`). */
  unit?: string;
  /** A text target (定性): `有效提升`. */
  text?: string;
  /** Words in brackets after the unit (`（抽样调查）`): printed in the value, not part of the target. */
  note?: string;
  weight: number;
  basis?: string;          // 指标值确定依据
  direction?: '正向' | '反向';
}

export interface ProjectData {
  name: string;
  /** 主管部门 / 预算单位 that publishes the project. */
  agency: string;
  /** 实施单位 when another body carries it out. */
  implementer: string;
  code: string;
  category: string;
  /** 万元 */
  budget: number;
  fiscal: number;
  other: number;
  /** 项目总目标 / 中期目标 (for side-by-side layouts) and 年度目标 (what `goals` holds). */
  goalsTotal: string[];
  goalsYear: string[];
  indicators: IndicatorData[];
}

const I = (level1: string, level2: string, level3: string, op: PrintedOp, target: string, weight: number, extra: Partial<IndicatorData> = {}): IndicatorData => {
  // `target` is `95|%`, `8-10|天` or a text target.
  if (op === '定性') return { level1, level2, level3, op, text: target, weight, ...extra };
  const [num, unit] = target.split('|');
  return { level1, level2, level3, op, num, unit: unit || undefined, weight, ...extra };
};

export const PROJECTS: ProjectData[] = [
  {
    name: '社区居家养老服务补助',
    agency: '示范县民政局',
    implementer: '示范县养老服务指导中心',
    code: '99000025T000000101',
    category: '特定目标类',
    budget: 410, fiscal: 380, other: 30,
    goalsTotal: ['建成覆盖全县城乡社区的居家养老服务网络', '提升失能和高龄老年人照护水平'],
    goalsYear: ['为全县1200名高龄和失能老年人提供上门照护服务', '新建社区日间照料中心3个，保障服务质量和资金安全'],
    indicators: [
      I('产出指标', '数量指标', '上门照护服务人数', '≥', '1200|人', 20, { description: '全年接受上门照护服务的老年人数', basis: '县民政工作计划', direction: '正向' }),
      I('产出指标', '数量指标', '新建日间照料中心数量', '=', '3|个', 10, { description: '年内建成并投入使用的中心数', basis: '年度建设计划', direction: '正向' }),
      I('产出指标', '质量指标', '服务对象信息核查准确率', '≥', '98|%', 10, { description: '核查无误的服务对象占比', basis: '历史数据', direction: '正向' }),
      I('产出指标', '时效指标', '补助资金拨付时间', '≤', '30|天', 10, { description: '资金下达后拨付到位的天数', basis: '资金管理办法', direction: '反向' }),
      I('成本指标', '经济成本指标', '人均照护补助标准', '≤', '3000|元', 10, { description: '每位服务对象每年补助', basis: '补助标准文件', direction: '反向' }),
      I('效益指标', '社会效益指标', '老年人生活质量', '定性', '明显改善', 20, { description: '服务对象生活照料状况', basis: '行业标准', direction: '正向' }),
      I('效益指标', '可持续影响指标', '服务网络持续运行年限', '≥', '5|年', 10, { description: '照料中心持续运营年限', basis: '项目规划', direction: '正向' }),
      I('满意度指标', '服务对象满意度指标', '服务对象满意度', '≥', '90|%', 10, { description: '抽样调查满意比例', basis: '满意度调查', direction: '正向' }),
    ],
  },
  {
    name: '农村公路日常养护',
    agency: '示范县交通运输局',
    implementer: '示范县公路养护站',
    code: '99000025T000000215',
    category: '一般性项目',
    budget: 265.5, fiscal: 265.5, other: 0,
    goalsTotal: ['农村公路列养率保持全覆盖', '路况水平稳步提高'],
    goalsYear: ['完成县乡村道日常养护486公里', '优良中等路比例不低于80%'],
    indicators: [
      I('产出指标', '数量指标', '日常养护里程', '≥', '486|公里', 20, { description: '纳入日常养护的县乡村道里程', basis: '养护计划' }),
      I('产出指标', '数量指标', '路面病害处治面积', '≥', '1.2|万平方米', 10, { description: '修补坑槽、裂缝面积', basis: '路况检测' }),
      I('产出指标', '质量指标', '优良中等路比例', '≥', '80|%', 15, { description: '技术状况评定结果', basis: '行业考核标准' }),
      I('产出指标', '时效指标', '突发损毁抢通时间', '≤', '24|小时', 10, { description: '发生损毁到恢复通行的时间', basis: '应急预案' }),
      I('成本指标', '经济成本指标', '每公里养护成本', '≤', '5500|元', 10, { description: '年度养护费用除以里程', basis: '定额标准' }),
      I('效益指标', '社会效益指标', '群众出行条件', '定性', '持续改善', 15, { description: '沿线群众出行便利程度', basis: '群众反映' }),
      I('满意度指标', '服务对象满意度指标', '沿线群众满意度', '≥', '85|%', 20, { description: '问卷调查结果', basis: '满意度调查' }),
    ],
  },
  {
    name: '中小学课后服务补助',
    agency: '示范县教育局',
    implementer: '示范县教育事业发展中心',
    code: '99000025T000000342',
    category: '特定目标类',
    budget: 152.8, fiscal: 120, other: 32.8,
    goalsTotal: ['形成学校主导、社会参与的课后服务体系'],
    goalsYear: ['全县32所中小学开展课后服务，惠及学生1.5万人次', '课后服务教师补助按时足额发放'],
    indicators: [
      I('产出指标', '数量指标', '开展课后服务学校数', '=', '32|所', 15, { basis: '教育事业统计' }),
      I('产出指标', '数量指标', '参与课后服务学生人次', '≥', '1.5|万人次', 15, { basis: '上年实际' }),
      I('产出指标', '质量指标', '课后服务安全事故发生率', '≤', '0|%', 10, { basis: '安全管理要求' }),
      I('产出指标', '时效指标', '补助发放周期', '', '8-10|天', 10, { basis: '资金管理办法' }),
      I('效益指标', '社会效益指标', '家长接送压力', '定性', '有效缓解', 20, { basis: '家长反映' }),
      I('满意度指标', '服务对象满意度指标', '学生家长满意度', '≥', '92|%', 20, { basis: '问卷调查' }),
      I('成本指标', '经济成本指标', '项目总成本', '≤', '152.8|万元', 10, { basis: '预算批复' }),
    ],
  },
  {
    name: '职业技能提升培训补贴',
    agency: '示范县人力资源和社会保障局',
    implementer: '示范县就业服务中心',
    code: '99000025T000000418',
    category: '特定目标类',
    budget: 86.25, fiscal: 86.25, other: 0,
    goalsTotal: ['提高城乡劳动者职业技能水平'],
    goalsYear: ['组织开展职业技能培训1500人次', '培训后取证率达到70%以上'],
    indicators: [
      I('产出指标', '数量指标', '培训人次', '≥', '1500|人次', 20, { basis: '年度培训计划' }),
      I('产出指标', '质量指标', '培训合格取证率', '≥', '70|%', 20, { basis: '上年完成情况' }),
      I('产出指标', '时效指标', '补贴资金兑现时限', '≤', '60|天', 10, { basis: '补贴管理办法' }),
      I('效益指标', '经济效益指标', '培训后就业率', '≥', '60|%', 20, { basis: '跟踪回访' }),
      I('效益指标', '社会效益指标', '劳动者就业能力', '定性', '显著提升', 10, { basis: '用人单位反馈' }),
      I('满意度指标', '服务对象满意度指标', '参训人员满意度', '≥', '90|%', 20, { basis: '培训后测评' }),
    ],
  },
];

/** Targets written with words and notes, as many county tables print them (one 指标值 column only). */
export const WORDED_PROJECT: ProjectData = {
  name: '公共文化场馆免费开放',
  agency: '示范县文化广电和旅游局',
  implementer: '示范县图书馆',
  code: '99000026T000000633',
  category: '特定目标类',
  budget: 58.36, fiscal: 50, other: 8.36,
  goalsTotal: ['公共文化设施向群众免费开放常态化'],
  goalsYear: ['图书馆、文化馆全年免费开放不少于300天', '举办公益讲座和展览40场次'],
  indicators: [
    I('产出指标', '数量指标', '场馆免费开放天数', '不少于', '300|天', 20),
    I('产出指标', '数量指标', '公益讲座和展览场次', '≥', '40|场次', 15),
    I('产出指标', '质量指标', '设施设备完好率', '不低于', '95|%', 15, { note: '（年度巡检）' }),
    I('产出指标', '时效指标', '读者咨询办结时限', '不超过', '3|个工作日', 10),
    I('效益指标', '社会效益指标', '年接待读者人次', '≥', '8.5|万人次', 20, { note: '（含线上）' }),
    I('满意度指标', '服务对象满意度指标', '读者满意度', '≥', '90|%', 20, { note: '（抽样调查）' }),
  ],
};

/** A long list of indicators (a table that runs over several pages). */
export function longIndicators(n: number): IndicatorData[] {
  const l2s: [string, string, string, string][] = [
    ['产出指标', '数量指标', '巡查河道长度', '公里'],
    ['产出指标', '数量指标', '清理漂浮物数量', '吨'],
    ['产出指标', '数量指标', '设置警示标牌数量', '块'],
    ['产出指标', '质量指标', '水面保洁达标率', '%'],
    ['产出指标', '时效指标', '问题整改完成时间', '天'],
    ['效益指标', '生态效益指标', '水质达标断面比例', '%'],
    ['效益指标', '社会效益指标', '涉河投诉办结率', '%'],
    ['满意度指标', '服务对象满意度指标', '沿河居民满意度', '%'],
  ];
  const out: IndicatorData[] = [];
  for (let k = 0; k < n; k++) {
    const [l1, l2, l3, unit] = l2s[k % l2s.length]!;
    const section = Math.floor(k / l2s.length) + 1;
    out.push({
      level1: l1, level2: l2, level3: `第${section}片区${l3}`, op: unit === '天' ? '≤' : '≥',
      num: unit === '%' ? String(80 + (k % 15)) : String(10 + k * 3), unit, weight: k < 10 ? 4 : 3,
    });
  }
  // The levels must stay grouped (一级 then 二级) as printed tables group them.
  const order = ['产出指标', '效益指标', '满意度指标'];
  return out.sort((a, b) => order.indexOf(a.level1) - order.indexOf(b.level1) || l2s.findIndex((x) => x[1] === a.level2) - l2s.findIndex((x) => x[1] === b.level2));
}

export const LONG_PROJECT: ProjectData = {
  name: '城乡河道长效保洁',
  agency: '示范县水利局',
  implementer: '示范县河道管理所',
  code: '99000025T000000507',
  category: '特定目标类',
  budget: 318.4, fiscal: 300, other: 18.4,
  goalsTotal: ['建立河道长效管护机制'],
  goalsYear: ['全县主要河道保洁全覆盖，水面无成片漂浮物', '水质达标断面比例稳中有升'],
  indicators: longIndicators(60),
};

export interface DepartmentData {
  name: string;            // 部门（单位）名称
  budget: number; fiscal: number; other: number;   // 万元
  tasks: { name: string; content: string; amount: number }[];
  goalsYear: string[];
  indicators: IndicatorData[];
}

export const DEPARTMENT: DepartmentData = {
  name: '示范县民政局',
  budget: 2380.6, fiscal: 2250.6, other: 130,
  tasks: [
    { name: '基本民生兜底保障', content: '城乡低保、特困供养资金按时足额发放', amount: 1620 },
    { name: '养老服务体系建设', content: '推进社区居家养老服务网络建设', amount: 410 },
    { name: '基层社会治理', content: '村（社区）规范化建设和社会组织培育', amount: 350.6 },
  ],
  goalsYear: ['保障困难群众基本生活，做到应保尽保', '完善养老服务体系，新建日间照料中心3个', '提升基层治理能力'],
  indicators: [
    I('产出指标', '数量指标', '城乡低保保障人数', '≥', '5600|人', 15),
    I('产出指标', '数量指标', '新建日间照料中心数量', '=', '3|个', 10),
    I('产出指标', '质量指标', '救助资金发放准确率', '=', '100|%', 15),
    I('产出指标', '时效指标', '救助资金按月发放及时率', '≥', '98|%', 10),
    I('效益指标', '社会效益指标', '困难群众基本生活', '定性', '得到有效保障', 20),
    I('效益指标', '可持续影响指标', '基层治理长效机制', '定性', '逐步健全', 10),
    I('满意度指标', '服务对象满意度指标', '救助对象满意度', '≥', '90|%', 20),
  ],
};
