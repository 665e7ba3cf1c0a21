import fs from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../src/extract/docx/index.ts';
import { tableGrid, tableRows } from '../src/ir/grid.ts';
import { blocks, sourceOf } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';
import { messageRecords } from '../src/messages.ts';

const dir = path.join(import.meta.dirname, 'fixtures/docx');

async function extract(name: string): Promise<{ tree: Root; file: VFile }> {
  const file = new VFile({ path: name });
  const bytes = new Uint8Array(fs.readFileSync(path.join(dir, name)));
  const { tree } = await extractDocx({ path: name, bytes }, file);
  return { tree, file };
}

const tablesOf = (tree: Root) => blocks(tree).filter((b) => b.tagName === 'table');
const gridText = (t: Element) => tableGrid(t).map((r) => r.map((c) => c.text));
const allText = (tree: Root) => blocks(tree).map((b) => textOf(b)).join('\n');

describe('DOCX extractor on a real sample (000)', () => {
  it('keeps headings, paragraphs and tables as top-level blocks with their source', async () => {
    const { tree } = await extract('000_8673c46da405b13e.docx');
    const top = blocks(tree);
    expect(top[0]!.tagName).toBe('h1');
    expect(textOf(top[0]!)).toBe('沧县就业服务局本级');
    top.forEach((b, i) => expect(sourceOf(b)?.index).toBe(i));
    const tables = tablesOf(tree);
    expect(tables.map((t) => sourceOf(t)?.table)).toEqual(tables.map((_, i) => i));
    const paras = top.filter((b) => b.tagName !== 'table');
    expect(paras.map((p) => sourceOf(p)?.paragraph)).toEqual(paras.map((_, i) => i));
  });

  it('reads merged cells and multi-paragraph cells of a 绩效目标表', async () => {
    const { tree } = await extract('000_8673c46da405b13e.docx');
    const target = tablesOf(tree).find((t) => textOf(t).includes('资金支出计划'))!;
    const grid = tableGrid(target);
    const plan = grid.findIndex((r) => r[0]!.text === '资金支出计划（%）');
    expect(grid[plan]![0]!.rowSpan).toBe(2);
    expect(grid[plan + 1]![0]!.origin).toBe(false);
    expect(grid[plan]!.map((c) => c.text)).toEqual(['资金支出计划（%）', '3月底', '6月底', '6月底', '10月底', '12月底', '12月底']);
    const goals = grid.find((r) => r[0]!.text === '绩效目标')!;
    expect(goals[1]!.colSpan).toBe(6);
    expect(goals[1]!.text.split('\n')).toEqual(['1.劳务派遣5人充实办公力量', '2.为5名工作人员发放劳务费', '3.落实好各项工作，服务办事群众']);
    // Cells hold plain text, not nested paragraphs.
    for (const tr of tableRows(target)) {
      for (const td of tr.children) expect((td as Element).children.every((c) => c.type === 'text')).toBe(true);
    }
  });

  it('keeps a 67-row vertical merge of a 批复表 (004)', async () => {
    const { tree } = await extract('004_c2ed7faebcfb9906.docx');
    const [t] = tablesOf(tree);
    const grid = tableGrid(t!);
    const unit = grid.findIndex((r) => r[0]!.text.startsWith('723001'));
    expect(grid[unit]![0]!.rowSpan).toBe(67);
    expect(grid[unit + 66]![0]!.text).toBe(grid[unit]![0]!.text);
    // Every row is as wide as the header.
    for (const r of grid) expect(r.length).toBe(12);
  });
});

