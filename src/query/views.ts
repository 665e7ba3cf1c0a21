// Views for researchers: one wide row per indicator and per project, with the document's year,
// region and agency already joined, so most questions need no joins. Each view column is declared
// either as a table column (its type and meaning then come from tables.ts) or as a computed
// expression with its own metadata; the SQL and the data dictionary are both derived from that.
import type { z } from 'zod';
import type { Database } from '../load/database.ts';
import * as T from '../load/tables.ts';
import { columnMeta, type ColumnMeta, type TableSpec } from '../load/tables.ts';

export interface ViewColumn {
  name: string;
  /** SQL expression over the view's FROM aliases. */
  expr: string;
  meta: ColumnMeta;
  /** `table.column` the value is taken from, for the dictionary; null when computed. */
  from: string | null;
}

export interface ViewSpec {
  name: string;
  grain: string;
  description: string;
  columns: ViewColumn[];
  /** FROM … JOIN … clause. */
  from: string;
  /** WHERE condition, if any. */
  where?: string;
}

/** A column taken as is from a table, under the table alias used in the view's FROM clause. */
function col(alias: string, spec: TableSpec, column: string, name = column): ViewColumn {
  const schema = spec.row.shape[column] as z.ZodType | undefined;
  if (!schema) throw new Error(`view column ${name}: table ${spec.name} has no column ${column}`);
  const { primaryKey: _pk, ...meta } = columnMeta(schema);
  return { name, expr: `${alias}."${column}"`, meta, from: `${spec.name}.${column}` };
}

function computed(name: string, expr: string, meta: ColumnMeta): ViewColumn {
  return { name, expr, meta, from: null };
}

/** Document context shared by both views (alias `d` = documents). */
function documentContext(): ViewColumn[] {
  const d = T.documents;
  return [
    col('d', d, 'fiscal_year'),
    col('d', d, 'province'),
    col('d', d, 'city'),
    col('d', d, 'county'),
    computed('place', 'coalesce(d.county, d.city, d.province)', {
      sql: 'VARCHAR', description: 'County if any, else city, else province: the publishing government, for grouping.', example: '沧县',
    }),
    col('d', d, 'adcode'),
    col('d', d, 'agency_code'),
    col('d', d, 'agency_name'),
  ];
}

/** Document provenance columns, last in each view (alias `d`). */
function documentProvenance(): ViewColumn[] {
  const d = T.documents;
  return [col('d', d, 'format'), col('d', d, 'source_name'), col('d', d, 'status', 'document_status')];
}

const p = T.projects;
const i = T.indicators;

export const indicatorFacts: ViewSpec = {
  name: 'indicator_facts',
  grain: 'performance indicator, with its project and document',
  description: 'Every indicator with the year, region, agency and project it belongs to: the table to start from for questions about targets. Includes both kinds of project: ordinary projects and department-wide target tables (project_kind = department); filter on project_kind to keep one.',
  from: 'indicators i LEFT JOIN projects p ON p.doc_id = i.doc_id AND p.project_seq = i.project_seq LEFT JOIN documents d ON d.doc_id = i.doc_id',
  columns: [
    col('i', i, 'doc_id'),
    ...documentContext(),
    col('i', i, 'project_seq'),
    col('p', p, 'project_code'),
    col('p', p, 'project_name'),
    col('p', p, 'category', 'project_category'),
    col('p', p, 'kind', 'project_kind'),
    col('p', p, 'budget_wan', 'project_budget_wan'),
    col('i', i, 'indicator_seq'),
    col('i', i, 'level1'),
    col('i', i, 'level2'),
    col('i', i, 'level3'),
    col('i', i, 'description'),
    col('i', i, 'value_raw'),
    col('i', i, 'op'),
    col('i', i, 'value'),
    col('i', i, 'value_max'),
    col('i', i, 'unit'),
    col('i', i, 'value_note'),
    computed('normalized', "coalesce(i.op <> 'text', false)", {
      sql: 'BOOLEAN', description: 'The target was read as a number (op is not text).', example: true,
    }),
    col('i', i, 'weight'),
    col('i', i, 'basis'),
    col('i', i, 'page'),
    col('i', i, 'line'),
    ...documentProvenance(),
  ],
};

export const projectFacts: ViewSpec = {
  name: 'project_facts',
  grain: 'project, with its document',
  description: 'Every project with the year, region and agency of its document, its budget, and how many indicators it has and how many of their targets were read as numbers. Includes department-wide target tables (kind = department), whose budget is the whole department\'s: sum budgets over kind = \'project\' only.',
  from: `projects p LEFT JOIN documents d ON d.doc_id = p.doc_id
    LEFT JOIN (SELECT doc_id, project_seq, count(*) AS n, count(*) FILTER (WHERE op IS NOT NULL AND op <> 'text') AS n_norm
               FROM indicators GROUP BY ALL) ic ON ic.doc_id = p.doc_id AND ic.project_seq = p.project_seq`,
  columns: [
    col('p', p, 'doc_id'),
    ...documentContext(),
    col('p', p, 'project_seq'),
    col('p', p, 'project_code'),
    col('p', p, 'project_name'),
    col('p', p, 'category'),
    col('p', p, 'kind'),
    col('p', p, 'layout'),
    col('p', p, 'amount_unit_raw'),
    col('p', p, 'budget_wan'),
    col('p', p, 'fiscal_wan'),
    col('p', p, 'other_wan'),
    col('p', p, 'purpose'),
    col('p', p, 'goals'),
    computed('indicator_count', 'coalesce(ic.n, 0)::INTEGER', {
      sql: 'INTEGER', description: 'Indicators of the project.', example: 7,
    }),
    computed('normalized_count', 'coalesce(ic.n_norm, 0)::INTEGER', {
      sql: 'INTEGER', description: 'Indicators whose target was read as a number (op is not text).', example: 6,
    }),
    col('p', p, 'page'),
    col('p', p, 'line'),
    ...documentProvenance(),
  ],
};

