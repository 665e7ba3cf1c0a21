// Self-evaluations (项目支出绩效自评表, 部门整体支出绩效自评表): a 绩效目标表 read a year later, with
// what was achieved beside what was planned. The target-table reader (./target-table.ts) follows
// their label block and indicator rows; the parts only a self-evaluation has are read here:
//   - the execution block: heads (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) over the
//     年度资金总额 row and its 其中 rows;
//   - the goal block: 预期目标 | 实际完成情况 heads over the two texts;
//   - after the indicators: 总分 / 合计, 自评等级, and text rows (说明, 评价结论, 存在问题, 改进措施).
// Indicator columns (实际完成值, 得分, 偏差原因分析及改进措施) are fields of the one header vocabulary.
// Every label comes from ./headers.ts; nothing here depends on where a format put a cell.
import { squash } from '../ir/text.ts';
import type { RawProject } from '../records.ts';
import type { CellLedger } from './coverage.ts';
import { find, has, is, isAnyLabel, type LabelKey } from './labels.ts';
import type { RowCell, RowItem } from './stream.ts';
import type { Column, Draft } from './target-table.ts';
import { labelUnit } from './target-table.ts';

const NUMBERING = /^[（(]?[0-9一二三四五六七八九十]+[)）.、．]\s*/;
const UNIT_TAIL = /(金额|资金|预算)?单位[:：](亿元|万元|千元|元)$/;
const HEADING = /^(.*?)(?:绩效)?自评(?:价)?(?:结果)?表$/;
/** Words of a title that say which kind of table, not which project. */
const KIND_WORDS = /(项目支出|部门整体支出|单位整体支出|部门整体|单位整体|部门|单位|项目)$/;

/** A self-evaluation title: `2021年度项目支出绩效自评表`, `部门整体支出绩效自评表`, `1.某项目绩效自评表`. */
export function selfEvaluationHeading(text: string): { name: string; kind: RawProject['kind'] } | null {
  // The year may follow the title in brackets: `部门预算项目支出绩效自评表（2023年度）`.
  const t = squash(text).replace(UNIT_TAIL, '').replace(NUMBERING, '').replace(/[(（]20[0-9]{2}年度?[)）]$/, '');
  if (t.length > 80 || /^(详见|参见|见|具体见)/.test(t)) return null;
  const m = HEADING.exec(t);
  if (!m) return null;
  const kind = /部门整体|整体支出|单位整体|部门绩效/.test(t) ? 'department_self_evaluation' : 'self_evaluation';
  // The year and the kind words are not the project's name: `2021年度项目支出` names none.
  const name = (m[1] ?? '').replace(KIND_WORDS, '').replace(/^[(（]?20[0-9]{2}年度?[)）]?/, '');
  return { name, kind };
}

/** The self-evaluation kind of a table first taken for a target table (its header has an 实际完成值 column). */
export function selfEvaluationKind(kind: RawProject['kind']): RawProject['kind'] {
  return kind === 'department' || kind === 'department_self_evaluation' ? 'department_self_evaluation' : 'self_evaluation';
}

type ExecKey = 'budgetInitial' | 'budgetFullYear' | 'executed' | 'executionRate' | 'weight' | 'score' | 'executionReason';
const EXEC_HEADS: ExecKey[] = ['budgetInitial', 'budgetFullYear', 'executed', 'executionRate'];
const EXEC_COLUMNS: ExecKey[] = [...EXEC_HEADS, 'weight', 'score', 'executionReason'];

export interface SelfEvalState {
  /** Heads of the execution block and their columns; the rows below hold the amounts. */
  exec: { key: ExecKey; col: number }[] | null;
  /** Whether the 年度资金总额 row of the block was read (the rows after it are its 其中 rows). */
  totalRead: boolean;
  /** Columns of 预期目标 and 实际完成情况 whose texts are in the rows below. */
  goals: { expected: number | null; actual: number } | null;
}

