// Borderless tables with left-aligned columns (src/extract/pdf/aligned.ts): labels printed once,
// centred on the rows they span, become merged cells; prose whose words happen to line up does not
// become a table. Words are laid out here as the text layer gives them (display space, 10 pt).
import { describe, expect, it } from 'vitest';
import { findAlignedTables } from '../src/extract/pdf/aligned.ts';
import { buildLines } from '../src/extract/pdf/lines.ts';
import type { Word } from '../src/extract/pdf/types.ts';

const SIZE = 10;
/** A word at left edge x with its top at y, CJK characters a full em wide, others half. */
function word(text: string, x: number, y: number): Word {
  const edges = [x];
  for (const ch of text) edges.push(edges[edges.length - 1]! + (/[\x00-\x7f]/.test(ch) ? SIZE / 2 : SIZE));
  return { text, x0: x, x1: edges[edges.length - 1]!, top: y, bottom: y + SIZE, base: y + SIZE * 0.88, size: SIZE, edges };
}

/** Rows of [x, text] at a 19-pt pitch from y = 100; a row given as { at, cells } sits at its own y. */
function page(rows: ([number, string][] | { at: number; cells: [number, string][] })[]): Word[] {
  return rows.flatMap((r, i) => {
    const y = Array.isArray(r) ? 100 + 19 * i : r.at;
    return (Array.isArray(r) ? r : r.cells).map(([x, t]) => word(t, x, y));
  });
}

const grid = (t: ReturnType<typeof findAlignedTables>['tables'][number]) =>
  t.rows.map((r) => r.map((c) => `${c.text}${c.rowSpan > 1 ? `↓${c.rowSpan}` : ''}${c.colSpan > 1 ? `→${c.colSpan}` : ''}`).join(' | '));

describe('left-aligned borderless tables', () => {
  it('labels centred on their rows become merged cells, the deepest level first', () => {
    const words = page([
      [[40, '一级指标'], [160, '二级指标'], [280, '三级指标'], [430, '指标值']],
      [[280, '上门服务人数'], [430, '≥1200人']],
      [[280, '新建中心数量'], [430, '3个']],
      [[280, '核查准确率'], [430, '≥98%']],
      [[40, '满意度指标'], [160, '服务对象满意度指标'], [280, '服务对象满意度'], [430, '≥90%']],
      // 数量指标 centred on rows 1-2 (a line of its own), 产出指标 on rows 1-3 (on the middle row's line).
      { at: 100 + 19 * 1.5, cells: [[160, '数量指标']] },
      { at: 100 + 19 * 3, cells: [[160, '质量指标']] },
      { at: 100 + 19 * 2, cells: [[40, '产出指标']] },
    ]);
    const { tables, rest } = findAlignedTables(buildLines(words), 1);
    expect(rest).toEqual([]);
    expect(tables).toHaveLength(1);
    expect(grid(tables[0]!)).toEqual([
      '一级指标 | 二级指标 | 三级指标 | 指标值',
      '产出指标↓3 | 数量指标↓2 | 上门服务人数 | ≥1200人',
      '新建中心数量 | 3个',
      '质量指标 | 核查准确率 | ≥98%',
      '满意度指标 | 服务对象满意度指标 | 服务对象满意度 | ≥90%',
    ]);
  });

  it('a value and the next column closer than the usual gap are cut at the column', () => {
    const words = page([
      [[40, '名称'], [160, '指标值'], [230, '分值']],
      [[40, '甲'], [160, '≥1200'], [196, '人'], [230, '20']],
      [[40, '乙'], [160, '3个'], [230, '10']],
      [[40, '丙'], [160, '≥98%'], [230, '10']],
    ]);
    const { tables } = findAlignedTables(buildLines(words), 1);
    expect(grid(tables[0]!)[1]).toBe('甲 | ≥1200人 | 20');
  });

  it('prose and a two-column list stay text', () => {
    const prose = page([
      [[40, '一、部门主要职责'], [200, '负责全县民政工作']],
      [[40, '二、机构设置'], [200, '内设机构五个']],
      [[40, '三、人员情况'], [200, '在职人员']],
      [[40, '四、预算情况'], [200, '本年收入']],
    ]);
    const { tables, rest } = findAlignedTables(buildLines(prose), 1);
    expect(tables).toEqual([]);
    expect(rest).toHaveLength(4);
  });
});
