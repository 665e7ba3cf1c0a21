// Department budget tables on real files: sample 003 (txt, docx) and real disclosures (PDF,
// Shanghai district and Jiangsu provincial departments, 2017–2026), read from the shared corpus
// when it is there (test/real-corpus.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { className } from '../src/normalize/classification/index.ts';
import { processBytes } from '../src/pipeline/process.ts';
import type { NormBudgetTable, ProcessedDocument } from '../src/records.ts';
import { describeReal, REAL_CORPUS } from './real-corpus.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'budget');
const SAMPLE = '003_c128c7645c42ae13';

async function processText(name: string, text: string): Promise<ProcessedDocument> {
  return processBytes(path.join(dir, name), new TextEncoder().encode(text));
}

const cache = new Map<string, Promise<ProcessedDocument>>();
function processFixture(name: string, from = dir): Promise<ProcessedDocument> {
  const p = path.join(from, name);
  if (!cache.has(p)) cache.set(p, processBytes(p, new Uint8Array(fs.readFileSync(p))));
  return cache.get(p)!;
}
const processReal = (name: string) => processFixture(name, REAL_CORPUS);

function tables(doc: ProcessedDocument): NormBudgetTable[] {
  return doc.record?.budget_tables ?? [];
}

function table(doc: ProcessedDocument, name: string, main = true): NormBudgetTable {
  const t = tables(doc).find((x) => x.table_name === name && x.main === main);
  if (!t) throw new Error(`no ${main ? 'main' : 'supplementary'} table ${name} in ${doc.info.source_name}`);
  return t;
}

const checkMessages = (doc: ProcessedDocument) => doc.messages.filter((m) => m.stage === 'check' && m.rule.startsWith('budget-'));