const stateOf = (d: Draft): SelfEvalState => (d.selfEval ??= { exec: null, totalRead: false, goals: null });

const appendLine = (a: string | null | undefined, b: string): string => (a ? `${a}\n${b}` : b);

/** Texts of the cells starting in the row, skipping the ones given (by column), marked read. */
function ownTexts(row: RowItem, ledger: CellLedger, skip: Set<RowCell> = new Set()): string[] {
  const out: string[] = [];
  const skipCols = new Set([...skip].map((c) => c.col));
  for (const c of row.cells) {
    if (!c.origin || c.text.trim() === '' || skipCols.has(c.col)) continue;
    out.push(c.text);
    ledger.mark(row, c);
  }
  return out;
}

/**
 * Rows of a self-evaluation before its indicator header: the execution block and the goal
 * block. Returns true when the row was read here.
 */
export function readSelfEvaluationRow(row: RowItem, d: Draft, ledger: CellLedger): boolean {
  const s = stateOf(d);
  const p = d.project;
  const heads = EXEC_HEADS.filter((k) => has(row, k as LabelKey));
  if (heads.length >= 2) {
    // The heads row (`项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分`).
    s.exec = [];
    for (const key of EXEC_COLUMNS) {
      const i = find(row, key as LabelKey);
      if (i >= 0) { s.exec.push({ key, col: row.cells[i]!.col }); ledger.mark(row, row.cells[i]); }
    }
    s.totalRead = false;
    const unit = labelUnit(row);
    if (unit) p.amount_unit_raw = unit;
    // The block's head (项目资金（万元）) and the head over the row labels (年度预算数（万元）).
    for (const c of row.cells) if (c.origin && isAnyLabel(c.text)) ledger.mark(row, c);
    return true;
  }
  if (s.exec && !has(row, 'goalsActual') && !has(row, 'level1') && !has(row, 'goals') && !has(row, 'goalsYear')) {
    const first = Math.min(...s.exec.map((e) => e.col));
    const valueCells = new Set(s.exec.map((e) => row.slots[e.col]).filter((c): c is RowCell => Boolean(c?.origin)));
    const labelCells = row.cells.filter((c) => c.origin && c.text.trim() !== '' && c.col < first && !valueCells.has(c));
    const rowLabel = labelCells.map((c) => squash(c.text)).join('');
    const values = s.exec.map((e) => ({ ...e, text: valueCells.has(row.slots[e.col]!) ? row.slots[e.col]!.text.trim() : '' }));
    if (values.every((v) => v.text === '') && labelCells.length === 0) return false;
    // The first row under the heads is 年度资金总额 (or, unlabelled, the block's only row).
    if (!s.totalRead && (rowLabel === '' || is('budget', rowLabel) || /^(合计|总计|总额)$/.test(rowLabel))) {
      s.totalRead = true;
      for (const c of [...labelCells, ...valueCells]) ledger.mark(row, c);
      for (const v of values) {
        if (v.text === '') continue;
        if (v.key === 'budgetInitial') p.budget_initial_raw = squash(v.text);
        else if (v.key === 'budgetFullYear') p.budget_full_year_raw = squash(v.text);
        else if (v.key === 'executed') p.executed_raw = squash(v.text);
        else if (v.key === 'executionRate') p.execution_rate_raw = squash(v.text);
        // The block's own points (10 of 100 in the national form).
        else if (v.key === 'weight') p.execution_max_score_raw = squash(v.text);
        else if (v.key === 'score') p.execution_score_raw = squash(v.text);
        else p.evaluation_notes = appendLine(p.evaluation_notes, `预算执行原因: ${v.text}`);
      }
      return true;
    }
    // 其中：当年财政拨款 | 43.2 | 43.2 | 37.24 …: kept as printed, one line each.
    const texts = ownTexts(row, ledger);
    if (texts.length) p.execution_detail = appendLine(p.execution_detail, texts.join(' | '));
    return true;
  }
  s.exec = null;
  if (has(row, 'goalsActual')) {
    // `年度总体目标 | 预期目标 | 实际完成情况`: the texts are in the row below.
    const ai = find(row, 'goalsActual');
    const actual = row.cells[ai]!.col;
    let expected: number | null = null;
    for (const c of row.cells) {
      if (!c.origin || c.text.trim() === '') continue;
      if (c.col < actual && (is('goalsExpected', c.text) || is('goals', c.text) || is('goalsYear', c.text))) expected = c.col;
      if (isAnyLabel(c.text)) ledger.mark(row, c);
    }
    s.goals = { expected, actual };
    return true;
  }
  if (s.goals) {
    const { expected, actual } = s.goals;
    const e = expected === null ? undefined : row.slots[expected];
    const a = row.slots[actual];
    if ((e?.origin && e.text) || (a?.origin && a.text)) {
      s.goals = null;
      if (e?.origin && e.text) { p.goals = e.text; ledger.mark(row, e); }
      if (a?.origin && a.text) { p.goals_actual = a.text; ledger.mark(row, a); }
      return true;
    }
    if (row.cells.every((c) => !c.origin || c.text.trim() === '')) return true; // rows the texts are merged over
    s.goals = null;
  }
  return readVerdict(row, d, ledger);
}

