// Budget tables printed without borders, amounts right-aligned (src/extract/pdf/right-aligned.ts),
// on the invented disclosure made by test/fixtures/pdf/make-borderless-budget-pdf.mjs: the loaded
// lines must equal the rows the generator computed and wrote beside the PDF.
import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../src/extract/pdf/index.ts';
import { tableGrid } from '../src/ir/grid.ts';
import { blocks } from '../src/ir/nodes.ts';
import { processBytes } from '../src/pipeline/process.ts';
import type { NormBudgetTable, ProcessedDocument } from '../src/records.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/pdf');
const FILE = path.join(FIXTURES, 'borderless-budget-tables.pdf');
type Amounts = Record<string, number | null>;
type Expected = Record<string, { unit: string; lines: ({ code: string; name: string } & Amounts)[]; total?: Amounts }>;
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'borderless-budget-tables.expected.json'), 'utf8')) as Expected;

let doc: Promise<ProcessedDocument> | undefined;
const processed = () => (doc ??= processBytes(FILE, new Uint8Array(fs.readFileSync(FILE))));
const table = async (name: string): Promise<NormBudgetTable> => {
  const t = (await processed()).record?.budget_tables.find((x) => x.table_name === name && x.main);
  if (!t) throw new Error(`no main table ${name}`);
  return t;
};
const yuanToWan = (raw: string) => Number(raw.replace(/,/g, '')) / 10000;

describe('borderless budget tables with right-aligned amounts (PDF)', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`${name} (${want.unit}): every row, code, name and amount as the generator computed, blanks null`, async () => {
      const t = await table(name);
      expect(t.unit_raw).toBe(want.unit);
      const keys = Object.keys(want.lines[0]!).filter((k) => k.endsWith('_wan'));
      const got = t.lines.map((l) => ({ code: l.code, name: l.name, ...Object.fromEntries(keys.map((k) => [k, l.amounts_wan[k] ?? null])) }));
      const close = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
      expect(got.map((g) => Object.fromEntries(Object.entries(g).map(([k, v]) => [k, typeof v === 'number' ? close(v) : v]))))
        .toEqual(want.lines);
      if (want.total) {
        expect(Object.fromEntries(Object.keys(want.total).map((k) => [k, yuanToWan(t.total_raw![k]!)]))).toEqual(want.total);
      }
    });
  }

  it('a wrapped name is one cell, a blank amount is an empty cell in its own column, a merged head spans its sub-columns', async () => {
    const ex = await extractPdf({ path: FILE, bytes: new Uint8Array(fs.readFileSync(FILE)) }, new VFile({ path: FILE }));
    const grids = blocks(ex.tree).filter((b) => b.tagName === 'table').map((b) => tableGrid(b).map((r) => r.map((c) => c.text)));
    const headed = (word: string) => grids.find((g) => g[0]!.includes(word))!;
    const [income, spending, basic] = [headed('本年收入'), headed('基本支出'), headed('人员经费')];
    // The 收入总表 runs over two pages: one table (its header printed once).
    expect(income.filter((r) => r[0] === '2010301')).toHaveLength(1);
    expect(income).toHaveLength(2 + expected['收入总表']!.lines.length + 1);
    // So does the 支出总表, though its text | amount column boundary falls elsewhere in the gap on each page.
    expect(grids.filter((g) => g.some((r) => r[0] === '2010301'))).toHaveLength(2);
    expect(spending).toHaveLength(1 + expected['支出总表']!.lines.length);
    expect(income.slice(0, 2)).toEqual([
      ['科目编码', '科目名称', '合计', '本年收入', '本年收入', '上年结转'],
      ['科目编码', '科目名称', '合计', '一般公共预算拨款收入', '政府性基金收入', '上年结转'],
    ]);
    // Printed over two lines, above and below the row's amounts.
    expect(income.find((r) => r[0] === '2080505')).toEqual(['2080505', '机关事业单位基本养老保险缴费支出', '458,760', '458,760', '', '']);
    // The 合计 row: centred in the name column, no code.
    expect(income.at(-1)!.slice(0, 2)).toEqual(['', '合计']);
    expect(income.at(-1)!.slice(2).map(yuanToWan)).toEqual(Object.values(expected['收入总表']!.total!));
    expect(spending[0]).toEqual(['科目编码', '科目名称', '合计', '基本支出', '项目支出']);
    expect(spending.find((r) => r[0] === '2010302')).toEqual(['2010302', '一般行政管理事务', '65.73', '', '65.73']);
    expect(spending.every((r) => r.length === 5)).toBe(true);
    // A merged head over left-aligned code columns (类 | 款), a 类 row with its 款 blank, a dash for no amount.
    expect(basic.slice(0, 3)).toEqual([
      ['科目编码', '科目编码', '科目名称', '合计', '人员经费', '公用经费'],
      ['类', '款', '科目名称', '合计', '人员经费', '公用经费'],
      ['301', '', '工资福利支出', '497.83', '497.83', '-'],
    ]);
    // Cells aligned to the top: the name's second line is below the row's amounts.
    expect(basic.find((r) => r[1] === '08')).toEqual(['301', '08', '机关事业单位基本养老保险缴费', '45.88', '45.88', '-']);
  });
});
