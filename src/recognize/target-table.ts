// 绩效目标表 (one table per project): 项目编码/项目名称, 预算数 and its split, 资金支出计划,
// 绩效目标, then the indicator rows under a 一级指标/二级指标/三级指标… header. Formats split
// the table differently (DOCX: three tables; text: one or several), so this reads the stream
// of rows and follows the labels, not the table boundaries.
import type { VFile } from 'vfile';
import { squash } from '../ir/text.ts';
import type { SourceRef } from '../ir/nodes.ts';
import { report } from '../messages.ts';
import type { RawIndicator, RawProject } from '../records.ts';
import type { Located } from './approval-table.ts';
import { CellLedger } from './coverage.ts';
import { amountUnitOf, headerForm, indicatorField, type IndicatorField } from './headers.ts';
import { find, has, is, isAnyLabel, L, valueAfter, type LabelKey } from './labels.ts';
import { label, type RowCell, type RowItem, type StreamItem } from './stream.ts';
import { endsTable, isHeadingOutsideTable } from './table-end.ts';
import { isCompleteLevel2, isLevel1, isLevel2, isNature, splitAgency, splitCodeName } from './vocabulary.ts';
import { readSelfEvaluationRow, readSelfEvaluationTail, selfEvaluationHeading, selfEvaluationKind, type SelfEvalState } from './self-evaluation.ts';
import { isDepartmentKind, isSelfEvaluationKind } from '../records.ts';

/** `1.2022年服务外包劳务费绩效目标表`, `1、办公设备购置专项经费绩效目标表`. */
const NUMBERING = /^[（(]?[0-9一二三四五六七八九十]+[)）.、．]\s*/;
const UNIT_TAIL = /(金额|资金|预算)?单位[:：](亿元|万元|千元|元)$/;
const HEADING = new RegExp(`^(?:${NUMBERING.source.slice(1)})?(.*?)绩效目标(?:申报)?表$`);

/** A 绩效目标表 title: the name before it, and whether it is a department-wide table (部门整体绩效目标表). */
export function targetHeading(text: string): { name: string; kind: 'project' | 'department' } | null {
  // A PDF line may join the unit printed at the title's right (`…绩效目标表 单位：元`): not part of the title.
  const t = squash(text).replace(UNIT_TAIL, '');
  // `详见单位的项目绩效目标表` is a reference in running text, not a table's title.
  if (/批复表/.test(t) || /^(详见|参见|见|具体见)/.test(t) || t.length > 80) return null;
  const m = HEADING.exec(t);
  if (!m) return null;
  return { name: m[1] ?? '', kind: /部门整体|整体支出|部门绩效目标|单位整体/.test(t) ? 'department' : 'project' };
}

export function targetHeadingName(text: string): string | null {
  return targetHeading(text)?.name ?? null;
}

export interface Column { field: IndicatorField; col: number }

/** Each amount label (headers.ts) and the field its printed value goes to; in the order labels are tried. */
const AMOUNT_FIELD = {
  budget: 'budget_raw', fiscal: 'fiscal_raw', other: 'other_raw', basic: 'basic_raw', projectSpend: 'project_raw',
  devSpend: 'dev_spend_raw', specialFunds: 'special_funds_raw', otherDev: 'other_dev_raw', ownLevel: 'own_level_raw', transferDown: 'transfer_down_raw',
} as const satisfies Record<string, keyof RawProject>;
type AmountKey = keyof typeof AMOUNT_FIELD;

export interface Draft {
  /** Position in the stream where the project starts (orders projects across layouts). */
  at: number;
  project: RawProject;
  /** Name from the title (a department-wide table takes its name from 部门名称 when printed). */
  headingName: string;
  /** Set once the table itself gave code or name (a second such row starts a new project). */
  fromTable: boolean;
  /** Which of 项目名称 / 项目编码 the table printed for this project. */
  tableFields: Set<'name' | 'code'>;
  milestones: { milestone: string; col: number }[] | null;
  expectPct: boolean;
  columns: Column[] | null;
  indicatorTable: number;
  /** The previous row was 绩效目标: a following row without labels carries its tail (page break). */
  afterGoals: boolean;
  /** The previous row printed the 资金用途 label: a next row with a blank first cell holds the text. */
  afterPurpose: boolean;
  /** Amount headers printed over a row of values (`预算数(元) | 其中：财政拨款 | 其他资金`). */
  amountCols: { key: AmountKey; col: number }[] | null;
  /** 项目总目标 | 年度总体目标 heads with their texts in the row below. */
  goalCols: { long: number | null; year: number | null } | null;
  /** Header of a 年度主要任务 block (its rows go to purpose, one line each). */
  inTasks: boolean;
  /** Header cells of the indicator table that no field takes (a lost column). */
  lostColumns: string[];
  /** Row of the indicator header (a second header row may follow it). */
  headerAt: number;
  /** Tails of level names cut by a page break → the whole name. */
  joinedLevels: Map<string, string>;
  /** Tables the project read, and rows it did not: both count only once the project is kept. */
  tables: Set<number>;
  skipped: { raw: string; source?: SourceRef; table?: number; why: string }[];
  /** What a self-evaluation's own blocks are waiting for (./self-evaluation.ts). */
  selfEval?: SelfEvalState;
}