// Documents that count: duplicates (the same disclosure in another file or format), removed
// documents (file gone), failed and skipped files stay out of the views and of sums over them.
const COUNTED = "d.status IN ('ok', 'partial')";
indicatorFacts.where = COUNTED;
projectFacts.where = COUNTED;

/** The same view over every document, whatever its status (document_status tells which count). */
function allOf(view: ViewSpec): ViewSpec {
  return {
    ...view, name: `${view.name}_all`, where: undefined,
    description: `${view.description} Unlike ${view.name}, also the rows of documents that do not count: duplicates, removed, failed (filter on document_status).`,
  };
}

// ---------- plan against outcome: target tables and their self-evaluations (issue #15) ----------

/**
 * A name as a matching key: NFKC text lower-cased, a leading year (2021年度) and every space,
 * punctuation mark and symbol removed, a trailing 项目 dropped; empty → null. Names are matched
 * on this key only: what differs in other words is listed as unmatched, not guessed.
 */
function nameKey(expr: string): string {
  const stripped = `regexp_replace(regexp_replace(regexp_replace(lower(coalesce(${expr}, '')), '^[(（]?20[0-9]{2}年度?[)）]?', ''), '[\\s\\p{P}\\p{S}]', '', 'g'), '项目$', '')`;
  return `nullif(${stripped}, '')`;
}

const SELF_EVALUATION_KINDS = "('self_evaluation', 'department_self_evaluation')";
const TARGET_KINDS = "('project', 'department')";

/** The unit names a project is matched on: the document's agency, the table's 实施单位 and 主管部门. */
const AGENCY_KEYS = `list_filter([${nameKey('d.agency_name')}, ${nameKey('p.unit_name')}, ${nameKey('p.department_name')}], x -> x IS NOT NULL) AS agency_keys`;

/**
 * A self-evaluated project (alias `se`) and a target-table project (alias `tt`) are the same
 * project: same fiscal year, a project self-evaluation with a project target table (a department
 * one with a department one), the same place where both know it, a unit name in common, and the
 * project code where both print one, else the name key. Shared by target_vs_actual (per indicator)
 * and project_execution (per project), so both pair the same projects.
 */
const SAME_PROJECT = `se.fiscal_year = tt.fiscal_year
      AND (se.project_kind = 'self_evaluation') = (tt.project_kind = 'project')
      AND (se.adcode IS NULL OR tt.adcode IS NULL OR se.adcode = tt.adcode)
      AND list_has_any(se.agency_keys, tt.agency_keys)
      AND CASE WHEN se.project_code IS NOT NULL AND tt.project_code IS NOT NULL THEN se.project_code = tt.project_code
               ELSE se.project_key = tt.project_key END`;

/**
 * Indicators of the documents that count, with the keys a target table and its self-evaluation
 * are matched on: fiscal year, place (adcode, when both know it), one of the unit names printed
 * (the document's agency, the table's 实施单位 or 主管部门), the project code where both print one
 * and the project name otherwise, and the 三级指标 name. A pair counts only when it is the one
 * candidate on both sides.
 */
const PLAN_OUTCOME_CTE = `WITH facts AS (
    SELECT i.*, p.project_code, p.project_name, p.kind AS project_kind, d.fiscal_year, d.adcode, d.province, d.city, d.county,
      d.agency_code, d.agency_name, coalesce(d.county, d.city, d.province) AS place, d.format, d.source_name, d.status AS document_status,
      ${nameKey('p.project_name')} AS project_key, ${nameKey('i.level3')} AS level3_key,
      ${AGENCY_KEYS}
    FROM indicators i JOIN projects p ON p.doc_id = i.doc_id AND p.project_seq = i.project_seq JOIN documents d ON d.doc_id = i.doc_id
    WHERE d.status IN ('ok', 'partial')),
  se AS (SELECT * FROM facts WHERE project_kind IN ${SELF_EVALUATION_KINDS}),
  tt AS (SELECT * FROM facts WHERE project_kind IN ${TARGET_KINDS}),
  -- Projects of the same year, place and unit, by code where both print one, else by name.
  project_pairs AS (
    SELECT DISTINCT se.doc_id AS se_doc, se.project_seq AS se_project, tt.doc_id AS tt_doc, tt.project_seq AS tt_project
    FROM se JOIN tt ON ${SAME_PROJECT}),
  pairs AS (
    SELECT pp.*, se.indicator_seq AS se_indicator, tt.indicator_seq AS tt_indicator,
      count(*) OVER (PARTITION BY se.doc_id, se.project_seq, se.indicator_seq) AS candidates_for_se,
      count(*) OVER (PARTITION BY tt.doc_id, tt.project_seq, tt.indicator_seq) AS candidates_for_tt
    FROM project_pairs pp
      JOIN se ON se.doc_id = pp.se_doc AND se.project_seq = pp.se_project
      JOIN tt ON tt.doc_id = pp.tt_doc AND tt.project_seq = pp.tt_project AND tt.level3_key = se.level3_key),
  matched AS (SELECT * FROM pairs WHERE candidates_for_se = 1 AND candidates_for_tt = 1)`;

