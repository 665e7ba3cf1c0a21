// One self-contained HTML page describing what a database holds: counts per province and year,
// the distribution of indicator types, how many target values were normalized, and the documents
// with the most problems. Charts are drawn by the explorer's chart code (charts.ts: ECharts,
// inline); the page loads nothing at view time.
import path from 'node:path';
import type { Database } from '../load/database.ts';
import { PACKAGE_VERSION } from '../version.ts';
import { runQuery } from './run.ts';
import { barChart, chartScripts, escapeHtml as escapeXml } from './charts.ts';

interface Row { [column: string]: unknown }

async function rows(db: Database, sql: string): Promise<Row[]> {
  const r = await runQuery(db, sql);
  return r.rows.map((values) => Object.fromEntries(r.columns.map((c, k) => [c, values[k]])));
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown, empty = '(unknown)') => (v === null || v === undefined || v === '' ? empty : String(v));
const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);

export interface ReportData {
  totals: { documents: number; ok: number; partial: number; failed: number; duplicate: number; skipped: number; removed: number; projects: number; indicators: number; normalized: number; budget_lines: number; messages: number; cells_total: number; cells_read: number };
  byProvinceYear: { province: string; fiscal_year: string; documents: number; ok: number; partial: number; failed: number; projects: number; indicators: number; budget_lines: number }[];
  indicatorTypes: { level1: string; level2: string; indicators: number; normalized: number }[];
  coverageByLevel1: { level1: string; normalized: number; text: number; missing: number }[];
  coverageByFormat: { format: string; normalized: number; text: number; missing: number }[];
  problemDocuments: { doc_id: string; source_name: string; status: string; place: string; errors: number; warnings: number; infos: number; top_rule: string }[];
  /** Budget execution (budget_vs_final): function classes of paired budgets and 决算, lowest rate first. */
  execution?: ExecutionRow[];
  /** Documents whose target-table cells were not all read (coverage audit), lowest coverage first. */
  lowCoverage: { doc_id: string; source_name: string; status: string; cells_total: number; cells_read: number; coverage: number; error: string }[];
  /** Self-evaluations (target_vs_actual): how many targets were met and the missed ones; absent when none is loaded. */
  selfEvaluation?: SelfEvaluationData;
  /** Self-evaluated projects (project_execution): budget, spent and rate, lowest rate first; absent when none is loaded. */
  projectExecution?: ProjectExecutionRow[];
}

export interface ProjectExecutionRow {
  place: string; fiscal_year: string; agency_name: string; project_name: string;
  budget_full_year_wan: number | null; executed_wan: number | null; execution_rate: number | null; plan_budget_wan: number | null;
}

const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Project self-evaluations, lowest execution rate first (a database without the project_execution view has none). */
async function collectProjectExecution(db: Database, limit = 30): Promise<ProjectExecutionRow[] | undefined> {
  const found = await rows(db, `SELECT place, fiscal_year, agency_name, project_name, budget_full_year_wan, executed_wan, execution_rate, plan_budget_wan
    FROM project_execution WHERE project_kind = 'self_evaluation'
    ORDER BY execution_rate NULLS LAST, place NULLS LAST, fiscal_year, agency_name, project_name LIMIT ${Math.max(1, Math.floor(limit))}`).catch(() => []);
  if (found.length === 0) return undefined;
  return found.map((r) => ({
    place: str(r.place), fiscal_year: str(r.fiscal_year), agency_name: str(r.agency_name), project_name: str(r.project_name),
    budget_full_year_wan: numOrNull(r.budget_full_year_wan), executed_wan: numOrNull(r.executed_wan),
    execution_rate: numOrNull(r.execution_rate), plan_budget_wan: numOrNull(r.plan_budget_wan),
  }));
}

