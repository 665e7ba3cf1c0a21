// Document-level fields (title, type, year, unit) and 绩效目标表 rows cut by page breaks, on
// seed fixtures and on small trees shaped like what the PDF extractor gives.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heading, paragraph, root, row, table, type CellSpec } from '../src/ir/nodes.ts';
import { describeReal, REAL_CORPUS } from './real-corpus.ts';
import { recognizeFixture, recognizeTree } from './recognize-helpers.ts';

describe('document fields from the seeds', () => {
  it('000: unit code and name from the row above each table, year from the title', async () => {
    const { doc } = await recognizeFixture('text/000_8673c46da405b13e.txt');
    expect(doc).toMatchObject({ doc_type: 'budget', fiscal_year_raw: '2022', agency_code: '320001', agency_name: '沧县就业服务局本级' });
    expect(doc.lead_text.startsWith('第一部分\n部门整体绩效目标')).toBe(true);
  });

  it('003: `323 石家庄市…局` with a space, year from 预算年度', async () => {
    const { doc } = await recognizeFixture('text/003_c128c7645c42ae13.txt');
    expect(doc).toMatchObject({ doc_type: 'budget', fiscal_year_raw: '2023', agency_code: '323', agency_name: '石家庄市人力资源和社会保障局' });
  });

  it('DOCX 000: title joins the unit heading and the 预算 heading', async () => {
    const { doc } = await recognizeFixture('docx/000_8673c46da405b13e.docx');
    expect(doc.title).toBe('沧县就业服务局本级2022年部门预算');
    expect(doc.lead_text.startsWith('沧县就业服务局本级\n2022年部门预算')).toBe(true);
  });

  it('决算 documents and units named by a label', () => {
    const { doc } = recognizeTree(root([
      heading(1, '上海市某区财政局2024年度部门决算', { page: 1 }),
      paragraph('预算单位：上海市某区财政局', { page: 1 }),
    ]));
    expect(doc).toMatchObject({ doc_type: 'final_accounts', fiscal_year_raw: '2024', agency_code: null, agency_name: '上海市某区财政局', projects: [] });
  });
});

describe('document fields from generated PDFs (test/fixtures/pdf/make-budget-pdfs.mjs)', () => {
  const CASES: [string, { title: string; fiscal_year_raw: string | null; agency_name: string; doc_type: string }][] = [
    // Tables only: `部门：…` above each table and no year anywhere.
    ['pdf/rotated-budget-tables.pdf', { title: '收支预算总表', fiscal_year_raw: null, agency_name: '示范省某某委员会办公厅', doc_type: 'budget' }],
    // A full disclosure: the unit and year in the title, `编制部门：…` above the tables.
    ['pdf/landscape-multipage-tables.pdf', { title: '示范市东湖区民政局2025年部门预算', fiscal_year_raw: '2025', agency_name: '示范市东湖区民政局', doc_type: 'budget' }],
    ['pdf/final-accounts-tables.pdf', { title: '示范市东湖区财政局2024年度部门决算', fiscal_year_raw: '2024', agency_name: '示范市东湖区财政局', doc_type: 'final_accounts' }],
  ];
  for (const [file, want] of CASES) {
    it(`${file}: ${want.agency_name}, year ${want.fiscal_year_raw ?? 'not printed'}`, async () => {
      const { doc } = await recognizeFixture(file);
      expect(doc).toMatchObject({ ...want, agency_code: null });
    });
  }
});

