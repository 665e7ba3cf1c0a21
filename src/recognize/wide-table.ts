// Several projects in one table with a real grid: a header row naming project columns (项目名称,
// 项目资金（万元）, 年度绩效目标 …) and indicator columns (一级指标 … 指标值, 权重), each project's
// cells merged down over its indicator rows. Read by the header's columns (./headers.ts); a
// project starts where a 项目名称 cell starts. Text conversions of such tables lose the grid:
// the 批复表 reader (./approval-table.ts) reads those from what the cells are.
import type { VFile } from 'vfile';
import { squash } from '../ir/text.ts';
import { report } from '../messages.ts';
import type { Located } from './approval-table.ts';
import { markTitleRows, type CellLedger } from './coverage.ts';
import { amountUnitOf, indicatorField, type LabelKey } from './headers.ts';
import { has, is } from './labels.ts';
import type { RowItem, StreamItem } from './stream.ts';
import { splitAgency, splitCodeName } from './vocabulary.ts';
import { isSubHeader, labelUnit, mergeSubHeader, newDraft, readIndicator, type Column, type Draft } from './target-table.ts';

/** Project fields a column of the wide header can hold, in the order they are tried. */
const PROJECT_KEYS = ['name', 'code', 'category', 'budget', 'fiscal', 'other', 'goalsYear', 'goalsLong', 'goals', 'unitName', 'department', 'purpose', 'funds'] as const;
type ProjectKey = (typeof PROJECT_KEYS)[number];

const isWideHeader = (row: RowItem) => has(row, 'name') && has(row, 'level1') && row.cells.every((c) => !c.filler);
const TOTAL = /^(合计|总计|小计)$/;

/** `单位：元` printed in the few lines just above the table (a unit further up belongs to other tables). */
function unitAbove(stream: StreamItem[], at: number): string | null {
  for (let k = at - 1; k >= Math.max(0, at - 3); k--) {
    const item = stream[k]!;
    if (item.kind !== 'text') break;
    const u = item.text.length <= 40 ? amountUnitOf(item.text) : null;
    if (u) return u;
  }
  return null;
}

export interface WideResult {
  projects: Located[];
  tables: Set<number>;
  lostColumns: string[];
  /** The unit printed as `code-name` in a 单位名称 column, when there is one. */
  agency: { code: string; name: string } | null;
  /** The budget printed in a 合计 row (the projects' sum). */
  total: string | null;
}

export function recognizeWideTables(stream: StreamItem[], file: VFile, ledger: CellLedger): WideResult {
  const result: WideResult = { projects: [], tables: new Set(), lostColumns: [], agency: null, total: null };
  let table = -1;
  let projectCols: { key: ProjectKey; col: number }[] = [];
  let columns: Column[] = [];
  let headerRow = -1;
  let width = 0;
  let unit: string | null = null;
  let cur: Draft | null = null;
  const finish = () => {
    if (cur) result.projects.push({ at: cur.at, project: cur.project });
    cur = null;
  };

  stream.forEach((item, at) => {
    if (item.kind === 'text') return;
    const row = item;
    if (row.table !== table) {
      finish();
      table = -1;
      if (!isWideHeader(row)) return;
      // The grid must be real: some project's 项目名称 cell merged down over its indicator rows.
      // A text conversion prints blanks in their place and shifts cells, so its column positions
      // cannot be trusted (the 批复表 reader reads those rows by what their cells are).
      const nameAt = row.cells.find((c) => c.origin && is('name', c.text))!.col;
      const merged = stream.some((r) => r.kind === 'row' && r.table === row.table && r.row > row.row && r.slots[nameAt] && !r.slots[nameAt]!.origin);
      if (!merged) return;
      table = row.table;
      result.tables.add(table);
      headerRow = row.row;
      width = row.slots.length;
      unit = labelUnit(row) ?? unitAbove(stream, at);
      markTitleRows(stream, table, headerRow, ledger);
      projectCols = [];
      columns = [];
      for (const c of row.cells) {
        if (!c.origin || c.text.trim() === '') continue;
        const key = PROJECT_KEYS.find((k) => is(k as LabelKey, c.text));
        const field = key ? null : indicatorField(c.text);
        if (key) projectCols.push({ key, col: c.col });
        else if (field) columns.push({ field, col: c.col });
        else {
          result.lostColumns.push(squash(c.text));
          report(file, `table header "${squash(c.text)}" maps to no field: its column is not read`, { stage: 'recognize', rule: 'header-unmapped', severity: 'warning', source: c.source ?? row.source });
          continue;
        }
        ledger.mark(row, c);
      }
      return;
    }
    if (row.row === headerRow + 1 && isSubHeader(row)) {
      columns = mergeSubHeader(columns, row, ledger);
      return;
    }
    const at0 = (key: ProjectKey) => projectCols.find((p) => p.key === key);
    const nameCol = at0('name')!;
    const nameCell = row.slots[nameCol.col];
    // 合计 in any project column: the projects' total, kept for the check that they add up to it.
    if (projectCols.some(({ col }) => row.slots[col]?.origin && TOTAL.test(squash(row.slots[col]!.text)))) {
      const budget = at0('budget') ?? at0('funds');
      const t = budget ? row.slots[budget.col]?.text : undefined;
      if (t && /[0-9]/.test(t)) result.total = squash(t);
      ledger.markRow(row);
      return;
    }
    if (nameCell?.origin && nameCell.text.trim() !== '') {
      finish();
      // A value-achieved column (实际完成值) makes the rows self-evaluations (./self-evaluation.ts).
      cur = newDraft(at, result.projects.length + 1, squash(nameCell.text), columns.some((c) => c.field === 'actual') ? 'self_evaluation' : 'project', row.source);
      cur.fromTable = true;
      cur.columns = columns;
      cur.project.amount_unit_raw = unit;
      const p = cur.project;
      for (const { key, col } of projectCols) {
        const cell = row.slots[col];
        if (!cell?.origin || cell.text.trim() === '') continue;
        ledger.mark(row, cell);
        const t = cell.text;
        if (key === 'code') p.project_code = squash(t);
        else if (key === 'category') p.category = squash(t);
        else if (key === 'budget' || key === 'funds') p.budget_raw = squash(t);
        else if (key === 'fiscal') p.fiscal_raw = squash(t);
        else if (key === 'other') p.other_raw = squash(t);
        else if (key === 'goals' || key === 'goalsYear') p.goals = t;
        else if (key === 'goalsLong') p.goals_long = t;
        else if (key === 'unitName') p.unit_name = squash(t);
        else if (key === 'department') p.department_name = squash(t);
        else if (key === 'purpose') p.purpose = t;
      }
      if (!p.goals && p.goals_long) p.goals = p.goals_long;
      // `630123000 24T000000 269-公益性岗位…`: code and name in the 项目名称 cell.
      const both = !p.project_code ? splitCodeName(p.project_name) : null;
      if (both) { p.project_code = both.code; p.project_name = both.name; }
      // `723001-某某局(本级)` in a 单位名称 column: the publishing unit.
      const unitAgency = p.unit_name ? splitAgency(p.unit_name) : null;
      if (unitAgency && !result.agency) result.agency = unitAgency;
    }
    if (!cur) return;
    const ind = readIndicator(row, cur, width, file, ledger);
    if (ind) cur.project.indicators.push(ind);
  });
  finish();
  return result;
}
