// The pieces of the budget table reader on printed wording seen in real disclosures: titles,
// column headers, split classification codes, amounts, classification names by year.
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { paragraph, root, row, table } from '../src/ir/nodes.ts';
import { className, parentCode } from '../src/normalize/classification/index.ts';
import { amountWan, parseAmount } from '../src/normalize/budget-lines.ts';
import { isColumnNumberRow, isTotalName, stripNumbering, unitIn } from '../src/recognize/budget-tables/cells.ts';
import { columnKey } from '../src/recognize/budget-tables/columns.ts';
import { recognizeBudgetTables } from '../src/recognize/budget-tables/index.ts';
import { CodeJoiner } from '../src/recognize/budget-tables/lines.ts';
import { tableTypeOfTitle } from '../src/recognize/budget-tables/titles.ts';

describe('table titles', () => {
  it.each([
    ['部门预算收支总表', '收支总表', false],
    ['2025年部门财务收支预算总表', '收支总表', false],
    ['部门预算收入总表', '收入总表', true],
    ['2025年部门收入预算总表', '收入总表', true],
    ['2025年部门支出预算总表', '支出总表', true],
    ['4．2025年部门财政拨款收支预算总表', '财政拨款收支总表', false],
    ['部门预算一般公共预算财政拨款支出表', '一般公共预算支出表', false],
    ['2025年部门一般公共预算基本支出部门预算经济分类预算表', '基本支出表', true],
    ['财政拨款基本支出预算表（经济科目）', '基本支出表', true],
    ['部门预算政府基金预算财政拨款支出表', '政府性基金支出表', false],
    ['部门预算国有资本经营预算财政拨款支出表', '国有资本经营支出表', false],
    ['部门预算财政拨款“三公”经费支出表', '三公经费表', true],
    ['十一、2017 年江苏省高级人民法院部门一般公共预算“三公”经费、会议费、培训费支出预算表', '三公经费表', true],
    ['五、2017 年度江苏省高级人民法院部门财政拨款支出预算表', '财政拨款支出表', false],
    ['部门政府采购预算', '政府采购表', false],
    ['部门固定资产占用情况表', '国有资产表', false],
  ])('%s → %s', (title, name, main) => {
    expect(tableTypeOfTitle(title)).toMatchObject({ name, main });
  });

  it.each([
    '部门预算收入总表.....\t4', '五、财政拨款支出预算表情况说明', '1、办公设备购置专项经费绩效目标表', '2023年部门预算', '六、政府采购预算情况',
  ])('%s is not a table title', (text) => {
    expect(tableTypeOfTitle(text)).toBeNull();
  });
});

describe('column headers', () => {
  const keys = (headers: string[][]) => {
    const used = new Set<string>();
    return headers.map((h, i) => columnKey(h, i, used));
  };
  it('keys the printed headers of 收入总表, 支出总表, 基本支出表', () => {
    expect(keys([['合计'], ['本年收入', '小计'], ['财政拨款收入'], ['财政专户收入'], ['其他收入'], ['上年结转']]))
      .toEqual(['total_wan', 'subtotal_wan', 'fiscal_wan', 'special_account_wan', 'other_wan', 'carryover_wan']);
    expect(keys([['一般公共预算支出', '合计'], ['一般公共预算支出', '基本支出'], ['一般公共预算支出', '项目支出']]))
      .toEqual(['total_wan', 'basic_wan', 'project_wan']);
    expect(keys([['一般公共预算基本支出', '合计'], ['一般公共预算基本支出', '人员经费'], ['一般公共预算基本支出', '公用经费']]))
      .toEqual(['total_wan', 'personnel_wan', 'public_wan']);
  });
  it('gives a second total its own key and unknown headers a positional one', () => {
    expect(keys([['合计'], ['合计'], ['备注栏']])).toEqual(['total_wan', 'total_2_wan', 'col3_wan']);
  });
});