describe('DOCX merged cells that mammoth alone gets wrong', () => {
  it('keeps vertical merges when a bookmark sits between rows', async () => {
    const { tree } = await extract('merged-cells.docx');
    const grid = tableGrid(tablesOf(tree)[0]!);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([
      ['一级指标', '二级指标', '三级指标', '指标值'],
      ['产出指标', '数量指标', '培训人数', '≥500人'],
      ['产出指标', '数量指标', '培训次数', '≥5次'],
      ['产出指标', '质量指标', '合格率', '100%'],
      ['效益指标', '社会效益指标：就业率', '社会效益指标：就业率', '≥90%'],
    ]);
    expect(grid[1]![0]!.rowSpan).toBe(3);
    expect(grid[1]![1]!.rowSpan).toBe(2);
    expect(grid[4]![1]!.colSpan).toBe(2);
  });

  it('places rows with w:gridBefore, legacy w:hMerge and rows inside content controls', async () => {
    const { tree } = await extract('merged-cells.docx');
    const grid = tableGrid(tablesOf(tree)[1]!);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([
      ['甲', '乙', '丙'],
      ['', '乙2', '丙2'],
      ['', '乙2', '丙3'],
      ['横向合并', '横向合并', '丙4'],
      ['控件行', '乙5', '丙5'],
      ['控件行', '乙6', '丙6'],
    ]);
    expect(grid[1]![1]!.rowSpan).toBe(2);
    expect(grid[3]![0]!.colSpan).toBe(2);
    expect(grid[4]![0]!.rowSpan).toBe(2);
  });

  it("joins a cell's paragraphs and line breaks with '\\n' and keeps text of covered cells", async () => {
    const { tree, file } = await extract('merged-cells.docx');
    const grid = gridText(tablesOf(tree)[2]!);
    expect(grid[0]![1]).toBe('1.完成培训任务\n2.提高就业率\n3.第一行\n第二行');
    expect(grid[1]![0]).toBe('备注\n遗留文字');
    expect(file.messages.some((m) => m.ruleId === 'docx-covered-cell-text')).toBe(true);
  });

  it('flattens a nested table into its cell and unwraps a one-column frame table', async () => {
    const { tree, file } = await extract('merged-cells.docx');
    const tables = tablesOf(tree);
    expect(gridText(tables[3]!)).toEqual([['外层', '内嵌表：\n子1 | 子2\n子3 | 子4'], ['末行', '值']]);
    expect(file.messages.some((m) => m.ruleId === 'docx-nested-table')).toBe(true);
    // The frame's content became top-level blocks: its caption, then the data table.
    expect(tables).toHaveLength(7);
    const frameTable = tables[4]!;
    expect(gridText(frameTable)).toEqual([['名称', '金额'], ['办公费', '12.50']]);
    const at = sourceOf(frameTable)!.index!;
    const [before, after] = [blocks(tree)[at - 1]!, blocks(tree)[at + 1]!];
    expect([before.tagName, textOf(before), after.tagName, textOf(after)]).toEqual(['p', '框架标题', 'p', '框架脚注']);
  });
});

describe('DOCX text boxes', () => {
  it('reads DrawingML text boxes that have no VML fallback, once, after their paragraph', async () => {
    const { tree } = await extract('text-boxes.docx');
    expect(blocks(tree).map((b) => textOf(b))).toEqual([
      '正文开头', '单位：', '沧县就业服务局', '单位：万元', '兼容分支', '仅有选择分支', '正文结尾',
    ]);
  });
});

describe('DOCX namespace prefixes', () => {
  it('reads a document that binds WordprocessingML to another prefix exactly like the w: one', async () => {
    const a = await extract('merged-cells.docx');
    const b = await extract('merged-cells-prefix.docx');
    expect(tablesOf(b.tree).map(gridText)).toEqual(tablesOf(a.tree).map(gridText));
    expect(tablesOf(b.tree).map((t) => tableGrid(t).map((r) => r.map((c) => [c.rowSpan, c.colSpan]))))
      .toEqual(tablesOf(a.tree).map((t) => tableGrid(t).map((r) => r.map((c) => [c.rowSpan, c.colSpan]))));
    expect(b.file.messages.some((m) => m.ruleId === 'docx-untagged-cell')).toBe(false);
  });
});

describe('DOCX written by LibreOffice from an HTML table with rowspan/colspan', () => {
  it('reads its merged cells and multi-paragraph cells', async () => {
    const { tree } = await extract('libreoffice-merged.docx');
    const [title, t] = blocks(tree);
    expect([title!.tagName, textOf(title!)]).toEqual(['h2', '1.2023年职业技能培训补贴绩效目标表']);
    const grid = tableGrid(t!);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([
      ['一级指标', '二级指标', '三级指标', '指标值'],
      ['产出指标', '数量指标', '培训人数', '≥500人'],
      ['产出指标', '数量指标', '培训批次', '≥5次'],
      ['产出指标', '时效指标', '完成时间', '2023年12月底前'],
      ['效益指标', '社会效益指标', '社会效益指标', '就业率提高\n≥90%'],
      ['绩效目标', '1.完成培训任务\n2.提高就业率', '1.完成培训任务\n2.提高就业率', '1.完成培训任务\n2.提高就业率'],
    ]);
    expect([grid[1]![0]!.rowSpan, grid[1]![1]!.rowSpan, grid[4]![1]!.colSpan, grid[5]![1]!.colSpan]).toEqual([3, 2, 2, 3]);
  });
});