export function newDraft(at: number, seq: number, name: string, kind: RawProject['kind'], source?: SourceRef): Draft {
  return {
    at,
    project: {
      project_seq: seq, project_code: null, project_name: name, category: null, budget_raw: null, fiscal_raw: null,
      other_raw: null, basic_raw: null, project_raw: null, basic_info: null, purpose: null, goals: null, spending_plan: null, indicators: [], layout: 'target_table', source,
      kind, amount_unit_raw: null, goals_long: null, unit_name: null, department_name: null,
    },
    headingName: name,
    fromTable: false, tableFields: new Set(), milestones: null, expectPct: false, columns: null, indicatorTable: -1, afterGoals: false, afterPurpose: false,
    amountCols: null, goalCols: null, inTasks: false, lostColumns: [], headerAt: -1, joinedLevels: new Map(), tables: new Set(), skipped: [],
  };
}

const blankToNull = (t: string | null | undefined): string | null => (t === undefined || t === null || t.trim() === '' ? null : t);
/** Printed in an operator or unit column to say there is none. */
const NONE = /^(无|\/|／|—|-|--|——)$/;

/** Joined text of the row's cells that are not labels (a value spanning the rest of the row); marks them read. */
function restText(row: RowItem, from: number, ledger?: CellLedger): string | null {
  const parts: string[] = [];
  for (const c of row.cells.slice(from)) {
    if (c.text && !isAnyLabel(c.text) && !parts.includes(c.text)) { parts.push(c.text); ledger?.mark(row, c); }
  }
  return parts.length ? parts.join('\n') : null;
}

/** Some exports print the goals' HTML paragraphs literally (`<p>1.…</p> <p>2.…</p>`): one line each. */
function paragraphTagsToLines(text: string | null): string | null {
  if (text === null || !/<\/?(p|br)\b[^>]*>/i.test(text)) return text;
  return text.replace(/<\/p>\s*<p[^>]*>|<br\s*\/?>/gi, '\n').replace(/<\/?p[^>]*>/gi, '').trim() || null;
}

/** The block label printed left of the indicator header and rows (national template): no column of its own. */
const INDICATOR_BLOCK = /^(年度|长期|中期|项目|部门|整体)?(绩效)?指标$|^(年度|长期|中期|项目)?绩效指标$|^绩效目标$|^(年度)?绩效指标表$/;

/** Columns of an indicator header; `file` null for a header repeated after a page break (its problems were reported once). */
function headerColumns(row: RowItem, ledger: CellLedger, d: Draft, file: VFile | null): Column[] {
  const cols: Column[] = [];
  for (const c of row.cells) {
    if (!c.origin || c.text.trim() === '') continue;
    const field = indicatorField(c.text);
    if (field && !cols.some((x) => x.field === field)) {
      cols.push({ field, col: c.col });
      ledger.mark(row, c);
    } else if (!field && INDICATOR_BLOCK.test(headerForm(c.text).form)) {
      ledger.mark(row, c);
    } else if (!field && file) {
      d.lostColumns.push(squash(c.text));
      report(file, `indicator table header "${squash(c.text)}" maps to no field: its column is not read`, { stage: 'recognize', rule: 'header-unmapped', severity: 'warning', source: c.source ?? row.source });
    }
  }
  // 指标内容 / 指标名称 in place of 三级指标: that column names the indicator.
  if (!cols.some((c) => c.field === 'level3')) {
    const desc = cols.find((c) => c.field === 'description');
    if (desc) desc.field = 'level3';
  }
  return cols;
}

/**
 * The second row of a header over two rows (`指标值` spanning `计算符号 | 数值 | 计量单位`): every
 * cell starting in it names a field. Its fields replace the spanning cell's, column by column.
 */
export function isSubHeader(row: RowItem): boolean {
  const own = row.cells.filter((c) => c.origin && c.text.trim() !== '');
  return own.length > 0 && own.every((c) => indicatorField(c.text) !== null);
}

export function mergeSubHeader(columns: Column[], row: RowItem, ledger: CellLedger): Column[] {
  const sub = row.cells.filter((c) => c.origin && c.text.trim() !== '').map((c) => ({ field: indicatorField(c.text)!, col: c.col, cell: c }));
  for (const s of sub) ledger.mark(row, s.cell);
  // The spanning head over the sub-columns gives way to them (its own field too, when a sub-column names it).
  const kept = columns.filter((c) => !sub.some((s) => s.col === c.col || s.field === c.field));
  return [...kept, ...sub.map(({ field, col }) => ({ field, col }))].sort((a, b) => a.col - b.col);
}

function isIndicatorHeader(row: RowItem): boolean {
  return has(row, 'level1') && (has(row, 'level3') || has(row, 'value') || has(row, 'description')) && !has(row, 'name');
}

/**
 * Text of each indicator field in a data row. With a full grid the header's columns apply; a
 * row with fewer cells than the header (merged cells dropped by a text conversion) is aligned
 * on the right, where the value and basis columns are.
 */