describe('sample 003 (text)', () => {
  it('finds the nine standard tables, main ones with every data row', async () => {
    const doc = await processFixture(`${SAMPLE}.txt`);
    expect(tables(doc).map((t) => `${t.table_name}${t.main ? '*' : ''}`)).toEqual([
      '收支总表', '收入总表*', '支出总表*', '财政拨款收支总表', '一般公共预算支出表', '基本支出表*', '政府性基金支出表', '国有资本经营支出表', '三公经费表*',
    ]);
    expect(['收入总表', '支出总表', '基本支出表', '三公经费表'].map((n) => table(doc, n).lines.length)).toEqual([43, 43, 35, 10]);
    // Tables continue over pages with a repeated header and 栏次 row (one page misprints 档次).
    expect(table(doc, '一般公共预算支出表', false).lines.map((l) => l.code)).toContain('2080112');
    expect(table(doc, '一般公共预算支出表', false).lines).toHaveLength(43);
  });

  it('keys amount columns and converts nothing for a 万元 table', async () => {
    const doc = await processFixture(`${SAMPLE}.txt`);
    const spending = table(doc, '支出总表');
    expect(spending.unit_raw).toBe('万元');
    const line = spending.lines.find((l) => l.code === '2080101')!;
    expect(line).toMatchObject({ name: '行政运行', parent_code: '20801' });
    expect(line.amounts_wan).toMatchObject({ total_wan: 2838.58, basic_wan: 2669.58, project_wan: 169 });
    const income = table(doc, '收入总表').lines.find((l) => l.code === '2080702')!;
    expect(income.amounts_wan).toMatchObject({ total_wan: 4400, fiscal_wan: null, carryover_wan: 4400 });
    const basic = table(doc, '基本支出表').lines.find((l) => l.code === '30101')!;
    expect(basic).toMatchObject({ parent_code: '301', class_name: '基本工资' });
    expect(basic.amounts_wan).toMatchObject({ total_wan: 2948.28, personnel_wan: 2948.28, public_wan: null });
    // 合计 rows are the table's total, not lines.
    expect(spending.total_raw).toMatchObject({ total_wan: '103592.56', basic_wan: '15855.55' });
    expect(spending.lines.some((l) => l.name === '合计')).toBe(false);
  });

  it('strips list numbering from 三公 row names and keeps the printed label', async () => {
    const doc = await processFixture(`${SAMPLE}.txt`);
    const sanGong = table(doc, '三公经费表');
    expect(sanGong.lines.map((l) => l.name)).toEqual([
      '“三公”经费小计', '因公出国(境)费', '教学科研人员因公出国(境)费', '其他因公出国(境)费', '公务用车购置及运维费',
      '公务用车购置费', '公务用车运行维护费', '公务接待费', '会议费', '培训费',
    ]);
    expect(sanGong.lines[1]!.name_raw).toBe('一、因公出国(境)费');
    expect(sanGong.lines[9]!.amounts_wan.total_wan).toBe(86.11);
  });

  it('reads two-sided summary tables as lines of each side', async () => {
    const doc = await processFixture(`${SAMPLE}.txt`);
    const summary = table(doc, '收支总表', false);
    const income = summary.lines.find((l) => l.name === '一般公共预算拨款收入')!;
    const spending = summary.lines.find((l) => l.name === '社会保障和就业支出')!;
    expect(income.side).toMatch(/收入/);
    expect(income.amounts_wan.total_wan).toBe(80060.56);
    expect(spending.side).toMatch(/支出/);
    expect(spending.amounts_wan.total_wan).toBe(68991.58);
  });

  it('yields no rows and no error for an empty table (空表列示)', async () => {
    const doc = await processFixture(`${SAMPLE}.txt`);
    for (const name of ['政府性基金支出表', '国有资本经营支出表']) {
      const t = table(doc, name, false);
      expect(t.empty).toBe(true);
      expect(t.lines).toEqual([]);
    }
    expect(doc.messages.filter((m) => m.rule.startsWith('budget-') && m.severity !== 'info')).toEqual([]);
  });

  it('hierarchy checks pass on the sample and catch a changed amount', async () => {
    const doc = await processFixture(`${SAMPLE}.txt`);
    expect(checkMessages(doc)).toEqual([]);
    const text = fs.readFileSync(path.join(dir, `${SAMPLE}.txt`), 'utf8');
    const row = '13\t2080101\t行政运行\t2838.58\t2669.58\t169.00';
    expect(text.indexOf(row)).toBeGreaterThan(0);
    // The first such row is in 支出总表 (the same row appears again in 一般公共预算支出表).
    const tampered = await processText(`${SAMPLE}-tampered.txt`, text.replace(row, '13\t2080101\t行政运行\t2848.58\t2679.58\t169.00'));
    const found = checkMessages(tampered);
    expect(found.map((m) => m.rule)).toContain('budget-hierarchy-sum');
    expect(found.find((m) => m.rule === 'budget-hierarchy-sum')!.text).toMatch(/支出总表 20801 .*total_wan printed 15937.46.*add up to 15947.46/);
    expect(found.every((m) => m.text.startsWith('支出总表'))).toBe(true);
    const rowTampered = await processText(`${SAMPLE}-row.txt`, text.replace(row, '13\t2080101\t行政运行\t2838.58\t2669.58\t179.00'));
    const rowSum = checkMessages(rowTampered).filter((m) => m.rule === 'budget-row-sum');
    expect(rowSum.map((m) => m.text)).toEqual(['支出总表 2080101 行政运行: total_wan printed 2838.58, basic_wan + project_wan add up to 2848.58']);
    const totalTampered = await processText(`${SAMPLE}-total.txt`, text.replace('1\t\t合计\t103592.56\t15855.55\t87737.01', '1\t\t合计\t103592.56\t15855.55\t87700.01'));
    const totals = checkMessages(totalTampered);
    expect(totals.map((m) => m.rule)).toEqual(['budget-total-sum']);
    expect(totals[0]!.text).toMatch(/^支出总表: project_wan 合计 printed 87700.01, its 6 top-level rows add up to 87737.01/);
  });

  it('reads the procurement and fixed asset tables', async () => {
    const doc = await processFixture(`${SAMPLE}.txt`);
    const items = doc.record!.procurement_items;
    expect(items.length).toBeGreaterThan(70);
    expect(items[0]).toMatchObject({ project: '办公设备购置专项经费', item: '台式计算机', catalogue_code: 'A02010105', unit: '台', quantity: '20', unit_price_wan: '0.62', amount_wan: '12.4' });
    // The items add up to the printed 合计 (4318.46).
    expect(items.reduce((s, i) => s + Number(i.amount_wan), 0)).toBeCloseTo(4318.46, 2);
    const assets = doc.record!.fixed_assets;
    expect(assets.find((a) => a.name === '车辆(台、辆)')).toMatchObject({ quantity: '17', amount_wan: '240.13' });
    expect(assets.find((a) => a.name === '办公用房(平方米)')).toMatchObject({ category: '房屋(平方米)', unit: '平方米' });
  });
});

