// 批复表: one wide table, a project block per group of rows (单位名称 项目名称 项目类别 预算数
// 绩效目标 | 一级指标 二级指标 三级指标 绩效指标性质 绩效指标值 度量单位 分值权重). Text
// conversions drop merged cells and shift the rest left, and carry the tail of a wrapped cell
// into a row of its own, so columns cannot be trusted. Each row is read by what its cells are:
// the operator cell anchors value, unit and weight on its right and the 三级指标 on its left;
// level names are known words; a `code-name` cell starts a project.
import type { VFile } from 'vfile';
import { squash } from '../ir/text.ts';
import { report } from '../messages.ts';
import type { RawIndicator, RawProject } from '../records.ts';
import { markTitleRows, type CellLedger } from './coverage.ts';
import { find, has, isAnyLabel } from './labels.ts';
import { label, ownCells, type RowCell, type RowItem, type StreamItem } from './stream.ts';
import { endsTable, isHeadingOutsideTable } from './table-end.ts';
import {
  isCompleteLevel2, isLevel1, isLevel1Only, isLevel2, isNature, isNumber, isOp, isUnit, splitAgency, splitCodeName,
} from './vocabulary.ts';

export interface Located { at: number; project: RawProject }

export interface ApprovalResult {
  projects: Located[];
  /** Tables read as 批复表 (other recognizers skip them). */
  tables: Set<number>;
  agency: { code: string; name: string } | null;
  /** The amount printed in the table's 合计 row (the project budgets' sum), when there is one. */
  total: string | null;
}

const isHeader = (row: RowItem) => has(row, 'name') && (has(row, 'level1') || has(row, 'level3'));

/** Which value columns the header prints (an operator column, a unit column, a weight column). */
interface HeaderShape { op: boolean; unit: boolean; weight: boolean }
const TOTAL = /^(合计|总计|小计)/;
const CATEGORY = /^[0-9]+[-－].{1,10}类$|^.{1,8}类$/;

function levelRank(level1: string | null): number {
  const t = level1 ?? '';
  if (/产出/.test(t)) return 0;
  if (/成本/.test(t)) return 1;
  if (/效益|影响/.test(t)) return 2;
  if (/满意/.test(t)) return 3;
  return -1;
}

interface Parsed {
  left: string[];
  level1: string | null;
  level2: string | null;
  level3: string | null;
  op: string | null;
  value: string | null;
  unit: string | null;
  weight: string | null;
  extra: string[];
}

/** `≥95%`, `=100`, `≤3.5%`: a target value printed with its operator in one cell. */
const OP_VALUE = /^(≥|≤|=|＝|>|<|＞|＜|≧|≦)\s*[0-9]/;

/**
 * Split a row's cells around its anchor: the operator cell when the table prints one, else the
 * value cell found from the right (weight, then unit, then value, as the header says they
 * come). Returns null when the row has no anchor.
 */
function parseIndicatorCells(cells: string[], shape: HeaderShape): Parsed | null {
  let opAt = -1;
  for (let i = cells.length - 1; i >= 0; i--) if (isOp(cells[i]!) || isNature(cells[i]!)) { opAt = i; break; }
  if (opAt < 0) return (shape.op ? null : parseWithoutOp(cells, shape)) ?? parseAfterLevels(cells, shape);
  const p: Parsed = { left: [], level1: null, level2: null, level3: null, op: cells[opAt]!, value: null, unit: null, weight: null, extra: [] };
  const tail = cells.slice(opAt + 1);
  tail.forEach((t, i) => {
    if (i === 0 && (/[0-9]/.test(t) || !isUnit(t))) p.value = t;
    else if (p.unit === null && p.weight === null && !isNumber(t)) p.unit = t;
    else if (p.weight === null && isNumber(t)) p.weight = t;
    else p.extra.push(t);
  });
  splitHead(cells.slice(0, opAt), p);
  return p;
}

