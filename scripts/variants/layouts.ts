// The layout variants: each changes what real templates change. Sources of the shapes: the
// national template of 财预〔2021〕101号 (中央部门项目支出核心绩效目标和指标设置及取值指引, annex 2:
// 一级/二级/三级指标, 指标性质 ≥ ≤ = 定性, 指标值, 度量单位, 权重), the older 项目支出绩效目标申报表 of
// 财预〔2015〕88号 (主管部门/实施单位, 项目资金（万元）over 年度资金总额/其中：财政拨款/其他资金,
// 总体目标 split into 中期目标 | 年度目标, a 绩效指标 cell left of the indicator rows), and the
// provincial and county variants named in issue #12 (header synonyms, 元/千元 amounts, 指标方向,
// 备注, 部门整体绩效目标表 with 年度主要任务). All text is written for these tests.
import { DEPARTMENT, LONG_PROJECT, PROJECTS, WORDED_PROJECT } from './content.ts';
import type { Layout } from './render.ts';

const [P1, P2, P3, P4] = PROJECTS as [typeof PROJECTS[0], typeof PROJECTS[0], typeof PROJECTS[0], typeof PROJECTS[0]];

const BASE: Omit<Layout, 'id' | 'about'> = {
  kind: 'project', orientation: 'portrait', year: 2025, agencyInTitle: false, agencyLabels: ['主管部门'],
  amountUnit: '万元', unitAt: 'label', commas: false, decimals: 2, wrapLevels: false, labelCols: 2, budgetStyle: 'rows', goals: 'single',
  goalsLabel: '年度绩效目标', goalsPair: ['项目总目标', '年度总体目标'], showCode: false, showCategory: false,
  columns: ['level1', 'level2', 'level3', 'value', 'weight'], headers: {}, level1: 'merged', level2: 'merged',
  shortLevel2: false, sideLabel: false, titleRow: false, twoRowHeader: false, oneTable: false, spacedLabels: false, serif: false, nameInHeading: false, codeInName: false, weightSuffix: '', borderless: false, eq: false, wrap: false, repeatHeader: false, pageBreaks: true,
  projects: [P1], tasks: false, docTitle: false,
};

const v = (id: string, about: string, over: Partial<Layout>): Layout => ({ ...BASE, ...over, id, about });

/** The 财预 national form: 绩效指标 cell at the left, 4-column label block, 项目资金 over three rows. */
const NATIONAL: Partial<Layout> = {
  sideLabel: true, labelCols: 4, budgetStyle: 'national', agencyLabels: ['主管部门', '实施单位'], goals: 'below',
  goalsLabel: '总体目标', orientation: 'landscape',
  columns: ['level1', 'level2', 'level3', 'op', 'value', 'unit', 'weight'], headers: { unit: '度量单位', weight: '权重' },
};