// Read from the PDFs (pdftotext -layout): tables-only files print `部门：…` above each table and
// no year anywhere; full disclosures print the unit in the title or in `部门名称：…`.
const REAL_CASES: [string, { title?: string; fiscal_year_raw: string | null; agency_name: string }][] = [
  ['js-cppcc-office-2019-budget-tables.pdf', { fiscal_year_raw: null, agency_name: '江苏省政协办公厅' }],
  ['js-party-office-2019-budget-tables.pdf', { fiscal_year_raw: null, agency_name: '中共江苏省委办公厅' }],
  ['js-high-court-2017-dept-budget.pdf', { title: '2017年度江苏省高级人民法院部门预算公开', fiscal_year_raw: '2017', agency_name: '江苏省高级人民法院' }],
  ['js-procuratorate-2019-dept-budget.pdf', { title: '江苏省人民检察院2019年度部门预算公开', fiscal_year_raw: '2019', agency_name: '江苏省人民检察院' }],
  ['sh-putuo-finance-2024-dept-final-accounts.pdf', { fiscal_year_raw: '2024', agency_name: '上海市普陀区财政局' }],
];
describeReal('document fields from real Jiangsu and Shanghai PDFs', REAL_CASES.map(([f]) => f), () => {
  for (const [file, want] of REAL_CASES) {
    it(`${file}: ${want.agency_name}, year ${want.fiscal_year_raw ?? 'not printed'}`, async () => {
      const { doc } = await recognizeFixture(path.join(REAL_CORPUS, file));
      expect(doc).toMatchObject({ ...want, agency_code: null });
    });
  }
});

describe('unit names from labels and titles', () => {
  const fields = (...texts: string[]) => recognizeTree(root(texts.map((t, i) => (i === 0 ? heading(1, t, { page: 1 }) : paragraph(t, { page: 1 }))))).doc;

  it('a title naming the unit before or after the year', () => {
    expect(fields('江苏省高级人民法院2017年部门预算')).toMatchObject({ agency_name: '江苏省高级人民法院', fiscal_year_raw: '2017' });
    expect(fields('2018年度某市农业农村局单位预算公开')).toMatchObject({ agency_name: '某市农业农村局', fiscal_year_raw: '2018' });
    expect(fields('目录', '第二部分某县教育局2020年度部门预算表')).toMatchObject({ agency_name: '某县教育局' });
  });

  it('a central-level body, and the title of a 绩效目标表 naming its unit', () => {
    expect(fields('中国科学院国家天文台2023年部门预算')).toMatchObject({ agency_name: '中国科学院国家天文台', fiscal_year_raw: '2023' });
    expect(fields('某县民政局2025年项目支出绩效目标表')).toMatchObject({ agency_name: '某县民政局' });
    expect(fields('某县民政局2025年部门整体绩效目标表')).toMatchObject({ agency_name: '某县民政局' });
  });

  it('the 主管部门 of the target tables, when the document names its unit nowhere else', () => {
    const tree = root([
      heading(2, '2025年项目支出绩效目标表', { page: 1 }),
      table([row([{ text: '项目名称' }, { text: '某项目' }]), row([{ text: '主管部门' }, { text: '某县教育局' }, { text: '实施单位' }, { text: '某县教育事业发展中心' }]),
        row([{ text: '一级指标' }, { text: '二级指标' }, { text: '三级指标' }, { text: '指标值' }]), row([{ text: '产出指标' }, { text: '数量指标' }, { text: '学校数' }, { text: '32所' }])], { page: 1 }),
    ]);
    const { doc } = recognizeTree(tree);
    expect(doc.agency_name).toBe('某县教育局');
    expect(doc.projects[0]).toMatchObject({ department_name: '某县教育局', unit_name: '某县教育事业发展中心' });
  });

  it('a label printed on one line with the unit of amounts', () => {
    expect(fields('收支预算总表', '部门：某省财政厅 单位：万元')).toMatchObject({ agency_name: '某省财政厅', fiscal_year_raw: null });
    expect(fields('收支预算总表', '编制单位：某县人民医院 金额单位：元')).toMatchObject({ agency_name: '某县人民医院' });
  });

  it('no unit from titles or labels that name none', () => {
    expect(fields('上海市某区2025年区级部门预算', '单位：万元').agency_name).toBeNull();
    expect(fields('2023年部门预算', '部门：一般公共服务支出').agency_name).toBeNull();
  });
});