describe('sample 003 (docx)', () => {
  it('gives the same main tables as the text version', async () => {
    const [docx, txt] = await Promise.all([processFixture(`${SAMPLE}.docx`), processFixture(`${SAMPLE}.txt`)]);
    const summary = (d: ProcessedDocument) => tables(d).filter((t) => t.main)
      .map((t) => ({ name: t.table_name, lines: t.lines.map((l) => [l.code, l.name, l.amounts_wan.total_wan]) }));
    expect(summary(docx)).toEqual(summary(txt));
    expect(checkMessages(docx)).toEqual([]);
  });
});

interface TotalsCase { file: string; table: string; main: boolean; unit: string; total: number; classes: string[]; basic?: number }

/** The function classes (类) of one table add up to its printed total, at every level, unconverted and converted. */
async function checkTotals(doc: ProcessedDocument, r: TotalsCase) {
  expect(doc.info.status).toBe('ok');
  expect(doc.record!.doc_type).toBe('budget');
  const t = table(doc, r.table, r.main);
  expect(t.unit_raw).toBe(r.unit);
  const factor = r.unit === '元' ? 1e-4 : 1;
  const classes = t.lines.filter((l) => l.code?.length === 3);
  if (r.classes.length) expect(classes.map((l) => l.code)).toEqual(r.classes);
  const sum = classes.reduce((s, l) => s + l.amounts_wan.total_wan!, 0);
  expect(sum).toBeCloseTo(r.total * factor, 4);
  expect(Number(t.total_raw!.total_wan!.replace(/,/g, ''))).toBe(r.total);
  if (r.basic !== undefined) expect(classes.reduce((s, l) => s + (l.amounts_wan.basic_wan ?? 0), 0)).toBeCloseTo(r.basic * factor, 4);
  // Every 款/项 row sits under a printed parent, and the sums hold at every level.
  for (const l of t.lines.filter((x) => x.code && x.code.length > 3)) expect(t.lines.some((p) => p.code === l.parent_code)).toBe(true);
  expect(checkMessages(doc)).toEqual([]);
  // The four main views are there: 收入总表, 支出总表, 基本支出表, 三公经费表.
  expect(tables(doc).filter((x) => x.main).map((x) => x.table_name).sort()).toEqual(['三公经费表', '基本支出表', '支出总表', '收入总表'].sort());
  expect(doc.messages.filter((m) => m.rule.startsWith('budget-') && m.severity === 'warning')).toEqual([]);
}

// Invented disclosures made by test/fixtures/pdf/make-budget-pdfs.mjs (always run): a district
// department in 元 on landscape pages, and a tables-only provincial office in 万元 on rotated pages.
const GENERATED = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'pdf');
const processGenerated = (name: string) => processFixture(name, GENERATED);
const GENERATED_CASES: TotalsCase[] = [
  { file: 'landscape-multipage-tables.pdf', table: '支出总表', main: true, unit: '元', total: 54978835, basic: 13750423, classes: ['201', '206', '207', '208', '210', '212', '221'] },
  { file: 'rotated-budget-tables.pdf', table: '财政拨款支出表', main: false, unit: '万元', total: 5263.29, classes: ['201', '208', '210', '221'] },
];