function parseWithoutOp(cells: string[], shape: HeaderShape): Parsed | null {
  let end = cells.length;
  const p: Parsed = { left: [], level1: null, level2: null, level3: null, op: null, value: null, unit: null, weight: null, extra: [] };
  if (shape.weight && end > 0 && isNumber(cells[end - 1]!) && end >= 2 && (isNumber(cells[end - 2]!) || isUnit(cells[end - 2]!) || OP_VALUE.test(squash(cells[end - 2]!)))) {
    p.weight = cells[--end]!;
  }
  if (shape.unit && end > 0 && isUnit(cells[end - 1]!) && end >= 2 && (isNumber(cells[end - 2]!) || OP_VALUE.test(squash(cells[end - 2]!)))) {
    p.unit = cells[--end]!;
  }
  const v = cells[end - 1];
  if (v === undefined || !(isNumber(v) || OP_VALUE.test(squash(v)) || /^[0-9.]+\s*%$/.test(squash(v)))) return null;
  p.value = v;
  end--;
  splitHead(cells.slice(0, end), p);
  // A project row's budget is a number too: the cell before it names the category or project.
  const l3 = p.level3 ?? '';
  if (!p.level1 && !p.level2 && (CATEGORY.test(squash(l3)) || splitCodeName(l3) || splitAgency(l3))) return null;
  return p;
}

/**
 * A qualitative target (`明显改善`) has no number to anchor on; when the row prints its level
 * names, the cells after them are 三级指标, value, then unit and weight.
 */
function parseAfterLevels(cells: string[], shape: HeaderShape): Parsed | null {
  let k = -1;
  for (let i = cells.length - 1; i >= 0; i--) if (isLevel1(cells[i]!) || isCompleteLevel2(cells[i]!)) { k = i; break; }
  const rest = cells.slice(k + 1);
  if (k < 0 || rest.length < 2) return null;
  const p: Parsed = { left: [], level1: null, level2: null, level3: rest[0]!, op: null, value: rest[1]!, unit: null, weight: null, extra: [] };
  for (const t of rest.slice(2)) {
    if (shape.unit && p.unit === null && p.weight === null && !isNumber(t)) p.unit = t;
    else if (p.weight === null && isNumber(t)) p.weight = t;
    else p.extra.push(t);
  }
  splitHead(cells.slice(0, k + 1), p);
  p.level3 = rest[0]!;
  return p;
}

/** Left of the anchor: 三级指标 next to it, then level names by vocabulary, then the rest. */
function splitHead(head: string[], p: Parsed): void {
  const last = head[head.length - 1];
  if (last !== undefined && !(isLevel1(last) || isCompleteLevel2(last))) p.level3 = head.pop()!;
  let h = head[head.length - 1];
  if (h !== undefined && isLevel2(h) && !isLevel1Only(h)) { p.level2 = h; head.pop(); }
  h = head[head.length - 1];
  if (h !== undefined && isLevel1(h)) { p.level1 = h; head.pop(); }
  p.left = head;
}