function renderProjectExecution(data: ProjectExecutionRow[] | undefined): string {
  if (!data?.length) return '';
  const wan = (n: number | null) => (n === null ? '–' : n.toFixed(2));
  const body = table(['place', 'year', 'agency', 'project', '全年预算数 (万元)', '全年执行数 (万元)', '执行率', 'target table budget (万元)'],
    data.map((r) => [r.place, r.fiscal_year, r.agency_name, r.project_name, wan(r.budget_full_year_wan), wan(r.executed_wan),
      r.execution_rate === null ? '–' : `${r.execution_rate.toFixed(1)} %`, wan(r.plan_budget_wan)]),
    [false, false, false, false, true, true, true, true]);
  return `<section id="project-execution"><h2>Project execution (self-evaluations)</h2>
<p>Budget for the year, spent and the execution rate of each self-evaluated project as its 绩效自评表 prints them, lowest rate first, beside the budget of its 绩效目标表 where that was loaded (view <code>project_execution</code>; query <code>project-execution-family</code> for a family of projects by place).</p>
${body}
</section>
`;
}

export interface SelfEvaluationData {
  indicators: number; met: number; missed: number; unjudged: number;
  missed_targets: { place: string; fiscal_year: string; project_name: string; level2: string; level3: string; target_raw: string; actual_raw: string; deviation_reason: string }[];
}

/** Missed targets of the self-evaluations (a database without the target_vs_actual view has none). */
async function collectSelfEvaluation(db: Database, limit = 50): Promise<SelfEvaluationData | undefined> {
  const [c] = await rows(db, `SELECT count(*) AS n, count(*) FILTER (WHERE met) AS met, count(*) FILTER (WHERE met = false) AS missed,
      count(*) FILTER (WHERE met IS NULL) AS unjudged FROM target_vs_actual`).catch(() => []);
  if (!c || num(c.n) === 0) return undefined;
  const missed = await rows(db, `SELECT place, fiscal_year, project_name, level2, level3, target_raw, actual_raw, deviation_reason
    FROM target_vs_actual WHERE met = false ORDER BY place NULLS LAST, fiscal_year, project_name, indicator_seq LIMIT ${Math.max(1, Math.floor(limit))}`);
  return {
    indicators: num(c.n), met: num(c.met), missed: num(c.missed), unjudged: num(c.unjudged),
    missed_targets: missed.map((r) => ({
      place: str(r.place), fiscal_year: str(r.fiscal_year), project_name: str(r.project_name), level2: str(r.level2, '(unrecognized)'),
      level3: str(r.level3, ''), target_raw: str(r.target_raw, ''), actual_raw: str(r.actual_raw, ''), deviation_reason: str(r.deviation_reason, ''),
    })),
  };
}

/** The missed-targets section, shown when the data has self-evaluations. */
function renderSelfEvaluation(data: SelfEvaluationData | undefined): string {
  if (!data) return '';
  const summary = `<p>${data.indicators.toLocaleString('en-US')} self-evaluated indicators: ${data.met.toLocaleString('en-US')} met, ${data.missed.toLocaleString('en-US')} missed, ${data.unjudged.toLocaleString('en-US')} that cannot be judged from the printed words (see <code>target_vs_actual</code> and the <code>missed-targets-by-level2</code> query).</p>`;
  const list = data.missed_targets.length === 0 ? '<p class="empty">No target was missed.</p>'
    : table(['place', 'fiscal year', 'project', '二级指标', '三级指标', 'target', 'actual', '偏差原因'],
      data.missed_targets.map((r) => [r.place, r.fiscal_year, r.project_name, r.level2, r.level3, r.target_raw, r.actual_raw, r.deviation_reason]));
  return `<section id="missed-targets"><h2>Missed targets (self-evaluations)</h2>
${summary}
${list}
</section>
`;
}

// Sums take the documents that count (ok, partial): not duplicates, removed, failed or skipped ones.
const COUNTED = "doc_id IN (SELECT doc_id FROM documents WHERE status IN ('ok', 'partial'))";
// Problems are shown for every document but the copies of another (duplicate) and gone (removed) ones.
const SHOWN = "doc_id NOT IN (SELECT doc_id FROM documents WHERE status IN ('duplicate', 'removed'))";

