// Department-wide target tables (部门整体绩效目标表) that print their budget as 基本支出 / 项目支出 and a
// 基本信息 row: the parts get their own fields, the total is their sum only when none is printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processFile } from '../src/pipeline/process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'department-split-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function disclosure(name: string, amounts: string[][]): string {
  const p = path.join(dir, name);
  const lines = [
    ['示范县民政局2025年部门整体绩效目标表'],
    ['部门名称', '示范县民政局'],
    ['基本信息', '财政供养人员数', '86', '下属二级单位数', '3'],
    ...amounts,
    ['总体绩效目标', '保障全县困难群众基本生活'],
    ['一级指标', '二级指标', '三级指标', '指标值', '分值权重'],
    ['产出指标', '数量指标', '救助人数', '≥1200人', '50'],
    ['满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%', '50'],
  ];
  fs.writeFileSync(p, `${lines.map((cells) => cells.join('\t')).join('\n')}\n`);
  return p;
}

describe('department budget split', () => {
  it('parts in 元 with no total: both kept and converted, budget_wan is their sum with an info message', async () => {
    const doc = await processFile(disclosure('parts.txt', [['预算金额（元）', '基本支出', '9,522,400.00'], ['', '项目支出', '14,283,600.00']]));
    const p = doc.record!.projects[0]!;
    expect(p).toMatchObject({ kind: 'department', basic_raw: '9,522,400.00', basic_wan: 952.24, project_raw: '14,283,600.00', project_wan: 1428.36, budget_raw: null, budget_wan: 2380.6 });
    expect(p.basic_info).toBe('财政供养人员数 | 86 | 下属二级单位数 | 3');
    expect(doc.messages).toContainEqual(expect.objectContaining({ rule: 'budget-from-parts', severity: 'info' }));
    expect(doc.record!.cells_read).toBe(doc.record!.cells_total);
  });

  it('a printed total stays the budget (the parts beside it are not summed over it)', async () => {
    const doc = await processFile(disclosure('total.txt', [['预算总额', '2400.00'], ['基本支出', '952.24'], ['项目支出', '1428.36']]));
    const p = doc.record!.projects[0]!;
    expect(p).toMatchObject({ budget_raw: '2400.00', budget_wan: 2400, basic_wan: 952.24, project_wan: 1428.36 });
    expect(doc.messages.some((m) => m.rule === 'budget-from-parts')).toBe(false);
  });

  it('the 广东 form\'s further splits (事业发展性支出, 按预算级次划分) get their fields, in 元 → 万元; an empty optional task block is read', async () => {
    const doc = await processFile(disclosure('gd-splits.txt', [
      ['预算整体情况', '部门预算支出', '预算金额（元）', '收入来源', '预算金额（元）'],
      ['', '基本支出', '9,522,400.00', '财政拨款', '23,806,000.00'],
      ['', '项目支出', '14,283,600.00', '其他资金', '0.00'],
      ['', '事业发展性支出', '预算金额（元）', '按预算级次划分', '预算金额（元）'],
      ['', '财政专项资金', '12,000,000.00', '县本级使用资金', '10,283,600.00'],
      ['', '其他事业发展性支出', '2,283,600.00', '拟用于对下转移支付资金', '4,000,000.00'],
      ['其他需完成的任务（可选填）', '', '', '', ''],
    ]));
    const p = doc.record!.projects[0]!;
    expect(p).toMatchObject({
      kind: 'department', basic_wan: 952.24, project_wan: 1428.36, budget_wan: 2380.6, fiscal_wan: 2380.6, other_wan: 0,
      special_funds_raw: '12,000,000.00', special_funds_wan: 1200, other_dev_raw: '2,283,600.00', other_dev_wan: 228.36,
      own_level_raw: '10,283,600.00', own_level_wan: 1028.36, transfer_down_raw: '4,000,000.00', transfer_down_wan: 400,
    });
    // Printed blank: no value, not zero.
    expect(p.dev_spend_wan ?? null).toBeNull();
    expect(doc.messages.filter((m) => m.severity !== 'info' && !/region/.test(m.rule ?? '')).map((m) => m.text)).toEqual([]);
    expect(doc.record!.cells_read).toBe(doc.record!.cells_total);
  });

  const real = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'real', 'gd-zhanjiang-hrss-2023-dept-overall-perf-targets.xlsx');
  if (!fs.existsSync(real)) console.warn(`skipped: real 部门整体绩效目标表 not found at ${real}`);
  it.skipIf(!fs.existsSync(real))('a real 部门整体绩效目标表 (xlsx): its split and 基本信息 are read, the total is their sum', async () => {
    const doc = await processFile(real);
    const p = doc.record!.projects.find((x) => x.kind === 'department')!;
    expect(p.basic_wan).not.toBeNull();
    expect(p.project_wan).not.toBeNull();
    expect(p.budget_wan).toBeCloseTo(p.basic_wan! + p.project_wan!, 6);
    expect(p.basic_info).toContain('财政供养人员数');
    expect(doc.messages.filter((m) => m.rule === 'cell-unread').map((m) => m.text)).not.toContainEqual(expect.stringMatching(/基本支出|项目支出|基本信息/));
  });
});
