// 决算 (final accounts): loaded into the budget-line tables as final_accounts, checked like a
// budget, and joined with the budget of the same agency and year (budget_vs_final). The generated
// pair (test/fixtures/final-accounts/make-final-accounts.mjs) always runs; the real Shanghai 2024
// 决算 is read from ../shared/corpus/real/ when it is there (rows keyed by hand from the PDF).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/load/database.ts';
import { resolveQuery } from '../src/query/named.ts';
import { openForReading } from '../src/query/open.ts';
import { buildReport } from '../src/query/report.ts';
import { runQuery } from '../src/query/run.ts';
import { VFile } from 'vfile';
import { checkFinalRows } from '../src/normalize/final-accounts.ts';
import { contentKey } from '../src/pipeline/fingerprint.ts';
import { processFile } from '../src/pipeline/process.ts';
import type { NormBudgetTable, ProcessedDocument } from '../src/records.ts';
import { buildSampleDatabase } from './fixtures/query/build-db.ts';
import { execFileSync } from 'node:child_process';
import { findSoffice } from '../src/extract/doc/soffice.ts';
import { describeReal, realFile } from './real-corpus.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'final-accounts');
// The generator is a plain script (node runs it); typed here rather than by a .d.mts in the
// fixture folder, which an ingest of that folder would take for a document.
const GENERATOR: string = './fixtures/final-accounts/make-final-accounts.mjs';
const { finalAccountsFixtures } = (await import(GENERATOR)) as { finalAccountsFixtures: () => Record<string, string> };
const BUDGET = path.join(FIXTURES, 'shifan-civil-affairs-2024-budget.html');
const FINAL = path.join(FIXTURES, 'shifan-civil-affairs-2024-final-accounts.html');

type Obj = Record<string, unknown>;

function table(doc: ProcessedDocument, name: string): NormBudgetTable {
  const t = doc.record!.budget_tables.find((x) => x.table_name === name);
  if (!t) throw new Error(`no ${name} in ${doc.info.source_name}: ${doc.record!.budget_tables.map((x) => x.table_name).join(', ')}`);
  return t;
}

const byCode = (t: NormBudgetTable, key: string) => Object.fromEntries(t.lines.filter((l) => l.code).map((l) => [l.code, l.amounts_wan[key]]));

