// Coverage audit on the real budget and 决算 PDFs of ../shared/corpus/real/ (not in the repo;
// skipped with a notice without them): every one has a coverage number, per document and per
// budget table, and the cells left unread are the ones judged lost (none, once the 政府采购
// group rows' subtotals and a wrapped 采购组织形式 header were understood).
import { expect, it } from 'vitest';
import { processFile } from '../src/pipeline/process.ts';
import { describeReal, realFile } from './real-corpus.ts';

const BUDGETS = [
  'js-cppcc-office-2019-budget-tables.pdf', 'js-high-court-2017-dept-budget.pdf', 'js-high-court-2018-dept-budget.pdf',
  'js-npc-standing-office-2019-budget-tables.pdf', 'js-party-office-2017-budget-tables.pdf', 'js-party-office-2019-budget-tables.pdf',
  'js-procuratorate-2019-dept-budget.pdf', 'sh-putuo-commerce-2025-dept-budget.pdf', 'sh-putuo-commerce-2025-unit-budget.pdf',
  'sh-putuo-finance-2024-dept-final-accounts.pdf', 'sh-putuo-justice-2026-dept-budget.pdf', 'sh-putuo-justice-2026-unit-budget.pdf',
  'sh-putuo-wanli-street-2024-dept-budget.pdf', 'sh-putuo-wanli-street-2025-dept-budget.pdf', 'sh-putuo-welfare-home-2024-unit-budget.pdf',
];

describeReal('budget table coverage on the real budget PDFs', BUDGETS, () => {
  for (const name of BUDGETS) {
    it(`${name}: coverage counted, per table too, and every cell read`, async () => {
      const doc = await processFile(realFile(name)!);
      const r = doc.record!;
      expect(doc.info.status).toBe('ok');
      expect(r.budget_tables.length).toBeGreaterThan(0);
      expect(r.cells_total).toBeGreaterThan(400);
      // Judged on every unread cell of the first run: page furniture, 栏次, subtotals and wrapped
      // headers are understood; no column or row type is dropped in these files.
      expect(doc.messages.filter((m) => m.rule === 'cell-unread').map((m) => m.text)).toEqual([]);
      expect(r.cells_read).toBe(r.cells_total);
      for (const t of r.budget_tables) {
        expect(t.cells_total, t.title).toBeGreaterThan(0);
        expect(t.cells_read, t.title).toBe(t.cells_total);
      }
    }, 120_000);
  }

  it('the Jiangsu 2019 procurement table: the method column under its wrapped header 采购组织形 | 式 is read', async () => {
    const doc = await processFile(realFile('js-party-office-2019-budget-tables.pdf')!);
    const items = doc.record!.procurement_items;
    expect(items.length).toBeGreaterThan(20);
    expect(items.every((i) => /集中采购|自行组织/.test(i.method ?? ''))).toBe(true);
  }, 120_000);
});

describeReal('contents that list tables the file does not print', ['js-npc-standing-2019-dept-budget.pdf'], () => {
  it('js-npc-standing-2019: partial, the reason says the 12 listed tables are not printed', async () => {
    const doc = await processFile(realFile('js-npc-standing-2019-dept-budget.pdf')!);
    expect(doc.info.status).toBe('partial');
    expect(doc.info.error).toBe('the contents (目录) list 12 budget tables; none is printed in the file (published separately?)');
    expect(doc.record!.cells_total).toBeNull();
  }, 120_000);
});
