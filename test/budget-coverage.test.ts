// Coverage audit of the budget tables, through the whole pipeline on a department budget written
// here as a web page (an invented agency and amounts; the title, headers and 功能分类 follow the
// 部门预算公开 template): an amount column under a header no rule knows is counted unread and makes
// the document partial; the same table without it is read whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processFile } from '../src/pipeline/process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-coverage-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 项 rows: code, name, basic, project (万元). */
const ROWS: [string, string, number, number][] = [
  ['2010301', '行政运行', 152.4, 0],
  ['2080208', '基层政权建设和社区治理', 0, 120],
  ['2081001', '儿童福利', 0, 85],
  ['2210201', '住房公积金', 26.3, 0],
];
const fmt = (n: number) => (n === 0 ? '' : n.toFixed(2));

/**
 * A 部门支出预算总表 page; `extra`: the header and amount of one more column printed at the right
 * (0.5 of each row's total), or null for the template's columns only.
 */
function budgetPage(name: string, extra: string | null): string {
  const td = (t: string) => `<td>${t}</td>`;
  const total = ROWS.reduce((s, r) => s + r[2] + r[3], 0);
  const rows = [
    ['', '合计', fmt(total), fmt(ROWS.reduce((s, r) => s + r[2], 0)), fmt(ROWS.reduce((s, r) => s + r[3], 0)), ...(extra ? [fmt(total / 2)] : [])],
    ...ROWS.map(([code, n, b, p]) => [code, n, fmt(b + p), fmt(b), fmt(p), ...(extra ? [fmt((b + p) / 2)] : [])]),
  ];
  const html = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>示范县民政局2025年部门预算</title></head>
<body>
<h1>示范县民政局2025年部门预算</h1>
<p>部门支出预算总表</p>
<p>单位：万元</p>
<table>
<tr>${['科目编码', '科目名称', '合计', '基本支出', '项目支出', ...(extra ? [extra] : [])].map(td).join('')}</tr>
${rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n')}
</table>
</body></html>
`;
  const p = path.join(dir, name);
  fs.writeFileSync(p, html);
  return p;
}

describe('budget table coverage audit', () => {
  it('the template columns only: every cell read, coverage 1, ok', async () => {
    const doc = await processFile(budgetPage('plain.html', null));
    expect(doc.info.status).toBe('ok');
    const r = doc.record!;
    // 5 header cells, 4 in the 合计 row, 4 in each of the four rows (a blank amount is not a cell).
    expect(r.cells_total).toBe(25);
    expect(r.cells_read).toBe(r.cells_total);
    expect(doc.messages.filter((m) => m.rule === 'cell-unread')).toEqual([]);
    const [t] = r.budget_tables;
    expect(t).toMatchObject({ table_name: '支出总表', cells_total: r.cells_total, cells_read: r.cells_total });
  });

  it('an amount column under an unknown header: its cells unread with their location, coverage < 1, partial', async () => {
    const plain = (await processFile(budgetPage('plain2.html', null))).record!;
    const doc = await processFile(budgetPage('extra.html', '考核调节数'));
    const r = doc.record!;
    expect(doc.info.status).toBe('partial');
    expect(doc.info.error).toMatch(/coverage \d+\.\d%/);
    // The other cells are read as before; the new column's header and its 5 amounts are not.
    expect(r.cells_total).toBe(plain.cells_total! + 6);
    expect(r.cells_read).toBe(plain.cells_read);
    expect(r.cells_read! / r.cells_total!).toBeLessThan(1);
    expect(doc.messages).toContainEqual(expect.objectContaining({ rule: 'header-unmapped', text: expect.stringContaining('"考核调节数"') }));
    const unread = doc.messages.filter((m) => m.rule === 'cell-unread');
    expect(unread.map((m) => m.text.split(': ').at(-1))).toEqual(['考核调节数', '191.85', '76.20', '60.00', '42.50', '13.15']);
    expect(unread.every((m) => /table 1, row \d+, column 6/.test(m.text))).toBe(true);
    // The amounts are still kept (under a positional key), never dropped.
    const [t] = r.budget_tables;
    expect(t!.lines.map((l) => l.amounts_raw.col6_wan)).toEqual(['76.20', '60.00', '42.50', '13.15']);
    expect(t).toMatchObject({ cells_total: r.cells_total, cells_read: r.cells_read });
  });

  it('an unknown header over a column with nothing printed under it loses nothing', async () => {
    const p = path.join(dir, 'blank-column.html');
    fs.writeFileSync(p, fs.readFileSync(budgetPage('tmp.html', null), 'utf8').replace('<td>项目支出</td></tr>', '<td>项目支出</td><td>备用</td></tr>'));
    const doc = await processFile(p);
    expect(doc.info.status).toBe('ok');
    expect(doc.record!.cells_read).toBe(doc.record!.cells_total);
    expect(doc.messages.filter((m) => m.rule === 'header-unmapped')).toEqual([]);
  });

  it('contents (目录) that list budget tables the file does not print: partial, and the reason says so', async () => {
    const contents = ['目录', '第一部分 部门概况', '第二部分 2025年部门预算表', '一、部门收支预算总表……3', '二、部门收入预算总表……4', '三、部门支出预算总表……5', '第三部分 名词解释'];
    const body = ['第一部分 部门概况', '示范县民政局负责全县民政工作。', '第三部分 名词解释', '财政拨款收入：指县级财政当年拨付的资金。'];
    const p = path.join(dir, 'contents-only.html');
    fs.writeFileSync(p, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>示范县民政局2025年部门预算</title></head><body>
<h1>示范县民政局2025年部门预算</h1>
${[...contents, ...body].map((t) => `<p>${t}</p>`).join('\n')}
</body></html>`);
    const doc = await processFile(p);
    expect(doc.info.status).toBe('partial');
    expect(doc.info.error).toBe('the contents (目录) list 3 budget tables; none is printed in the file (published separately?)');
    // With the tables printed, the contents raise nothing.
    const printed = path.join(dir, 'contents-and-table.html');
    fs.writeFileSync(printed, fs.readFileSync(budgetPage('t.html', null), 'utf8').replace('<h1>示范县民政局2025年部门预算</h1>', `<h1>示范县民政局2025年部门预算</h1><p>目录</p><p>一、部门支出预算总表……1</p>`));
    const ok = await processFile(printed);
    expect(ok.info.status).toBe('ok');
    expect(ok.messages.filter((m) => m.rule.startsWith('contents-'))).toEqual([]);
  });
});