function fieldTexts(row: RowItem, columns: Column[], width: number): Map<IndicatorField, string> {
  const out = new Map<IndicatorField, string>();
  if (row.slots.length >= width) {
    for (const { field, col } of columns) out.set(field, row.slots[col]?.text ?? '');
    return out;
  }
  const shift = width - row.slots.length;
  for (const { field, col } of columns) {
    const cell = row.slots[col - shift];
    out.set(field, col - shift >= 0 && cell ? cell.text : '');
  }
  return out;
}

/** Mark the cells of a data row under the header's columns as read. */
function markColumns(row: RowItem, columns: Column[], width: number, ledger: CellLedger, only?: IndicatorField[]): void {
  const shift = row.slots.length >= width ? 0 : width - row.slots.length;
  for (const { field, col } of columns) {
    if (only && !only.includes(field)) continue;
    if (col - shift >= 0) ledger.mark(row, row.slots[col - shift]);
  }
}

/** Cells of a row that start in it, as printed, for a message. */
const rowRaw = (row: RowItem): string => row.cells.filter((c) => c.origin && c.text !== '').map((c) => c.text).join(' | ');

export interface TargetResult {
  projects: Located[];
  /** Tables whose rows went into a project. */
  tables: Set<number>;
  /** Which cells landed in a field (the coverage audit reads it). */
  ledger: CellLedger;
  /** Header cells of indicator tables that no field takes. */
  lostColumns: string[];
}

/** A title over the project titles (`示范县民政局2025年项目支出绩效目标表`), not one project's. */
const COLLECTIVE_TITLE = /(^|年度?)(部门|单位)?(项目支出|项目)?$/;

