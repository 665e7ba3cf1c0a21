// 批复表 recognizer: the seed 004 (text and DOCX), and rows as a text conversion leaves them
// (merged cells dropped, cells shifted left, wrapped tails on rows of their own).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heading, paragraph, root, row, table, type CellSpec } from '../src/ir/nodes.ts';
import { FIXTURES, recognizeFixture, recognizeTree, withoutSources } from './recognize-helpers.ts';

describe('批复表 seed 004', async () => {
  const txt = await recognizeFixture('text/004_c2ed7faebcfb9906.txt');
  const { doc } = txt;

  it('splits project code and name from one cell, one project per code', () => {
    expect(doc.projects).toHaveLength(8);
    expect(doc.projects[0]).toMatchObject({
      project_code: '63012300024T000000269', project_name: '公益性岗位社保补贴县配资金', category: '3-特定目标类',
      budget_raw: '4.00', fiscal_raw: null, other_raw: null, spending_plan: null, layout: 'approval_table',
    });
    expect(doc.projects.map((p) => p.indicators.length)).toEqual([5, 8, 5, 5, 7, 17, 11, 9]);
    expect(doc.projects[7]!.project_name).toBe('就业补助资金(上级专项资金)');
  });

  it('concatenates operator, value and unit; keeps unit and weight as printed', () => {
    expect(doc.projects[0]!.indicators[0]).toMatchObject({
      level1_raw: '产出指标', level2_raw: '数量指标', level3: '享受社会保险补贴人数', description: null,
      value_raw: '≥190人', unit_raw: '人', basis: null, weight_raw: '20',
    });
    const p6 = doc.projects[5]!.indicators;
    expect(p6[8]).toMatchObject({ level3: '城镇新增就业人数', value_raw: '≥500人', weight_raw: null });
    expect(p6[9]).toMatchObject({ level1_raw: '效益指标', level3: '年末城镇失业登记率', value_raw: '≤3.5%', weight_raw: '5' });
  });

  it('gives the row printed beside the next project back to the project it belongs to', () => {
    expect(doc.projects[4]!.indicators.at(-1)).toMatchObject({ level1_raw: '满意度指标', level3: '享受档案邮寄服务对象满意度', value_raw: '≥90%' });
    expect(doc.projects[5]!.indicators[0]!.level3).toBe('享受生活保险补贴人员数量');
    expect(txt.messages.some((m) => m.rule === 'approval-row-reassigned' && m.line !== null)).toBe(true);
  });

  it('reads the unit code and name from the 单位名称 column', () => {
    expect(doc).toMatchObject({ agency_code: '723001', agency_name: '隍源县就业服务局(本级)', fiscal_year_raw: '2024', doc_type: 'budget' });
  });

  it('gives the same projects from the DOCX export', async () => {
    const docx = await recognizeFixture('docx/004_c2ed7faebcfb9906.docx');
    const a = withoutSources(docx.doc);
    const b = withoutSources(doc);
    expect(a.map((p) => [p.project_code, p.project_name, p.budget_raw, p.indicators.length]))
      .toEqual(b.map((p) => [p.project_code, p.project_name, p.budget_raw, p.indicators.length]));
    expect(a.flatMap((p) => p.indicators.map((i) => [i.level3, i.value_raw, i.weight_raw])))
      .toEqual(b.flatMap((p) => p.indicators.map((i) => [i.level3, i.value_raw, i.weight_raw])));
  });
});

