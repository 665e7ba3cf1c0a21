// Header vocabulary, amount units and the coverage audit, through the whole pipeline on small
// tab-separated text disclosures written here (the text reader turns tab rows into tables).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWan } from '../src/normalize/amounts.ts';
import { checkAmountScale } from '../src/normalize/checks.ts';
import type { NormProject } from '../src/records.ts';
import { processFile } from '../src/pipeline/process.ts';
import { amountUnitOf, headerForm, indicatorField } from '../src/recognize/headers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-audit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function disclosure(name: string, lines: string[][]): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `${lines.map((cells) => cells.join('\t')).join('\n')}\n`);
  return p;
}

const head = (valueHeader: string, unitLine: string | null, amounts: [string, string][]) => [
  ['示范县民政局2025年项目支出绩效目标表'],
  ...(unitLine ? [[unitLine]] : []),
  ['项目名称', '社区养老服务补助'],
  ...amounts.map(([l, v]) => [l, v]),
  ['年度绩效目标', '为1200名老年人提供上门服务'],
  ['一级指标', '二级指标', '三级指标', valueHeader, '分值权重'],
  ['产出指标', '数量指标', '服务人数', '≥1200人', '50'],
  ['满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%', '50'],
];

describe('coverage audit', () => {
  it('an unrecognized value column makes the document partial, with a message naming the column', async () => {
    const doc = await processFile(disclosure('lost-column.txt', head('考核标准值', '单位：万元', [['年度预算数', '410.00']])));
    expect(doc.info.status).toBe('partial');
    expect(doc.info.error).toContain('考核标准值');
    expect(doc.messages).toContainEqual(expect.objectContaining({ rule: 'header-unmapped', text: expect.stringContaining('"考核标准值"'), line: 6 }));
    // Each value that went nowhere is named with its location.
    const unread = doc.messages.filter((m) => m.rule === 'cell-unread');
    expect(unread.map((m) => m.text.split(': ').at(-1))).toEqual(['考核标准值', '≥1200人', '≥90%']);
    expect(unread.map((m) => m.line)).toEqual([6, 7, 8]);
    expect(doc.record!.cells_total).toBe(21);
    expect(doc.record!.cells_read).toBe(18);
    // The rows are kept; only the values are missing.
    expect(doc.record!.projects[0]!.indicators.map((i) => [i.level3, i.value_raw, i.weight])).toEqual([['服务人数', null, 50], ['服务对象满意度', null, 50]]);
  });

  it('the same table headed 年度(/项目)指标值 with amounts in 元 is read whole: ok, coverage 1, budget in 万元', async () => {
    const doc = await processFile(disclosure('yuan.txt', head('年度(/项目)指标值', null, [['项目资金（元）', '4,100,000.00'], ['其中：财政拨款', '4,100,000.00']])));
    expect(doc.info.status).toBe('ok');
    expect(doc.record!.cells_read).toBe(doc.record!.cells_total);
    const p = doc.record!.projects[0]!;
    expect(p).toMatchObject({ kind: 'project', amount_unit_raw: '元', budget_raw: '4,100,000.00', budget_wan: 410, fiscal_wan: 410 });
    expect(p.indicators.map((i) => [i.value_raw, i.weight])).toEqual([['≥1200人', 50], ['≥90%', 50]]);
    expect(doc.record!.agency_name).toBe('示范县民政局');
  });

  it('an amount in 元 with no unit printed is never silently read as 万元', async () => {
    const doc = await processFile(disclosure('no-unit.txt', head('指标值', null, [['年度预算数', '410,000.00']])));
    expect(doc.record!.projects[0]!.budget_wan).toBe(410000);
    expect(doc.messages).toContainEqual(expect.objectContaining({ rule: 'amount-unit-suspect', severity: 'warning', text: expect.stringContaining('is it in 元') }));
    // 410 亿元 for one project: implausible whatever the unit.
    const big = await processFile(disclosure('no-unit-big.txt', head('指标值', null, [['年度预算数', '4,100,000.00']])));
    expect(big.messages).toContainEqual(expect.objectContaining({ rule: 'amount-implausible', severity: 'warning' }));
  });

  it('a project budget larger than the department total, or 元 amounts implausibly small, are named', () => {
    const p = { project_seq: 1, project_name: 'p', kind: 'project', amount_unit_raw: null, budget_raw: '500', budget_wan: 500, fiscal_raw: null, fiscal_wan: null, other_raw: null, other_wan: null } as unknown as NormProject;
    expect(checkAmountScale(p, 1000)).toEqual([]);
    expect(checkAmountScale(p, 400).map((m) => m.rule)).toEqual(['amount-exceeds-department']);
    const small = { ...p, amount_unit_raw: '元', budget_raw: '41.00', budget_wan: 0.0041 } as NormProject;
    expect(checkAmountScale(small, null).map((m) => m.rule)).toEqual(['amount-unit-suspect']);
  });
});

describe('header vocabulary', () => {
  it('normalizes whitespace, full-width brackets, a trailing colon and a bracketed unit', () => {
    expect(headerForm('预算数（元）：')).toEqual({ form: '预算数', unit: '元' });
    expect(headerForm('权 重（%）')).toEqual({ form: '权重', unit: '%' });
    expect(headerForm('年度(/项目)指标值')).toEqual({ form: '年度(/项目)指标值', unit: null });
  });

  it('maps the synonyms of each indicator field, and nothing else', () => {
    const cases: [string, string | null][] = [
      ['年度指标值', 'value'], ['年度(/项目)指标值', 'value'], ['目标值', 'value'], ['预期目标', 'value'], ['指标目标值', 'value'], ['绩效指标值', 'value'],
      ['分值权重', 'weight'], ['权重', 'weight'], ['分值', 'weight'], ['指标分值', 'weight'], ['权重(%)', 'weight'], ['权重（%）', 'weight'],
      ['指标内容', 'description'], ['指标名称', 'level3'], ['计量单位', 'unit'], ['度量单位', 'unit'], ['指标性质', 'op'], ['计算符号', 'op'],
      ['运算符', 'op'], ['指标方向', 'direction'], ['备注', 'remark'], ['指标值确定依据', 'basis'], ['考核标准值', null],
      // Self-evaluations (绩效自评表, issue #15): the value achieved, the score, why it fell short.
      ['完成值', 'actual'], ['实际完成值', 'actual'], ['全年完成值', 'actual'], ['得分', 'score'], ['偏差原因分析及改进措施', 'deviation'], ['未完成原因分析', 'deviation'],
    ];
    expect(cases.map(([h]) => [h, indicatorField(h)])).toEqual(cases);
  });

  it('finds amount units printed anywhere', () => {
    expect(['单位：元', '金额单位：万元', '项目资金（千元）', '单位:亿元', '预算数'].map(amountUnitOf)).toEqual(['元', '万元', '千元', '亿元', null]);
    expect(parseWan('1,234.00', '千元').value).toBe(123.4);
    expect(parseWan('4100000', '元').value).toBe(410);
    expect(parseWan('41万元', '元').value).toBe(41); // a unit in the cell wins
  });
});