export function recognizeTargetTables(stream: StreamItem[], file: VFile, skipTables: Set<number>, ledger = new CellLedger()): TargetResult {
  const projects: Located[] = [];
  const tables = new Set<number>();
  const lostColumns: string[] = [];
  const skip = (d: Draft, row: RowItem, why: string) => {
    const raw = rowRaw(row);
    if (raw !== '') d.skipped.push({ raw, source: row.source, table: row.table, why });
  };
  /** Does a table other than the indicator table hold indicator rows (continuing it), or is it another table? */
  const continuesIndicators = new Map<number, boolean>();
  const tableContinues = (table: number, d: Draft): boolean => {
    let known = continuesIndicators.get(table);
    if (known === undefined) {
      known = stream.some((r) => r.kind === 'row' && r.table === table && (isIndicatorHeader(r) || looksLikeIndicatorRow(r, d.columns!, width)));
      continuesIndicators.set(table, known);
    }
    return known;
  };
  let at = 0;
  const state: { cur: Draft | null; unit: string | null } = { cur: null, unit: null };
  let width = 0;
  const finish = (nextIsTitle = false) => {
    if (!state.cur) return;
    const p = state.cur.project;
    if (!p.project_code && p.indicators.length === 0 && !p.goals && !p.budget_raw && !p.spending_plan) {
      // Nothing of a 绩效目标表 followed: a 项目名称 column header of another table (政府采购…),
      // a title over the project titles, or a title with no table under it (reported, since a table may have been missed).
      const collective = nextIsTitle && COLLECTIVE_TITLE.test(p.project_name);
      if (!state.cur.fromTable && !collective) {
        report(file, `绩效目标表 title without a table under it: ${p.project_name}`, { stage: 'recognize', rule: 'target-table-empty', severity: 'warning', source: p.source });
      }
      // A unit printed under a collective title applies to the projects that follow.
      if (collective && p.amount_unit_raw) state.unit = p.amount_unit_raw;
      state.cur = null;
      return;
    }
    // A department-wide table is named by the department it prints (部门名称), else by its title.
    if (isDepartmentKind(p.kind) && p.unit_name) p.project_name = p.unit_name;
    if (!p.project_name) {
      report(file, `绩效目标表 without a project name (code ${p.project_code ?? 'none'})`, { stage: 'recognize', rule: 'project-name-missing', severity: 'warning', source: p.source });
    }
    if (p.indicators.length === 0) {
      report(file, `project ${p.project_name || p.project_code || p.project_seq}: no indicator rows found`, { stage: 'recognize', rule: 'project-no-indicators', severity: 'warning', source: p.source });
    }
    if (!p.amount_unit_raw && state.unit) p.amount_unit_raw = state.unit;
    projects.push({ at: state.cur.at, project: p });
    lostColumns.push(...state.cur.lostColumns.filter((c) => !lostColumns.includes(c)));
    for (const t of state.cur.tables) tables.add(t);
    for (const { raw, source, table, why } of state.cur.skipped) {
      if (table !== undefined) tables.add(table);
      report(file, `绩效目标表 row not read (${why}): ${raw}`, { stage: 'recognize', rule: 'target-row-skipped', severity: 'warning', source });
    }
    state.cur = null;
  };
  const start = (name: string, source?: SourceRef, kind: RawProject['kind'] = 'project', fromTitle = false): Draft => {
    finish(fromTitle);
    state.cur = newDraft(at, projects.length + 1, name, kind, source);
    return state.cur;
  };

  for (const [i, item] of stream.entries()) {
    at = i;
    if (item.kind === 'text') {
      let heading: { name: string; kind: RawProject['kind'] } | null = targetHeading(item.text) ?? selfEvaluationHeading(item.text);
      // A heading broken over two lines: `72、…项目:取暖费(…)` then `绩效目标表`.
      const before = stream[i - 1];
      if (heading?.name === '' && before?.kind === 'text' && targetHeading(before.text) === null && before.text.length <= 120) {
        heading = { ...heading, name: squash(before.text).replace(NUMBERING, '') };
      }
      const unit = amountUnitOf(item.text);
      if (heading) {
        start(heading.name, item.source, heading.kind, true);
        if (unit) state.cur!.project.amount_unit_raw = unit;
      }
      // `单位：元` / `金额单位：万元` printed above the table: the unit of its amounts.
      else if (unit && item.text.length <= 40 && state.cur && !state.cur.columns) state.cur.project.amount_unit_raw = unit;
      // The title of another table (`部门整体支出绩效目标表`) or a part heading ends the project.
      else if (state.cur?.columns && (endsTable(item.text) || isHeadingOutsideTable(stream, i))) finish();
      else if (state.cur?.columns && before?.kind === 'row' && stream[i + 1]?.kind === 'row') {
        // A line between indicator rows (a wrapped cell a conversion printed alone, `1.根据…`): which cell it belongs to is not known.
        state.cur.skipped.push({ raw: item.text, source: item.source, why: 'line between indicator rows' });
      }
      continue;
    }
    if (skipTables.has(item.table)) continue;
    const row = item;
    // A title printed as the table's first row (one cell across it, or alone in a row of blank
    // cells, as spreadsheets print them).
    const only = row.cells.filter((c) => c.origin && c.text.trim() !== '');
    const titled = only.length === 1 ? targetHeading(only[0]!.text) ?? selfEvaluationHeading(only[0]!.text) : null;
    if (titled) {
      start(titled.name, row.source, titled.kind, true);
      state.cur!.tables.add(row.table);
      ledger.mark(row, only[0]);
      continue;
    }
    if (has(row, 'name') && has(row, 'level1')) continue; // a 批复表 header: not this layout
    let d: Draft | null = state.cur;

    if (has(row, 'code') || has(row, 'name')) {
      // A second 项目名称 (or 项目编码) row starts the next project; 项目名称 and 项目编码 on rows of their own are one.
      const again = d && ((has(row, 'name') && d.tableFields.has('name')) || (has(row, 'code') && d.tableFields.has('code')));
      if (!d || again || d.columns) d = start('', row.source);
      for (const k of ['name', 'code'] as const) if (has(row, k)) d.tableFields.add(k);
      d.fromTable = true;
      d.tables.add(row.table);
      const code = take(row, 'code', ledger);
      const name = take(row, 'name', ledger);
      if (code) d.project.project_code = squash(code);
      if (name) d.project.project_name = squash(name);
      // `项目名称 | 630123000 24T000000 269-公益性岗位…`: code and name in one cell.
      const both = !code && name ? splitCodeName(name) : null;
      if (both && !d.project.project_code) {
        d.project.project_code = both.code;
        d.project.project_name = both.name;
      }
      if (!d.project.source) d.project.source = row.source;
      readLabels(row, d, ledger);
      continue;
    }
    if (!d) continue;
    const afterGoals = d.afterGoals;
    const afterPurpose = d.afterPurpose;
    d.afterGoals = false;
    d.afterPurpose = false;
    if (d.columns && d.headerAt === row.row - 1 && d.indicatorTable === row.table && isSubHeader(row)) {
      d.columns = mergeSubHeader(d.columns, row, ledger);
      continue;
    }
    if (d.columns) {
      // 合计/总分, 自评等级 and text rows after a self-evaluation's indicators.
      if (isSelfEvaluationKind(d.project.kind) && readSelfEvaluationTail(row, d, ledger, d.columns)) { d.tables.add(row.table); continue; }
      if (isIndicatorHeader(row)) { d.tables.add(row.table); headerColumns(row, ledger, d, null); continue; } // header repeated after a page break
      if (row.table !== d.indicatorTable && !looksLikeIndicatorRow(row, d.columns, width)) {
        // A table without indicator rows is another table; in one with them, this row is kept in a message.
        if (!tableContinues(row.table, d)) finish();
        else skip(d, row, 'not an indicator row');
        continue;
      }
      d.tables.add(row.table);
      const ind = readIndicator(row, d, width, file, ledger);
      if (ind) d.project.indicators.push(ind);
      continue;
    }
    d.tables.add(row.table);
    // A self-evaluation's execution block (年初预算数 | 全年预算数 | 全年执行数 …) and goal block (预期目标 | 实际完成情况).
    if (readSelfEvaluationRow(row, d, ledger)) continue;
    if (has(row, 'name', { covered: true }) && d.fromTable) {
      // The value beside a 项目名称 label merged down from the row above: the name's wrapped tail.
      const next = row.cells[find(row, 'name', { covered: true }) + 1];
      if (next?.origin && next.text && !isAnyLabel(next.text)) { d.project.project_name = (d.project.project_name ?? '') + squash(next.text); ledger.mark(row, next); }
      // Other labels of the row (项目类别 | 一次性项目 | ↑项目名称 | …) are read below.
      if (!row.cells.some((c) => c.origin && isAnyLabel(c.text))) continue;
    }
    if (isIndicatorHeader(row)) {
      d.columns = headerColumns(row, ledger, d, file);
      // A value-achieved column (实际完成值): the table is a self-evaluation, whatever its title said.
      if (d.columns.some((c) => c.field === 'actual')) d.project.kind = selfEvaluationKind(d.project.kind);
      d.indicatorTable = row.table;
      d.headerAt = row.row;
      width = row.slots.length;
      d.expectPct = false;
      d.inTasks = false;
      continue;
    }
    if (d.amountCols && !row.cells.some((c) => c.origin && isAnyLabel(c.text))) {
      // The values under a row of amount headers.
      for (const { key, col } of d.amountCols) {
        const cell = row.slots[col];
        if (cell?.origin && cell.text) { setAmount(d, key, cell.text); ledger.mark(row, cell); }
      }
      d.amountCols = null;
      continue;
    }
    d.amountCols = null;
    if (d.goalCols) {
      const { long, year } = d.goalCols;
      d.goalCols = null;
      const at = (col: number | null) => (col === null ? null : row.slots[col]);
      const [l, y] = [at(long), at(year)];
      if ((l?.origin && l.text) || (y?.origin && y.text)) {
        if (l?.origin && l.text) { d.project.goals_long = paragraphTagsToLines(l.text); ledger.mark(row, l); }
        if (y?.origin && y.text) { d.project.goals = paragraphTagsToLines(y.text); ledger.mark(row, y); }
        if (!d.project.goals) d.project.goals = d.project.goals_long;
        continue;
      }
    }
    if (has(row, 'tasks', { covered: true }) && (d.inTasks || has(row, 'tasks'))) {
      // 年度主要任务 (department-wide tables): its header row, then one row per task, kept in purpose.
      if (has(row, 'tasks')) { d.inTasks = true; ledger.markRow(row); continue; }
      const text = restText(row, 0, ledger);
      if (text) d.project.purpose = d.project.purpose ? `${d.project.purpose}\n${text.replace(/\n/g, ' | ')}` : text.replace(/\n/g, ' | ');
      continue;
    }
    d.inTasks = false;
    if (has(row, 'goalsLong') || has(row, 'goalsYear')) {
      readSideGoals(row, d, ledger);
      continue;
    }
    if (has(row, 'info')) {
      // 基本信息 | 财政供养人员数 | 750 | …: kept as text beside the table's fields.
      const i = find(row, 'info');
      ledger.mark(row, row.cells[i]);
      const text = restText(row, i + 1, ledger);
      if (text) d.project.basic_info = d.project.basic_info ? `${d.project.basic_info}\n${text.replace(/\n/g, ' | ')}` : text.replace(/\n/g, ' | ');
      continue;
    }
    if (AMOUNT_LABELS.some((k) => has(row, k)) || has(row, 'category') || has(row, 'unitName') || has(row, 'department') || has(row, 'funds')
      || has(row, 'budget', { covered: true }) && row.cells.some((c) => c.origin && inlineLabel(c.text))) {
      readLabels(row, d, ledger);
      d.afterPurpose = has(row, 'purpose');
      if (d.afterPurpose) ledger.mark(row, row.cells[find(row, 'purpose')]);
      continue;
    }
    if (row.cells.some((c) => c.origin && inlineLabel(c.text))) {
      // `年度资金总额：410` — label and value in one cell.
      readLabels(row, d, ledger);
      continue;
    }
    // The 资金支出计划 label merged down over its percentage row still marks the row.
    if (has(row, 'plan', { covered: true })) {
      const ms = row.cells.filter((c) => L.milestone.test(label(c.text))).map((c) => ({ milestone: label(c.text), col: c.col }));
      if (ms.length) {
        ledger.markRow(row);
        d.milestones = ms;
        d.expectPct = true;
        if (!d.project.spending_plan) d.project.spending_plan = [];
      } else if (d.milestones && d.expectPct) {
        readPct(row, d, file, ledger);
      } else ledger.mark(row, row.cells[find(row, 'plan')]);
      continue;
    }
    if (d.expectPct && d.milestones) {
      readPct(row, d, file, ledger);
      continue;
    }
    if (has(row, 'goals')) {
      const gi = find(row, 'goals');
      ledger.mark(row, row.cells[gi]);
      const g = paragraphTagsToLines(restText(row, gi + 1, ledger));
      d.project.goals = d.project.goals && g ? `${d.project.goals}\n${g}` : (g ?? d.project.goals);
      d.afterGoals = true;
      continue;
    }
    if (afterGoals && !row.cells.some((c) => c.text && isAnyLabel(c.text))) {
      const tail = paragraphTagsToLines(restText(row, 0, ledger));
      if (tail) d.project.goals = (d.project.goals ?? '') + tail;
      d.afterGoals = true;
      continue;
    }
    // A text conversion leaves the merged 资金用途 label's second row blank: `| 用于支付…`.
    const blankFirst = afterPurpose && row.cells[0]?.text === '';
    if (has(row, 'purpose') || row.cells[0] && !row.cells[0].origin && is('purpose', row.cells[0].text) || blankFirst) {
      // Second row of 预算规模及资金用途: the purpose text.
      const i = Math.max(0, find(row, 'purpose'));
      if (has(row, 'purpose')) ledger.mark(row, row.cells[i]);
      const text = restText(row, row.cells[0] && !row.cells[0].origin ? 1 : i + 1, ledger);
      if (text) d.project.purpose = d.project.purpose ? `${d.project.purpose}\n${text}` : text;
      continue;
    }
    // Page furniture above the table (`320001沧县就业服务局本级 | 单位:万元`): the document recognizer reads it.
    if (isFurnitureRow(row)) {
      ledger.markRow(row);
      for (const c of row.cells) {
        const u = amountUnitOf(c.text);
        if (u && !d.project.amount_unit_raw) d.project.amount_unit_raw = u;
      }
      continue;
    }
    // 实施期限, 项目负责人 … or anything else the table prints that no field takes.
    skip(d, row, 'no field for it');
  }
  finish();
  return { projects, tables, ledger, lostColumns };
}