describe('generated disclosures (PDF)', () => {
  for (const r of GENERATED_CASES) {
    it(`${r.file}: function classes add up to the printed total`, async () => {
      await checkTotals(await processGenerated(r.file), r);
    });
  }

  it('older classification names map to the current name by code', async () => {
    const doc = await processGenerated('rotated-budget-tables.pdf');
    const health = table(doc, '收支总表', false).lines.find((l) => l.name === '医疗卫生与计划生育支出')!;
    expect(health).toMatchObject({ code: null, class_code: '210', class_name: '卫生健康支出' });
    expect(className('210', 2017)).toBe('医疗卫生与计划生育支出');
    expect(className('210', 2023)).toBe('卫生健康支出');
  });

  it('splits codes over 类/款/项 columns and converts 元 to 万元', async () => {
    const doc = await processGenerated('landscape-multipage-tables.pdf');
    const line = table(doc, '支出总表').lines.find((l) => l.code === '2080201')!;
    expect(line).toMatchObject({ name: '行政运行', parent_code: '20802' });
    expect(line.amounts_wan.total_wan).toBeCloseTo(234.56, 6);
    // 款 printed as one digit (301 | 2 | 津贴补贴) is still 30102.
    expect(table(doc, '基本支出表').lines.find((l) => l.name === '津贴补贴')!.code).toBe('30102');
    // The 三公 table is printed in 万元 while the others are in 元, one amount per column: each
    // column becomes a line named by its header.
    const sanGong = table(doc, '三公经费表');
    expect(sanGong.unit_raw).toBe('万元');
    expect(sanGong.total_raw).toMatchObject({ total_wan: '36.05' });
    expect(sanGong.lines.map((l) => [l.name, l.amounts_wan.total_wan])).toEqual([
      ['因公出国(境)费', 0], ['公务接待费', 1.2], ['公务用车购置及运行费小计', 34.85], ['公务用车购置费', 25], ['公务用车运行费', 9.85], ['2025年机关运行经费预算数', 199.79],
    ]);
  });

  it('reads a procurement table without catalogue codes', async () => {
    const doc = await processGenerated('rotated-budget-tables.pdf');
    const items = doc.record!.procurement_items;
    // Items add up to the printed 合计 107.00; group labels carry down to their items.
    expect(items).toHaveLength(7);
    expect(items.reduce((s, i) => s + Number(i.amount_wan), 0)).toBeCloseTo(107, 2);
    expect(items[0]).toMatchObject({ category: '一、货物A', project: '办公设备购置费', item: '台式计算机(20万以下)', amount_wan: '16' });
    expect(items.at(-1)).toMatchObject({ category: '三、服务C', project: '交通运行费', item: '车辆维修和保养服务', amount_wan: '12.4' });
  });

  it('a 决算 (final accounts) loads as final_accounts: its 收入支出决算总表 with both sides (行次 is no amount)', async () => {
    const doc = await processGenerated('final-accounts-tables.pdf');
    expect(doc.record!.doc_type).toBe('final_accounts');
    expect(doc.info.status).toBe('ok');
    const summary = table(doc, '收支总表', false);
    expect(summary).toMatchObject({ doc_type: 'final_accounts', title: '收入支出决算总表' });
    expect(summary.columns.map((c) => c.key)).toEqual(['total_wan', 'total_wan']);
    expect(summary.lines.filter((l) => l.side === '支出项目').map((l) => [l.class_code, l.amounts_wan.total_wan])).toEqual([
      ['201', 1906.12], ['208', 214.58], ['210', 86.3], ['221', 108.4],
    ]);
  });
});