const x = (name: string, meta: ColumnMeta): ViewColumn => computed(name, `x."${name}"`, meta);
/** A column of the plan/outcome views, with the meaning of the table column it comes from. */
function xcol(spec: TableSpec, column: string, name = column, note = ''): ViewColumn {
  const c = col('x', spec, column, name);
  return { ...c, meta: { ...c.meta, description: `${note}${c.meta.description}` } };
}

/** Year, place and agency of a plan/outcome view's row (its self-evaluation's document). */
const placeColumns = (): ViewColumn[] => [
  xcol(T.documents, 'fiscal_year'),
  xcol(T.documents, 'province'),
  xcol(T.documents, 'city'),
  xcol(T.documents, 'county'),
  x('place', { sql: 'VARCHAR', description: 'County if any, else city, else province: the publishing government, for grouping.', example: '渝中区' }),
  xcol(T.documents, 'adcode'),
  xcol(T.documents, 'agency_name'),
];

export const targetVsActual: ViewSpec = {
  name: 'target_vs_actual',
  grain: 'indicator of a self-evaluation (绩效自评表), with the target-table indicator it answers when one is found',
  description: 'Plan against outcome per indicator: the target and the value achieved as the self-evaluation prints them (each raw and normalized), met by the target\'s operator, the scores, and, where the target table of the same project (same fiscal year, place, unit, project code or name, and 三级指标 name) was loaded, the target as planned. A self-evaluation alone is enough for met; what cannot be matched is in target_vs_actual_unmatched, never guessed. Documents that count only (ok, partial).',
  from: `(${PLAN_OUTCOME_CTE}
    SELECT se.*, tt.doc_id AS plan_doc_id, tt.project_seq AS plan_project_seq, tt.indicator_seq AS plan_indicator_seq,
      tt.value_raw AS plan_target_raw, tt.op AS plan_op, tt.value AS plan_value, tt.value_max AS plan_value_max, tt.unit AS plan_unit
    FROM se LEFT JOIN matched m ON m.se_doc = se.doc_id AND m.se_project = se.project_seq AND m.se_indicator = se.indicator_seq
      LEFT JOIN tt ON tt.doc_id = m.tt_doc AND tt.project_seq = m.tt_project AND tt.indicator_seq = m.tt_indicator) x`,
  columns: [
    xcol(T.indicators, 'doc_id', 'doc_id', 'The self-evaluation\'s document. '),
    ...placeColumns(),
    xcol(T.indicators, 'project_seq'),
    xcol(T.projects, 'project_code'),
    xcol(T.projects, 'project_name'),
    x('project_kind', { sql: 'VARCHAR', description: 'self_evaluation (项目支出绩效自评表) or department_self_evaluation (部门整体支出绩效自评表).', example: 'self_evaluation' }),
    xcol(T.indicators, 'indicator_seq'),
    xcol(T.indicators, 'level1'),
    xcol(T.indicators, 'level2'),
    xcol(T.indicators, 'level3'),
    computed('target_raw', 'x."value_raw"', { sql: 'VARCHAR', description: 'The target as the self-evaluation prints it (年度指标值; op, value and unit columns concatenated where split).', example: '≥39500人' }),
    computed('target_op', 'x."op"', { sql: 'VARCHAR', description: 'Normalized operator of the target: >=, <=, >, <, =, range, text.', example: '>=' }),
    computed('target_value', 'x."value"', { sql: 'DOUBLE', description: 'Normalized target value in the canonical unit.', example: 39500 }),
    computed('target_value_max', 'x."value_max"', { sql: 'DOUBLE', description: 'Upper bound of a range target.' }),
    computed('target_unit', 'x."unit"', { sql: 'VARCHAR', description: 'Canonical unit of the target.', example: '人' }),
    xcol(T.indicators, 'actual_raw'),
    xcol(T.indicators, 'actual_op'),
    xcol(T.indicators, 'actual_value'),
    xcol(T.indicators, 'actual_value_max'),
    xcol(T.indicators, 'actual_unit'),
    xcol(T.indicators, 'met'),
    xcol(T.indicators, 'max_score'),
    xcol(T.indicators, 'score'),
    xcol(T.indicators, 'deviation_reason'),
    computed('matched', 'x."plan_doc_id" IS NOT NULL', { sql: 'BOOLEAN', description: 'The indicator was matched to one indicator of the project\'s target table (the plan columns are filled).', example: true }),
    x('plan_doc_id', { sql: 'VARCHAR', description: 'Document of the matched target table (绩效目标表).', example: '8673c46da405b13e' }),
    x('plan_project_seq', { sql: 'INTEGER', description: 'Project of the matched target table within its document.', example: 3 }),
    x('plan_indicator_seq', { sql: 'INTEGER', description: 'Indicator of the matched target table within its project.', example: 2 }),
    x('plan_target_raw', { sql: 'VARCHAR', description: 'The target as the target table printed it when the budget was set.', example: '≥39500人' }),
    x('plan_op', { sql: 'VARCHAR', description: 'Normalized operator of the planned target.', example: '>=' }),
    x('plan_value', { sql: 'DOUBLE', description: 'Normalized planned target value.', example: 39500 }),
    x('plan_value_max', { sql: 'DOUBLE', description: 'Upper bound of a planned range.' }),
    x('plan_unit', { sql: 'VARCHAR', description: 'Canonical unit of the planned target.', example: '人' }),
    computed('target_changed', `CASE WHEN x."plan_doc_id" IS NULL THEN NULL
      ELSE x."op" IS DISTINCT FROM x."plan_op" OR x."value" IS DISTINCT FROM x."plan_value" OR x."value_max" IS DISTINCT FROM x."plan_value_max"
        OR x."unit" IS DISTINCT FROM x."plan_unit" OR (x."op" = 'text' AND ${nameKey('x."value_raw"')} IS DISTINCT FROM ${nameKey('x."plan_target_raw"')}) END`, {
      sql: 'BOOLEAN', description: 'The self-evaluation restates a different target from the one planned (normalized operator, value or unit differ; for targets in words, the words). Null when unmatched.', example: false,
    }),
    x('format', { sql: 'VARCHAR', description: 'Format of the self-evaluation\'s file.', example: 'xlsx' }),
    x('source_name', { sql: 'VARCHAR', description: 'File name of the self-evaluation.', example: '2021自评表.xlsx' }),
    x('document_status', { sql: 'VARCHAR', description: 'Status of the self-evaluation\'s document (ok or partial).', example: 'ok' }),
  ],
};