describe('批复表 rows with drifting cells', () => {
  const HEADER = ['单位名称', '项目名称', '项目类别', '预算数(万元)', '绩效目标', '一级指标', '二级指标', '三级指标', '绩效指标性质', '绩效指标值', '度量单位', '分值权重'];
  const r = (line: number, texts: string[]) => row(texts.map((text): CellSpec => ({ text, source: { line } })), { line });
  const tree = root([
    heading(1, '2025年部门预算项目支出绩效目标批复表', { line: 1 }),
    table([
      r(3, HEADER),
      r(4, ['合计', '-', '-', '120.00']),
      r(5, ['101001-某某县民政局', '11010000 25T0000 001-养老服务补 贴资金（县', '3-特定目标类', '100.00', '为全县老年人发放养老服务补贴，', '产出指标', '数量指标', '补贴人数', '≥', '1200', '人', '20']),
      // merged cells dropped: the row starts at the 二级指标 column
      r(6, ['质量指标', '补贴发放准确率', '=', '100', '%', '20']),
      // the wrapped tails of the name and the goals, then an indicator whose level names are shifted
      r(7, ['级配套)', '保障老年人基本生活。', '效益指标', '社会效益', '老年人生活水平', '≥', '95', '%', '30']),
      r(8, ['满意度指标', '服务对象', '老年人满意度', '≥', '90', '%', '10']),
      r(9, ['满意度', '家属满意度', '≥', '85', '%', '10']),
      r(10, ['11010000 25T0000 002-救助资金', '3-特定目标类', '20.00', '保障困难群众基本生活', '产出指标', '数量指标', '救助人次', '≥', '300', '人次', '50']),
      r(11, ['效益指标', '社会效益', '这一行没有运算符和数值']),
    ], { line: 3 }),
  ]);
  const { doc, messages } = recognizeTree(tree);

  it('recognizes projects by their code-name cell, not by column', () => {
    expect(doc.projects.map((p) => [p.project_code, p.project_name, p.category, p.budget_raw])).toEqual([
      ['1101000025T0000001', '养老服务补贴资金(县级配套)', '3-特定目标类', '100.00'],
      ['1101000025T0000002', '救助资金', '3-特定目标类', '20.00'],
    ]);
    expect(doc.projects[0]!.goals).toBe('为全县老年人发放养老服务补贴,保障老年人基本生活。');
    expect(doc.agency_code).toBe('101001');
  });

  it('anchors value, unit and weight on the operator and reads level names by vocabulary', () => {
    const inds = doc.projects[0]!.indicators;
    expect(inds.map((i) => [i.level1_raw, i.level2_raw, i.level3, i.value_raw, i.unit_raw, i.weight_raw])).toEqual([
      ['产出指标', '数量指标', '补贴人数', '≥1200人', '人', '20'],
      ['产出指标', '质量指标', '补贴发放准确率', '=100%', '%', '20'],
      ['效益指标', '社会效益', '老年人生活水平', '≥95%', '%', '30'],
      // `服务对象` + `满意度`: a 二级指标 wrapped over two rows
      ['满意度指标', '服务对象满意度', '老年人满意度', '≥90%', '%', '10'],
      ['满意度指标', '服务对象满意度', '家属满意度', '≥85%', '%', '10'],
    ]);
    expect(inds[0]!.source).toEqual({ line: 5 });
  });

  it('keeps a row it cannot read as raw text with a message', () => {
    const last = doc.projects[1]!.indicators.at(-1)!;
    expect(last.level3).toContain('这一行没有运算符和数值');
    const msg = messages.find((m) => m.rule === 'indicator-row-unparsed');
    expect(msg).toMatchObject({ severity: 'warning', line: 11 });
  });
});

describe('批复表 without an operator column', () => {
  const r = (line: number, texts: string[]) => row(texts.map((text): CellSpec => ({ text, source: { line } })), { line });
  const { doc } = recognizeTree(root([
    table([
      r(1, ['项目名称', '预算数', '绩效目标', '一级指标', '二级指标', '三级指标', '指标值', '度量单位', '分值']),
      r(2, ['5201000025T001-农村公路养护', '300.00', '养护农村公路', '产出指标', '数量指标', '养护里程', '≥120', '公里', '30']),
      r(3, ['质量指标', '路况优良率', '≥85', '%', '20']),
      r(4, ['效益指标', '社会效益指标', '群众出行条件', '明显改善', '', '']),
      r(5, ['5201000025T002-桥梁检测', '40.00']),
      r(6, ['产出指标', '数量指标', '检测桥梁数', '15', '座', '50']),
    ], { line: 1 }),
  ]));

  it('anchors on the value cell from the right, or on the level names for a worded target', () => {
    expect(doc.projects.map((p) => [p.project_code, p.project_name, p.budget_raw])).toEqual([
      ['5201000025T001', '农村公路养护', '300.00'], ['5201000025T002', '桥梁检测', '40.00'],
    ]);
    expect(doc.projects[0]!.indicators.map((i) => [i.level1_raw, i.level2_raw, i.level3, i.value_raw, i.unit_raw, i.weight_raw])).toEqual([
      ['产出指标', '数量指标', '养护里程', '≥120公里', '公里', '30'],
      ['产出指标', '质量指标', '路况优良率', '≥85%', '%', '20'],
      ['效益指标', '社会效益指标', '群众出行条件', '明显改善', null, null],
    ]);
    expect(doc.projects[1]!.indicators.map((i) => [i.level3, i.value_raw, i.weight_raw])).toEqual([['检测桥梁数', '15座', '50']]);
  });
});

