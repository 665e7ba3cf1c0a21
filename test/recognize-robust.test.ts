// 绩效目标表 / 批复表 recognizers on layouts slightly off the samples: a wrapped numbered line
// tagged as a heading, a stray row in an indicator table, a vertically merged label, the 合计 row,
// tables no recognizer reads. Each case once lost rows without a message.
import { describe, expect, it } from 'vitest';
import { heading, paragraph, root, row, table, type CellSpec } from '../src/ir/nodes.ts';
import { recognizeFixture, recognizeTree } from './recognize-helpers.ts';

const r = (line: number, texts: (string | CellSpec)[]) =>
  row(texts.map((t): CellSpec => (typeof t === 'string' ? { text: t, source: { line } } : { ...t, source: { line } })), { line });

const APPROVAL_HEADER = ['单位名称', '项目名称', '项目类别', '预算数(万元)', '绩效目标', '一级指标', '二级指标', '三级指标', '绩效指标性质', '绩效指标值', '度量单位', '分值权重'];

describe('批复表: a numbered line inside the table', () => {
  // A text conversion prints a wrapped goals line alone; the text extractor makes it an h4.
  const tree = root([
    heading(1, '2025年部门预算项目支出绩效目标批复表', { line: 1 }),
    table([
      r(3, APPROVAL_HEADER),
      r(4, ['101001-某某县民政局', '1101000025T0000001-养老服务补贴资金', '3-特定目标类', '100.00', '为全县老年人发放补贴。', '产出指标', '数量指标', '补贴人数', '≥', '1200', '人', '20']),
    ], { line: 3 }),
    heading(4, '1.提高老年人生活水平', { line: 5 }),
    table([
      r(6, ['', '', '', '', '', '效益指标', '社会效益', '老年人生活水平', '≥', '95', '%', '30']),
      r(7, ['', '', '', '', '', '满意度指标', '服务对象满意度', '老年人满意度', '≥', '90', '%', '10']),
    ], { line: 6 }),
  ]);
  const { doc } = recognizeTree(tree);

  it('keeps reading the rows after it, and keeps the line as goals text', () => {
    expect(doc.projects).toHaveLength(1);
    expect(doc.projects[0]!.indicators.map((i) => i.level3)).toEqual(['补贴人数', '老年人生活水平', '老年人满意度']);
    expect(doc.projects[0]!.goals).toContain('1.提高老年人生活水平');
  });

  it('still ends at a table title: the rows of the table after it are reported, not read as indicators', () => {
    const t = root([
      ...tree.children as ReturnType<typeof heading>[],
      heading(3, '项目评审意见表', { line: 9 }),
      table([r(10, ['序号', '评审意见']), r(11, ['1', '同意'])], { line: 10 }),
    ]);
    const { doc: d, messages } = recognizeTree(t);
    expect(d.projects[0]!.indicators).toHaveLength(3);
    expect(messages.filter((m) => m.rule === 'table-unrecognized')).toEqual([
      expect.objectContaining({ severity: 'info', line: 10, text: expect.stringContaining('项目评审意见表') }),
    ]);
  });
});

describe('批复表: the 合计 row', () => {
  it('004 (text): the printed total is kept as projects_total_raw', async () => {
    const { doc } = await recognizeFixture('text/004_c2ed7faebcfb9906.txt');
    expect(doc.projects_total_raw).toBe('1,342.46');
  });

  it('several 合计 rows: no single total, and a message says why', () => {
    const block = (line: number, code: string) => table([
      r(line, APPROVAL_HEADER),
      r(line + 1, ['合计', '-', '-', '10.00']),
      r(line + 2, ['101001-某某县民政局', `${code}-某项目`, '3-特定目标类', '10.00', '目标。', '产出指标', '数量指标', '人数', '≥', '1', '人', '100']),
    ], { line });
    const { doc, messages } = recognizeTree(root([block(1, '1101000025T0000001'), block(10, '1101000025T0000002')]));
    expect(doc.projects).toHaveLength(2);
    expect(doc.projects_total_raw).toBeUndefined();
    expect(messages.map((m) => m.rule)).toContain('approval-total-several');
  });
});