/** `自评等级 | 优`, `总分 | 95`: a label and its value anywhere in the block. */
function readVerdict(row: RowItem, d: Draft, ledger: CellLedger, keys: ('grade' | 'scoreTotal')[] = ['grade', 'scoreTotal']): boolean {
  let read = false;
  for (const key of keys) {
    const i = find(row, key);
    if (i < 0) continue;
    ledger.mark(row, row.cells[i]);
    const next = row.cells.slice(i + 1).find((c) => c.origin && c.text.trim() !== '');
    if (next && !isAnyLabel(next.text)) {
      if (key === 'grade') d.project.grade = squash(next.text);
      else d.project.score_total_raw = squash(next.text);
      ledger.mark(row, next);
    }
    read = true;
  }
  return read;
}

const TOTAL = /^(合计|总计|总分|自评总分|总得分)$/;

/**
 * Rows after a self-evaluation's indicator rows: the 合计/总分 row (its 得分 is the total score),
 * 自评等级, and text rows (说明 …). Returns true when the row was read here.
 */
export function readSelfEvaluationTail(row: RowItem, d: Draft, ledger: CellLedger, columns: Column[]): boolean {
  const own = row.cells.filter((c) => c.origin && c.text.trim() !== '');
  const first = own[0];
  if (!first) return false;
  const t = squash(first.text).replace(/[:：]$/, '');
  const p = d.project;
  if (TOTAL.test(t)) {
    ledger.mark(row, first);
    const scoreCol = columns.find((c) => c.field === 'score')?.col;
    const score = scoreCol === undefined ? undefined : row.slots[scoreCol];
    const scored = score?.origin && score.text.trim() !== '';
    if (scored) { p.score_total_raw = squash(score.text); ledger.mark(row, score); }
    // Without a 得分 column, `总分 | 95` prints the total beside the label.
    readVerdict(row, d, ledger, scored ? ['grade'] : ['grade', 'scoreTotal']);
    // Anything else printed in the row (the sum of 分值 …) is kept beside the notes.
    const others = ownTexts(row, ledger, new Set([first, ...(score ? [score] : [])]));
    if (others.length) p.evaluation_notes = appendLine(p.evaluation_notes, `${t}: ${others.join(' | ')}`);
    return true;
  }
  if (is('grade', t) || is('scoreTotal', t)) return readVerdict(row, d, ledger);
  if (is('evaluationNote', t)) {
    ledger.mark(row, first);
    const texts = ownTexts(row, ledger, new Set([first]));
    if (texts.length) p.evaluation_notes = appendLine(p.evaluation_notes, `${t}: ${texts.join(' | ')}`);
    return true;
  }
  return false;
}