export const targetVsActualUnmatched: ViewSpec = {
  name: 'target_vs_actual_unmatched',
  grain: 'indicator that could not be paired between a target table and a self-evaluation',
  description: 'What target_vs_actual could not match, with the reason: self-evaluation indicators without a target-table indicator (no target table of the project loaded, the 三级指标 not in it, or several candidates), and target-table indicators of a project or unit that has a self-evaluation but no matching self-evaluation indicator. Target tables of units and years without any self-evaluation are not listed.',
  from: `(${PLAN_OUTCOME_CTE}
    SELECT 'self_evaluation' AS side, se.*,
      CASE WHEN EXISTS (SELECT 1 FROM pairs q WHERE q.se_doc = se.doc_id AND q.se_project = se.project_seq AND q.se_indicator = se.indicator_seq)
             THEN 'several target-table indicators (or self-evaluation indicators) have this name'
           WHEN EXISTS (SELECT 1 FROM project_pairs q WHERE q.se_doc = se.doc_id AND q.se_project = se.project_seq)
             THEN 'indicator not in the target table of the project'
           ELSE 'no target table of the project loaded (same year, place, unit, project code or name)' END AS reason
    FROM se WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.se_doc = se.doc_id AND m.se_project = se.project_seq AND m.se_indicator = se.indicator_seq)
    UNION ALL BY NAME
    SELECT 'target_table' AS side, tt.*,
      CASE WHEN EXISTS (SELECT 1 FROM pairs q WHERE q.tt_doc = tt.doc_id AND q.tt_project = tt.project_seq AND q.tt_indicator = tt.indicator_seq)
             THEN 'several self-evaluation indicators (or target-table indicators) have this name'
           WHEN EXISTS (SELECT 1 FROM project_pairs q WHERE q.tt_doc = tt.doc_id AND q.tt_project = tt.project_seq)
             THEN 'indicator not in the self-evaluation of the project'
           ELSE 'no self-evaluation of the project loaded, though its unit has one for the year' END AS reason
    FROM tt WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.tt_doc = tt.doc_id AND m.tt_project = tt.project_seq AND m.tt_indicator = tt.indicator_seq)
      AND (EXISTS (SELECT 1 FROM project_pairs q WHERE q.tt_doc = tt.doc_id AND q.tt_project = tt.project_seq)
        OR EXISTS (SELECT 1 FROM se WHERE se.fiscal_year = tt.fiscal_year AND list_has_any(se.agency_keys, tt.agency_keys)))) x`,
  columns: [
    x('side', { sql: 'VARCHAR', description: 'Which document the indicator is in: self_evaluation or target_table.', example: 'self_evaluation' }),
    x('reason', { sql: 'VARCHAR', description: 'Why it was not paired.', example: 'indicator not in the target table of the project' }),
    xcol(T.indicators, 'doc_id'),
    xcol(T.documents, 'fiscal_year'),
    xcol(T.documents, 'province'),
    xcol(T.documents, 'city'),
    xcol(T.documents, 'county'),
    xcol(T.documents, 'agency_name'),
    xcol(T.indicators, 'project_seq'),
    xcol(T.projects, 'project_code'),
    xcol(T.projects, 'project_name'),
    x('project_kind', { sql: 'VARCHAR', description: 'Kind of the project: project, department, self_evaluation or department_self_evaluation.', example: 'self_evaluation' }),
    xcol(T.indicators, 'indicator_seq'),
    xcol(T.indicators, 'level1'),
    xcol(T.indicators, 'level2'),
    xcol(T.indicators, 'level3'),
    xcol(T.indicators, 'value_raw'),
    xcol(T.indicators, 'actual_raw'),
    x('source_name', { sql: 'VARCHAR', description: 'File name of the indicator\'s document.', example: '2021自评表.xlsx' }),
  ],
};

