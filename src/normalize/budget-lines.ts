// Department budget tables (部门预算 收支总表, 支出总表, …): amounts → 万元 and parent codes.
// Owned by the budget-table work; until it lands this passes lines through with the amounts
// not yet normalized (null), so the rest of the normalizer and the loader can run.
import type { VFile } from 'vfile';
import type { NormBudgetTable, RawBudgetTable } from '../records.ts';

export function normalizeBudgetTables(tables: RawBudgetTable[], _file: VFile): NormBudgetTable[] {
  return tables.map((t) => ({
    ...t,
    lines: t.lines.map((l) => ({
      ...l,
      amounts_wan: Object.fromEntries(Object.keys(l.amounts_raw).map((k) => [k, null])),
      parent_code: null,
    })),
  }));
}