describe('cells', () => {
  it('reads units, totals, 栏次 rows and numbering', () => {
    expect(unitIn('单位：万' + '元')).toBe('万元');
    expect(unitIn('编制部门：上海市普陀区商务委员会 单位:元')).toBe('元');
    expect(unitIn('价值（金额单位：万元）')).toBe('万元');
    expect(isTotalName('合 计')).toBe(true);
    expect(isTotalName('本年收入合计')).toBe(true);
    expect(isTotalName('“三公”经费小计')).toBe(false);
    expect(isColumnNumberRow(['栏次', '1', '2', '3'])).toBe(true);
    expect(isColumnNumberRow(['档次', '1', '2'])).toBe(true);
    expect(isColumnNumberRow(['', '1', '2', '3', '4'])).toBe(true);
    expect(isColumnNumberRow(['1', '205', '教育支出'])).toBe(false);
    expect(stripNumbering('其中：教学科研人员因公出国（境）费')).toBe('教学科研人员因公出国（境）费');
    expect(stripNumbering('二十、住房保障支出')).toBe('住房保障支出');
    expect(stripNumbering('1. 一般公共预算资金')).toBe('一般公共预算资金');
    expect(stripNumbering('2.5万元以上设备')).toBe('2.5万元以上设备');
  });

  it('joins codes split over 类/款/项, remembering the rows above', () => {
    const j = new CodeJoiner();
    expect(j.join(['201', '', ''])).toBe('201');
    expect(j.join(['201', '13', ''])).toBe('20113');
    expect(j.join(['201', '13', '01'])).toBe('2011301');
    expect(j.join(['', '', '02'])).toBe('2011302');
    expect(j.join(['301', '2'])).toBe('30102');
    expect(j.join(['合计', ''])).toBeNull();
  });
});

describe('amounts and classification', () => {
  it('parses printed amounts and converts 元 to 万元', () => {
    expect(parseAmount('1,234.56')).toBe(1234.56);
    expect(parseAmount('—')).toBeNull();
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('0.00')).toBe(0);
    expect(parseAmount('-3.5')).toBe(-3.5);
    expect(amountWan('371,514,655.00', '元')).toBe(37151.4655);
    expect(amountWan('25.59', '万元')).toBe(25.59);
    expect(amountWan('25.59', null)).toBe(25.59);
  });

  it('names codes by year and finds parents', () => {
    expect(parentCode('2080101')).toBe('20801');
    expect(parentCode('20801')).toBe('208');
    expect(parentCode('208')).toBeNull();
    expect(parentCode('30101')).toBe('301');
    expect(className('207', 2018)).toBe('文化体育与传媒支出');
    expect(className('207', 2019)).toBe('文化旅游体育与传媒支出');
    expect(className('220', 2017)).toBe('国土海洋气象等支出');
    expect(className('220')).toBe('自然资源海洋气象等支出');
    expect(className('30213')).toBe('维修（护）费');
  });
});