/** A row of only the agency (`320001沧县就业服务局本级`) and the unit (`单位:万元`). */
function isFurnitureRow(row: RowItem): boolean {
  const texts = row.cells.filter((c) => c.origin && c.text.trim() !== '').map((c) => squash(c.text));
  return texts.length > 0 && texts.every((t) => splitAgency(t) !== null || /^(金额)?单位[:：]?(万元|元|千元)$/.test(t));
}

/** Text of the value beside a label, marking both cells read. */
function take(row: RowItem, key: LabelKey, ledger: CellLedger): string | null {
  const i = find(row, key);
  if (i < 0) return null;
  ledger.mark(row, row.cells[i]);
  const { text, cell } = valueAfter(row, key);
  if (text !== null) ledger.mark(row, cell);
  return text;
}

const AMOUNT_LABELS = Object.keys(AMOUNT_FIELD) as AmountKey[];

/**
 * The amount beside a label, where a row prints a group label before the one that names the
 * amount (`预算金额（万元） | 部门预算支出 | 2380.60`): the label with a value beside it counts;
 * every matching label cell is marked read.
 */
function takeAmount(row: RowItem, key: AmountKey, ledger: CellLedger): string | null {
  let value: string | null = null;
  row.cells.forEach((c, i) => {
    if (!c.origin || !is(key, c.text)) return;
    ledger.mark(row, c);
    const next = row.cells[i + 1];
    // An amount has digits: `收入来源` beside `预算金额（万元）` is the next label, not its value.
    if (value === null && next?.origin && /[0-9]/.test(next.text) && !isAnyLabel(next.text)) {
      value = next.text;
      ledger.mark(row, next);
    }
  });
  return value;
}
const INLINE_KEYS: LabelKey[] = ['budget', 'fiscal', 'other', 'category', 'unitName', 'department', 'code', 'name'];