describe('DOCX rows covered entirely by merges', () => {
  it('keeps the empty row so later rows stay in place', async () => {
    const { tree } = await extract('merged-cells.docx');
    const t = tablesOf(tree)[5]!;
    expect(gridText(t)).toEqual([['甲', '乙'], ['甲', '乙'], ['丙', '丁']]);
    expect(tableGrid(t)[1]!.every((c) => !c.origin)).toBe(true);
  });

  it('keeps a continuing cell on its own when the cell above it does not start in its column', async () => {
    const { tree } = await extract('merged-cells.docx');
    const grid = tableGrid(tablesOf(tree)[6]!);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([['甲', '乙'], ['横跨', '横跨'], ['丙', '丁']]);
    expect(grid[0]![1]!.rowSpan).toBe(1);
  });
});

describe('DOCX revisions, fields, bookmarks, comments and notes', () => {
  it('keeps field results and inserted text, drops field codes, deletions, comments and note markers', async () => {
    const { tree } = await extract('revisions.docx');
    const paras = blocks(tree).filter((b) => b.tagName === 'p').map((b) => textOf(b));
    expect(paras).toContain('项目名称：就业补助资金');
    expect(paras).toContain('单位：人社局');
    expect(paras).toContain('预算数：25.59');
    expect(paras).toContain('资金新增合计');
    expect(paras).toContain('备注说明');
    expect(paras).toContain('保留移入的文字');
    expect(paras).toContain('见说明');
    expect(paras).toContain('负责人：张三');
    const text = allText(tree);
    for (const leak of ['MERGEFIELD', 'DOCPROPERTY', '删除的文字', '批注内容', '移走的文字', '[1]', '↑', 'zhāng']) {
      expect(text).not.toContain(leak);
    }
  });

  it('drops tracked-deleted table rows and merges across them; a deleted paragraph mark stays in its cell', async () => {
    const { tree } = await extract('revisions.docx');
    const grid = tableGrid(tablesOf(tree)[0]!);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([
      ['指标', '值'], ['产出指标', '≥10人'], ['产出指标', '≥20次'], ['本格末段', '后一格'],
    ]);
    expect(grid[1]![0]!.rowSpan).toBe(2);
    // Outside tables a deleted paragraph mark joins the paragraph with the next one, as Word shows it.
    expect(blocks(tree).map((b) => textOf(b))).toContain('标题前半与后半合并');
  });
});

describe('DOCX images and elements the converter does not know', () => {
  it('says how many images were skipped and which elements were ignored, once per kind', async () => {
    const { tree, file } = await extract('images-unknown-elements.docx');
    expect(allText(tree)).toContain('（盖章）');
    const records = messageRecords(file);
    const images = records.filter((m) => m.rule === 'docx-image-skipped');
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ severity: 'info', stage: 'extract' });
    expect(images[0]!.text).toMatch(/^2 images skipped/);
    const ignored = records.filter((m) => m.rule === 'docx-element-ignored');
    expect(ignored).toHaveLength(1);
    expect(ignored[0]!.severity).toBe('warning');
    expect(ignored[0]!.text).toContain('w:dir');
    expect(ignored[0]!.text).toContain('w:ptab');
  });

  it('does not report the heading marker styles it adds itself, nor images where there are none', async () => {
    const { file } = await extract('000_8673c46da405b13e.docx');
    const records = messageRecords(file);
    expect(records.some((m) => m.text.includes('_outline'))).toBe(false);
    expect(records.some((m) => m.rule === 'docx-image-skipped')).toBe(false);
    // The sample's LibreOffice paragraph styles are unknown to mammoth: one info message.
    const styles = records.filter((m) => m.rule === 'docx-style-unknown');
    expect(styles).toHaveLength(1);
    expect(styles[0]).toMatchObject({ severity: 'info' });
    expect(styles[0]!.text).toContain('Table Contents');
  });
});