// ---- Plan against outcome per project: a self-evaluation's execution beside the target table's budget ----
const PROJECT_EXECUTION_SQL = `(
  WITH pf AS (
    SELECT p.*, p.kind AS project_kind, d.fiscal_year, d.adcode, d.province, d.city, d.county, d.agency_code, d.agency_name,
      coalesce(d.county, d.city, d.province) AS place, d.format, d.source_name, d.status AS document_status,
      ${nameKey('p.project_name')} AS project_key, ${AGENCY_KEYS}
    FROM projects p JOIN documents d ON d.doc_id = p.doc_id
    WHERE d.status IN ('ok', 'partial')),
  se AS (SELECT * FROM pf WHERE project_kind IN ${SELF_EVALUATION_KINDS}),
  tt AS (SELECT * FROM pf WHERE project_kind IN ${TARGET_KINDS}),
  candidates AS (
    SELECT se.doc_id AS se_doc, se.project_seq AS se_project, tt.doc_id AS tt_doc, tt.project_seq AS tt_project,
      count(*) OVER (PARTITION BY se.doc_id, se.project_seq) AS for_se, count(*) OVER (PARTITION BY tt.doc_id, tt.project_seq) AS for_tt
    FROM se JOIN tt ON ${SAME_PROJECT}),
  matched AS (SELECT * FROM candidates WHERE for_se = 1 AND for_tt = 1)
  SELECT se.*, tt.doc_id AS plan_doc_id, tt.project_seq AS plan_project_seq, tt.budget_wan AS plan_budget_wan, tt.fiscal_wan AS plan_fiscal_wan,
    CASE WHEN tt.doc_id IS NOT NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM candidates c WHERE c.se_doc = se.doc_id AND c.se_project = se.project_seq)
           THEN 'several target tables match the project, or several self-evaluations the target table: not guessed'
         WHEN EXISTS (SELECT 1 FROM tt t WHERE t.fiscal_year = se.fiscal_year AND list_has_any(t.agency_keys, se.agency_keys)
                        AND (t.project_kind = 'project') = (se.project_kind = 'self_evaluation'))
           THEN 'the unit''s target tables for the year have no project of this code or name'
         WHEN se.project_kind = 'department_self_evaluation' THEN 'no department-wide target table (部门整体绩效目标表) of the unit and year loaded'
         ELSE 'no target table of the unit and year loaded' END AS plan_note
  FROM se LEFT JOIN matched m ON m.se_doc = se.doc_id AND m.se_project = se.project_seq
    LEFT JOIN tt ON tt.doc_id = m.tt_doc AND tt.project_seq = m.tt_project
) x`;

export const projectExecution: ViewSpec = {
  name: 'project_execution',
  grain: 'self-evaluated project (绩效自评表), with its target table\'s budget when one is found',
  description: 'Plan against outcome per project ("how much of the employment subsidy budget was actually spent"): 年初预算数, 全年预算数, 全年执行数 and 执行率 as the self-evaluation prints them, the money left unspent, the scores, and, where the target table (绩效目标表) of the same project was loaded (matched as in target_vs_actual: same fiscal year, place, unit, project code or else name; one candidate each way), the budget it planned. Unmatched projects are listed with plan_note saying why, never guessed. Department-wide self-evaluations (project_kind = department_self_evaluation) carry the whole department\'s money: sum over project_kind = \'self_evaluation\' only. Documents that count only (ok, partial).',
  from: PROJECT_EXECUTION_SQL,
  columns: [
    xcol(T.projects, 'doc_id', 'doc_id', 'The self-evaluation\'s document. '),
    ...placeColumns(),
    xcol(T.projects, 'unit_name'),
    xcol(T.projects, 'project_seq'),
    xcol(T.projects, 'project_code'),
    xcol(T.projects, 'project_name'),
    x('project_kind', { sql: 'VARCHAR', description: 'self_evaluation (项目支出绩效自评表) or department_self_evaluation (部门整体支出绩效自评表: the whole department\'s money).', example: 'self_evaluation' }),
    xcol(T.projects, 'budget_initial_raw'),
    xcol(T.projects, 'budget_initial_wan'),
    xcol(T.projects, 'budget_full_year_raw'),
    xcol(T.projects, 'budget_full_year_wan'),
    xcol(T.projects, 'executed_raw'),
    xcol(T.projects, 'executed_wan'),
    xcol(T.projects, 'execution_rate_raw'),
    xcol(T.projects, 'execution_rate'),
    computed('unspent_wan', 'round(x."budget_full_year_wan" - x."executed_wan", 6)', { sql: 'DOUBLE', description: '全年预算数 − 全年执行数, 万元: the money budgeted for the year and not spent.', example: 24 }),
    xcol(T.projects, 'execution_max_score'),
    xcol(T.projects, 'execution_score'),
    xcol(T.projects, 'score_total'),
    xcol(T.projects, 'grade'),
    computed('matched', 'x."plan_doc_id" IS NOT NULL', { sql: 'BOOLEAN', description: 'The project\'s target table was found (the plan columns are filled).', example: true }),
    x('plan_doc_id', { sql: 'VARCHAR', description: 'Document of the matched target table (绩效目标表, usually part of the budget disclosure).', example: '8673c46da405b13e' }),
    x('plan_project_seq', { sql: 'INTEGER', description: 'Project of the matched target table within its document.', example: 1 }),
    x('plan_budget_wan', { sql: 'DOUBLE', description: 'The project\'s budget in its target table (项目资金 / 年度资金总额), 万元.', example: 120 }),
    x('plan_fiscal_wan', { sql: 'DOUBLE', description: 'The 财政拨款 part of that budget, 万元.', example: 120 }),
    computed('executed_of_plan', 'CASE WHEN x."plan_budget_wan" > 0 AND x."executed_wan" IS NOT NULL THEN round(x."executed_wan" / x."plan_budget_wan", 4) END', {
      sql: 'DOUBLE', description: 'executed_wan / plan_budget_wan as a ratio (1.05 = 105 %): spent against the budget first planned (the self-evaluation\'s own execution_rate is against 全年预算数, after adjustments). Null when unmatched or the plan is 0.', example: 1.05,
    }),
    computed('initial_differs', 'CASE WHEN x."plan_doc_id" IS NOT NULL AND x."budget_initial_wan" IS NOT NULL AND x."plan_budget_wan" IS NOT NULL THEN abs(x."budget_initial_wan" - x."plan_budget_wan") > 0.005 END', {
      sql: 'BOOLEAN', description: 'The self-evaluation\'s 年初预算数 is not the target table\'s budget (a project renamed, split, or a misprint: worth a look). Null when unmatched.', example: false,
    }),
    x('plan_note', { sql: 'VARCHAR', description: 'Why no target table was paired (null when matched).', example: 'no target table of the unit and year loaded' }),
    x('format', { sql: 'VARCHAR', description: 'Format of the self-evaluation\'s file.', example: 'xlsx' }),
    x('source_name', { sql: 'VARCHAR', description: 'File name of the self-evaluation.', example: '2021自评表.xlsx' }),
    x('document_status', { sql: 'VARCHAR', description: 'Status of the self-evaluation\'s document (ok or partial).', example: 'ok' }),
  ],
};