describe('recognizer on a hand-built tree', () => {
  it('continues a table over a page without a repeated header, and reads 决算 documents as final accounts', () => {
    const header = row([{ text: '科目编码' }, { text: '科目名称' }, { text: '合计' }]);
    const tree = root([
      paragraph('部门支出预算总表'),
      paragraph('单位：元'),
      table([header, row([{ text: '合计' }, { text: '' }, { text: '30,000.00' }]), row([{ text: '201' }, { text: '一般公共服务支出' }, { text: '10,000.00' }])]),
      paragraph('第 2 页'),
      table([row([{ text: '208' }, { text: '社会保障和就业支出' }, { text: '20,000.00' }])]),
    ]);
    const out = recognizeBudgetTables(tree, new VFile(), 'budget');
    expect(out.budget_tables).toHaveLength(1);
    expect(out.budget_tables[0]).toMatchObject({ table_name: '支出总表', unit_raw: '元', main: true, total_raw: { total_wan: '30,000.00' } });
    expect(out.budget_tables[0]!.lines.map((l) => [l.code, l.name, l.amounts_raw.total_wan])).toEqual([
      ['201', '一般公共服务支出', '10,000.00'], ['208', '社会保障和就业支出', '20,000.00'],
    ]);
    // The title printed again on the next page (here marked 续) continues the table.
    const repeated = root([
      paragraph('部门支出预算总表'), table([header, row([{ text: '201' }, { text: '一般公共服务支出' }, { text: '10,000.00' }])]),
      paragraph('部门支出预算总表（续）'), table([header, row([{ text: '208' }, { text: '社会保障和就业支出' }, { text: '20,000.00' }])]),
    ]);
    const again = recognizeBudgetTables(repeated, new VFile(), 'budget').budget_tables;
    expect(again.map((t) => [t.table_name, t.lines.length])).toEqual([['支出总表', 2]]);
    // The same table in a 决算 document: loaded, its figures marked final_accounts.
    const file = new VFile();
    const final = recognizeBudgetTables(tree, file, 'final_accounts').budget_tables;
    expect(final.map((t) => [t.table_name, t.doc_type, t.lines.length])).toEqual([['支出总表', 'final_accounts', 2]]);
    expect(recognizeBudgetTables(tree, new VFile(), 'budget').budget_tables[0]!.doc_type).toBe('budget');
    expect(file.messages).toEqual([]);
  });

  it('reads a title and unit printed inside the table, a 栏次 row, and an empty table with its note', () => {
    const tree = root([
      table([
        row([{ text: '部门预算一般公共预算财政拨款基本支出表', colSpan: 5 }]),
        row([{ text: '单位：万元', colSpan: 5 }]),
        row([{ text: '序号' }, { text: '支出经济分类科目', colSpan: 2 }, { text: '一般公共预算基本支出', colSpan: 2 }]),
        row([{ text: '' }, { text: '科目编码' }, { text: '科目名称' }, { text: '人员经费' }, { text: '公用经费' }]),
        row([{ text: '栏次' }, { text: '1' }, { text: '2' }, { text: '3' }, { text: '4' }]),
        row([{ text: '1' }, { text: '301' }, { text: '工资福利支出' }, { text: '100.00' }, { text: '' }]),
        row([{ text: '2' }, { text: '30101' }, { text: '基本工资' }, { text: '100.00' }, { text: '' }]),
      ]),
      paragraph('部门预算政府性基金预算财政拨款支出表'),
      table([row([{ text: '序号' }, { text: '科目编码' }, { text: '科目名称' }, { text: '合计' }]), row([{ text: '栏次' }, { text: '1' }, { text: '2' }, { text: '3' }])]),
      paragraph('注：无政府性基金预算财政拨款预算，空表列示。'),
    ]);
    const file = new VFile();
    const [basic, fund] = recognizeBudgetTables(tree, file, 'budget').budget_tables;
    expect(basic).toMatchObject({ table_name: '基本支出表', unit_raw: '万元', empty: false });
    expect(basic!.columns.map((c) => c.key)).toEqual(['personnel_wan', 'public_wan']);
    expect(basic!.lines.map((l) => [l.code, l.name, l.amounts_raw.personnel_wan])).toEqual([['301', '工资福利支出', '100.00'], ['30101', '基本工资', '100.00']]);
    expect(fund).toMatchObject({ table_name: '政府性基金支出表', empty: true, lines: [] });
    expect(file.messages).toEqual([]);
  });

  it('reads codes printed inside the name cell, and reports a coded table without a title', () => {
    const tree = root([
      paragraph('一般公共预算支出表'),
      table([
        row([{ text: '功能分类科目' }, { text: '合计' }, { text: '基本支出' }, { text: '项目支出' }]),
        row([{ text: '208 社会保障和就业支出' }, { text: '30.00' }, { text: '10.00' }, { text: '20.00' }]),
        row([{ text: '[20805]行政事业单位养老支出' }, { text: '30.00' }, { text: '10.00' }, { text: '20.00' }]),
      ]),
      paragraph('按照《预算法》和《地方预决算公开操作规程》的规定，现将本部门预算公开如下，以下内容为部门职责及机构设置情况的说明文字。'),
      table([row([{ text: '201' }, { text: '一般公共服务支出' }, { text: '5.00' }])]),
    ]);
    const file = new VFile();
    const [t] = recognizeBudgetTables(tree, file, 'budget').budget_tables;
    expect(t!.lines.map((l) => [l.code, l.name])).toEqual([['208', '社会保障和就业支出'], ['20805', '行政事业单位养老支出']]);
    expect(file.messages.map((m) => m.ruleId)).toEqual(['budget-table-untitled']);
  });
});