describe('批复表: name or goals by the header column', () => {
  it('a full-width row puts a short goals tail under 绩效目标 and a long name tail under 项目名称', () => {
    const tree = root([
      heading(1, '2025年部门预算项目支出绩效目标批复表', { line: 1 }),
      table([
        r(3, APPROVAL_HEADER),
        r(4, ['101001-某某县民政局', '1101000025T0000001-养老服务补贴资金', '3-特定目标类', '100.00', '', '产出指标', '数量指标', '补贴人数', '≥', '1200', '人', '20']),
        r(5, ['', '(县级配套资金第二批次补充安排)', '', '', '保障基本生活。', '产出指标', '质量指标', '发放准确率', '=', '100', '%', '20']),
      ], { line: 3 }),
    ]);
    const { doc, messages } = recognizeTree(tree);
    expect(doc.projects[0]!.project_name).toBe('养老服务补贴资金(县级配套资金第二批次补充安排)');
    expect(doc.projects[0]!.goals).toBe('保障基本生活。');
    expect(doc.projects[0]!.indicators).toHaveLength(2);
    expect(messages.map((m) => m.rule)).not.toContain('approval-name-guessed');
  });
});

/** A 绩效目标表 as DOCX prints it: project table, then the indicator table. */
function targetTree(extra: ReturnType<typeof table>[], nameSpan = false) {
  return root([
    heading(3, '1.某某项目绩效目标表', { line: 1 }),
    table([
      r(2, ['项目编码', '630123000', { text: '项目名称', rowSpan: nameSpan ? 2 : 1 }, '某某项目']),
      ...(nameSpan ? [r(3, ['项目类别', '一次性项目', '(续)'])] : []),
      r(4, ['预算数', '10.00', '其中:财政资金', '10.00']),
      r(5, ['绩效目标', { text: '完成工作。', colSpan: 3 }]),
    ], { line: 2 }),
    table([
      r(6, ['一级指标', '二级指标', '三级指标', '指标值', '指标值确定依据']),
      r(7, ['产出指标', '数量指标', '人数', '5人', '计划']),
    ], { line: 6 }),
    ...extra,
  ]);
}