// Hand-keyed from the PDFs (pdftotext -layout): the table whose function-class (类) rows are
// checked, its printed unit and its printed 合计 (in that unit).
const REAL: TotalsCase[] = [
  { file: 'sh-putuo-commerce-2025-dept-budget.pdf', table: '支出总表', main: true, unit: '元', total: 371514655.00, basic: 19830655.00, classes: ['201', '206', '208', '210', '215', '216', '221'] },
  { file: 'sh-putuo-commerce-2025-unit-budget.pdf', table: '支出总表', main: true, unit: '元', total: 371514655.00, basic: 19830655.00, classes: ['201', '206', '208', '210', '215', '216', '221'] },
  { file: 'sh-putuo-justice-2026-dept-budget.pdf', table: '支出总表', main: true, unit: '元', total: 96282213.44, basic: 25741666.44, classes: ['204', '208', '210', '221'] },
  { file: 'sh-putuo-wanli-street-2024-dept-budget.pdf', table: '支出总表', main: true, unit: '元', total: 156211123, basic: 99706020, classes: ['201', '204', '205', '206', '207', '208', '210', '212', '221'] },
  { file: 'sh-putuo-wanli-street-2025-dept-budget.pdf', table: '支出总表', main: true, unit: '元', total: 189767551, basic: 101341746, classes: [] },
  { file: 'js-cppcc-office-2019-budget-tables.pdf', table: '财政拨款支出表', main: false, unit: '万元', total: 13297.11, classes: ['201', '208', '221'] },
  { file: 'js-party-office-2019-budget-tables.pdf', table: '财政拨款支出表', main: false, unit: '万元', total: 27664.22, classes: ['201', '208', '221'] },
  { file: 'js-procuratorate-2019-dept-budget.pdf', table: '财政拨款支出表', main: false, unit: '万元', total: 24169.74, classes: ['204', '208', '221'] },
  { file: 'js-high-court-2017-dept-budget.pdf', table: '财政拨款支出表', main: false, unit: '万元', total: 28849.38, classes: ['204', '208', '221'] },
];

describeReal('real disclosures (PDF)', REAL.map((r) => r.file), () => {
  for (const r of REAL) {
    it(`${r.file}: function classes add up to the printed total`, async () => {
      await checkTotals(await processReal(r.file), r);
    });
  }

  it('older classification names map to the current name by code', async () => {
    // 2019 Jiangsu tables still print the pre-2019 名称 of 210.
    const doc = await processReal('js-cppcc-office-2019-budget-tables.pdf');
    const health = table(doc, '收支总表', false).lines.find((l) => l.name === '医疗卫生与计划生育支出')!;
    expect(health).toMatchObject({ code: null, class_code: '210', class_name: '卫生健康支出' });
    expect(className('210', 2017)).toBe('医疗卫生与计划生育支出');
    expect(className('210', 2023)).toBe('卫生健康支出');
    expect(className('2101101')).toBeNull();
    const court = await processReal('js-high-court-2017-dept-budget.pdf');
    expect(table(court, '财政拨款支出表', false).lines.find((l) => l.code === '221')!.class_name).toBe('住房保障支出');
  });

  it('splits codes over 类/款/项 columns and converts 元 to 万元', async () => {
    const doc = await processReal('sh-putuo-commerce-2025-dept-budget.pdf');
    const line = table(doc, '支出总表').lines.find((l) => l.code === '2011301')!;
    expect(line).toMatchObject({ name: '行政运行', parent_code: '20113' });
    expect(line.amounts_wan.total_wan).toBeCloseTo(938.9913, 6);
    // 款 printed as one digit (301 | 2 | 津贴补贴) is still 30102.
    const street = await processReal('sh-putuo-wanli-street-2024-dept-budget.pdf');
    expect(table(street, '基本支出表').lines.find((l) => l.name === '津贴补贴')!.code).toBe('30102');
    // The 三公 table of these documents is printed in 万元 while the others are in 元, one
    // amount per column: each column becomes a line named by its header.
    expect(table(doc, '三公经费表').unit_raw).toBe('万元');
    const sanGong = table(street, '三公经费表');
    expect(sanGong.total_raw).toMatchObject({ total_wan: '47.91' });
    expect(sanGong.lines.map((l) => [l.name, l.amounts_wan.total_wan])).toEqual([
      ['因公出国(境)费', 0], ['公务接待费', 1.35], ['公务用车购置及运行费小计', 46.56], ['公务用车购置费', 25], ['公务用车运行费', 21.56], ['2024年机关运行经费预算数', 443.18],
    ]);
  });

  it('reads a procurement table without catalogue codes (江苏 政府采购预算表)', async () => {
    const doc = await processReal('js-cppcc-office-2019-budget-tables.pdf');
    const items = doc.record!.procurement_items;
    // Items add up to the printed 合计 1,624.42; group labels carry down to their items.
    expect(items.reduce((s, i) => s + Number(i.amount_wan), 0)).toBeCloseTo(1624.42, 2);
    expect(items[0]).toMatchObject({ category: '一、货物A', project: '办公设备购置费', item: '台式计算机(20万以下)', amount_wan: '18' });
  });

});