export function recognizeApprovalTables(stream: StreamItem[], file: VFile, skipTables: Set<number> = new Set(), ledger?: CellLedger): ApprovalResult {
  const result: ApprovalResult = { projects: [], tables: new Set(), agency: null, total: null };
  const totals: { text: string; row: RowItem }[] = [];
  let inTable = false;
  /** Grid columns of the 项目名称 and 绩效目标 headers, and the header's width (to tell a complete grid row). */
  let columns: HeaderColumns | null = null;
  let shape: HeaderShape = { op: true, unit: true, weight: true };
  let cur: Located | null = null;
  const projects: Located[] = [];

  const push = (ind: Omit<RawIndicator, 'indicator_seq'>, row: RowItem) => {
    if (!cur) {
      report(file, `批复表 indicator row before any project kept unassigned: ${ind.level3 ?? ''}`, { stage: 'recognize', rule: 'approval-row-orphan', severity: 'warning', source: row.source });
      return;
    }
    cur.project.indicators.push({ ...ind, indicator_seq: cur.project.indicators.length + 1 });
  };

  stream.forEach((item, at) => {
    if (item.kind === 'row' && skipTables.has(item.table)) return; // read as a wide 绩效目标表 (wide-table.ts)
    if (item.kind === 'text') {
      if (!inTable) return;
      // Only a table title or a part heading ends the table: a text conversion tags a wrapped
      // numbered line of a cell (`1.提高老年人生活水平`) as a heading. A heading followed by text
      // rather than rows is a heading all the same.
      if (endsTable(item.text) || isHeadingOutsideTable(stream, at)) inTable = false;
      else if (cur && isCellTail(item.text)) {
        // A wrapped tail the conversion printed as a line of its own (no cell separators).
        continueProject((cur as Located).project, [{ text: item.text, col: -1 }], null, null, { kind: 'row', slots: [], cells: [], table: -1, row: -1, source: item.source }, file);
      }
      return;
    }
    if (isHeader(item)) {
      inTable = true;
      result.tables.add(item.table);
      if (ledger) markTitleRows(stream, item.table, item.row, ledger);
      shape = { op: has(item, 'op'), unit: has(item, 'unit'), weight: has(item, 'weight') };
      columns = headerColumns(item);
      // Header cells the label vocabulary knows; another header's column is not read.
      for (const c of item.cells) if (isAnyLabel(c.text)) ledger?.mark(item, c);
      return;
    }
    // Rows of a table after the 批复表 ended belong to another table (reported as unrecognized if nobody reads it).
    if (!inTable) return;
    result.tables.add(item.table);
    const own = ownCells(item);
    const cells = own.map((c) => c.text);
    if (cells.length === 0) return;
    if (TOTAL.test(squash(cells[0]!))) {
      const amount = [...cells].reverse().find((t) => isNumber(t));
      if (amount && /^(合计|总计)/.test(squash(cells[0]!))) totals.push({ text: squash(amount), row: item });
      // The label and the amount (checked against the projects' budgets).
      ledger?.mark(item, own[0]);
      if (amount) ledger?.mark(item, own[cells.lastIndexOf(amount)]);
      // Placeholders (- — /) in the total row's other cells print nothing.
      for (const c of own) if (/^[-—–－/／]+$/.test(squash(c.text))) ledger?.mark(item, c);
      return;
    }
    // Column positions hold only when the row prints every column of the header (no merged cell dropped).
    const trusted = columns !== null && item.slots.length === columns.width && !item.slots.some((c) => c.filler) ? columns : null;

    const parsed = parseIndicatorCells(cells, shape);
    const left = parsed ? parsed.left : cells;
    // The left part: unit, project (code-name), category, budget, goals — or continuations.
    let startsProject = false;
    const rest: RowCell[] = [];
    let category: string | null = null;
    let budget: string | null = null;
    for (const [k, t] of left.entries()) {
      const cn = splitCodeName(t);
      if (cn && !startsProject) {
        startsProject = true;
        cur = {
          at,
          project: {
            project_seq: projects.length + 1, project_code: cn.code, project_name: cn.name, category: null, budget_raw: null,
            fiscal_raw: null, other_raw: null, basic_raw: null, project_raw: null, basic_info: null, purpose: null, goals: null, spending_plan: null, indicators: [], layout: 'approval_table',
            source: item.source, kind: 'project', amount_unit_raw: null, goals_long: null, unit_name: null, department_name: null,
          },
        };
        projects.push(cur);
        continue;
      }
      const ag = splitAgency(t);
      if (ag) { result.agency ??= ag; continue; }
      if (startsProject && category === null && CATEGORY.test(squash(t))) { category = squash(t); continue; }
      if (startsProject && budget === null && isNumber(t)) { budget = squash(t); continue; }
      if (/^[（(]?本级[)）]$/.test(squash(t))) continue;
      if (isAnyLabel(t) || /^其中/.test(label(t))) continue;
      rest.push(own[k]!);
    }
    if (startsProject && cur) {
      const p = (cur as Located).project;
      p.category = category;
      p.budget_raw = budget;
      if (rest.length) p.goals = rest.map((c) => c.text).join('');
    } else if (rest.length) {
      if (!cur) {
        report(file, `批复表 row before any project ignored: ${rest.map((c) => c.text).join(' | ')}`, { stage: 'recognize', rule: 'approval-row-skipped', severity: 'info', source: item.source });
      } else {
        continueProject((cur as Located).project, rest, parsed, trusted, item, file);
      }
    }
    // The left part went into the project (code-name, category, budget, goals, name tails) or was a
    // label; only rows before any project are not read.
    if (startsProject || cur) for (const c of own.slice(0, left.length)) ledger?.mark(item, c);
    else for (const c of own.slice(0, left.length)) if (!rest.includes(c)) ledger?.mark(item, c);
    if (!parsed) return;
    const p = cur ? (cur as Located).project : null;
    const prev = p?.indicators[p.indicators.length - 1];
    // A wrapped 二级指标 whose tail landed in this row (`服务对象` / `满意度`).
    if (prev && parsed.level2 && !parsed.level1 && prev.level2_raw && !isCompleteLevel2(prev.level2_raw)
      && isCompleteLevel2(prev.level2_raw + squash(parsed.level2))) {
      const joined = prev.level2_raw + squash(parsed.level2);
      for (const i of p!.indicators) if (i.level2_raw === prev.level2_raw && i.level1_raw === prev.level1_raw) i.level2_raw = joined;
      parsed.level2 = null;
    }
    const level1 = parsed.level1 ? squash(parsed.level1) : prev?.level1_raw ?? null;
    const level2 = parsed.level2 ? squash(parsed.level2) : (prev && level1 === prev.level1_raw ? prev.level2_raw : null);
    // Levels, 三级指标, operator, value, unit, weight: the cells between the left part and the extras.
    for (const c of own.slice(left.length, own.length - parsed.extra.length)) ledger?.mark(item, c);
    if (parsed.extra.length) {
      report(file, `批复表 row has extra cells after the weight: ${parsed.extra.join(' | ')}`, { stage: 'recognize', rule: 'approval-row-extra', severity: 'warning', source: item.source });
    }
    const op = parsed.op && isOp(parsed.op) ? squash(parsed.op) : '';
    const valueRaw = [op, parsed.value ? squash(parsed.value) : '', parsed.unit ? squash(parsed.unit) : ''].join('');
    if (!parsed.level3) {
      report(file, `批复表 indicator row without a 三级指标: ${cells.join(' | ')}`, { stage: 'recognize', rule: 'indicator-row-unparsed', severity: 'warning', source: item.source });
    }
    push({
      level1_raw: level1, level2_raw: level2, level3: parsed.level3 ? squash(parsed.level3) : null, description: null,
      value_raw: valueRaw || null, unit_raw: parsed.unit ? squash(parsed.unit) : null, basis: null,
      weight_raw: parsed.weight ? squash(parsed.weight) : null, source: item.source, direction: null, remark: null,
    }, item);
  });

  reassignLeadingRows(projects, file);
  result.projects = projects;
  if (totals.length === 1) result.total = totals[0]!.text;
  else if (totals.length > 1) {
    // Several 合计 rows (one table per unit): no single printed total covers all the projects.
    report(file, `${totals.length} 批复表 合计 rows (${totals.map((t) => t.text).join(', ')}): the projects' total is not checked`, { stage: 'recognize', rule: 'approval-total-several', severity: 'info', source: totals[0]!.row.source });
  }
  return result;
}