// ---- Plan against outcome: a budget beside its 决算 (issue #15) ----
// Documents pair when they are of the same year, place (adcode, both may be unknown) and agency
// (its code where both print one, else its name as printed); lines pair within the same canonical
// table (支出总表 ↔ 支出决算表 …) by classification code where printed (or the 类 a name stands
// for), else by name. Nothing is paired on a guess: what has no partner is listed with why.
const FINAL_VS_BUDGET_SQL = `(
  WITH docs AS (
    SELECT doc_id, doc_type, fiscal_year, adcode, agency_code, agency_name, province, city, county
    FROM documents WHERE status IN ('ok', 'partial') AND doc_type IN ('budget', 'final_accounts')),
  lines AS (
    SELECT doc_id, table_name, doc_type, coalesce(class_code, code) AS code, name, total_wan, final_wan,
      budget_initial_wan, budget_full_wan, budget_wan
    FROM (SELECT * FROM budget_lines UNION ALL BY NAME SELECT * FROM budget_lines_supplementary)
    WHERE side IS NULL AND coalesce(class_code, code, name) IS NOT NULL),
  keyed AS (
    SELECT doc_id, table_name, doc_type, coalesce(code, name) AS match_key, code IS NOT NULL AS by_code,
      any_value(code) AS code, min(name) AS name, count(*)::INTEGER AS n,
      sum(total_wan) AS total_wan, sum(final_wan) AS final_wan, sum(budget_initial_wan) AS budget_initial_wan,
      sum(budget_full_wan) AS budget_full_wan, sum(budget_wan) AS budget_wan
    FROM lines GROUP BY ALL),
  pairs AS (
    SELECT f.doc_id AS final_doc_id, b.doc_id AS budget_doc_id
    FROM docs f LEFT JOIN docs b ON b.doc_type = 'budget' AND b.fiscal_year = f.fiscal_year
      AND b.adcode IS NOT DISTINCT FROM f.adcode
      AND CASE WHEN b.agency_code IS NOT NULL AND f.agency_code IS NOT NULL THEN b.agency_code = f.agency_code ELSE b.agency_name = f.agency_name END
    WHERE f.doc_type = 'final_accounts'),
  joined AS (
    SELECT p.final_doc_id, p.budget_doc_id, fl.table_name, fl.code, fl.name, fl.by_code,
      bl.total_wan AS budgeted_wan, fl.final_wan AS final_wan, fl.budget_initial_wan, fl.budget_full_wan, fl.budget_wan AS final_budget_wan,
      CASE WHEN bl.doc_id IS NOT NULL THEN 'matched' ELSE 'final_only' END AS match,
      CASE WHEN p.budget_doc_id IS NULL THEN 'no budget document of the same agency and year'
           WHEN bl.doc_id IS NULL THEN 'the budget has no ' || fl.table_name || ' line with this ' || CASE WHEN fl.by_code THEN 'code' ELSE 'name' END
           WHEN fl.n > 1 OR bl.n > 1 THEN 'several lines with this ' || CASE WHEN fl.by_code THEN 'code' ELSE 'name' END || ' (summed)' END AS note
    FROM pairs p JOIN keyed fl ON fl.doc_id = p.final_doc_id
      LEFT JOIN keyed bl ON bl.doc_id = p.budget_doc_id AND bl.table_name = fl.table_name AND bl.match_key = fl.match_key
    UNION ALL BY NAME
    SELECT p.final_doc_id, p.budget_doc_id, bl.table_name, bl.code, bl.name, bl.by_code, bl.total_wan AS budgeted_wan,
      'budget_only' AS match, 'the 决算 has no ' || bl.table_name || ' line with this ' || CASE WHEN bl.by_code THEN 'code' ELSE 'name' END AS note
    FROM pairs p JOIN keyed bl ON bl.doc_id = p.budget_doc_id
    WHERE EXISTS (SELECT 1 FROM keyed t WHERE t.doc_id = p.final_doc_id AND t.table_name = bl.table_name)
      AND NOT EXISTS (SELECT 1 FROM keyed t WHERE t.doc_id = p.final_doc_id AND t.table_name = bl.table_name AND t.match_key = bl.match_key))
  SELECT j.*, d.fiscal_year, d.province, d.city, d.county, d.adcode, d.agency_code, d.agency_name
  FROM joined j JOIN docs d ON d.doc_id = j.final_doc_id
) v`;