describe('generated 决算 and its budget', () => {
  it('the committed fixtures are the generator\'s output', () => {
    for (const [name, html] of Object.entries(finalAccountsFixtures())) {
      expect(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), `${name}: run node test/fixtures/final-accounts/make-final-accounts.mjs`).toBe(html);
    }
  });

  it('a 决算 loads as final_accounts with its tables, 决算 figures and plans', async () => {
    const doc = await processFile(FINAL);
    expect(doc.info.status).toBe('ok');
    expect(doc.record).toMatchObject({ doc_type: 'final_accounts', fiscal_year: 2024, agency_name: '示范县民政局' });
    expect(doc.record!.budget_tables.map((t) => [t.table_name, t.doc_type, t.main])).toEqual([
      ['收支总表', 'final_accounts', false], ['支出总表', 'final_accounts', true], ['一般公共预算支出表', 'final_accounts', false],
      ['基本支出表', 'final_accounts', true], ['三公经费表', 'final_accounts', true], ['政府性基金支出表', 'final_accounts', false],
    ]);
    // 支出决算表: 本年支出合计 per 类, and its printed 合计.
    const spending = table(doc, '支出总表');
    expect(byCode(spending, 'total_wan')).toMatchObject({ 201: 181.36, 208: 456.17, 2082001: 22.3, 210: 18.05, 221: 26.3 });
    expect(spending.total_raw).toMatchObject({ total_wan: '681.88' });
    // 年初预算数 | 全年预算数 | 决算数 side by side; a 项 planned but not spent is printed with a blank 决算数.
    const general = table(doc, '一般公共预算支出表');
    expect(general.columns.map((c) => c.key)).toEqual(['budget_initial_wan', 'budget_full_wan', 'final_wan']);
    expect(general.lines.find((l) => l.code === '208')!.amounts_wan).toEqual({ budget_initial_wan: 504.1, budget_full_wan: 529.1, final_wan: 456.17 });
    expect(general.lines.find((l) => l.code === '2081002')!.amounts_wan).toMatchObject({ budget_initial_wan: 40, final_wan: null });
    // 三公: 预算数 | 决算数 under each item make one line per item.
    expect(table(doc, '三公经费表').lines.map((l) => [l.name, l.amounts_wan.budget_wan, l.amounts_wan.final_wan])).toEqual([
      ['因公出国(境)费', 0, 0], ['公务用车购置及运行费小计', 6.5, 5.82], ['公务用车购置费', 0, 0], ['公务用车运行费', 6.5, 5.82], ['公务接待费', 1.2, 0.64],
    ]);
    // Two-sided 收入支出决算总表: the printed total is 总计 (本年收入合计 683.88 + 年初结转和结余 1.50), not 本年收入合计.
    expect(table(doc, '收支总表').total_raw).toEqual({ final_wan: '685.38' });
    // 基本支出决算表: 工资福利支出 beside 商品和服务支出, each side with its own codes.
    expect(byCode(table(doc, '基本支出表'), 'final_wan')).toMatchObject({ 301: 395.94, 30199: 50.04, 302: 54.99, 30217: 0.64 });
    // An empty 决算表 with its 无数据 note is an empty table, not a problem; the checks found nothing.
    expect(table(doc, '政府性基金支出表')).toMatchObject({ empty: true, lines: [] });
    expect(doc.messages.filter((m) => m.stage === 'check')).toEqual([]);
  });

  it('the same checks run on a 决算: a wrong 合计 or a class that disagrees across tables is a message with its place', async () => {
    const html = fs.readFileSync(FINAL, 'utf8').replace('<td>456.17</td><td>256.72</td>', '<td>465.17</td><td>256.72</td>');
    expect(html).not.toBe(fs.readFileSync(FINAL, 'utf8'));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'final-accounts-'));
    try {
      const file = path.join(tmp, 'altered.html');
      fs.writeFileSync(file, html);
      const doc = await processFile(file);
      const rules = doc.messages.filter((m) => m.stage === 'check').map((m) => [m.rule, m.line !== null]);
      // 208 in 支出决算表 no longer adds up (its 款 rows, its row parts, the 合计) nor agrees with 收入支出决算总表.
      expect(rules).toEqual(expect.arrayContaining([['budget-hierarchy-sum', true], ['budget-total-sum', true], ['budget-row-sum', true], ['final-cross-table', true]]));
      expect(doc.messages.find((m) => m.rule === 'final-cross-table')!.text).toMatch(/收入支出决算总表 208 .*456\.17.*支出决算表 prints 465\.17/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('决算 row identities: income sources add up to 本年收入合计, 年初结转 + 本年收入 − 本年支出 = 年末结转', () => {
    const line = (code: string, amounts: Record<string, string | null>, row: number) => ({
      line_seq: row, code, name: `科目${code}`, name_raw: null, side: null, amounts_raw: amounts, amounts_wan: {}, parent_code: null, class_name: null, class_code: code, source: { line: row },
    });
    const tableOf = (title: string, keys: string[], lines: ReturnType<typeof line>[]): NormBudgetTable => ({
      table_seq: 1, table_name: title, title, unit_raw: '万元', columns: keys.map((key) => ({ key, header: key })), lines, empty: false, main: false, total_raw: null, doc_type: 'final_accounts',
    });
    const file = new VFile();
    checkFinalRows([
      tableOf('收入决算表', ['total_wan', 'fiscal_wan', 'other_wan'], [line('201', { total_wan: '10.00', fiscal_wan: '8.00', other_wan: '2.00' }, 3), line('208', { total_wan: '10.00', fiscal_wan: '8.00', other_wan: '1.00' }, 4)]),
      tableOf('政府性基金预算财政拨款收入支出决算表', ['carryover_wan', 'income_wan', 'subtotal_wan', 'balance_end_wan'], [
        line('212', { carryover_wan: '5.00', income_wan: '30.00', subtotal_wan: '28.50', balance_end_wan: '6.50' }, 7),
        line('229', { carryover_wan: '1.00', income_wan: '2.00', subtotal_wan: '2.00', balance_end_wan: '2.00' }, 8),
      ]),
    ], file);
    expect(file.messages.map((m) => [m.ruleId, m.place && "line" in m.place ? m.place.line : null, m.reason])).toEqual([
      ['budget-row-sum', 4, '收入决算表 208 科目208: total_wan printed 10, fiscal_wan + other_wan add up to 9'],
      ['final-balance', 8, '政府性基金预算财政拨款收入支出决算表 229 科目229: 年初结转和结余 1 + 本年收入 2 − 本年支出 2 = 1, but 年末结转和结余 is printed 2'],
    ]);
  });

  it('a 决算 with the very figures of its budget is not the same disclosure (content key)', async () => {
    const budget = (await processFile(BUDGET)).record!;
    const asFinal = { ...budget, doc_type: 'final_accounts' as const, budget_tables: budget.budget_tables.map((t) => ({ ...t, doc_type: 'final_accounts' as const })) };
    expect(contentKey(budget)).not.toBeNull();
    expect(contentKey(asFinal)).not.toBe(contentKey(budget));
    expect(contentKey({ ...budget })).toBe(contentKey(budget));
  });

  describe('budget_vs_final', () => {
    let tmp: string;
    let db: Database;
    const sql = async (text: string, params: Record<string, string> = {}): Promise<Obj[]> => {
      const r = await runQuery(db, text, params);
      return r.rows.map((row) => Object.fromEntries(r.columns.map((c, k) => [c, typeof row[k] === 'bigint' ? Number(row[k]) : row[k]])));
    };

    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-vs-final-'));
      await buildSampleDatabase(path.join(tmp, 'db.duckdb'), [BUDGET, FINAL]);
      db = await openForReading(path.join(tmp, 'db.duckdb'));
    }, 60_000);
    afterAll(() => {
      db?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('joins the budget and its 决算 of the same agency and year: execution rate per class code', async () => {
      const rows = await sql(`SELECT code, match, matched_by, budgeted_wan, final_wan, execution_rate, rate_basis FROM budget_vs_final
        WHERE table_name = '支出总表' AND length(code) = 3 ORDER BY code`);
      expect(rows).toEqual([
        { code: '201', match: 'matched', matched_by: 'code', budgeted_wan: 188.4, final_wan: 181.36, execution_rate: 0.9626, rate_basis: 'budget_document' },
        { code: '208', match: 'matched', matched_by: 'code', budgeted_wan: 504.1, final_wan: 456.17, execution_rate: 0.9049, rate_basis: 'budget_document' },
        { code: '210', match: 'matched', matched_by: 'code', budgeted_wan: 18.2, final_wan: 18.05, execution_rate: 0.9918, rate_basis: 'budget_document' },
        { code: '221', match: 'matched', matched_by: 'code', budgeted_wan: 26.3, final_wan: 26.3, execution_rate: 1, rate_basis: 'budget_document' },
      ]);
    });

    it('lists what has no partner instead of guessing, and matches 三公 items by name', async () => {
      const unmatched = await sql(`SELECT code, match, note FROM budget_vs_final WHERE table_name = '支出总表' AND match <> 'matched' ORDER BY code`);
      expect(unmatched).toEqual([
        { code: '2081002', match: 'budget_only', note: 'the 决算 has no 支出总表 line with this code' },
        { code: '20820', match: 'final_only', note: 'the budget has no 支出总表 line with this code' },
        { code: '2082001', match: 'final_only', note: 'the budget has no 支出总表 line with this code' },
      ]);
      const sanGong = await sql(`SELECT name, matched_by, budgeted_wan, final_wan, final_budget_wan, execution_rate FROM budget_vs_final
        WHERE table_name = '三公经费表' AND name = '公务接待费'`);
      expect(sanGong).toEqual([{ name: '公务接待费', matched_by: 'name', budgeted_wan: 1.2, final_wan: 0.64, final_budget_wan: 1.2, execution_rate: 0.5333 }]);
      // A table the budget does not have: the 决算's own 全年预算数 is the plan.
      const general = await sql(`SELECT match, note, execution_rate, rate_basis FROM budget_vs_final WHERE table_name = '一般公共预算支出表' AND code = '2082001'`);
      expect(general).toEqual([{ match: 'final_only', note: 'the budget has no 一般公共预算支出表 line with this code', execution_rate: 0.892, rate_basis: '全年预算数' }]);
    });

    it('named query: execution rate by function class and place', async () => {
      const q = resolveQuery('execution-rate-by-function');
      const rows = await sql(q.sql, q.params);
      expect(rows.map((r) => [r.class_code, r.budgeted_wan, r.final_wan, r.execution_rate])).toEqual([
        ['201', 188.4, 181.36, 0.9626], ['208', 504.1, 456.17, 0.9049], ['210', 18.2, 18.05, 0.9918], ['221', 26.3, 26.3, 1],
      ]);
      expect(rows[0]).toMatchObject({ fiscal_year: 2024, agency_name: '示范县民政局', class_name: '一般公共服务支出' });
    });

    it('the report shows execution rates', async () => {
      const html = await buildReport(db, { database: 'db.duckdb' });
      expect(html).toContain('id="execution"');
      expect(html).toMatch(/社会保障和就业支出[\s\S]*?90\.5 %/);
    });
  });
});

const soffice = findSoffice();
if (!soffice) console.log('final-accounts: LibreOffice (soffice) not installed; the generated 决算 as PDF is not checked');

describe.skipIf(!soffice)('generated 决算 as PDF (LibreOffice)', () => {
  it('reads the same tables and figures from the PDF as from the web page', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'final-accounts-pdf-'));
    try {
      execFileSync(soffice!, [`-env:UserInstallation=file://${path.join(tmp, 'profile')}`, '--headless', '--convert-to', 'pdf:writer_web_pdf_Export', '--outdir', tmp, FINAL],
        { stdio: 'ignore', timeout: 120_000 });
      const pdf = await processFile(path.join(tmp, path.basename(FINAL).replace(/\.html$/, '.pdf')));
      const html = await processFile(FINAL);
      expect(pdf.info.format).toBe('pdf');
      const shape = (d: ProcessedDocument) => d.record!.budget_tables.map((t) => ({
        table: t.table_name, doc_type: t.doc_type, total: t.total_raw, lines: t.lines.map((l) => [l.code, l.name, l.amounts_raw]),
      }));
      expect(shape(pdf)).toEqual(shape(html));
      expect(pdf.messages.filter((m) => m.stage === 'check')).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 150_000);
});

