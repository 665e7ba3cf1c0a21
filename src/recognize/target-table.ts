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
import { find, has, is, isAnyLabel, L, valueAfter, type LabelKey } from './labels.ts';
import { label, type RowCell, type RowItem, type StreamItem } from './stream.ts';
import { endsTable, isHeadingOutsideTable } from './table-end.ts';
import { isCompleteLevel2, isLevel1, isLevel2, splitAgency, splitCodeName } from './vocabulary.ts';

/** `1.2022年服务外包劳务费绩效目标表`, `1、办公设备购置专项经费绩效目标表`. */
const NUMBERING = /^[（(]?[0-9一二三四五六七八九十]+[)）.、．]\s*/;
const HEADING = new RegExp(`^(?:${NUMBERING.source.slice(1)})?(.*?)绩效目标(?:申报)?表$`);

export function targetHeadingName(text: string): string | null {
  const t = squash(text);
  // `详见单位的项目绩效目标表` is a reference in running text, not a table's title.
  if (/部门整体|整体支出|批复表/.test(t) || /^(详见|参见|见|具体见)/.test(t)) return null;
  const m = HEADING.exec(t);
  if (!m) return null;
  return m[1] ?? '';
}

type IndicatorField = 'level1' | 'level2' | 'level3' | 'description' | 'value' | 'basis' | 'weight' | 'unit' | 'op';
const FIELD_LABELS: [IndicatorField, LabelKey][] = [
  ['level1', 'level1'], ['level2', 'level2'], ['level3', 'level3'], ['description', 'description'],
  ['value', 'value'], ['basis', 'basis'], ['weight', 'weight'], ['unit', 'unit'], ['op', 'op'],
];

interface Column { field: IndicatorField; col: number }

interface Draft {
  /** Position in the stream where the project starts (orders projects across layouts). */
  at: number;
  project: RawProject;
  /** Set once the table itself gave code or name (a second such row starts a new project). */
  fromTable: boolean;
  milestones: { milestone: string; col: number }[] | null;
  expectPct: boolean;
  columns: Column[] | null;
  indicatorTable: number;
  /** The previous row was 绩效目标: a following row without labels carries its tail (page break). */
  afterGoals: boolean;
  /** The previous row printed the 资金用途 label: a next row with a blank first cell holds the text. */
  afterPurpose: boolean;
  /** Tails of level names cut by a page break → the whole name. */
  joinedLevels: Map<string, string>;
  /** Tables the project read, and rows it did not: both count only once the project is kept. */
  tables: Set<number>;
  skipped: { raw: string; source?: SourceRef; table?: number; why: string }[];
}

function newDraft(at: number, seq: number, name: string, source?: SourceRef): Draft {
  return {
    at,
    project: {
      project_seq: seq, project_code: null, project_name: name, category: null, budget_raw: null, fiscal_raw: null,
      other_raw: null, purpose: null, goals: null, spending_plan: null, indicators: [], layout: 'target_table', source,
    },
    fromTable: false, milestones: null, expectPct: false, columns: null, indicatorTable: -1, afterGoals: false, afterPurpose: false, joinedLevels: new Map(),
    tables: new Set(), skipped: [],
  };
}

const blankToNull = (t: string | null | undefined): string | null => (t === undefined || t === null || t.trim() === '' ? null : t);

/** Joined text of the row's cells that are not labels (a value spanning the rest of the row). */
function restText(row: RowItem, from: number): string | null {
  const parts: string[] = [];
  for (const c of row.cells.slice(from)) if (c.text && !isAnyLabel(c.text) && !parts.includes(c.text)) parts.push(c.text);
  return parts.length ? parts.join('\n') : null;
}

/** Some exports print the goals' HTML paragraphs literally (`<p>1.…</p> <p>2.…</p>`): one line each. */
function paragraphTagsToLines(text: string | null): string | null {
  if (text === null || !/<\/?(p|br)\b[^>]*>/i.test(text)) return text;
  return text.replace(/<\/p>\s*<p[^>]*>|<br\s*\/?>/gi, '\n').replace(/<\/?p[^>]*>/gi, '').trim() || null;
}

function headerColumns(row: RowItem): Column[] {
  const cols: Column[] = [];
  for (const c of row.cells) {
    const hit = FIELD_LABELS.find(([, key]) => is(key, c.text));
    if (hit && !cols.some((x) => x.field === hit[0])) cols.push({ field: hit[0], col: c.col });
  }
  return cols;
}