/** `年度资金总额：410`, `其中：财政拨款：380万元`: a label and its value in one cell. */
function inlineLabel(text: string): { key: LabelKey; value: string } | null {
  const t = squash(text);
  const at = Math.max(t.lastIndexOf(':'), t.lastIndexOf('：'));
  if (at <= 0 || at === t.length - 1) return null;
  const head = t.slice(0, at);
  const value = t.slice(at + 1);
  const key = INLINE_KEYS.find((k) => is(k, head));
  return key ? { key, value } : null;
}

function setAmount(d: Draft, key: AmountKey, text: string): void {
  d.project[AMOUNT_FIELD[key]] = squash(text);
}

/** An amount unit in brackets after a label of the budget block (`项目资金（元）`, `预算数(元)`). */
export function labelUnit(row: RowItem): string | null {
  for (const c of row.cells) {
    const { unit } = headerForm(c.text);
    if (unit && /元$/.test(unit) && (['funds', ...AMOUNT_LABELS] as LabelKey[]).some((k) => is(k, c.text))) return unit;
  }
  return null;
}

/** Every label | value pair of a row of the project block (2 or 4 columns, values inline or beside). */
function readLabels(row: RowItem, d: Draft, ledger: CellLedger): void {
  const p = d.project;
  const unit = labelUnit(row);
  if (unit) p.amount_unit_raw = unit;
  // `项目资金（元） | 4,100,000.00`: the block's head with an amount beside it is the total.
  const funds = has(row, 'funds') ? take(row, 'funds', ledger) : null;
  if (funds && !has(row, 'budget')) setAmount(d, 'budget', funds);
  // 收入来源 / 按预算级次划分: heads of the amounts under them, read as such.
  for (const c of row.cells) if (c.origin && is('amountGroup', c.text)) ledger.mark(row, c);
  const waiting: { key: AmountKey; col: number }[] = [];
  for (const key of AMOUNT_LABELS) {
    const i = find(row, key);
    if (i < 0) continue;
    const v = takeAmount(row, key, ledger);
    if (v) setAmount(d, key, v);
    else waiting.push({ key, col: row.cells[i]!.col });
  }
  // Amount headers with nothing beside them: the values are in the next row.
  if (waiting.length > 0 && waiting.length === AMOUNT_LABELS.filter((k) => has(row, k)).length) d.amountCols = waiting;
  const category = take(row, 'category', ledger);
  if (category) p.category = squash(category);
  const unitName = take(row, 'unitName', ledger);
  if (unitName) p.unit_name = squash(unitName);
  const department = take(row, 'department', ledger);
  if (department) p.department_name = squash(department);
  for (const c of row.cells) {
    if (!c.origin) continue;
    const inline = inlineLabel(c.text);
    if (!inline) continue;
    ledger.mark(row, c);
    const v = inline.value;
    if (inline.key === 'budget' || inline.key === 'fiscal' || inline.key === 'other') setAmount(d, inline.key, v);
    else if (inline.key === 'category') p.category = v;
    else if (inline.key === 'unitName') p.unit_name = v;
    else if (inline.key === 'department') p.department_name = v;
    else if (inline.key === 'code') p.project_code = v;
    else if (inline.key === 'name') p.project_name = v;
  }
}

