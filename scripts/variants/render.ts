// Renders one layout variant as HTML (LibreOffice turns it into DOCX and PDF) and, from the same
// data in the same pass, its expected records.
import type { DepartmentData, IndicatorData, ProjectData } from './content.ts';
import {
  canonicalLevel1, canonicalLevel2, combinedValue, normOf, printAmount, shortLevel2, splitValueRaw,
  type AmountUnit, type ExpectedDocument, type ExpectedIndicator, type ExpectedProject,
} from './expected.ts';

/** Columns of the indicator table. direction (指标方向), remark (备注) and scoring (评(扣)分标准) have no field in the records. */
export type Col = 'level1' | 'level2' | 'level3' | 'description' | 'op' | 'value' | 'unit' | 'weight' | 'basis' | 'direction' | 'remark' | 'scoring';

export const DEFAULT_HEADERS: Record<Col, string> = {
  level1: '一级指标', level2: '二级指标', level3: '三级指标', description: '绩效指标描述', op: '指标性质',
  value: '指标值', unit: '计量单位', weight: '分值权重', basis: '指标值确定依据', direction: '指标方向', remark: '备注',
  scoring: '评(扣)分标准',
};

export interface Layout {
  id: string;
  about: string;
  kind: 'project' | 'department';
  orientation: 'portrait' | 'landscape';
  year: number;
  /** Title after the agency, when not the usual `YYYY年项目支出绩效目标表` / `YYYY年部门整体绩效目标表`. */
  title?: string;
  /** Agency printed in the title (`示范县民政局2025年项目支出绩效目标表`). */
  agencyInTitle: boolean;
  /** Label rows naming bodies, in order: 主管部门 / 实施单位 / 预算单位 / 单位名称. */
  agencyLabels: ('主管部门' | '实施单位' | '预算单位' | '单位名称')[];
  amountUnit: AmountUnit;
  /** Where the unit is printed: in the amount label (`项目资金（元）`), a line above the table
   * (`单位：元` / `金额单位：万元`), an amount column header (`预算数(元)`), or after each amount (`410.00万元`). */
  unitAt: 'label' | 'above' | 'above-jine' | 'header' | 'value';
  commas: boolean;
  /** Decimals printed in amounts (元 tables often print none). */
  decimals: 0 | 2;
  /** Amount unit of each project's table when they differ within one document (per-table units). */
  unitPerProject?: AmountUnit[];
  /** Break 二级指标 names over two lines (narrow columns: 服务对象满 / 意度指标). */
  wrapLevels: boolean;
  /** Label blocks of 2 (label | value) or 4 (label | value | label | value) columns. */
  labelCols: 2 | 4;
  /** rows: one amount per row; national: 项目资金 label over 3 rows; header: a row of amount headers over a row of
   * values; inline: label and amount in one cell (`年度资金总额：410.00`). */
  budgetStyle: 'rows' | 'national' | 'header' | 'inline';
  /** single: one goals cell; below: 项目总目标 | 年度总体目标 labels with the texts in the row below; beside: label | text | label | text. */
  goals: 'single' | 'below' | 'beside';
  goalsLabel: string;
  /** Labels of the two goal texts side by side: 项目总目标 | 年度总体目标, or 中期目标 | 年度目标. */
  goalsPair: [string, string];
  showCode: boolean;
  showCategory: boolean;
  columns: Col[];
  headers: Partial<Record<Col, string>>;
  level1: 'merged' | 'repeated';
  level2: 'merged' | 'repeated';
  /** 二级指标 printed short (社会效益, 服务对象满意度). */
  shortLevel2: boolean;
  /** A merged 绩效指标 cell left of the indicator header and rows (national template). */
  sideLabel: boolean;
  /** A full-width 绩效指标 row above the indicator header instead. */
  titleRow: boolean;
  /** Header over two rows: 指标值 spanning 计算符号 | 数值 | 计量单位 (needs op, value, unit side by side). */
  twoRowHeader: boolean;
  /** Several projects in one table: 项目名称 | 项目资金 | 年度绩效目标 columns merged down each project's rows. */
  oneTable: boolean;
  /** Labels and headers printed with spaces between their characters (`项 目 名 称`, `一 级 指 标`). */
  spacedLabels: boolean;
  /** Serif body text at a smaller size (other text metrics in the PDF). */
  serif: boolean;
  /** The project named only by the heading above its table (`1.社区居家养老服务补助绩效目标表`). */
  nameInHeading: boolean;
  /** 项目名称 printed as `code-name` (as 批复表 print it), no 项目编码 row. */
  codeInName: boolean;
  /** Printed after each weight (`20%`, `20分`). */
  weightSuffix: '' | '%' | '分';
  /** No ruling lines (borderless tables, as some PDF exports print them). */
  borderless: boolean;
  /** Print `=` before a bare number in a one-column 指标值. */
  eq: boolean;
  /** Break long texts (三级指标, text targets, descriptions) over several lines. */
  wrap: boolean;
  /** Repeat the indicator header on each page (thead). */
  repeatHeader: boolean;
  /** A page break between the projects of one document. */
  pageBreaks: boolean;
  projects: ProjectData[];
  department?: DepartmentData;
  /** Department tables: print the 年度主要任务 block. */
  tasks: boolean;
  /** Department tables: print a 基本信息 row and the budget as 基本支出 / 项目支出 with no total (广东 form). */
  deptSplit?: boolean;
  /** Department tables: labels of other templates (defaults: 部门（单位）名称, 年度部门预算, 资金总额, 年度主要任务 | 任务名称 | 主要内容 | 预算金额). */
  deptLabels?: { name: string; group: string; total: string; tasks: [string, string, string, string] };
  /** The document's own title above the table (`示范县…局2026年部门预算`), the table under a plain heading. */
  docTitle: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const td = (text: string, attrs: { colspan?: number; rowspan?: number } = {}) => {
  const a = `${attrs.colspan && attrs.colspan > 1 ? ` colspan="${attrs.colspan}"` : ''}${attrs.rowspan && attrs.rowspan > 1 ? ` rowspan="${attrs.rowspan}"` : ''}`;
  const body = text.split('\n').map(esc).join('<br/>');
  return `<td${a}>${body}</td>`;
};
const tr = (...cells: string[]) => `<tr>${cells.join('')}</tr>`;

/** A label as the layout prints it: short labels spaced out (`项 目 名 称`). */
const lab = (l: Layout, s: string) => (l.spacedLabels && s.length <= 6 ? [...s].join(' ') : s);

/** Breaks a text into lines of `n` characters (wrapped cells). */
const wrapText = (s: string, n: number) => s.match(new RegExp(`.{1,${n}}`, 'gu'))!.join('\n');

function amountUnitSuffix(l: Layout): string {
  return l.unitAt === 'label' ? `（${l.amountUnit}）` : '';
}

/** The rows above the indicator header, as HTML rows over `width` grid columns. */
class Block {
  rows: string[] = [];
  constructor(readonly width: number) {}
  /** label | value over the whole width. */
  two(label: string, value: string) {
    this.rows.push(tr(td(label), td(value, { colspan: this.width - 1 })));
  }
  /** label | value | label | value. */
  four(l1: string, v1: string, l2: string, v2: string) {
    const h = Math.ceil(this.width / 2);
    this.rows.push(tr(td(l1), td(v1, { colspan: h - 1 }), td(l2), td(v2, { colspan: this.width - h - 1 })));
  }
  pairs(pairs: [string, string][], cols: 2 | 4) {
    if (cols === 2) for (const [l, v] of pairs) this.two(l, v);
    else for (let i = 0; i < pairs.length; i += 2) {
      const [l1, v1] = pairs[i]!;
      const next = pairs[i + 1];
      if (next) this.four(l1, v1, next[0], next[1]);
      else this.two(l1, v1);
    }
  }
}

interface Money { budget: number; fiscal: number; other: number }

function budgetRows(b: Block, l: Layout, m: Money, printed: { total: string; fiscal: string; other: string; group: string }) {
  const labels = { total: lab(l, printed.total), fiscal: lab(l, printed.fiscal), other: lab(l, printed.other), group: lab(l, printed.group) };
  const fmt = (x: number) => `${printAmount(x, l.amountUnit, { commas: l.commas, decimals: l.decimals })}${l.unitAt === 'value' ? l.amountUnit : ''}`;
  const u = amountUnitSuffix(l);
  if (l.budgetStyle === 'national') {
    // 项目资金（万元） | 年度资金总额 | value, over three rows (财预 template).
    const sub = Math.max(1, Math.floor((b.width - 1) / 2));
    b.rows.push(tr(td(`${labels.group}${u}`, { rowspan: 3 }), td(labels.total, { colspan: sub }), td(fmt(m.budget), { colspan: b.width - 1 - sub })));
    b.rows.push(tr(td(labels.fiscal, { colspan: sub }), td(fmt(m.fiscal), { colspan: b.width - 1 - sub })));
    b.rows.push(tr(td(labels.other, { colspan: sub }), td(fmt(m.other), { colspan: b.width - 1 - sub })));
  } else if (l.budgetStyle === 'header') {
    // 项目资金 | 预算数(元) | 其中：财政拨款 | 其他资金, values in the row below.
    const hu = l.unitAt === 'header' ? `(${l.amountUnit})` : u;
    const rest = b.width - 1;
    const w = [Math.ceil(rest / 3), Math.ceil((rest - Math.ceil(rest / 3)) / 2)];
    w.push(rest - w[0]! - w[1]!);
    b.rows.push(tr(td(labels.group, { rowspan: 2 }), td(`${labels.total}${hu}`, { colspan: w[0] }), td(labels.fiscal, { colspan: w[1] }), td(labels.other, { colspan: w[2] })));
    b.rows.push(tr(td(fmt(m.budget), { colspan: w[0] }), td(fmt(m.fiscal), { colspan: w[1] }), td(fmt(m.other), { colspan: w[2] })));
  } else if (l.budgetStyle === 'inline') {
    // 项目资金（万元） | 年度资金总额：410.00 | 其中：财政拨款：380.00 | 其他资金：30.00
    const rest = b.width - 1;
    const w = [Math.ceil(rest / 3), Math.ceil((rest - Math.ceil(rest / 3)) / 2)];
    w.push(rest - w[0]! - w[1]!);
    b.rows.push(tr(td(`${labels.group}${u}`), td(`${labels.total}：${fmt(m.budget)}`, { colspan: w[0] }), td(`${labels.fiscal}：${fmt(m.fiscal)}`, { colspan: w[1] }), td(`${labels.other}：${fmt(m.other)}`, { colspan: w[2] })));
  } else {
    b.pairs([[`${labels.total}${u}`, fmt(m.budget)], [labels.fiscal, fmt(m.fiscal)], [labels.other, fmt(m.other)]], l.labelCols);
  }
}

function goalRows(b: Block, l: Layout, total: string[], year: string[]) {
  const t = total.map((g, i) => `${i + 1}.${g}`).join('\n');
  const y = year.map((g, i) => `${i + 1}.${g}`).join('\n');
  const [totalLabel, yearLabel] = l.goalsPair.map((x) => lab(l, x)) as [string, string];
  if (l.goals === 'single') b.two(lab(l, l.goalsLabel), y);
  else if (l.goals === 'beside') b.four(totalLabel, t, yearLabel, y);
  else {
    const h = Math.ceil((b.width - 1) / 2);
    b.rows.push(tr(td(lab(l, l.goalsLabel), { rowspan: 2 }), td(totalLabel, { colspan: h }), td(yearLabel, { colspan: b.width - 1 - h })));
    b.rows.push(tr(td(t, { colspan: h }), td(y, { colspan: b.width - 1 - h })));
  }
}

/** Cell text of one indicator in one column, and the expected record built from the same parts. */
function indicatorCells(l: Layout, ind: IndicatorData): { cells: Record<Col, string>; expected: ExpectedIndicator } {
  const split = l.columns.includes('op');
  const unitCol = l.columns.includes('unit');
  const w = (s: string, n: number) => (l.wrap && s.length > n ? wrapText(s, n) : s);
  let value: string;
  let valueRaw: string;
  let opCell = '';
  let unitCell = '';
  if (split) {
    opCell = ind.text !== undefined ? '定性' : ind.op;
    value = ind.text ?? ind.num!;
    if (unitCol) unitCell = ind.unit ?? '';
    else value += ind.unit ?? '';
    valueRaw = splitValueRaw(ind, opCell as IndicatorData['op']);
  } else if (unitCol) {
    // A separate 计量单位 column, the operator stays in the value cell.
    value = ind.text ?? `${ind.op === '=' ? (l.eq ? '=' : '') : ind.op}${ind.num}`;
    unitCell = ind.unit ?? '';
    valueRaw = `${value}${unitCell}`;
  } else {
    value = combinedValue(ind, l.eq);
    valueRaw = value;
  }
  const level2 = l.shortLevel2 ? shortLevel2(ind.level2) : ind.level2;
  const cells: Record<Col, string> = {
    level1: ind.level1, level2: l.wrapLevels && level2.length > 4 ? wrapText(level2, Math.ceil(level2.length / 2)) : level2, level3: w(ind.level3, 5), description: w(ind.description ?? '', 6), op: opCell,
    value: w(value, 2), unit: unitCell, weight: `${ind.weight}${l.weightSuffix}`, basis: ind.basis ?? '', direction: ind.direction ?? '', remark: '',
    scoring: ind.text !== undefined ? '达到目标得满分，否则酌情扣分' : '完成得满分，未完成按比例扣分',
  };
  const has = (c: Col) => l.columns.includes(c);
  return {
    cells,
    expected: {
      level1: canonicalLevel1(ind.level1), level2: canonicalLevel2(ind.level2), level3: ind.level3,
      description: has('description') ? (ind.description ?? null) : null,
      value_raw: valueRaw, basis: has('basis') ? (ind.basis ?? null) : null,
      weight: has('weight') ? ind.weight : null, norm: normOf(ind),
    },
  };
}

function indicatorRows(l: Layout, inds: IndicatorData[], sideLabel: string): { rows: string[]; expected: ExpectedIndicator[] } {
  const headers = Object.fromEntries(Object.entries({ ...DEFAULT_HEADERS, ...l.headers }).map(([k, v]) => [k, lab(l, v)])) as Record<Col, string>;
  const rows: string[] = [];
  const built = inds.map((i) => indicatorCells(l, i));
  const side = l.sideLabel ? td(sideLabel, { rowspan: inds.length + (l.twoRowHeader ? 2 : 1) }) : '';
  if (l.titleRow) rows.push(tr(td(sideLabel, { colspan: l.columns.length })));
  if (l.twoRowHeader) {
    // 指标值 over its parts; every other header spans both rows.
    const parts: Col[] = ['op', 'value', 'unit'];
    const first = l.columns.findIndex((c) => parts.includes(c));
    if (!parts.every((c, k) => l.columns[first + k] === c)) throw new Error(`${l.id}: twoRowHeader needs op, value, unit side by side`);
    rows.push(`<tr>${side}${l.columns.map((c, k) => (k === first ? td('指标值', { colspan: 3 }) : parts.includes(c) ? '' : td(headers[c], { rowspan: 2 }))).join('')}</tr>`);
    rows.push(tr(...parts.map((c) => td(headers[c]))));
  } else {
    rows.push(`<tr>${side}${l.columns.map((c) => td(headers[c])).join('')}</tr>`);
  }
  // Row spans of merged 一级/二级指标 (consecutive equal values).
  const span = (k: number, key: (i: IndicatorData) => string) => {
    if (k > 0 && key(inds[k - 1]!) === key(inds[k]!)) return 0;
    let n = 1;
    while (k + n < inds.length && key(inds[k + n]!) === key(inds[k]!)) n++;
    return n;
  };
  inds.forEach((ind, k) => {
    const cells: string[] = [];
    for (const c of l.columns) {
      const text = built[k]!.cells[c];
      if (c === 'level1' && l.level1 === 'merged') {
        const n = span(k, (i) => i.level1);
        if (n) cells.push(td(text, { rowspan: n }));
      } else if (c === 'level2' && l.level2 === 'merged') {
        const n = span(k, (i) => `${i.level1}/${i.level2}`);
        if (n) cells.push(td(text, { rowspan: n }));
      } else cells.push(td(text));
    }
    rows.push(tr(...cells));
  });
  return { rows, expected: built.map((b) => b.expected) };
}

// Ruled tables, as the templates print them (LibreOffice's HTML import ignores CSS borders).
const RULED = 'width="100%" border="1" cellspacing="0" cellpadding="3"';
const BORDERLESS = 'width="100%" border="0" cellspacing="0" cellpadding="3"';
const attrsOf = (l: Layout) => (l.borderless ? BORDERLESS : RULED);
const table = (l: Layout, rows: string[]) => `<table ${attrsOf(l)}>${rows.join('')}</table>`;

function projectTable(l: Layout, p: ProjectData, seq: number): { html: string; expected: ExpectedProject } {
  const width = l.columns.length + (l.sideLabel ? 1 : 0);
  const b = new Block(width);
  // nameInHeading: the heading above names the project and there is no 项目名称 row.
  const pairs: [string, string][] = l.nameInHeading ? [] : [['项目名称', l.codeInName ? `${p.code}-${p.name}` : p.name]];
  if (l.showCode) pairs.push(['项目编码', p.code]);
  for (const label of l.agencyLabels) pairs.push([label, label === '实施单位' ? p.implementer : p.agency]);
  if (l.showCategory) pairs.push(['项目类别', p.category]);
  b.pairs(pairs.map(([k, v]) => [lab(l, k), v]), l.labelCols);
  budgetRows(b, l, p, { group: '项目资金', total: l.budgetStyle === 'rows' ? '年度预算数' : l.budgetStyle === 'header' ? '预算数' : '年度资金总额', fiscal: '其中：财政拨款', other: '其他资金' });
  goalRows(b, l, p.goalsTotal, p.goalsYear);
  const ind = indicatorRows(l, p.indicators, '绩效指标');
  const fmt = (x: number) => printAmount(x, l.amountUnit, { commas: l.commas, decimals: l.decimals });
  // repeatHeader: the indicator rows form a second table whose header row is a <thead>, which
  // LibreOffice marks as a repeated heading row; the empty paragraph keeps the two tables apart
  // (DOCX import joins adjacent tables, and the heading would no longer be the first row).
  const html = l.repeatHeader
    ? `${table(l, b.rows)}<p>&#160;</p><table ${attrsOf(l)}><thead>${ind.rows[0]}</thead><tbody>${ind.rows.slice(1).join('')}</tbody></table>`
    : table(l, [...b.rows, ...ind.rows]);
  return {
    html,
    expected: {
      seq, kind: 'project', code: l.showCode || l.codeInName ? p.code : null, name: p.name, category: l.showCategory ? p.category : null,
      budget_wan: p.budget, fiscal_wan: p.fiscal, other_wan: p.other,
      amounts_printed: { unit: l.amountUnit, where: l.unitAt, budget: fmt(p.budget), fiscal: fmt(p.fiscal), other: fmt(p.other) },
      goals: p.goalsYear.map((g, i) => `${i + 1}.${g}`).join('\n'),
      indicators: ind.expected,
    },
  };
}

function departmentTable(l: Layout, d: DepartmentData): { html: string; expected: ExpectedProject } {
  const width = l.columns.length + (l.sideLabel ? 1 : 0);
  const b = new Block(width);
  let parts: string[] | undefined;
  const dl = l.deptLabels ?? { name: '部门（单位）名称', group: '年度部门预算', total: '资金总额', tasks: ['年度主要任务', '任务名称', '主要内容', '预算金额'] };
  b.pairs([[dl.name, d.name]], l.labelCols);
  if (l.deptSplit) {
    // 基本信息, then 预算金额 split into 基本支出 / 项目支出 and 收入来源, no total printed: budget_wan is their sum.
    b.two('基本信息', '财政供养人员数86人，下属二级单位数3个');
    const f = (x: number) => printAmount(x, l.amountUnit, { commas: l.commas, decimals: l.decimals });
    const basic = Math.round(d.budget * 0.4 * 100) / 100;
    const project = Math.round((d.budget - basic) * 100) / 100;
    parts = [f(basic), f(project)];
    const sub = Math.max(1, Math.floor((b.width - 1) / 2));
    const rest = b.width - 1 - sub;
    b.rows.push(tr(td(`${dl.group}${amountUnitSuffix(l)}`, { rowspan: 4 }), td('基本支出', { colspan: sub }), td(f(basic), { colspan: rest })));
    b.rows.push(tr(td('项目支出', { colspan: sub }), td(f(project), { colspan: rest })));
    b.rows.push(tr(td('其中：财政拨款', { colspan: sub }), td(f(d.fiscal), { colspan: rest })));
    b.rows.push(tr(td('其他资金', { colspan: sub }), td(f(d.other), { colspan: rest })));
  } else budgetRows(b, l, d, { group: dl.group, total: dl.total, fiscal: '其中：财政拨款', other: '其他资金' });
  if (l.tasks) {
    const fmt = (x: number) => printAmount(x, l.amountUnit, { commas: l.commas, decimals: l.decimals });
    const rest = width - 1;
    const w = [Math.ceil(rest / 3), Math.ceil((rest - Math.ceil(rest / 3)) / 2)];
    w.push(rest - w[0]! - w[1]!);
    b.rows.push(tr(td(dl.tasks[0], { rowspan: d.tasks.length + 1 }), td(dl.tasks[1], { colspan: w[0] }), td(dl.tasks[2], { colspan: w[1] }), td(`${dl.tasks[3]}${amountUnitSuffix(l)}`, { colspan: w[2] })));
    for (const t of d.tasks) b.rows.push(tr(td(t.name, { colspan: w[0] }), td(t.content, { colspan: w[1] }), td(fmt(t.amount), { colspan: w[2] })));
  }
  goalRows(b, l, [], d.goalsYear);
  const ind = indicatorRows(l, d.indicators, '年度绩效指标');
  const fmt = (x: number) => printAmount(x, l.amountUnit, { commas: l.commas, decimals: l.decimals });
  return {
    html: table(l, [...b.rows, ...ind.rows]),
    expected: {
      seq: 1, kind: 'department', code: null, name: d.name, category: null,
      budget_wan: d.budget, fiscal_wan: d.fiscal, other_wan: d.other,
      amounts_printed: { unit: l.amountUnit, where: l.unitAt, budget: parts ? '' : fmt(d.budget), fiscal: fmt(d.fiscal), other: fmt(d.other), ...(parts ? { parts } : {}) },
      goals: d.goalsYear.map((g, i) => `${i + 1}.${g}`).join('\n'),
      indicators: ind.expected,
    },
  };
}

/** Several projects in one table (as 批复表-like county tables print them): only the total budget is printed. */
function oneTable(l: Layout, projects: ProjectData[]): { html: string; expected: ExpectedProject[] } {
  const fmt = (x: number) => printAmount(x, l.amountUnit, { commas: l.commas, decimals: l.decimals });
  const amountHeader = l.unitAt === 'header' ? `预算数(${l.amountUnit})` : `项目资金${amountUnitSuffix(l)}`;
  const plain: Layout = { ...l, sideLabel: false, titleRow: false };
  const rs = l.twoRowHeader ? 2 : 1;
  const head = indicatorRows(plain, [], '').rows;
  head[0] = head[0]!.replace('<tr>', `<tr>${['项目名称', amountHeader, '年度绩效目标'].map((h) => td(h, { rowspan: rs })).join('')}`);
  const rows = [...head];
  const expected: ExpectedProject[] = projects.map((p, k) => {
    const ind = indicatorRows(plain, p.indicators, '');
    const body = ind.rows.slice(rs);
    const n = p.indicators.length;
    const goals = p.goalsYear.map((g, i) => `${i + 1}.${g}`).join('\n');
    body[0] = body[0]!.replace('<tr>', `<tr>${td(p.name, { rowspan: n })}${td(fmt(p.budget), { rowspan: n })}${td(goals, { rowspan: n })}`);
    rows.push(...body);
    return {
      seq: k + 1, kind: 'project', code: null, name: p.name, category: null, budget_wan: p.budget, fiscal_wan: null, other_wan: null,
      amounts_printed: { unit: l.amountUnit, where: l.unitAt, budget: fmt(p.budget), fiscal: '', other: '' }, goals, indicators: ind.expected,
    };
  });
  return { html: table(l, rows), expected };
}

function unitLine(l: Layout): string {
  if (l.unitAt === 'above') return `<p>单位：${l.amountUnit}</p>`;
  if (l.unitAt === 'above-jine') return `<p style="text-align:right">金额单位：${l.amountUnit}</p>`;
  return '';
}

export function render(l: Layout): { html: string; expected: ExpectedDocument } {
  const page = l.orientation === 'landscape' ? '29.7cm 21cm' : '21cm 29.7cm';
  const parts: string[] = [];
  const projects: ExpectedProject[] = [];
  const titleBody = l.title ?? (l.kind === 'department' ? `${l.year}年部门整体绩效目标表` : `${l.year}年项目支出绩效目标表`);
  const agency = l.kind === 'department' ? l.department!.name : l.projects[0]!.agency;
  if (l.kind === 'department') {
    parts.push(`<p style="text-align:center; font-size:14pt">${esc(l.agencyInTitle ? agency + titleBody : titleBody)}</p>`, unitLine(l));
    const t = departmentTable(l, l.department!);
    parts.push(t.html);
    projects.push(t.expected);
  } else {
    const several = l.projects.length > 1;
    if (l.oneTable) {
      parts.push(`<p style="text-align:center; font-size:14pt">${esc(l.agencyInTitle ? agency + titleBody : titleBody)}</p>`, unitLine(l));
      const t = oneTable(l, l.projects);
      parts.push(t.html);
      projects.push(...t.expected);
    } else if (l.docTitle) parts.push(`<p style="text-align:center; font-size:16pt">${esc(`${agency}${l.year}年部门预算`)}</p>`, '<p>项目支出绩效目标表</p>');
    else if (several || l.agencyInTitle) parts.push(`<p style="text-align:center; font-size:14pt">${esc(l.agencyInTitle ? agency + titleBody : titleBody)}</p>`);
    if (!l.oneTable) l.projects.forEach((p, k) => {
      const brk = several && k > 0 && l.pageBreaks ? ' style="page-break-before:always"' : '';
      const heading = several || l.nameInHeading ? `${k + 1}.${p.name}绩效目标表` : titleBody;
      if (several || !(l.agencyInTitle || l.docTitle)) parts.push(`<p${brk}>${esc(heading)}</p>`);
      const lk = l.unitPerProject ? { ...l, amountUnit: l.unitPerProject[k]! } : l;
      parts.push(unitLine(lk));
      const t = projectTable(lk, p, k + 1);
      parts.push(t.html);
      projects.push(t.expected);
    });
  }
  // The agency is compared only where one body is named unambiguously: the title, the 部门名称
  // of a department table, or a single kind of label (主管部门/预算单位/单位名称, or 实施单位 alone).
  const printedLabels = l.oneTable ? [] : l.agencyLabels;
  const bodies = new Set(l.projects.flatMap((p) => printedLabels.map((x) => (x === '实施单位' ? p.implementer : p.agency))));
  const agencyName = l.agencyInTitle || l.docTitle || l.kind === 'department' ? agency : bodies.size === 1 ? [...bodies][0]! : null;
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(l.id)}</title><style>
@page { size: ${page}; margin: 1.5cm }
body { font-family: ${l.serif ? '"Noto Serif CJK SC", serif; font-size: 9pt' : '"Noto Sans CJK SC", sans-serif; font-size: 10pt'} }
table { border-collapse: collapse } td { border: 1px solid #000; padding: 2px; vertical-align: middle }
</style></head><body>
${parts.filter(Boolean).join('\n')}
</body></html>
`;
  return {
    html,
    expected: { variant: l.id, about: l.about, fiscal_year: l.year, agency_name: agencyName, projects },
  };
}
