// 绩效目标表 recognizer on the seed disclosures (text and DOCX exports of the same documents).
import { describe, expect, it } from 'vitest';
import { recognizeFixture, withoutSources } from './recognize-helpers.ts';

const headings = (raw: string) => raw.split(/\r?\n/).filter((l) => /绩效目标表\s*$/.test(l)).length;

describe('绩效目标表 (Word export text, 000)', async () => {
  const { doc, raw } = await recognizeFixture('text/000_8673c46da405b13e.txt');

  it('finds one project per 绩效目标表 heading', () => {
    expect(headings(raw!)).toBe(9);
    expect(doc.projects).toHaveLength(9);
    expect(doc.projects.map((p) => p.project_seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads the project header: code, name, amounts, spending plan, goals', () => {
    const p = doc.projects[0]!;
    expect(p).toMatchObject({
      project_code: '13092122P00320410001B', project_name: '2022年服务外包劳务费', category: null,
      budget_raw: '25.59', fiscal_raw: '25.59', other_raw: null, purpose: '用于发放5名工作人员2022年劳务费', layout: 'target_table',
    });
    expect(p.spending_plan).toEqual([
      { milestone: '3月底', pct_raw: '25%' }, { milestone: '6月底', pct_raw: '50%' },
      { milestone: '10月底', pct_raw: '75%' }, { milestone: '12月底', pct_raw: '100%' },
    ]);
    expect(p.goals).toBe('1.劳务派遣5人充实办公力量\n2.为5名工作人员发放劳务费\n3.落实好各项工作,服务办事群众');
    expect(doc.projects[3]!.spending_plan).toEqual([{ milestone: '3月底', pct_raw: '50%' }, { milestone: '6月底', pct_raw: '100%' }]);
  });

  it('reads indicator rows, inheriting merged 一级/二级指标 from above', () => {
    expect(doc.projects.reduce((n, p) => n + p.indicators.length, 0)).toBe(66);
    const inds = doc.projects[1]!.indicators;
    expect(inds).toHaveLength(10);
    expect(inds[1]).toMatchObject({
      indicator_seq: 2, level1_raw: '产出指标', level2_raw: '数量指标', level3: '开展招聘会次数',
      description: '全年开展招聘会次数', value_raw: '≥5次', basis: '上年度开展招聘情况', weight_raw: null,
    });
    expect(inds[9]).toMatchObject({ level1_raw: '满意度指标', level2_raw: '服务对象满意度指标', value_raw: '≥90百分比' });
    expect(inds[0]!.source?.line).toBeGreaterThan(0);
  });
});

describe('绩效目标表: same records from text and DOCX', () => {
  it('000 gives identical projects in both formats', async () => {
    const txt = await recognizeFixture('text/000_8673c46da405b13e.txt');
    const docx = await recognizeFixture('docx/000_8673c46da405b13e.docx');
    // The text export prints the 资金用途 text (second row of the merged label), the DOCX leaves it blank.
    const noPurpose = (doc: typeof txt.doc) => withoutSources(doc).map(({ purpose: _p, ...p }) => p);
    expect(noPurpose(docx.doc)).toEqual(noPurpose(txt.doc));
    expect(docx.doc.projects.every((p) => p.purpose === null)).toBe(true);
    expect(txt.doc.projects.filter((p) => p.purpose !== null)).toHaveLength(9);
    expect(docx.doc.agency_code).toBe('320001');
  });
});

describe('绩效目标表 (tab-separated text, 001 and 002)', () => {
  it('001: 40 projects; blank milestones are omitted, printed ones kept as printed', async () => {
    const { doc, raw } = await recognizeFixture('text/001_d071826548224e33.txt');
    expect(headings(raw!)).toBe(40);
    expect(doc.projects).toHaveLength(40);
    expect(doc.projects.reduce((n, p) => n + p.indicators.length, 0)).toBe(316);
    expect(doc.projects[2]!.spending_plan).toEqual([{ milestone: '10月底', pct_raw: '100%' }, { milestone: '12月底', pct_raw: '100%' }]);
    expect(doc.projects[36]!.spending_plan?.find((s) => s.milestone === '10月底')?.pct_raw).toBe('750000%');
    const p1 = doc.projects[0]!;
    expect(p1.indicators[4]).toMatchObject({
      level2_raw: '经济效益指标', level3: '保障待遇人员养老金',
      value_raw: '≥113元(促进居民收入稳步提高月人均基础养老金不低于全省平均水平)',
    });
  });

  it('002: a printed 0 in 其他资金 is kept (not blank)', async () => {
    const { doc } = await recognizeFixture('text/002_d7b7d16e4f99e9a9.txt');
    expect(doc.projects).toHaveLength(24);
    expect(doc.projects[0]).toMatchObject({ project_code: '130434211Y0DO65S99Z10', project_name: '小额贷款担保基金', other_raw: '0' });
    expect(doc.projects.reduce((n, p) => n + p.indicators.length, 0)).toBe(179);
  });
});

describe('绩效目标表 without 项目名称 cells (003: name from the heading)', async () => {
  const { doc, raw } = await recognizeFixture('text/003_c128c7645c42ae13.txt');

  it('finds every project and no phantom one from the 政府采购 table', () => {
    expect(headings(raw!)).toBe(133);
    expect(doc.projects).toHaveLength(133);
    expect(doc.projects[0]).toMatchObject({ project_code: null, project_name: '办公设备购置专项经费', budget_raw: null, spending_plan: null });
    expect(doc.projects.some((p) => p.project_name === '预算资金')).toBe(false);
    expect(doc.projects.reduce((n, p) => n + p.indicators.length, 0)).toBe(930);
  });

  it('takes the name from the line before a heading broken over two lines', () => {
    expect(doc.projects[71]!.project_name).toBe('石家庄常山纺织集团纺织科技有限责任公司(原石家庄纺织研究所)统筹外代发项目:取暖费(事业与企业差额)');
  });

  it('joins a wrapped row printed on a line of its own to the indicator above', () => {
    const p = doc.projects[19]!;
    expect(p.indicators).toHaveLength(6);
    expect(p.indicators[5]).toMatchObject({
      description: '享受公益性岗位岗位补贴人员意度',
      basis: '《关于印发石家庄市创业扶持资金管理办的通知》石财规〔2019〕4号',
    });
  });

  it('turns literal <p> paragraphs in the goals into lines', () => {
    expect(doc.projects[16]!.goals).toMatch(/^1\.完成年度企业职工因病劳动能力鉴定.*\n2\.保障因病退休职工/s);
    expect(doc.projects[16]!.goals).not.toMatch(/<p>/);
  });
});