function isIndicatorHeader(row: RowItem): boolean {
  return has(row, 'level1') && (has(row, 'level3') || has(row, 'value')) && !has(row, 'name');
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

/** Cells of a row that start in it, as printed, for a message. */
const rowRaw = (row: RowItem): string => row.cells.filter((c) => c.origin && c.text !== '').map((c) => c.text).join(' | ');

export interface TargetResult {
  projects: Located[];
  /** Tables whose rows went into a project. */
  tables: Set<number>;
}

export function recognizeTargetTables(stream: StreamItem[], file: VFile, skipTables: Set<number>): TargetResult {
  const projects: Located[] = [];
  const tables = new Set<number>();
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
  const state: { cur: Draft | null } = { cur: null };
  let width = 0;
  const finish = () => {
    if (!state.cur) return;
    const p = state.cur.project;
    if (!p.project_code && p.indicators.length === 0 && !p.goals && !p.budget_raw && !p.spending_plan) {
      // Nothing of a 绩效目标表 followed: a 项目名称 column header of another table (政府采购…),
      // or a title with no table under it (reported, since a table may have been missed).
      if (!state.cur.fromTable) {
        report(file, `绩效目标表 title without a table under it: ${p.project_name}`, { stage: 'recognize', rule: 'target-table-empty', severity: 'warning', source: p.source });
      }
      state.cur = null;
      return;
    }
    if (!p.project_name) {
      report(file, `绩效目标表 without a project name (code ${p.project_code ?? 'none'})`, { stage: 'recognize', rule: 'project-name-missing', severity: 'warning', source: p.source });
    }
    if (p.indicators.length === 0) {
      report(file, `project ${p.project_name || p.project_code || p.project_seq}: no indicator rows found`, { stage: 'recognize', rule: 'project-no-indicators', severity: 'warning', source: p.source });
    }
    projects.push({ at: state.cur.at, project: p });
    for (const t of state.cur.tables) tables.add(t);
    for (const { raw, source, table, why } of state.cur.skipped) {
      if (table !== undefined) tables.add(table);
      report(file, `绩效目标表 row not read (${why}): ${raw}`, { stage: 'recognize', rule: 'target-row-skipped', severity: 'warning', source });
    }
    state.cur = null;
  };
  const start = (name: string, source?: SourceRef): Draft => {
    finish();
    state.cur = newDraft(at, projects.length + 1, name, source);
    return state.cur;
  };

  for (const [i, item] of stream.entries()) {
    at = i;
    if (item.kind === 'text') {
      let name = targetHeadingName(item.text);
      // A heading broken over two lines: `72、…项目:取暖费(…)` then `绩效目标表`.
      const before = stream[i - 1];
      if (name === '' && before?.kind === 'text' && targetHeadingName(before.text) === null && before.text.length <= 120) {
        name = squash(before.text).replace(NUMBERING, '');
      }
      if (name !== null) start(name, item.source);
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
    if (has(row, 'name') && has(row, 'level1')) continue; // a 批复表 header: not this layout
    let d: Draft | null = state.cur;

    if (has(row, 'code') || has(row, 'name')) {
      if (!d || d.fromTable || d.columns) d = start('', row.source);
      d.fromTable = true;
      d.tables.add(row.table);
      const code = valueAfter(row, 'code').text;
      const name = valueAfter(row, 'name').text;
      if (code) d.project.project_code = squash(code);
      if (name) d.project.project_name = squash(name);
      // `项目名称 | 630123000 24T000000 269-公益性岗位…`: code and name in one cell.
      const both = !code && name ? splitCodeName(name) : null;
      if (both && !d.project.project_code) {
        d.project.project_code = both.code;
        d.project.project_name = both.name;
      }
      if (!d.project.source) d.project.source = row.source;
      readAmounts(row, d);
      continue;
    }
    if (!d) continue;
    const afterGoals = d.afterGoals;
    const afterPurpose = d.afterPurpose;
    d.afterGoals = false;
    d.afterPurpose = false;
    if (d.columns) {
      if (isIndicatorHeader(row)) { d.tables.add(row.table); continue; } // header repeated after a page break
      if (row.table !== d.indicatorTable && !looksLikeIndicatorRow(row, d.columns, width)) {
        // A table without indicator rows is another table; in one with them, this row is kept in a message.
        if (!tableContinues(row.table, d)) finish();
        else skip(d, row, 'not an indicator row');
        continue;
      }
      d.tables.add(row.table);
      const ind = readIndicator(row, d, width, file);
      if (ind) d.project.indicators.push(ind);
      continue;
    }
    d.tables.add(row.table);
    if (has(row, 'name', { covered: true }) && d.fromTable) {
      // The value beside a 项目名称 label merged down from the row above: the name's wrapped tail.
      const next = row.cells[find(row, 'name', { covered: true }) + 1];
      if (next?.origin && next.text && !isAnyLabel(next.text)) d.project.project_name = (d.project.project_name ?? '') + squash(next.text);
      // Other labels of the row (项目类别 | 一次性项目 | ↑项目名称 | …) are read below.
      if (!row.cells.some((c) => c.origin && isAnyLabel(c.text))) continue;
    }
    if (isIndicatorHeader(row)) {
      d.columns = headerColumns(row);
      d.indicatorTable = row.table;
      width = row.slots.length;
      d.expectPct = false;
      continue;
    }
    if (has(row, 'budget') || has(row, 'fiscal') || has(row, 'other') || has(row, 'category')) {
      readAmounts(row, d);
      d.afterPurpose = has(row, 'purpose');
      continue;
    }
    // The 资金支出计划 label merged down over its percentage row still marks the row.
    if (has(row, 'plan', { covered: true })) {
      const ms = row.cells.filter((c) => L.milestone.test(label(c.text))).map((c) => ({ milestone: label(c.text), col: c.col }));
      if (ms.length) {
        d.milestones = ms;
        d.expectPct = true;
        if (!d.project.spending_plan) d.project.spending_plan = [];
      } else if (d.milestones && d.expectPct) {
        readPct(row, d, file);
      }
      continue;
    }
    if (d.expectPct && d.milestones) {
      readPct(row, d, file);
      continue;
    }
    if (has(row, 'goals')) {
      const g = paragraphTagsToLines(restText(row, find(row, 'goals') + 1));
      d.project.goals = d.project.goals && g ? `${d.project.goals}\n${g}` : (g ?? d.project.goals);
      d.afterGoals = true;
      continue;
    }
    if (afterGoals && !row.cells.some((c) => c.text && isAnyLabel(c.text))) {
      const tail = paragraphTagsToLines(restText(row, 0));
      if (tail) d.project.goals = (d.project.goals ?? '') + tail;
      d.afterGoals = true;
      continue;
    }
    // A text conversion leaves the merged 资金用途 label's second row blank: `| 用于支付…`.
    const blankFirst = afterPurpose && row.cells[0]?.text === '';
    if (has(row, 'purpose') || row.cells[0] && !row.cells[0].origin && is('purpose', row.cells[0].text) || blankFirst) {
      // Second row of 预算规模及资金用途: the purpose text.
      const i = Math.max(0, find(row, 'purpose'));
      const text = restText(row, row.cells[0] && !row.cells[0].origin ? 1 : i + 1);
      if (text) d.project.purpose = d.project.purpose ? `${d.project.purpose}\n${text}` : text;
      continue;
    }
    // Page furniture above the table (`320001沧县就业服务局本级 | 单位:万元`): the document recognizer reads it.
    if (isFurnitureRow(row)) continue;
    // 主管部门, 实施期限, 项目负责人 … or anything else the table prints that no field takes.
    skip(d, row, 'no field for it');
  }
  finish();
  return { projects, tables };
}

/** A row of only the agency (`320001沧县就业服务局本级`) and the unit (`单位:万元`). */
function isFurnitureRow(row: RowItem): boolean {
  const texts = row.cells.filter((c) => c.origin && c.text.trim() !== '').map((c) => squash(c.text));
  return texts.length > 0 && texts.every((t) => splitAgency(t) !== null || /^(金额)?单位[:：]?(万元|元|千元)$/.test(t));
}

function readAmounts(row: RowItem, d: Draft): void {
  const p = d.project;
  const budget = valueAfter(row, 'budget').text;
  const fiscal = valueAfter(row, 'fiscal').text;
  const other = valueAfter(row, 'other').text;
  const category = valueAfter(row, 'category').text;
  if (budget) p.budget_raw = squash(budget);
  if (fiscal) p.fiscal_raw = squash(fiscal);
  if (other) p.other_raw = squash(other);
  if (category) p.category = squash(category);
}

function readPct(row: RowItem, d: Draft, file: VFile): void {
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

function readIndicator(row: RowItem, d: Draft, width: number, file: VFile): RawIndicator | null {
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
    return null;
  }
  if (prev && isPageSplitTail(own, row, prev)) {
    // A row cut by a page break: the second part carries the ends of every cell.
    const join = (a: string | null, b: string | undefined) => (!b ? a : !a ? b : a + b);
    prev.level3 = join(prev.level3, own.get('level3') && squash(own.get('level3')!));
    if (d.columns!.some((c) => c.field === 'description')) prev.description = join(prev.description, own.get('description'));
    prev.value_raw = join(prev.value_raw, own.get('value') && squash(own.get('value')!));
    prev.basis = join(prev.basis, own.get('basis'));
    report(file, `indicator row cut by a page break joined: ${prev.level3 ?? ''}`, { stage: 'recognize', rule: 'indicator-row-joined', severity: 'info', source: row.source });
    return null;
  }
  let level1 = joinSplitLevel(d, 'level1_raw', get('level1'), prev);
  let level2 = joinSplitLevel(d, 'level2_raw', get('level2'), prev);
  // Blank merged cells inherit from the row above.
  if (!level1 && prev) level1 = prev.level1_raw;
  if (!level2 && prev && level1 === prev.level1_raw) level2 = prev.level2_raw;
  const level3 = get('level3');
  const value = get('value');
  const op = get('op');
  const unit = get('unit');
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
  };
  if (!ind.level3 && !ind.value_raw) {
    report(file, `indicator row without 三级指标 or 指标值 kept as printed: ${texts.map((c) => c.text).join(' | ')}`, { stage: 'recognize', rule: 'indicator-row-unparsed', severity: 'warning', source: row.source });
    ind.level3 = texts.map((c) => c.text).join(' ');
  }
  return ind;
}