export const LAYOUTS: Layout[] = [
  v('v01-basic', 'one project, 指标值 and 分值权重 columns, 年度预算数（万元） rows', {}),
  v('v02-national', '财预 national form: 绩效指标 side cell, 4-column labels, 项目资金（万元） over 3 rows, 项目总目标 | 年度总体目标 below, 指标性质/指标值/度量单位/权重, landscape', NATIONAL),
  v('v03-yuan-label', 'amounts in 元 with thousands separators, unit in the label 项目资金（元）', { ...NATIONAL, amountUnit: '元', commas: true, projects: [P2] }),
  v('v04-yuan-above', 'amounts in 元, unit printed above the table (单位：元)', { amountUnit: '元', unitAt: 'above', projects: [P3] }),
  v('v05-wan-jine', 'unit printed above the table (金额单位：万元)', { unitAt: 'above-jine', projects: [P4] }),
  v('v06-qianyuan', 'amounts in 千元 (label 年度预算数（千元）)', { amountUnit: '千元', projects: [P2] }),
  v('v07-header-yuan', 'amounts under headers 预算数(元) | 其中：财政拨款 | 其他资金, values in the row below', { budgetStyle: 'header', unitAt: 'header', amountUnit: '元', projects: [P3] }),
  v('v08-value-annual', 'value header 年度指标值', { headers: { value: '年度指标值' }, projects: [P2] }),
  v('v09-value-annual-project', 'value header 年度(/项目)指标值', { headers: { value: '年度(/项目)指标值' }, projects: [P3] }),
  v('v10-value-target', 'value header 目标值, weight header 权重', { headers: { value: '目标值', weight: '权重' }, projects: [P4] }),
  v('v11-value-expected', 'value header 预期目标, weight header 分值', { headers: { value: '预期目标', weight: '分值' } }),
  v('v12-value-indicator-target', 'value header 指标目标值, weight header 指标分值', { headers: { value: '指标目标值', weight: '指标分值' }, projects: [P2] }),
  v('v13-value-performance', 'value header 绩效指标值, weight header 权重(%)', { headers: { value: '绩效指标值', weight: '权重(%)' }, projects: [P3] }),
  v('v14-level3-content', '三级指标 column headed 指标内容', { headers: { level3: '指标内容' }, projects: [P4] }),
  v('v15-level3-name', '三级指标 column headed 指标名称, weight 分值', { headers: { level3: '指标名称', weight: '分值' }, projects: [P2] }),
  v('v16-remark', 'a 备注 column (empty) after the weight', { columns: ['level1', 'level2', 'level3', 'value', 'weight', 'remark'], projects: [P3] }),
  v('v17-direction', 'a 指标方向 column (正向/反向) between value and weight', { columns: ['level1', 'level2', 'level3', 'value', 'direction', 'weight'] }),
  v('v18-op-unit-columns', 'separate 指标性质 (≥ ≤ = 定性) and 计量单位 columns', { columns: ['level1', 'level2', 'level3', 'op', 'value', 'unit', 'weight'], projects: [P2] }),
  v('v19-calc-symbol', 'operator column headed 计算符号, unit column 度量单位, weight 指标权重', { columns: ['level1', 'level2', 'level3', 'op', 'value', 'unit', 'weight'], headers: { op: '计算符号', unit: '度量单位', weight: '指标权重' }, projects: [P4] }),
  v('v20-unit-column', 'a separate 计量单位 column, the operator stays in the 指标值 cell', { columns: ['level1', 'level2', 'level3', 'value', 'unit', 'weight'], projects: [P3] }),
  v('v21-level2-repeated', '一级指标 merged, 二级指标 repeated on every row', { level2: 'repeated', projects: [P2] }),
  v('v22-no-merges', '一级 and 二级指标 repeated on every row', { level1: 'repeated', level2: 'repeated', projects: [P4] }),
  v('v23-wrapped', 'long texts wrapped over several lines (三级指标, descriptions, values up to 4 lines)', { wrap: true, columns: ['level1', 'level2', 'level3', 'description', 'value', 'weight'] }),
  v('v24-long-portrait', '60 indicator rows: the table runs over pages, merged cells split at page breaks, no repeated header', { projects: [LONG_PROJECT], level2: 'merged' }),
  v('v25-long-repeat-header', '60 indicator rows in a second table whose header repeats on each page, landscape', { projects: [LONG_PROJECT], repeatHeader: true, orientation: 'landscape', unitAt: 'above-jine' }),
  v('v26-landscape-wide', 'landscape, description, value, basis and weight columns (8 columns)', { orientation: 'landscape', columns: ['level1', 'level2', 'level3', 'description', 'value', 'basis', 'direction', 'weight'], projects: [P1] }),
  v('v27-labels-4col', '4-column label block: 项目名称 | … | 项目编码 | …, 主管部门 | … | 项目类别 | …', { labelCols: 4, showCode: true, showCategory: true, projects: [P2] }),
  v('v28-goals-below', '项目总目标 | 年度总体目标 as two cells, texts in the row below', { goals: 'below', goalsLabel: '绩效目标', projects: [P3] }),
  v('v29-goals-beside', '项目总目标 | text | 年度总体目标 | text in one row', { goals: 'beside', projects: [P4] }),
  v('v30-agency-title', 'agency printed only in the title (示范县民政局2025年项目支出绩效目标表)', { agencyInTitle: true, agencyLabels: [] }),
  v('v31-implementer', 'agency as 实施单位 label only', { agencyLabels: ['实施单位'], projects: [P2] }),
  v('v32-budget-unit', 'agency as 预算单位 label, 4-column labels, code shown', { agencyLabels: ['预算单位'], labelCols: 4, showCode: true, projects: [P3] }),
  v('v33-several-projects', 'three projects of one agency, one table each, page breaks between', { projects: [P1, P2, P3].map((p) => ({ ...p, agency: P1.agency })), showCode: true }),
  v('v34-several-no-break', 'two projects one after the other on the same page, amounts in 元 above each table', { projects: [P4, P2].map((p) => ({ ...p, agency: P4.agency })), pageBreaks: false, amountUnit: '元', unitAt: 'above' }),
  v('v35-department', '部门整体绩效目标表: department name, budget split, goals, indicators (kind department)', { kind: 'department', department: DEPARTMENT, projects: [], agencyLabels: [], goalsLabel: '年度总体目标', sideLabel: true }),
  v('v36-department-tasks-yuan', '部门整体绩效目标表 with 年度主要任务 rows, amounts in 元, 4-column labels, landscape, separate operator/unit columns', {
    kind: 'department', department: DEPARTMENT, projects: [], agencyLabels: [], goalsLabel: '年度总体目标', sideLabel: true, tasks: true,
    amountUnit: '元', commas: true, labelCols: 4, orientation: 'landscape', columns: ['level1', 'level2', 'level3', 'op', 'value', 'unit', 'weight'],
  }),
  v('v37-column-order', 'other column order: 一级 | 二级 | 三级 | 分值 | 指标值 | 指标值确定依据', { columns: ['level1', 'level2', 'level3', 'weight', 'value', 'basis'], headers: { weight: '分值' }, projects: [P4] }),
  v('v38-short-level2', '二级指标 printed short (社会效益, 服务对象满意度), = printed before bare numbers', { shortLevel2: true, eq: true, projects: [P1] }),
  v('v39-description-basis', 'the 6 columns of the 绩效目标表 of many counties: description and basis, no weight', { columns: ['level1', 'level2', 'level3', 'description', 'value', 'basis'], projects: [P1] }),
  v('v40-department-title', '部门整体支出绩效目标申报表 with the agency in the title, amounts 金额单位：万元 above, 二级指标 repeated', {
    kind: 'department', department: DEPARTMENT, projects: [], agencyLabels: [], agencyInTitle: true, goalsLabel: '年度总体目标',
    title: '2025年部门整体支出绩效目标申报表',
    unitAt: 'above-jine', level2: 'repeated', headers: { value: '年度指标值', weight: '权重' },
  }),
  v('v41-fullwidth-headers', 'headers with full-width brackets: 年度（/项目）指标值, 权重（%）, label 年度预算数（万元）, 二级指标 short', { headers: { value: '年度（/项目）指标值', weight: '权重（%）' }, shortLevel2: true, projects: [P4] }),
  v('v42-title-row', 'a full-width 绩效指标 row above the indicator header, 4-column labels', { titleRow: true, labelCols: 4, showCategory: true, projects: [P2] }),
  v('v43-inline-amounts', 'label and amount in one cell: 年度资金总额：410.00 | 其中：财政拨款：380.00 | 其他资金：30.00', { budgetStyle: 'inline', projects: [P1] }),
  v('v44-medium-term-goals', '中期目标 | 年度目标 side by side (older national form), 总体目标 label at the left', { goals: 'below', goalsLabel: '总体目标', goalsPair: ['中期目标', '年度目标'], projects: [P2], headers: { weight: '权重' } }),
  v('v45-weight-percent', 'weights printed with % under 权重 (20%)', { headers: { weight: '权重' }, weightSuffix: '%', projects: [P3] }),
  v('v46-score-points', 'scores printed with 分 under 分值 (20分), separate operator column', { headers: { weight: '分值' }, weightSuffix: '分', columns: ['level1', 'level2', 'level3', 'op', 'value', 'weight'], projects: [P4] }),
  v('v47-borderless', 'no ruling lines (borderless tables)', { borderless: true, projects: [P1] }),
  v('v48-department-commas', '部门整体绩效目标表, amounts in 万元 with thousands separators (2,380.60), inline amount cells', {
    kind: 'department', department: DEPARTMENT, projects: [], agencyLabels: [], goalsLabel: '年度总体目标', commas: true, budgetStyle: 'inline',
    headers: { value: '指标值', weight: '分值' }, level2: 'repeated',
  }),
  v('v49-long-wrapped-rows', '60 rows with wrapped descriptions: some rows break across a page, levels wrapped (服务对象满 / 意度指标)', {
    projects: [{ ...LONG_PROJECT, indicators: LONG_PROJECT.indicators.map((i) => ({ ...i, description: `${i.level3}的年度考核数据，以县级主管部门统计台账为准` })) }],
    columns: ['level1', 'level2', 'level3', 'description', 'value', 'weight'], wrap: true, wrapLevels: true,
  }),
  v('v50-units-per-table', 'two projects, the first table in 元 (单位：元 above it), the second in 万元 (单位：万元): the unit is per table; 2024', {
    projects: [P3, P1].map((p) => ({ ...p, agency: P3.agency })), unitAt: 'above', unitPerProject: ['元', '万元'], year: 2024, pageBreaks: false,
  }),
  v('v51-yuan-integers', 'amounts in 元 without decimals and with separators (4,100,000), 4-column labels', { amountUnit: '元', commas: true, decimals: 0, labelCols: 4, showCode: true, projects: [P1] }),
  v('v52-wrapped-levels', '二级指标 wrapped over two lines in merged cells, 一级指标 repeated', { wrapLevels: true, level1: 'repeated', projects: [P2] }),
  v('v53-department-gd-style', '部门整体预算绩效目标表 with 部门名称, 预算金额（万元）, 年度重点工作任务 | 名称 | 主要实施内容 | 拟投入的资金, 总体绩效目标', {
    kind: 'department', department: DEPARTMENT, projects: [], agencyLabels: [], goalsLabel: '总体绩效目标', tasks: true, title: '2025年部门整体预算绩效目标表',
    deptLabels: { name: '部门名称', group: '预算金额', total: '部门预算支出', tasks: ['年度重点工作任务', '名称', '主要实施内容', '拟投入的资金'] },
    unitAt: 'label', budgetStyle: 'national',
  }),
  v('v54-doc-title-agency', 'the agency only in the document title (示范县文化广电和旅游局2026年部门预算), a plain 项目支出绩效目标表 heading; targets written with words and notes (不少于300天, 不低于95%（年度巡检）)', {
    docTitle: true, agencyLabels: [], year: 2026, projects: [WORDED_PROJECT], headers: { value: '预期目标' },
  }),
  v('v55-worded-national', 'targets with words and notes in the national form (landscape, 绩效指标 side cell, 4-column labels), 指标值 in one column', {
    ...NATIONAL, columns: ['level1', 'level2', 'level3', 'value', 'weight'], headers: { weight: '权重' }, year: 2026, projects: [WORDED_PROJECT],
  }),
  v('v56-projects-one-table', 'three projects in one table: 项目名称 | 项目资金（万元） | 年度绩效目标 merged down each project\'s indicator rows, landscape', {
    oneTable: true, orientation: 'landscape', projects: [P1, P2, P4].map((p) => ({ ...p, agency: P1.agency })), headers: { weight: '权重' },
  }),
  v('v57-two-row-header', 'header over two rows: 指标值 spanning 计算符号 | 数值 | 计量单位', {
    twoRowHeader: true, columns: ['level1', 'level2', 'level3', 'op', 'value', 'unit', 'weight'], headers: { op: '计算符号', value: '数值', weight: '分值' }, projects: [P3],
  }),
  v('v58-central-101', '财预〔2021〕101号 central columns: 指标性质 | 指标值 | 度量单位 | 权重(%) | 指标解释 | 评(扣)分标准, landscape, 预算单位 label', {
    ...NATIONAL, agencyLabels: ['预算单位'], columns: ['level1', 'level2', 'level3', 'op', 'value', 'unit', 'weight', 'description', 'scoring'],
    headers: { unit: '度量单位', weight: '权重(%)', description: '指标解释' }, projects: [{ ...P1, indicators: P1.indicators.map((i) => ({ ...i, description: `${i.level3}的统计口径` })) }],
  }),
  v('v59-one-table-yuan-two-rows', 'several projects in one table, amounts under 预算数(元), two-row header with separate operator and unit', {
    oneTable: true, orientation: 'landscape', unitAt: 'header', amountUnit: '元', commas: true, twoRowHeader: true,
    columns: ['level1', 'level2', 'level3', 'op', 'value', 'unit', 'weight'], headers: { op: '指标性质', value: '指标值', unit: '计量单位' },
    projects: [P2, P3].map((p) => ({ ...p, agency: P2.agency })),
  }),
  v('v60-spaced-labels', 'labels and headers printed with spaces between characters (项 目 名 称, 一 级 指 标, 指 标 值), 4-column labels', {
    spacedLabels: true, labelCols: 4, showCode: true, projects: [P3], columns: ['level1', 'level2', 'level3', 'op', 'value', 'unit', 'weight'],
  }),
  v('v61-serif-small', 'serif text at 9 pt, 金额单位：元 above, description and basis columns, landscape', {
    serif: true, orientation: 'landscape', unitAt: 'above-jine', amountUnit: '元', projects: [P1],
    columns: ['level1', 'level2', 'level3', 'description', 'value', 'basis', 'weight'],
  }),
  v('v62-amounts-with-unit', 'each amount printed with its unit (410.00万元) under labels without one', { unitAt: 'value', projects: [P2] }),
  v('v63-header-qianyuan', 'amounts under headers 预算数(千元) | 其中：财政拨款 | 其他资金', { budgetStyle: 'header', unitAt: 'header', amountUnit: '千元', projects: [P1] }),
  v('v64-name-in-heading', 'two projects named only by their headings (1.…绩效目标表), no 项目名称 row, 2024', {
    nameInHeading: true, year: 2024, projects: [P4, P3].map((p) => ({ ...p, agency: P4.agency })), pageBreaks: false,
  }),
  v('v65-code-in-name', '项目名称 printed as code-name (99000025T000000215-农村公路日常养护), 3 projects with page breaks', {
    codeInName: true, projects: [P2, P1, P3].map((p) => ({ ...p, agency: P2.agency })), headers: { weight: '权重' },
  }),
  v('v66-basis-headers', 'basis headed 指标值设定依据及数据来源, value 年度指标值, weight 指标权重, landscape', {
    orientation: 'landscape', columns: ['level1', 'level2', 'level3', 'value', 'weight', 'basis'],
    headers: { basis: '指标值设定依据及数据来源', value: '年度指标值', weight: '指标权重' }, projects: [P3],
  }),
  v('v67-alt-operators', 'operators printed ≧ and ≦ in the 指标值 cell (≧1500人次), as some provinces type them; two projects', {
    projects: [P4, P2].map((p) => ({ ...p, agency: P4.agency, indicators: p.indicators.map((i) => ({ ...i, op: i.op === '≥' ? '≧' as const : i.op === '≤' ? '≦' as const : i.op })) })),
  }),
  v('v68-department-split', '部门整体预算绩效目标表 with a 基本信息 row and 预算金额 printed only as 基本支出 + 项目支出 (no total: budget_wan is their sum)', {
    kind: 'department', department: DEPARTMENT, projects: [], agencyLabels: [], goalsLabel: '总体绩效目标', title: '2025年部门整体预算绩效目标表',
    deptLabels: { name: '部门名称', group: '预算金额', total: '部门预算支出', tasks: ['年度重点工作任务', '名称', '主要实施内容', '拟投入的资金'] },
    unitAt: 'label', budgetStyle: 'national', deptSplit: true,
  }),
];