// Keyed by hand from the PDF (pdftotext -layout): 决算 figures of the main tables, in 万元.
describeReal('real 决算: 上海市普陀区财政局 2024 (PDF)', ['sh-putuo-finance-2024-dept-final-accounts.pdf'], () => {
  let doc: ProcessedDocument;
  beforeAll(async () => {
    doc = await processFile(realFile('sh-putuo-finance-2024-dept-final-accounts.pdf')!);
  }, 120_000);

  it('loads as final_accounts with its nine tables', () => {
    expect(doc.record).toMatchObject({ doc_type: 'final_accounts', fiscal_year: 2024, agency_name: '上海市普陀区财政局' });
    expect(doc.info.status).toBe('ok');
    expect(doc.record!.budget_tables.map((t) => [t.title, t.table_name])).toEqual([
      ['收入支出决算总表', '收支总表'], ['收入决算表', '收入总表'], ['支出决算表', '支出总表'], ['财政拨款收入支出决算总表', '财政拨款收支总表'],
      ['一般公共预算财政拨款支出决算表', '一般公共预算支出表'], ['一般公共预算财政拨款基本支出决算表', '基本支出表'],
      ['财政拨款“三公”经费支出决算表', '三公经费表'], ['政府性基金预算财政拨款收入支出决算表', '政府性基金支出表'],
      ['国有资本经营预算财政拨款收入支出决算表', '国有资本经营支出表'],
    ]);
    expect(doc.record!.budget_tables.every((t) => t.doc_type === 'final_accounts')).toBe(true);
  });

  it('main rows and totals as printed', () => {
    const summary = table(doc, '收支总表');
    const side = (s: RegExp) => Object.fromEntries(summary.lines.filter((l) => l.side && s.test(l.side) && l.amounts_wan.final_wan !== null).map((l) => [l.name, l.amounts_wan.final_wan]));
    expect(side(/收入/)).toMatchObject({ 一般公共预算财政拨款收入: 2940.05, 其他收入: 6.2, 年初结转和结余: 49.14 });
    expect(side(/支出/)).toMatchObject({ 一般公共服务支出: 2106.66, 社会保障和就业支出: 326.71, 卫生健康支出: 60.99, 住房保障支出: 445.69, 年末结转和结余: 55.34 });
    // 本年收入合计 fused with the label below it (使用非财政拨款结余) by the PDF: split, and said so.
    expect(summary.lines.map((l) => l.name)).toEqual(expect.arrayContaining(['使用非财政拨款结余(含专用结余)', '结余分配']));
    expect(doc.messages.filter((m) => m.rule === 'budget-row-split').map((m) => m.text)).toEqual([
      expect.stringMatching(/amounts kept with 本年收入合计/), expect.stringMatching(/amounts kept with 本年支出合计/),
    ]);
    expect(byCode(table(doc, '收入总表'), 'total_wan')).toMatchObject({ 201: 2112.86, 2010601: 1511.9, 2010602: 16.19, 208: 326.72, 210: 60.99, 221: 445.69 });
    expect(byCode(table(doc, '收入总表'), 'other_wan')).toMatchObject({ 201: 6.2, 2010602: 6.19 });
    const spending = table(doc, '支出总表');
    expect(byCode(spending, 'total_wan')).toMatchObject({ 201: 2106.66, 2010601: 1511.89, 2010608: 449.52, 208: 326.72, 2080505: 160.75, 210: 60.99, 221: 445.69, 2210203: 258.5 });
    expect(byCode(spending, 'basic_wan')).toMatchObject({ 201: 1503.52, 2010601: 1503.52 });
    expect(byCode(spending, 'project_wan')).toMatchObject({ 201: 603.14, 2010601: 8.37 });
    expect(spending.total_raw).toMatchObject({ total_wan: '2,940.05', basic_wan: '2,336.91', project_wan: '603.14' });
    const general = table(doc, '一般公共预算支出表');
    expect(byCode(general, 'total_wan')).toMatchObject({ 201: 2106.66, 208: 326.72, 210: 60.99, 221: 445.69 });
    expect(general.total_raw).toMatchObject({ total_wan: '2,940.05', basic_wan: '2,336.91' });
    // 基本支出决算表: codes printed on a line above their names are joined to them.
    expect(byCode(table(doc, '基本支出表'), 'final_wan')).toMatchObject({ 301: 2082.85, 30102: 1238.58, 30113: 187.19, 302: 171.07, 30229: 42.77, 303: 69.41, 30302: 69.1, 310: 13.58, 31002: 13.58 });
    expect(table(doc, '三公经费表').total_raw).toEqual({ budget_wan: '0.95', final_wan: null });
    // Blanks of the 三公 决算表 are 0 (its 情况说明: 公务接待费支出决算为0.00万元), the raw text stays blank, and it is said.
    const reception = table(doc, '三公经费表').lines.find((l) => l.name === '公务接待费')!;
    expect(reception.amounts_raw).toEqual({ budget_wan: '0.95', final_wan: null });
    expect(reception.amounts_wan).toEqual({ budget_wan: 0.95, final_wan: 0 });
    expect(table(doc, '三公经费表').lines.map((l) => l.amounts_wan.final_wan)).toEqual([0, 0, 0, 0, 0]);
    expect(doc.messages.filter((m) => m.rule === 'blank-as-zero').map((m) => m.text)).toEqual([expect.stringMatching(/三公.*: 9 blank amounts read as 0/)]);
    // The two-sided 收入支出决算总表: its total is 总计 (with the carry-over), not 本年收入合计 above it.
    expect(table(doc, '收支总表').total_raw).toEqual({ final_wan: '2,995.39' });
    expect(table(doc, '财政拨款收支总表').total_raw).toMatchObject({ final_wan: '2,961.68' });
    expect(table(doc, '政府性基金支出表')).toMatchObject({ empty: true, lines: [] });
  });

  it('printed totals agree with the sums of their rows (the checks find nothing to report)', () => {
    // Hierarchy (项 → 款 → 类), top rows → 合计, row parts → 合计, and the 决算 cross-table identities.
    expect(doc.messages.filter((m) => m.stage === 'check').map((m) => m.text)).toEqual([]);
    const spending = table(doc, '支出总表');
    const top = spending.lines.filter((l) => l.code?.length === 3).reduce((s, l) => s + l.amounts_wan.total_wan!, 0);
    expect(top).toBeCloseTo(2940.06, 2);
  });
});