/** 项目总目标 | text | 年度总体目标 | text, or the two heads with their texts in the next row. */
function readSideGoals(row: RowItem, d: Draft, ledger: CellLedger): void {
  const gi = find(row, 'goals');
  if (gi >= 0) ledger.mark(row, row.cells[gi]);
  const longText = has(row, 'goalsLong') ? take(row, 'goalsLong', ledger) : null;
  const yearText = has(row, 'goalsYear') ? take(row, 'goalsYear', ledger) : null;
  if (longText || yearText) {
    if (longText) d.project.goals_long = paragraphTagsToLines(longText);
    if (yearText) d.project.goals = paragraphTagsToLines(yearText);
    if (!d.project.goals) d.project.goals = d.project.goals_long;
    return;
  }
  const colOf = (key: LabelKey) => { const i = find(row, key); return i < 0 ? null : row.cells[i]!.col; };
  d.goalCols = { long: colOf('goalsLong'), year: colOf('goalsYear') };
}

function readPct(row: RowItem, d: Draft, file: VFile, ledger: CellLedger): void {
  ledger.markRow(row);
  const ms = d.milestones!;
  d.expectPct = false;
  const plan = d.project.spending_plan ?? [];
  // Cells under the milestones: the label cell (own or merged from above) is not one of them.
  const values = row.cells.filter((c) => !is('plan', c.text));
  let texts: (string | undefined)[];
  if (values.length === ms.length) texts = values.map((c) => c.text);
  else if (row.slots.length > Math.max(...ms.map((m) => m.col))) texts = ms.map((m) => row.slots[m.col]?.text);
  else {
    const filled = values.filter((c) => c.text !== '');
    if (filled.length === ms.length) texts = filled.map((c) => c.text);
    else {
      report(file, `资金支出计划 of ${d.project.project_name}: ${values.length} values for ${ms.length} milestones`, { stage: 'recognize', rule: 'spending-plan-misaligned', severity: 'warning', source: row.source });
      texts = ms.map((_, i) => filled[i]?.text);
    }
  }
  ms.forEach((m, i) => {
    const t = blankToNull(texts[i]);
    if (t) plan.push({ milestone: m.milestone, pct_raw: squash(t) });
  });
  d.project.spending_plan = plan;
}

function looksLikeIndicatorRow(row: RowItem, columns: Column[], width: number): boolean {
  const f = fieldTexts(row, columns, width);
  const l1 = f.get('level1') ?? '';
  const l2 = f.get('level2') ?? '';
  if (l1 && !isLevel1(l1) && !isLevel2(l1)) return false;
  if (l2 && !isLevel2(l2) && !isLevel1(l2)) return false;
  return Boolean(f.get('level3') || f.get('value'));
}

/** Texts of the cells that start in this row (merged cells from above read as blank). */
function ownTexts(row: RowItem, columns: Column[], width: number): Map<IndicatorField, string> {
  const own = new Map<IndicatorField, string>();
  const shift = row.slots.length >= width ? 0 : width - row.slots.length;
  for (const { field, col } of columns) {
    const cell = row.slots[col - shift];
    own.set(field, cell && cell.origin && col - shift >= 0 ? cell.text : '');
  }
  return own;
}

/** No 三级指标 and no 指标值 of its own, but text elsewhere: the tail of the row above. */
function isContinuation(own: Map<IndicatorField, string>): boolean {
  if (own.get('value') || own.get('level1') || own.get('level2') || own.get('op') || own.get('weight')) return false;
  return Boolean(own.get('description') || own.get('basis')) && !own.get('level3');
}

/**
 * The second half of a row cut by a page break: first row of a new page, no level names of
 * its own, and a value that is only the unit missing from the number above (`≥90` / `%`).
 */
function isPageSplitTail(own: Map<IndicatorField, string>, row: RowItem, prev: RawIndicator): boolean {
  const page = row.source?.page;
  if (page === undefined || prev.source?.page === undefined || page === prev.source.page) return false;
  if (own.get('level1') || own.get('level2')) return false;
  const value = squash(own.get('value') ?? '');
  return value !== '' && /^[^0-9]{1,4}$/.test(value) && /[0-9]$/.test(prev.value_raw ?? '');
}

/**
 * A merged level cell whose text a page break cut in two (`产出指` / `标`): when the row's
 * level name completes the one above into a known name, both rows get the whole name.
 */
