// Word-exported text (000, 001, 002): one cell per tab-prefixed line, rows ended by empty lines,
// bookmarks and TC field codes in headings.
import { describe, expect, it } from 'vitest';
import { blocks } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';
import { extractFixture, fixtureText, rowTexts, SEEDS, tableAfter, tables } from './text-helpers.ts';

/** Titles of performance-target tables as printed (markup and field codes removed by hand here). */
function printedTargetTitles(raw: string): string[] {
  return raw.split('\n')
    .map((l) => l.replace(/\[bookmark:[^\]]*\]/g, '').replace(/\sTC\s.*$/, '').trim())
    .filter((l) => !l.startsWith('\t') && /绩效目标表$/.test(l));
}

function indicatorTableCount(tree: Parameters<typeof tables>[0]): number {
  return tables(tree).filter((t) => rowTexts(t).some((r) => r[0] === '一级指标')).length;
}

describe('text extractor, Word-exported layout', () => {
  it.each([
    [SEEDS.s000, 9],
    [SEEDS.s001, 40],
    [SEEDS.s002, 24],
  ])('%s: one indicator table per printed 绩效目标表 title (%i)', async (name, expected) => {
    const { tree } = await extractFixture(name);
    expect(printedTargetTitles(fixtureText(name))).toHaveLength(expected);
    expect(indicatorTableCount(tree)).toBe(expected);
    const headings = blocks(tree).filter((b) => /^h\d$/.test(b.tagName) && /绩效目标表$/.test(textOf(b)));
    expect(headings).toHaveLength(expected);
  });

  it('leaves no bookmark or field code in any text', async () => {
    for (const name of [SEEDS.s000, SEEDS.s001, SEEDS.s002]) {
      const { tree } = await extractFixture(name);
      const all = textOf(tree);
      expect(all).not.toContain('[bookmark:');
      expect(all).not.toMatch(/\\[fl] /);
      expect(all).not.toMatch(/\sTC\s/);
    }
  });

  it('turns TC-field lines into headings without the field', async () => {
    const { tree } = await extractFixture(SEEDS.s002);
    const h = blocks(tree).find((b) => textOf(b) === '一、总体绩效目标');
    expect(h?.tagName).toBe('h2');
    const title = blocks(tree).find((b) => textOf(b) === '1.小额贷款担保基金绩效目标表');
    expect(title?.tagName).toMatch(/^h\d$/);
    expect(title?.data?.source).toEqual({ line: 106 });
  });

  it('reads a project header table with its cells as printed and their lines', async () => {
    const { tree } = await extractFixture(SEEDS.s000);
    const t = tableAfter(tree, (s) => s === '1.2022年服务外包劳务费绩效目标表');
    const rows = rowTexts(t);
    expect(rows[0]).toEqual(['320001沧县就业服务局本级', '单位:万元']);
    expect(rows[1]).toEqual(['项目编码', '13092122P00320410001B', '项目名称', '2022年服务外包劳务费']);
    // layout spaces inside Chinese removed, NFKC applied; the empty 其他资金 cell stays empty
    expect(rows[2]).toEqual(['预算规模及资金用途', '预算数', '25.59', '其中:财政资金', '25.59', '其他资金', '']);
    expect(rows[4]).toEqual(['资金支出计划(%)', '3月底', '6月底', '10月底', '12月底']);
    // a cell continued on lines without a tab keeps its line breaks
    expect(rows[6]).toEqual(['绩效目标', '1.劳务派遣5人充实办公力量\n2.为5名工作人员发放劳务费\n3.落实好各项工作,服务办事群众']);
    const tr = t.children[1] as typeof t;
    expect(tr.data?.source).toEqual({ line: 119, endLine: 122 });
    const goal = (t.children[6] as typeof t).children[1] as typeof t;
    expect(goal.data?.source).toEqual({ line: 148, endLine: 150 });
  });

  it('joins cell paragraphs separated by empty paragraphs (numbered goals)', async () => {
    const { tree } = await extractFixture(SEEDS.s000);
    const t = tableAfter(tree, (s) => s.endsWith('关于提前下达2022年中央就业补助资金的通知绩效目标表'));
    const goals = rowTexts(t).find((r) => r[0] === '绩效目标');
    expect(goals?.[1]).toBe('1.补助资金按规定用于我县各项补贴支出\n2.保持我县就业局势总体稳定。\n3.完善各项就业创业政策,确保政策享受对象及时得到补贴资金支持。');
    const { tree: t2 } = await extractFixture(SEEDS.s002);
    const all = tables(t2).flatMap(rowTexts);
    expect(all.find((r) => r[0] === '绩效目标' && r[1]!.startsWith('1.提高劳动者维权意识'))?.[1])
      .toBe('1.提高劳动者维权意识,每年至少一次下乡劳动监察。\n2.维护社会稳定,案件结案率达80%以上。');
  });

  it('keeps indicator rows whole when a cell ends in empty paragraphs', async () => {
    for (const name of [SEEDS.s000, SEEDS.s001, SEEDS.s002]) {
      const { tree } = await extractFixture(name);
      for (const t of tables(tree)) {
        const rows = rowTexts(t);
        const h = rows.findIndex((r) => r[0] === '一级指标');
        if (h < 0) continue;
        for (const r of rows.slice(h)) expect(r).toHaveLength(6);
      }
    }
    const { tree } = await extractFixture(SEEDS.s001);
    const rows = tables(tree).flatMap(rowTexts);
    expect(rows).toContainEqual(['', '质量指标', '符合条件贫困人员参保率(≥**%)', '符合条件贫困人员参保率', '100%', '符合条件贫困人员参保率(≥**%)']);
  });

  it('keeps a row that begins under a vertically merged cell as an empty first cell', async () => {
    const { tree } = await extractFixture(SEEDS.s000);
    const t = tables(tree).find((x) => rowTexts(x)[0]?.[0] === '一级指标')!;
    expect(rowTexts(t)[2]).toEqual(['', '质量指标', '完成率', '工作任务完成比例', '≥98百分比', '根据工作要求']);
  });
});