const wanCol = (name: string, description: string, example?: number) => computed(name, `v.${name}`, { sql: 'DOUBLE', description, example });
const d = T.documents;
const fromFinal = (column: string, name = column): ViewColumn => ({ ...col('v', d, column, name), from: `documents.${column} (of the 决算)` });

export const budgetVsFinal: ViewSpec = {
  name: 'budget_vs_final',
  grain: 'classification code (or row name) of a 决算 table, with the same line of the budget for the same agency and year',
  description: 'Plan against outcome: each line of a 决算 (final accounts) beside the same line of the budget of the same agency and year, with the execution rate. Documents pair by year, place (adcode) and agency (code where both print one, else name); lines by table and classification code where printed, else by name. Lines without a partner are listed (match = final_only or budget_only, note says why), never guessed. The 决算\'s own printed plan (年初预算数, 全年预算数, 预算数) is beside it. One-sided tables only: the two sides of a 收支总表 are left out (their 类 rows repeat the 支出总表).',
  from: FINAL_VS_BUDGET_SQL,
  columns: [
    fromFinal('fiscal_year'), fromFinal('province'), fromFinal('city'), fromFinal('county'),
    computed('place', 'coalesce(v.county, v.city, v.province)', { sql: 'VARCHAR', description: 'County if any, else city, else province.', example: '普陀区' }),
    fromFinal('adcode'), fromFinal('agency_code'), fromFinal('agency_name'),
    computed('table_name', 'v.table_name', { sql: 'VARCHAR', description: 'Canonical table name, the same for a budget table and its 决算 (支出总表 = 部门支出预算总表 and 支出决算表).', example: '支出总表' }),
    computed('code', 'v.code', { sql: 'VARCHAR', description: 'Classification code (the printed one, or the 类 a printed name stands for); null for lines matched by name (三公 items).', example: '208' }),
    computed('name', 'v.name', { sql: 'VARCHAR', description: 'Row name (of the 决算 line, else of the budget line).', example: '社会保障和就业支出' }),
    computed('match', 'v.match', { sql: 'VARCHAR', description: 'matched (both have the line), final_only (the 决算 has it, the budget not, or no budget document pairs), budget_only (the budget has it, the 决算 table of that name not).', example: 'matched' }),
    computed('matched_by', "CASE WHEN v.match = 'matched' THEN CASE WHEN v.by_code THEN 'code' ELSE 'name' END END", { sql: 'VARCHAR', description: 'code or name: how the lines were paired.', example: 'code' }),
    wanCol('budgeted_wan', 'The budget document\'s amount for the line (合计 / 预算数), 万元.', 504.1),
    wanCol('final_wan', 'The 决算 figure of the line (budget_lines.final_wan), 万元.', 456.17),
    wanCol('budget_initial_wan', '年初预算数 printed in the 决算, 万元.'),
    wanCol('budget_full_wan', '调整预算数 / 全年预算数 printed in the 决算, 万元.'),
    wanCol('final_budget_wan', '预算数 printed in the 决算 without saying 年初 or 全年 (三公 决算表), 万元.'),
    computed('execution_rate', "CASE WHEN coalesce(v.budgeted_wan, v.budget_full_wan, v.budget_initial_wan, v.final_budget_wan) > 0 THEN round(v.final_wan / coalesce(v.budgeted_wan, v.budget_full_wan, v.budget_initial_wan, v.final_budget_wan), 4) END", {
      sql: 'DOUBLE', description: 'final_wan / the plan (the budget document\'s amount, else the 决算\'s own 全年预算数, 年初预算数 or 预算数; see rate_basis), as a ratio (0.9049 = 90.49 %). Null when there is no plan or it is 0.', example: 0.9049,
    }),
    computed('rate_basis', "CASE WHEN v.budgeted_wan IS NOT NULL THEN 'budget_document' WHEN v.budget_full_wan IS NOT NULL THEN '全年预算数' WHEN v.budget_initial_wan IS NOT NULL THEN '年初预算数' WHEN v.final_budget_wan IS NOT NULL THEN '预算数' END", {
      sql: 'VARCHAR', description: 'Which plan execution_rate divides by: budget_document, or the 决算\'s printed 全年预算数, 年初预算数, 预算数.', example: 'budget_document',
    }),
    computed('note', 'v.note', { sql: 'VARCHAR', description: 'Why a line has no partner, or that several lines of one code were summed.', example: 'the budget has no 支出总表 line with this code' }),
    computed('final_doc_id', 'v.final_doc_id', { sql: 'VARCHAR', description: 'doc_id of the 决算.', example: '8673c46da405b13e' }),
    computed('budget_doc_id', 'v.budget_doc_id', { sql: 'VARCHAR', description: 'doc_id of the paired budget (null: none). Several budgets of one agency and year (a 部门 and a 单位 budget) each give their own rows.', example: '3f0c9a1b2c3d4e5f' }),
  ],
};