function joinSplitLevel(d: Draft, key: 'level1_raw' | 'level2_raw', text: string | null, prev: RawIndicator | undefined): string | null {
  if (!text) return text;
  const t = squash(text);
  const known = d.joinedLevels.get(t);
  if (known) return known;
  const before = prev?.[key];
  const complete = key === 'level1_raw' ? isLevel1 : isCompleteLevel2;
  if (before && !complete(before) && !complete(t) && complete(before + t)) {
    const joined = before + t;
    for (const i of d.project.indicators) if (i[key] === before) i[key] = joined;
    d.joinedLevels.set(t, joined);
    return joined;
  }
  return t;
}

export function readIndicator(row: RowItem, d: Draft, width: number, file: VFile, ledger: CellLedger): RawIndicator | null {
  const f = fieldTexts(row, d.columns!, width);
  const get = (k: IndicatorField) => blankToNull(f.get(k));
  const texts = row.cells.filter((c: RowCell) => c.text !== '');
  if (texts.length === 0) return null;
  const prev = d.project.indicators[d.project.indicators.length - 1];
  const own = ownTexts(row, d.columns!, width);
  if (prev && isContinuation(own)) {
    // The wrapped tail of the row above, printed as a row of its own.
    const join = (a: string | null, b: string | null | undefined) => (!b ? a : !a ? b : /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b);
    if (d.columns!.some((c) => c.field === 'description')) prev.description = join(prev.description, own.get('description'));
    prev.basis = join(prev.basis, own.get('basis'));
    markColumns(row, d.columns!, width, ledger, ['description', 'basis']);
    return null;
  }
  if (prev && isPageSplitTail(own, row, prev)) {
    // A row cut by a page break: the second part carries the ends of every cell.
    const join = (a: string | null, b: string | undefined) => (!b ? a : !a ? b : a + b);
    prev.level3 = join(prev.level3, own.get('level3') && squash(own.get('level3')!));
    if (d.columns!.some((c) => c.field === 'description')) prev.description = join(prev.description, own.get('description'));
    prev.value_raw = join(prev.value_raw, own.get('value') && squash(own.get('value')!));
    prev.basis = join(prev.basis, own.get('basis'));
    markColumns(row, d.columns!, width, ledger);
    report(file, `indicator row cut by a page break joined: ${prev.level3 ?? ''}`, { stage: 'recognize', rule: 'indicator-row-joined', severity: 'info', source: row.source });
    return null;
  }
  let level1 = joinSplitLevel(d, 'level1_raw', get('level1'), prev);
  let level2 = joinSplitLevel(d, 'level2_raw', get('level2'), prev);
  // Blank merged cells inherit from the row above.
  if (!level1 && prev) level1 = prev.level1_raw;
  if (!level2 && prev && level1 === prev.level1_raw) level2 = prev.level2_raw;
  markColumns(row, d.columns!, width, ledger);
  const level3 = get('level3');
  const value = get('value');
  // 定性/定量 in the operator column says what kind of target it is, not how to compare: not part of the value;
  // 无 (or a dash) in the operator or unit column says there is none.
  const op = get('op') && !isNature(get('op')!) && !NONE.test(squash(get('op')!)) ? get('op') : null;
  const unit = get('unit') && !NONE.test(squash(get('unit')!)) ? get('unit') : null;
  const ind: RawIndicator = {
    indicator_seq: d.project.indicators.length + 1,
    level1_raw: level1 && squash(level1),
    level2_raw: level2 && squash(level2),
    level3: level3 && squash(level3),
    description: d.columns!.some((c) => c.field === 'description') ? get('description') : null,
    value_raw: op || unit ? [op, value, unit].filter(Boolean).map((x) => squash(x!)).join('') || null : value && squash(value),
    unit_raw: unit && squash(unit),
    basis: get('basis'),
    weight_raw: get('weight') && squash(get('weight')!),
    source: row.source,
    direction: get('direction') && squash(get('direction')!),
    remark: get('remark'),
    // Self-evaluations: the value achieved, the score, and why it fell short.
    ...(get('actual') !== null ? { actual_raw: squash(get('actual')!) } : {}),
    ...(get('score') !== null ? { score_raw: squash(get('score')!) } : {}),
    ...(get('deviation') !== null ? { deviation_reason: get('deviation') } : {}),
  };
  if (!ind.level3 && !ind.value_raw && !ind.description && !ind.basis && !ind.weight_raw) {
    // A template's placeholder row: a 二级指标 printed with nothing under it (成本指标 | | ). Not an indicator.
    report(file, `indicator row with level names only (an empty placeholder) not loaded: ${texts.map((c) => c.text).join(' | ')}`, { stage: 'recognize', rule: 'indicator-row-empty', severity: 'info', source: row.source });
    return null;
  }
  if (!ind.level3 && !ind.value_raw) {
    report(file, `indicator row without 三级指标 or 指标值 kept as printed: ${texts.map((c) => c.text).join(' | ')}`, { stage: 'recognize', rule: 'indicator-row-unparsed', severity: 'warning', source: row.source });
    ind.level3 = texts.map((c) => c.text).join(' ');
  }
  return ind;
}