export async function collectReportData(db: Database, topDocuments = 10): Promise<ReportData> {
  const [t] = await rows(db, `SELECT
      (SELECT count(*) FROM documents) AS documents,
      (SELECT count(*) FROM documents WHERE status = 'ok') AS ok,
      (SELECT count(*) FROM documents WHERE status = 'partial') AS partial,
      (SELECT count(*) FROM documents WHERE status = 'failed') AS failed,
      (SELECT count(*) FROM documents WHERE status = 'duplicate') AS duplicate,
      (SELECT count(*) FROM documents WHERE status = 'skipped') AS skipped,
      (SELECT count(*) FROM documents WHERE status = 'removed') AS removed,
      (SELECT count(*) FROM projects WHERE ${COUNTED}) AS projects,
      (SELECT count(*) FROM indicators WHERE ${COUNTED}) AS indicators,
      (SELECT count(*) FROM indicators WHERE op IS NOT NULL AND op <> 'text' AND ${COUNTED}) AS normalized,
      (SELECT count(*) FROM budget_lines WHERE ${COUNTED}) AS budget_lines,
      (SELECT count(*) FROM messages WHERE ${SHOWN}) AS messages,
      (SELECT coalesce(sum(cells_total), 0) FROM documents WHERE status IN ('ok', 'partial')) AS cells_total,
      (SELECT coalesce(sum(cells_read), 0) FROM documents WHERE status IN ('ok', 'partial')) AS cells_read`);

  const lowCoverage = await rows(db, `SELECT doc_id, source_name, status, cells_total, cells_read, coverage, error FROM documents
    WHERE coverage < 1 AND status IN ('ok', 'partial') ORDER BY coverage, source_name LIMIT ${Math.max(1, Math.floor(topDocuments))}`);
  const byProvinceYear = await rows(db, `SELECT d.province, d.fiscal_year, count(*) AS documents,
      count(*) FILTER (WHERE d.status = 'ok') AS ok, count(*) FILTER (WHERE d.status = 'partial') AS partial,
      count(*) FILTER (WHERE d.status = 'failed') AS failed,
      sum((SELECT count(*) FROM projects p WHERE p.doc_id = d.doc_id)) FILTER (WHERE d.status IN ('ok', 'partial')) AS projects,
      sum((SELECT count(*) FROM indicators i WHERE i.doc_id = d.doc_id)) FILTER (WHERE d.status IN ('ok', 'partial')) AS indicators,
      sum((SELECT count(*) FROM budget_lines l WHERE l.doc_id = d.doc_id)) FILTER (WHERE d.status IN ('ok', 'partial')) AS budget_lines
    FROM documents d GROUP BY ALL ORDER BY d.province NULLS LAST, d.fiscal_year NULLS LAST`);
  const indicatorTypes = await rows(db, `SELECT level1, level2, count(*) AS indicators,
      count(*) FILTER (WHERE op IS NOT NULL AND op <> 'text') AS normalized
    FROM indicators WHERE ${COUNTED} GROUP BY ALL ORDER BY indicators DESC, level1 NULLS LAST, level2 NULLS LAST`);
  const coverage = (key: string, from: string) => `SELECT ${key} AS k,
      count(*) FILTER (WHERE op IS NOT NULL AND op <> 'text') AS normalized,
      count(*) FILTER (WHERE op = 'text') AS text,
      count(*) FILTER (WHERE op IS NULL) AS missing
    FROM ${from} GROUP BY ALL ORDER BY normalized + text + missing DESC, k NULLS LAST`;
  const byLevel1 = await rows(db, coverage('level1', `indicators WHERE ${COUNTED}`));
  const byFormat = await rows(db, coverage('d.format', `indicators i JOIN documents d ON d.doc_id = i.doc_id WHERE d.status IN ('ok', 'partial')`));
  const problems = await rows(db, `WITH m AS (
      SELECT doc_id, count(*) FILTER (WHERE severity = 'error') AS errors,
        count(*) FILTER (WHERE severity = 'warning') AS warnings,
        count(*) FILTER (WHERE severity = 'info') AS infos,
        mode(rule) AS top_rule, count(*) AS n
      FROM messages WHERE ${SHOWN} GROUP BY doc_id)
    SELECT d.doc_id, d.source_name, d.status, coalesce(d.county, d.city, d.province) AS place, m.errors, m.warnings, m.infos, m.top_rule
    FROM m JOIN documents d ON d.doc_id = m.doc_id
    ORDER BY m.errors DESC, m.warnings DESC, m.n DESC, d.source_name LIMIT ${Math.max(1, Math.floor(topDocuments))}`);
  const execution = await executionRates(db, topDocuments);
  // Byte-identical copies are recorded in the run log's duplicates table (absent without a run).
  const copies = num((await rows(db, 'SELECT count(*) AS n FROM duplicates').catch(() => []))[0]?.n);
  const selfEvaluation = await collectSelfEvaluation(db);
  const projectExecution = await collectProjectExecution(db);
  return {
    ...(selfEvaluation ? { selfEvaluation } : {}),
    ...(projectExecution ? { projectExecution } : {}),
    totals: {
      documents: num(t?.documents), ok: num(t?.ok), partial: num(t?.partial), failed: num(t?.failed),
      duplicate: num(t?.duplicate) + copies, skipped: num(t?.skipped), removed: num(t?.removed), projects: num(t?.projects),
      indicators: num(t?.indicators), normalized: num(t?.normalized), budget_lines: num(t?.budget_lines), messages: num(t?.messages),
      cells_total: num(t?.cells_total), cells_read: num(t?.cells_read),
    },
    execution,
    lowCoverage: lowCoverage.map((r) => ({
      doc_id: String(r.doc_id), source_name: str(r.source_name), status: str(r.status), cells_total: num(r.cells_total),
      cells_read: num(r.cells_read), coverage: Number(r.coverage ?? 0), error: str(r.error, ''),
    })),
    byProvinceYear: byProvinceYear.map((r) => ({
      province: str(r.province), fiscal_year: str(r.fiscal_year), documents: num(r.documents),
      ok: num(r.ok), partial: num(r.partial), failed: num(r.failed), projects: num(r.projects),
      indicators: num(r.indicators), budget_lines: num(r.budget_lines),
    })),
    indicatorTypes: indicatorTypes.map((r) => ({ level1: str(r.level1, '(unrecognized)'), level2: str(r.level2, '(unrecognized)'), indicators: num(r.indicators), normalized: num(r.normalized) })),
    coverageByLevel1: byLevel1.map((r) => ({ level1: str(r.k, '(unrecognized)'), normalized: num(r.normalized), text: num(r.text), missing: num(r.missing) })),
    coverageByFormat: byFormat.map((r) => ({ format: str(r.k), normalized: num(r.normalized), text: num(r.text), missing: num(r.missing) })),
    problemDocuments: problems.map((r) => ({
      doc_id: String(r.doc_id), source_name: str(r.source_name), status: str(r.status), place: str(r.place),
      errors: num(r.errors), warnings: num(r.warnings), infos: num(r.infos), top_rule: str(r.top_rule, ''),
    })),
  };
}