export const views: ViewSpec[] = [indicatorFacts, projectFacts, allOf(indicatorFacts), allOf(projectFacts), budgetVsFinal, targetVsActual, targetVsActualUnmatched, projectExecution];

/** A column of a UNION view (alias `f`), taken from several tables' columns under one name. */
function unionCol(name: string, from: string[], meta: ColumnMeta): ViewColumn {
  return { name, expr: `f."${name}"`, meta, from: from.join(', ') };
}

export const failures: ViewSpec = {
  name: 'failures',
  grain: 'file that did not load (failed, loaded with nothing in it, or a duplicate)',
  description: 'Every file the runs could not load, with the stage and the reason: failed documents, documents with neither projects nor budget tables (not a budget disclosure, or a scan without text), and duplicates (identical copies, and the same disclosure in another format). Skipped stray files and removed documents are not failures: see documents.status.',
  from: `(SELECT source_path AS file, 'failed' AS status, failed_stage AS stage, error AS reason, doc_id, loaded_at AS seen_at
      FROM documents WHERE status = 'failed'
    UNION ALL
    -- Loaded, but with nothing in it: not a budget disclosure, or a scan without text.
    SELECT source_path, 'partial', coalesce(failed_stage, 'recognize'), error, doc_id, loaded_at FROM documents d
      WHERE status = 'partial' AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.doc_id = d.doc_id)
        AND NOT EXISTS (SELECT 1 FROM budget_tables b WHERE b.doc_id = d.doc_id)
    UNION ALL
    -- The same disclosure as another document, in another format or with other bytes.
    SELECT source_path, 'duplicate', 'dedupe', status_reason, doc_id, loaded_at FROM documents WHERE status = 'duplicate'
    UNION ALL
    SELECT source_path, 'duplicate', 'dedupe', 'duplicate of ' || duplicate_of, doc_id, seen_at FROM duplicates) f`,
  columns: [
    unionCol('file', ['documents.source_path', 'duplicates.source_path'], { sql: 'VARCHAR', description: 'Path of the file.', example: 'data/incoming/scan-2023.pdf' }),
    unionCol('status', ['documents.status'], { sql: 'VARCHAR', description: 'failed; partial (loaded, but nothing of a disclosure found in it); or duplicate (an identical copy, or the same disclosure in another format).', example: 'failed' }),
    unionCol('stage', ['documents.failed_stage'], { sql: 'VARCHAR', description: 'Stage that failed (read, sniff, extract, recognize, normalize, load, worker), or dedupe for a duplicate.', example: 'extract' }),
    unionCol('reason', ['documents.error'], { sql: 'VARCHAR', description: 'Why, in words; for a duplicate: duplicate of PATH.', example: 'encrypted PDF: password required' }),
    unionCol('doc_id', ['documents.doc_id', 'duplicates.doc_id'], { sql: 'VARCHAR', description: 'The file\'s document (for a duplicate: the document already loaded with its content).', example: '8673c46da405b13e' }),
    unionCol('seen_at', ['documents.loaded_at', 'duplicates.seen_at'], { sql: 'TIMESTAMP', description: 'When the file was loaded or seen (UTC).' }),
  ],
};

/** Views over the run log, created with its tables by a batch run or a merge (src/pipeline/runlog.ts). */
export const runLogViews: ViewSpec[] = [failures];

export function createViewSql(view: ViewSpec, options: { temporary?: boolean } = {}): string {
  const cols = view.columns.map((c) => `${c.expr} AS "${c.name}"`).join(',\n  ');
  return `CREATE OR REPLACE ${options.temporary ? 'TEMP ' : ''}VIEW "${view.name}" AS\nSELECT\n  ${cols}\nFROM ${view.from}${view.where ? `\nWHERE ${view.where}` : ''}`;
}

/** Create (or replace) the views; the tables must exist. */
export async function createViews(db: Database): Promise<void> {
  for (const v of views) await db.conn.run(createViewSql(v));
}

/**
 * On a read-only connection to a database written by an older version (no views, or views
 * with fewer columns), define the views as temporary ones for this session instead.
 */
export async function ensureViewsReadOnly(db: Database): Promise<void> {
  for (const v of views) {
    const reader = await db.conn.runAndReadAll(
      `SELECT string_agg(column_name, ',' ORDER BY column_index) AS cols FROM duckdb_columns()
       WHERE table_name = '${v.name}' AND database_name <> 'temp'`,
    );
    const stored = String(reader.getRowObjectsJS()[0]?.cols ?? '');
    if (stored === v.columns.map((c) => c.name).join(',')) continue;
    try {
      await db.conn.run(createViewSql(v, { temporary: true }));
    } catch (err) {
      // A view over columns the older tables lack (target_vs_actual needs indicators.actual_raw,
      // budget_vs_final budget_lines.final_wan …) cannot be defined read-only: it is left out for
      // this session, the other views still work; a write run adds the columns.
      if (!/Binder Error/.test(String((err as Error).message))) throw err;
    }
  }
}
