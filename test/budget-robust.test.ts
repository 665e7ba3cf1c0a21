// Budget table layouts other than sample 003's, on small hand-built trees: procurement columns in
// another order, section headings ending in 预算, whole-number tables without codes, and rows the
// reader cannot use (each reported, never dropped silently).
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { heading, paragraph, root, row, table, type CellSpec, type Element } from '../src/ir/nodes.ts';
import { parseAmount } from '../src/normalize/budget-lines.ts';
import { recognizeBudgetTables } from '../src/recognize/budget-tables/index.ts';
import { tableTypeOfTitle } from '../src/recognize/budget-tables/titles.ts';

/** A table from rows of cell texts (a cell may be a full spec, for spans); row i is on line firstLine + i. */
function grid(rows: (string | CellSpec)[][], firstLine = 1): Element {
  return table(rows.map((cells, i) => {
    const source = { line: firstLine + i };
    return row(cells.map((c) => ({ source, ...(typeof c === 'string' ? { text: c } : c) })), source);
  }));
}

function recognize(children: Element[]) {
  const file = new VFile();
  const out = recognizeBudgetTables(root(children), file, 'budget');
  const messages = file.messages.map((m) => ({ rule: m.ruleId, severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info', text: m.reason, line: m.sourceRef?.line }));
  return { ...out, messages };
}

// A long paragraph of explanation text: it ends any open table.
const PROSE = paragraph('按照《中华人民共和国预算法》和《地方预决算公开操作规程》的规定，现将本部门预算公开如下，以下是部门收支预算情况的文字说明。');

describe('procurement columns come from the header', () => {
  it('reads a coded row by its header when the columns are in another order', () => {
    const { procurement_items: items, messages } = recognize([
      paragraph('2025年政府采购预算表'),
      grid([
        ['项目名称', '品目名称', '品目编码', '数量', '计量单位', '单价', '金额'],
        ['办公设备购置', '台式计算机', 'A02010105', '20', '台', '0.50', '10.00'],
        ['办公设备购置', '打印机', 'A02021000', '4', '台', '0.25', '1.00'],
      ]),
    ]);
    expect(items.map((i) => [i.project, i.item, i.catalogue_code, i.unit, i.quantity, i.unit_price_raw, i.amount_raw])).toEqual([
      ['办公设备购置', '台式计算机', 'A02010105', '台', '20', '0.50', '10.00'],
      ['办公设备购置', '打印机', 'A02021000', '台', '4', '0.25', '1.00'],
    ]);
    expect(messages).toEqual([]);
  });

  it('falls back to the code position on a page without a header', () => {
    const { procurement_items: items } = recognize([
      paragraph('部门政府采购预算'),
      grid([
        ['项目名称', '预算资金', '采购物品名称', '政府采购目录序号', '计量单位', '数量', '单价', '政府采购金额'],
        ['办公设备购置专项经费', '70.00', '台式计算机', 'A02010105', '台', '20', '0.62', '12.40'],
      ]),
      paragraph('第 2 页'),
      grid([['办公设备购置专项经费', '70.00', '便携式计算机', 'A02010108', '台', '36', '0.70', '25.20']]),
    ]);
    expect(items.map((i) => [i.item, i.unit, i.quantity, i.unit_price_raw, i.amount_raw])).toEqual([
      ['台式计算机', '台', '20', '0.62', '12.40'],
      ['便携式计算机', '台', '36', '0.70', '25.20'],
    ]);
  });
});

describe('section headings ending in 预算 are not table titles', () => {
  it.each(['四、部门收入预算', '3.“三公”经费预算', '（二）政府性基金预算', '2025年部门收入预算'])('%s', (text) => {
    expect(tableTypeOfTitle(text)).toBeNull();
  });

  it('still accepts an unnumbered procurement title without 表', () => {
    expect(tableTypeOfTitle('部门政府采购预算')).toMatchObject({ name: '政府采购表' });
    expect(tableTypeOfTitle('2025年政府采购预算')).toMatchObject({ name: '政府采购表' });
  });

  it('a table after such a heading is reported as untitled, not given the heading\'s type', () => {
    const { budget_tables: tables, messages } = recognize([
      heading(2, '（二）政府性基金预算'),
      paragraph('本部门无政府性基金预算。'),
      grid([['201', '一般公共服务支出', '12.00'], ['20101', '人大事务', '12.00']]),
    ]);
    expect(tables).toEqual([]);
    expect(messages.map((m) => m.rule)).toEqual(['budget-table-untitled']);
  });
});

describe('tables printed in whole numbers without codes', () => {
  it('reads a one-row 三公 table of integers (no row is taken for a page number)', () => {
    const { budget_tables: [t], messages } = recognize([
      paragraph('财政拨款“三公”经费支出表'),
      grid([['合计', '因公出国（境）费', '公务接待费', '公务用车购置及运行费'], ['12', '0', '2', '10']]),
    ]);
    expect(t!.lines.map((l) => [l.name, l.amounts_raw.total_wan])).toEqual([['因公出国(境)费', '0'], ['公务接待费', '2'], ['公务用车购置及运行费', '10']]);
    expect(t!.total_raw).toEqual({ total_wan: '12' });
    expect(t!.empty).toBe(false);
    expect(messages).toEqual([]);
  });

  it('reads a 支出总表 of names and integers, keeping the header clean', () => {
    const { budget_tables: [t], messages } = recognize([
      paragraph('部门支出预算总表'),
      grid([
        ['项目', '合计', '基本支出', '项目支出'],
        ['合计', '100', '20', '80'],
        ['一般公共服务支出', '60', '10', '50'],
        ['教育支出', '40', '10', '30'],
        [{ text: '- 3 -', colSpan: 4 }],
      ]),
    ]);
    expect(t!.columns).toEqual([{ key: 'total_wan', header: '合计' }, { key: 'basic_wan', header: '基本支出' }, { key: 'project_wan', header: '项目支出' }]);
    expect(t!.total_raw).toEqual({ total_wan: '100', basic_wan: '20', project_wan: '80' });
    expect(t!.lines.map((l) => [l.name, l.amounts_raw.total_wan, l.amounts_raw.basic_wan, l.amounts_raw.project_wan])).toEqual([
      ['一般公共服务支出', '60', '10', '50'], ['教育支出', '40', '10', '30'],
    ]);
    expect(messages).toEqual([]);
  });

  it('warns when a table\'s header row holds numbers', () => {
    // No header printed: the first row is taken for one, and says so.
    const { budget_tables: [t], messages } = recognize([
      paragraph('部门支出预算总表'),
      grid([['一般公共服务支出', '60', '10'], ['教育支出', '40', '10']], 7),
    ]);
    expect(t!.lines.map((l) => l.name)).toEqual(['教育支出']);
    expect(messages).toMatchObject([{ rule: 'budget-header-numbers', severity: 'warning', line: 7, text: expect.stringContaining('一般公共服务支出 | 60 | 10') }]);
  });
});

describe('rows that cannot be read are reported', () => {
  const unread = (messages: { rule: unknown }[]) => messages.filter((m) => m.rule === 'budget-row-unread');

  it('procurement rows without an item name or an amount', () => {
    const { procurement_items: items, messages } = recognize([
      paragraph('政府采购预算表'),
      grid([
        ['项目名称', '品目名称', '金额'],
        ['办公设备购置', '台式计算机', '10.00'],
        ['', '', '5.00'],
        ['办公设备购置', '打印机', ''],
      ], 20),
    ]);
    expect(items.map((i) => i.item)).toEqual(['台式计算机']);
    expect(unread(messages)).toMatchObject([
      { severity: 'warning', line: 22, text: expect.stringMatching(/no item name.*5\.00/) },
      { severity: 'warning', line: 23, text: expect.stringMatching(/no amount.*办公设备购置 \| 打印机/) },
    ]);
  });

  it('an asset row without a name', () => {
    const { fixed_assets: assets, messages } = recognize([
      paragraph('部门固定资产占用情况表'),
      grid([['项目', '数量', '价值'], ['车辆（辆）', '2', '30.00'], ['', '1', '5.00']], 40),
    ]);
    expect(assets.map((a) => a.name)).toEqual(['车辆(辆)']);
    expect(unread(messages)).toMatchObject([{ line: 42, text: expect.stringMatching(/no asset name.*1 \| 5\.00/) }]);
  });

  it('an amount under a column without a header in a one-row table', () => {
    const { budget_tables: [t], messages } = recognize([
      paragraph('财政拨款“三公”经费支出表'),
      grid([['合计', '因公出国（境）费', '公务接待费', ''], ['12.00', '0.00', '2.00', '10.00']], 60),
    ]);
    expect(t!.lines.map((l) => l.name)).toEqual(['因公出国(境)费', '公务接待费']);
    expect(unread(messages)).toMatchObject([{ line: 61, text: expect.stringMatching(/10\.00 in column 4 has no header/) }]);
  });

  it('an untitled table of class names and whole-number amounts', () => {
    const { budget_tables: tables, messages } = recognize([
      PROSE,
      grid([['一般公共服务支出', '60'], ['教育支出', '40']], 80),
    ]);
    expect(tables).toEqual([]);
    expect(messages).toMatchObject([{ rule: 'budget-table-untitled', severity: 'warning', text: expect.stringContaining('一般公共服务支出 | 60') }]);
  });
});

describe('table amounts', () => {
  it.each([
    ['1,234.56', 1234.56], ['371,514,655', 371514655], ['1,2345', 12345], ['(5.00)', -5], ['−3', -3], ['-0.50', -0.5],
    ['1 234.5', 1234.5], ['１２.５', 12.5], ['', null], ['—', null], ['/', null], ['25元', null], ['.5', null], ['无', null],
  ])('%s → %s', (raw, value) => {
    expect(parseAmount(raw)).toBe(value);
  });
});