/** Short text inside the table that is not a page number, note or title. */
function isCellTail(text: string): boolean {
  const t = squash(text);
  return t.length > 0 && t.length <= 200 && !/^(第?[0-9]+页|[-—]?[0-9]+[-—]?|注[:：].*|.*表)$/.test(t) && !/共[0-9]+页/.test(t);
}

interface HeaderColumns { name: number | null; goals: number | null; width: number }

function headerColumns(header: RowItem): HeaderColumns {
  const col = (i: number) => (i >= 0 ? header.cells[i]!.col : null);
  return { name: col(find(header, 'name')), goals: col(find(header, 'goals')), width: header.slots.length };
}

/**
 * Cells of a row without a project code: the tail of the wrapped project name or of the goals
 * text, or — with no indicator anchor — an unreadable row kept with a message. Under a full-width
 * row the header's columns tell name from goals; otherwise (cells shifted by a text conversion)
 * a short text is taken for the name's tail, and a message says so.
 */
function continueProject(p: RawProject, cells: { text: string; col: number }[], parsed: Parsed | null, columns: HeaderColumns | null, row: RowItem, file: VFile): void {
  const texts = cells.map((c) => c.text);
  for (const [k, { text: t, col }] of cells.entries()) {
    const s = squash(t);
    if (columns && columns.name !== null && col === columns.name) {
      p.project_name += s;
      continue;
    }
    if (columns && columns.goals !== null && col === columns.goals) {
      p.goals = p.goals ? p.goals + t : t;
      continue;
    }
    if (s.length <= 12 && !isLevel1(s) && !isLevel2(s) && (p.goals === null || cells.length > 1 && k === 0)) {
      if (p.goals !== null) {
        report(file, `批复表 short cell "${s}" taken for the tail of project name ${p.project_name} (its column is not known)`, { stage: 'recognize', rule: 'approval-name-guessed', severity: 'info', source: row.source });
      }
      p.project_name += s;
    } else if (!parsed && (isLevel1(s) || isLevel2(s))) {
      report(file, `批复表 row without operator/value kept as printed: ${texts.join(' | ')}`, { stage: 'recognize', rule: 'indicator-row-unparsed', severity: 'warning', source: row.source });
      p.indicators.push({
        indicator_seq: p.indicators.length + 1, level1_raw: null, level2_raw: null, level3: texts.join(' '), description: null,
        value_raw: null, unit_raw: null, basis: null, weight_raw: null, source: row.source, direction: null, remark: null,
      });
      return;
    } else {
      p.goals = p.goals ? p.goals + t : t;
    }
  }
}

