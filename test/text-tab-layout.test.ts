// PDF-converted text (003, 004): one row per line with tab-separated cells; tables run over page
// breaks with repeated headers, running page headers and wrapped-cell tails.
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { extractText } from '../src/extract/text/index.ts';
import { blocks } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';
import { extractFixture, fixtureText, rowTexts, SEEDS, tableAfter, tables } from './text-helpers.ts';

describe('text extractor, tab-separated layout', () => {
  it('003: one indicator table per 绩效目标表 title, header repeats dropped', async () => {
    const { tree } = await extractFixture(SEEDS.s003);
    const raw = fixtureText(SEEDS.s003).split('\n');
    // one title is wrapped: `72、…(事业与企业差额)` and `绩效目标表` on the next line
    const titles = raw.filter((l) => !l.includes('\t') && /绩效目标表$/.test(l.trim()));
    expect(titles).toHaveLength(133);
    // the header line is printed more often than there are tables (page breaks repeat it)
    expect(raw.filter((l) => l.startsWith('一级指标\t')).length).toBeGreaterThan(133);
    const withHeader = tables(tree).filter((t) => rowTexts(t).some((r) => r[0] === '一级指标'));
    expect(withHeader).toHaveLength(133);
    for (const t of withHeader) expect(rowTexts(t).filter((r) => r[0] === '一级指标')).toHaveLength(1);
    const headings = blocks(tree).filter((b) => /^h\d$/.test(b.tagName) && /^\d+、.*绩效目标表$/.test(textOf(b)));
    expect(headings).toHaveLength(133);
    const wrapped = headings.find((h) => textOf(h).startsWith('72、'))!;
    expect(textOf(wrapped)).toBe('72、石家庄常山纺织集团纺织科技有限责任公司(原石家庄纺织研究所)统筹外代发项目:取暖费(事业与企业差额)绩效目标表');
    expect(wrapped.data?.source).toEqual({ line: 1479, endLine: 1481 });
  });

  it('003: the multi-page 支出总表 is one table with a single header and every numbered row', async () => {
    const { tree, file } = await extractFixture(SEEDS.s003);
    const t = tableAfter(tree, (s) => s === '部门预算支出总表');
    const rows = rowTexts(t);
    expect(rows.filter((r) => r[0] === '序号')).toHaveLength(1);
    expect(rows.filter((r) => r[0] === '栏次')).toHaveLength(1);
    const numbered = rows.filter((r) => /^\d+$/.test(r[0]!)).map((r) => Number(r[0]));
    expect(numbered).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
    expect(rows.find((r) => r[0] === '13')).toEqual(['13', '2080101', '行政运行', '2838.58', '2669.58', '169.00', '', '', '', '']);
    // the running page header printed again above the continuation is not left as paragraphs
    const after = blocks(tree);
    const i = after.indexOf(t);
    expect(textOf(after[i + 1]!)).toBe('部门预算财政拨款收支总表');
    expect(file.messages.some((m) => m.ruleId === 'page-header-repeat')).toBe(true);
    // rows keep the file's line numbers
    const tr = t.children.find((r) => textOf((r as typeof t).children[0] as typeof t) === '39') as typeof t;
    expect(tr.data?.source).toEqual({ line: 217 });
  });

  it('003: a header repeat whose words drift between cells is still recognised', async () => {
    const { tree } = await extractFixture(SEEDS.s003);
    const t = tableAfter(tree, (s) => s === '部门预算一般公共预算财政拨款支出表');
    const rows = rowTexts(t);
    expect(rows.filter((r) => r[0] === '序号')).toHaveLength(1);
    expect(rows.filter((r) => r[0] === '档次' || r[0] === '栏次')).toHaveLength(1);
    expect(rows.filter((r) => /^\d+$/.test(r[0]!)).map((r) => Number(r[0]))).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
  });

  it('003: merges a wrapped-cell tail into the cell above, in the same column', async () => {
    const { tree } = await extractFixture(SEEDS.s003);
    const t = tableAfter(tree, (s) => s === '部门预算财政拨款收支总表');
    const rows = rowTexts(t);
    expect(rows.find((r) => r[0] === '15')?.[3]).toBe('十五、资源勘探工业信息等支出');
    expect(rows.some((r) => r.filter((c) => c).join('') === '出')).toBe(false);
    const law = tableAfter(tree, (s) => s === '11、法制宣传经费绩效目标表');
    const last = rowTexts(law).at(-1)!;
    expect(last).toEqual(['满意度指标', '服务对象满意度指标', '群众满意度', '在全市“窗口单位群众满意度评价”中取得好的成绩', '≥95%', '满意度调查']);
  });

  it('003: drops a tail that only repeats the end of the cell above', async () => {
    const { tree, file } = await extractFixture(SEEDS.s003);
    const t = tableAfter(tree, (s) => s.startsWith('14、高校毕业生到农村基层创业生活补贴资金'));
    const rows = rowTexts(t);
    expect(rows.at(-1)![5]).toBe('《关于印发石家庄市创业扶持资金管理暂行办法的通知》石财规〔2019〕4号');
    expect(rows.some((r) => r.filter((c) => c).join('') === '通知》石财规〔2019〕4号')).toBe(false);
    expect(file.messages.some((m) => m.ruleId === 'wrapped-cell-tail' && /repeats/.test(m.reason))).toBe(true);
  });

  it('003: table-of-contents lines are paragraphs, not a table or headings', async () => {
    const { tree } = await extractFixture(SEEDS.s003);
    const toc = blocks(tree).filter((b) => /\.{3,} \d+$/.test(textOf(b)));
    expect(toc.length).toBe(18);
    for (const b of toc) expect(b.tagName).toBe('p');
  });

  it('004: 批复表 rows stay as printed, one row per tab line, with their line numbers', async () => {
    const { tree } = await extractFixture(SEEDS.s004);
    const raw = fixtureText(SEEDS.s004).split('\n');
    const ts = tables(tree);
    expect(ts).toHaveLength(1);
    const trs = ts[0]!.children as (typeof ts)[0][];
    expect(trs).toHaveLength(raw.filter((l) => l.includes('\t')).length);
    for (const tr of trs) {
      const line = tr.data!.source!.line!;
      const printed = raw[line - 1]!.split('\t');
      expect(tr.children).toHaveLength(printed.length);
    }
    const rows = rowTexts(ts[0]!);
    expect(rows[0]).toEqual(['单位名称', '项目名称', '项目类别', '预算数(万元)', '绩效目标', '一级指标', '二级指标', '三级指标', '绩效指标性质', '绩效指标值', '度量单位', '分值权重']);
    // a row whose cells drifted left (merged cells dropped) keeps its cells in order
    const drifted = trs.find((tr) => tr.data!.source!.line === 22)!;
    expect(rowTexts({ ...ts[0]!, children: [drifted] })[0]!.slice(0, 3)).toEqual(['630123000 24T000000 374-就业联络员补助县配资金', '3-特定目标类', '23.10']);
    expect(blocks(tree)[0]).toMatchObject({ tagName: 'h3' });
  });

  it('form feeds are page breaks: hr nodes, page count, and the table still joined', async () => {
    const { tree, pages } = await extractFixture('ff-003-income-table.txt');
    expect(pages).toBe(5);
    const hrs = blocks(tree).filter((b) => b.tagName === 'hr');
    expect(hrs.map((h) => h.data?.source?.page)).toEqual([2, 3, 4, 5]);
    expect(hrs.every((h) => h.properties?.dataPageBreak === true)).toBe(true);
    const ts = tables(tree);
    expect(ts).toHaveLength(1);
    const rows = rowTexts(ts[0]!);
    expect(rows.filter((r) => r[0] === '序号')).toHaveLength(1);
    expect(rows.filter((r) => /^\d+$/.test(r[0]!))).toHaveLength(44);
  });
});

describe('text extractor, tab-separated layout, continuation titles', () => {
  it('joins a continuation whose page repeats the table title marked (续)', async () => {
    const raw = fixtureText(SEEDS.s003).split('\n');
    // 003 repeats the unit/year lines above the continuation of 部门预算支出总表 (line 208);
    // other documents also repeat the title with a (续) mark.
    const at = raw.findIndex((l, i) => i > 200 && l.startsWith('323 '));
    raw.splice(at, 0, '部门预算支出总表（续）', '');
    const { tree } = await extractText({ path: 'x.txt', bytes: new TextEncoder().encode(raw.join('\n')) }, new VFile());
    const t = tableAfter(tree, (s) => s === '部门预算支出总表');
    expect(rowTexts(t).filter((r) => /^\d+$/.test(r[0]!))).toHaveLength(44);
    expect(blocks(tree).some((b) => textOf(b) === '部门预算支出总表(续)')).toBe(false);
  });
});