function table(headers: string[], body: (string | number)[][], numeric: boolean[] = []): string {
  const th = headers.map((h, k) => `<th${numeric[k] ? ' class="n"' : ''}>${escapeXml(h)}</th>`).join('');
  const trs = body.map((r) => `<tr>${r.map((c, k) => `<td${numeric[k] ? ' class="n"' : ''}>${escapeXml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

/** `河北省 2022`; a failed document has neither, and says so once. */
function placeYearLabel(province: string, year: string): string {
  const known = [province, year].filter((x) => x !== '(unknown)');
  return known.length ? known.join(' ') : '(province and year unknown)';
}

const noData = (what: string) => `<p class="empty">No ${escapeXml(what)} in this database.</p>`;

// ---- Budget execution: 决算 against budget (issue #15) ----
export interface ExecutionRow { place: string; fiscal_year: string; agency_name: string; class_code: string; class_name: string; budgeted_wan: number; final_wan: number; execution_rate: number | null }

/** 类 rows of the 支出总表 paired in budget_vs_final (empty when the database has no 决算 with its budget). */
async function executionRates(db: Database, top: number): Promise<ExecutionRow[]> {
  const found = await rows(db, `SELECT place, fiscal_year, agency_name, code AS class_code, name AS class_name, budgeted_wan, final_wan, execution_rate
    FROM budget_vs_final WHERE table_name = '支出总表' AND match = 'matched' AND regexp_matches(code, '^2[0-9]{2}$')
    ORDER BY execution_rate NULLS LAST, place NULLS LAST, fiscal_year, agency_name, code LIMIT ${Math.max(1, Math.floor(top)) * 3}`).catch(() => []);
  return found.map((r) => ({
    place: str(r.place), fiscal_year: str(r.fiscal_year), agency_name: str(r.agency_name), class_code: str(r.class_code), class_name: str(r.class_name, ''),
    budgeted_wan: num(r.budgeted_wan), final_wan: num(r.final_wan), execution_rate: r.execution_rate === null || r.execution_rate === undefined ? null : Number(r.execution_rate),
  }));
}

function executionSection(data: ReportData): string {
  if (!data.execution?.length) return '';
  const body = table(['place', 'year', 'agency', 'class', '', 'budget (万元)', '决算 (万元)', 'execution'],
    data.execution.map((r) => [r.place, r.fiscal_year, r.agency_name, r.class_code, r.class_name, r.budgeted_wan.toFixed(2), r.final_wan.toFixed(2), r.execution_rate === null ? '–' : `${(r.execution_rate * 100).toFixed(1)} %`]),
    [false, false, false, false, false, true, true, true]);
  return `<section id="execution"><h2>Budget execution (决算 against budget)</h2>
<p>Spending by function class (类) in the 决算 against the budget of the same agency and year, lowest execution first (view <code>budget_vs_final</code>; lines without a partner are listed there with match = final_only or budget_only).</p>
${body}
</section>
`;
}

const STYLE = `
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2rem auto; max-width: 980px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
.meta { color: #666; font-size: .9rem; }
.tiles { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1.2rem 0; }
.tile { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; min-width: 110px; }
.tile b { display: block; font-size: 1.4rem; } .tile span { color: #666; font-size: .85rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .88rem; } th, td { border-bottom: 1px solid #eee; padding: .25rem .6rem; text-align: left; }
th { background: #f6f6f6; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.chart { width: 100%; min-height: 60px; }
.empty { color: #888; font-style: italic; }
`;

export function renderReport(data: ReportData, meta: { database: string; generatedAt?: Date }): string {
  const t = data.totals;
  const when = (meta.generatedAt ?? new Date()).toISOString().replace('T', ' ').slice(0, 16);
  const tiles = [
    ['documents', t.documents], ['ok', t.ok], ['partial', t.partial], ['failed', t.failed],
    ...(t.duplicate ? [['duplicate', t.duplicate]] : []), ...(t.skipped ? [['skipped', t.skipped]] : []), ...(t.removed ? [['removed', t.removed]] : []),
    ['projects', t.projects],
    ['indicators', t.indicators], ['values normalized', pct(t.normalized, t.indicators)], ['table cells read', pct(t.cells_read, t.cells_total)], ['budget lines', t.budget_lines], ['messages', t.messages],
  ].map(([k, v]) => `<div class="tile"><b>${escapeXml(typeof v === 'number' ? v.toLocaleString('en-US') : String(v))}</b><span>${escapeXml(String(k))}</span></div>`).join('');

  const provinceYear = data.byProvinceYear.length === 0 ? noData('documents') : [
    barChart(data.byProvinceYear.map((r) => ({ label: placeYearLabel(r.province, r.fiscal_year), values: [r.ok, r.partial, r.failed] })), {
      title: 'Documents per province and fiscal year', series: ['ok', 'partial', 'failed'], colors: ['#3b6ea5', '#e39b3a', '#b5533c'],
    }, 'province-year'),
    table(['province', 'fiscal year', 'documents', 'failed', 'projects', 'indicators', 'budget lines'],
      data.byProvinceYear.map((r) => [r.province, r.fiscal_year, r.documents, r.failed, r.projects, r.indicators, r.budget_lines]), [false, false, true, true, true, true, true]),
  ].join('\n');

  const types = data.indicatorTypes.length === 0 ? noData('indicators') : [
    barChart(data.indicatorTypes.map((r) => ({ label: `${r.level1} / ${r.level2}`, values: [r.normalized, r.indicators - r.normalized] })), {
      title: 'Indicators per type (level1 / level2)', series: ['value normalized', 'text or not read'],
    }, 'indicator-types'),
  ].join('\n');

  const coverageSeries = ['normalized (op ≠ text)', 'text target', 'not normalized (op null)'];
  const coverage = data.coverageByLevel1.length === 0 ? noData('indicators') : [
    `<p>${t.normalized.toLocaleString('en-US')} of ${t.indicators.toLocaleString('en-US')} target values were read as numbers (${pct(t.normalized, t.indicators)}).</p>`,
    '<h3>By 一级指标</h3>',
    barChart(data.coverageByLevel1.map((r) => ({ label: r.level1, values: [r.normalized, r.text, r.missing] })), { title: 'Value coverage by level1', series: coverageSeries, colors: ['#3b6ea5', '#e39b3a', '#b5533c'] }, 'coverage-level1'),
    '<h3>By source format</h3>',
    barChart(data.coverageByFormat.map((r) => ({ label: r.format, values: [r.normalized, r.text, r.missing] })), { title: 'Value coverage by format', series: coverageSeries, colors: ['#3b6ea5', '#e39b3a', '#b5533c'] }, 'coverage-format'),
  ].join('\n');

  const cells = [
    `<p>${t.cells_read.toLocaleString('en-US')} of ${t.cells_total.toLocaleString('en-US')} non-empty cells of the tables read (target tables, 批复表, budget tables) landed in a field (${pct(t.cells_read, t.cells_total)}); every other cell has a <code>cell-unread</code> message. A document under 98 %, or with an indicator column no field takes, is partial.</p>`,
    data.lowCoverage.length === 0 ? '<p class="empty">Every audited document was read whole.</p>'
      : table(['document', 'doc_id', 'status', 'cells', 'read', 'coverage', 'why partial'],
        data.lowCoverage.map((r) => [r.source_name, r.doc_id, r.status, r.cells_total, r.cells_read, `${(r.coverage * 100).toFixed(1)}%`, r.error]),
        [false, false, false, true, true, true, false]),
  ].join('\n');

  const problems = data.problemDocuments.length === 0 ? noData('messages') : [
    barChart(data.problemDocuments.map((r) => ({ label: r.place === '(unknown)' ? r.source_name : `${r.source_name} (${r.place})`, values: [r.errors, r.warnings, r.infos] })), {
      title: 'Documents with the most problems', series: ['errors', 'warnings', 'info'], colors: ['#b5533c', '#e39b3a', '#8a9bb0'],
    }, 'problems'),
    table(['document', 'doc_id', 'status', 'place', 'errors', 'warnings', 'info', 'most frequent rule'],
      data.problemDocuments.map((r) => [r.source_name, r.doc_id, r.status, r.place, r.errors, r.warnings, r.infos, r.top_rule]),
      [false, false, false, false, true, true, true, false]),
  ].join('\n');

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>budget-ingest report: ${escapeXml(path.basename(meta.database))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>budget-ingest report</h1>
<p class="meta">Database ${escapeXml(meta.database)} · generated ${when} UTC by budget-ingest ${escapeXml(PACKAGE_VERSION)}</p>
<div class="tiles">${tiles}</div>
<section id="province-year"><h2>Documents per province and fiscal year</h2>
${provinceYear}
</section>
<section id="indicator-types"><h2>Indicator types</h2>
${types}
</section>
<section id="value-coverage"><h2>Value coverage</h2>
${coverage}
</section>
<section id="cell-coverage"><h2>Table cells read (coverage audit)</h2>
${cells}
</section>
${executionSection(data)}<section id="problems"><h2>Documents with the most problems</h2>
${problems}
</section>
${renderProjectExecution(data.projectExecution)}${renderSelfEvaluation(data.selfEvaluation)}${chartScripts()}
</body>
</html>
`;
}

export async function buildReport(db: Database, meta: { database: string; generatedAt?: Date; topDocuments?: number }): Promise<string> {
  return renderReport(await collectReportData(db, meta.topDocuments), meta);
}