/**
 * Merged project cells are printed at the middle of their rows, so a text conversion can put
 * a project's first cells on the previous project's last row. Indicators at the start of a
 * project whose 一级指标 comes after the project's next ones in the usual order (产出 → 效益 →
 * 满意度) belong to the previous project when that one lacks them.
 */
function reassignLeadingRows(projects: Located[], file: VFile): void {
  for (let k = 1; k < projects.length; k++) {
    const inds = projects[k]!.project.indicators;
    const prevP = projects[k - 1]!.project;
    if (inds.length < 2) continue;
    const first = inds[0]!.level1_raw;
    let run = 0;
    while (run < inds.length && inds[run]!.level1_raw === first) run++;
    if (run >= inds.length) continue;
    const r0 = levelRank(first);
    const r1 = levelRank(inds[run]!.level1_raw);
    const prevLast = prevP.indicators[prevP.indicators.length - 1];
    if (r0 < 0 || r1 < 0 || r0 <= r1) continue;
    if (prevLast && levelRank(prevLast.level1_raw) > r0) continue;
    if (prevP.indicators.some((i) => levelRank(i.level1_raw) === r0)) continue;
    const moved = inds.splice(0, run);
    for (const m of moved) prevP.indicators.push({ ...m, indicator_seq: prevP.indicators.length + 1 });
    inds.forEach((ind, i) => { ind.indicator_seq = i + 1; });
    report(file, `${run} ${first} row(s) printed beside project ${projects[k]!.project.project_name} assigned to the project before (${prevP.project_name})`, { stage: 'recognize', rule: 'approval-row-reassigned', severity: 'info', source: moved[0]!.source });
  }
}