describe('绩效目标表 cut by page breaks (PDF-shaped trees)', () => {
  const c = (text: string, page: number, extra: Partial<CellSpec> = {}): CellSpec => ({ text, source: { page }, ...extra });
  const HEADER = ['一级指标', '二级指标', '三级指标', '绩效指标描述', '指标值', '指标值确定依据'];
  const tree = root([
    heading(2, '1.档案管理经费绩效目标表', { page: 1 }),
    table([
      row([c('项目编码', 1), c('13000022P001', 1), c('项目名称', 1), c('档案管理经费', 1)], { page: 1 }),
      row([c('预算数', 1), c('5.00', 1), c('其中：财政资金', 1), c('5.00', 1), c('其他资金', 1), c('', 1)], { page: 1 }),
      row([c('资金支出计划（%）', 1, { rowSpan: 2 }), c('3月底', 1), c('6月底', 1), c('10月底', 1), c('12月底', 1)], { page: 1 }),
      row([c('', 1), c('', 1), c('', 1), c('100%', 1)], { page: 1 }),
      row([c('绩效目标', 1), c('1.整理档案，方便群众', 1)], { page: 1 }),
    ], { page: 1 }),
    table([
      // the goals text goes on after the page break, under an empty label cell
      row([c('', 2), c('查阅', 2)], { page: 2 }),
      row(HEADER.map((t) => c(t, 2)), { page: 2 }),
      row([c('产出指', 2), c('数量指标', 2), c('整理档案数量', 2), c('整理档案份数', 2), c('≥2000份', 2), c('工作计划', 2)], { page: 2 }),
      row([c('标', 2, { rowSpan: 2 }), c('时效指标', 2, { rowSpan: 2 }), c('按时完', 2), c('按时完成整理', 2), c('≥90', 2), c('根据', 2)], { page: 2 }),
      row([c('缴到位', 3), c('的比例', 3), c('%', 3), c('文件', 3)], { page: 3 }),
      row([c('满意度指标', 3), c('服务对象满意度指标', 3), c('群众满意度', 3), c('查阅群众满意度', 3), c('≥95%', 3), c('调查', 3)], { page: 3 }),
      row([c('', 3), c('', 3), c('', 3), c('（抽样）', 3), c('', 3), c('问卷', 3)], { page: 3 }),
    ], { page: 2 }),
  ]);
  const { doc, messages } = recognizeTree(tree);
  const p = doc.projects[0]!;

  it('reads the header and keeps only printed milestones', () => {
    expect(doc.projects).toHaveLength(1);
    expect(p).toMatchObject({ project_code: '13000022P001', project_name: '档案管理经费', budget_raw: '5.00', other_raw: null });
    expect(p.spending_plan).toEqual([{ milestone: '12月底', pct_raw: '100%' }]);
    expect(p.goals).toBe('1.整理档案,方便群众查阅');
  });

  it('joins a level name, a row and a wrapped tail cut by page breaks', () => {
    expect(p.indicators.map((i) => [i.level1_raw, i.level2_raw, i.level3, i.description, i.value_raw, i.basis])).toEqual([
      ['产出指标', '数量指标', '整理档案数量', '整理档案份数', '≥2000份', '工作计划'],
      ['产出指标', '时效指标', '按时完缴到位', '按时完成整理的比例', '≥90%', '根据文件'],
      ['满意度指标', '服务对象满意度指标', '群众满意度', '查阅群众满意度(抽样)', '≥95%', '调查问卷'],
    ]);
    expect(messages.some((m) => m.rule === 'indicator-row-joined' && m.page === 3)).toBe(true);
  });

  it('warns about a 绩效目标表 title with no table under it, and ignores references in running text', () => {
    const r = recognizeTree(root([
      heading(2, '2.培训经费绩效目标表', { line: 1 }),
      paragraph('七、绩效目标', { line: 2 }),
      paragraph('详见单位的项目绩效目标表', { line: 3 }),
    ]));
    expect(r.doc.projects).toEqual([]);
    expect(r.messages.filter((m) => m.rule === 'target-table-empty')).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({ line: 1, severity: 'warning' });
  });
});