describe('绩效目标表: rows that are not indicators', () => {
  it('a 备注 row at the top of a continuation table: the indicator after it is kept, the row reported', () => {
    const { doc, messages } = recognizeTree(targetTree([
      table([r(9, ['备注', '无']), r(10, ['产出指标', '质量指标', '合格率', '100%', '标准'])], { line: 9 }),
    ]));
    expect(doc.projects).toHaveLength(1);
    expect(doc.projects[0]!.indicators.map((i) => [i.level2_raw, i.level3, i.value_raw])).toEqual([
      ['数量指标', '人数', '5人'], ['质量指标', '合格率', '100%'],
    ]);
    expect(messages.filter((m) => m.rule === 'target-row-skipped')).toEqual([
      expect.objectContaining({ severity: 'warning', line: 9, text: expect.stringContaining('备注 | 无') }),
    ]);
  });

  it('a numbered line between indicator rows does not end the project; the line is reported', () => {
    const { doc, messages } = recognizeTree(targetTree([
      heading(4, '1.根据上年度实际情况', { line: 8 }),
      table([
        r(9, ['产出指标', '质量指标', '合格率', '100%', '标准']),
        r(10, ['满意度指标', '服务对象满意度指标', '满意度', '≥90%', '调查']),
      ], { line: 9 }),
    ]));
    expect(doc.projects[0]!.indicators.map((i) => i.level3)).toEqual(['人数', '合格率', '满意度']);
    expect(messages.filter((m) => m.rule === 'target-row-skipped')).toEqual([
      expect.objectContaining({ line: 8, text: expect.stringContaining('1.根据上年度实际情况') }),
    ]);
  });

  it('label rows no field takes (实施期限, 项目负责人) are reported with their text; 主管部门 is read', () => {
    const tree = targetTree([]);
    const projectTable = tree.children[1] as ReturnType<typeof table>;
    projectTable.children.splice(1, 0, r(3, ['主管部门', '某某局', '实施期限', '2025年']), r(3, ['项目负责人', '张三']));
    const { doc, messages } = recognizeTree(tree);
    expect(doc.projects[0]!.indicators).toHaveLength(1);
    expect(doc.projects[0]!.department_name).toBe('某某局');
    const skipped = messages.filter((m) => m.rule === 'target-row-skipped').map((m) => m.text);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toContain('项目负责人 | 张三');
    // The cells of the 主管部门 row no field takes are named by the coverage audit.
    const unread = messages.filter((m) => m.rule === 'cell-unread').map((m) => m.text);
    expect(unread.some((t) => t.endsWith(': 实施期限'))).toBe(true);
    expect(unread.some((t) => t.endsWith(': 2025年'))).toBe(true);
    expect(unread.some((t) => t.endsWith(': 某某局'))).toBe(false);
    expect(doc.cells_total! - doc.cells_read!).toBe(4);
  });

  it('a table without indicator rows after the project ends it and is reported as unrecognized', () => {
    const { doc, messages } = recognizeTree(targetTree([
      table([r(9, ['序号', '资产名称', '数量', '单价', '金额']), r(10, ['1', '电脑', '2', '0.50', '1.00'])], { line: 9 }),
    ]));
    expect(doc.projects[0]!.indicators).toHaveLength(1);
    expect(messages.map((m) => m.rule)).not.toContain('target-row-skipped');
    expect(messages.filter((m) => m.rule === 'table-unrecognized')).toHaveLength(1);
  });
});

describe('绩效目标表: a 项目名称 label merged over two rows', () => {
  it('is one project: the second row carries the name tail and the category', () => {
    const { doc } = recognizeTree(targetTree([], true));
    expect(doc.projects).toHaveLength(1);
    expect(doc.projects[0]).toMatchObject({ project_code: '630123000', project_name: '某某项目(续)', category: '一次性项目', budget_raw: '10.00' });
    expect(doc.projects[0]!.indicators).toHaveLength(1);
  });
});

describe('tables no recognizer reads', () => {
  it('a 部门整体支出绩效目标表 is loaded as a department-wide project, named by its 部门名称', () => {
    const { doc, messages } = recognizeTree(root([
      heading(3, '部门整体支出绩效目标表', { line: 1 }),
      paragraph('单位:万元', { line: 2 }),
      table([r(3, ['部门名称', '某某局']), r(4, ['年度总体目标', '完成年度工作'])], { line: 3 }),
    ]));
    expect(doc.projects).toHaveLength(1);
    expect(doc.projects[0]).toMatchObject({ kind: 'department', project_name: '某某局', goals: '完成年度工作', amount_unit_raw: '万元' });
    expect(doc.agency_name).toBe('某某局');
    expect(messages.filter((m) => m.rule === 'table-unrecognized')).toEqual([]);
    expect(messages.filter((m) => m.rule === 'project-no-indicators')).toHaveLength(1);
  });

  it('003 (text): the 机构设置 table is named; tables read as budget tables or projects are not', async () => {
    const { doc, messages } = await recognizeFixture('text/003_c128c7645c42ae13.txt');
    expect(doc.budget_tables.length).toBeGreaterThan(0);
    const un = messages.filter((m) => m.rule === 'table-unrecognized');
    expect(un).toHaveLength(1);
    expect(un[0]!.text).toContain('单位名称 | 单位性质');
  });

  it('000 (text and DOCX): every table is read, nothing reported', async () => {
    for (const f of ['text/000_8673c46da405b13e.txt', 'docx/000_8673c46da405b13e.docx']) {
      const { messages } = await recognizeFixture(f);
      expect(messages.filter((m) => ['table-unrecognized', 'target-row-skipped'].includes(m.rule))).toEqual([]);
    }
  });
});