describe('批复表 004 split naively on tabs (every drift of the text conversion left in)', () => {
  const raw = fs.readFileSync(path.join(FIXTURES, 'text', '004_c2ed7faebcfb9906.txt'), 'utf8').split('\n');
  const rows = raw.flatMap((l, i) => (l.includes('\t') ? [row(l.split('\t').map((text): CellSpec => ({ text, source: { line: i + 1 } })), { line: i + 1 })] : []));
  const { doc } = recognizeTree(root([heading(1, raw.find((l) => l.trim())!.trim(), { line: 1 }), table(rows, { line: 1 })]));

  it('rebuilds the projects and their indicator rows by what the cells are', () => {
    expect(doc.projects.map((p) => p.indicators.length)).toEqual([5, 8, 5, 5, 7, 17, 11, 9]);
    const last = doc.projects[7]!;
    expect(last.project_name).toBe('就业补助资金(上级专项资金)');
    expect(last.goals).toMatch(/扎实做好失业人员、残疾人、贫困劳动力就业工作。实现公共就业服务/);
    expect(last.indicators[5]).toMatchObject({ level1_raw: '产出指标', level2_raw: '质量指标', level3: '各项补贴发放准确率', value_raw: '≥95%', weight_raw: '6' });
    const p6 = doc.projects[5]!.indicators;
    expect(p6.slice(-2).map((i) => [i.level1_raw, i.level2_raw, i.level3, i.value_raw])).toEqual([
      ['满意度指标', '服务对象满意度', '就业扶持政策服务满意度', '≥90%'],
      ['满意度指标', '服务对象满意度', '公共就业服务满意度', '≥85%'],
    ]);
    expect(p6[9]).toMatchObject({ level1_raw: '效益指标', level2_raw: '经济效益', level3: '年末城镇失业登记率', value_raw: '≤3.5%', weight_raw: '5' });
    expect(doc.projects[1]!.indicators[5]).toMatchObject({ level2_raw: '社会效益', level3: '因就业问题发生重大群体性事件', value_raw: '=0次' });
  });
});

describe('批复表 tails printed as lines of their own', () => {
  const r = (line: number, texts: string[]) => table([row(texts.map((text): CellSpec => ({ text, source: { line } })), { line })], { line });
  const { doc } = recognizeTree(root([
    r(1, ['单位名称', '项目名称', '项目类别', '预算数', '绩效目标', '一级指标', '二级指标', '三级指标', '绩效指标性质', '绩效指标值', '度量单位', '分值权重']),
    r(2, ['5201000025T003-困难群众救助', '3-特定目标类', '12.00', '保障困难群众', '产出指标', '数量指标', '救助人数', '≥', '80', '人', '40']),
    paragraph('基本生活需要。', { line: 3 }),
    paragraph('第 2 页', { line: 4 }),
    r(5, ['满意度指标', '服务对象满意度指标', '受助群众满意度', '≥', '90', '%', '60']),
  ]));

  it('joins the goals tail and ignores the page number', () => {
    expect(doc.projects).toHaveLength(1);
    expect(doc.projects[0]!.goals).toBe('保障困难群众基本生活需要。');
    expect(doc.projects[0]!.indicators.map((i) => i.level3)).toEqual(['救助人数', '受助群众满意度']);
  });
});
