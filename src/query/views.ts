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

export const views: ViewSpec[] = [indicatorFacts, projectFacts, allOf(indicatorFacts), allOf(projectFacts), budgetVsFinal];

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
    } catch {
      // A database older than the columns a view reads (budget_vs_final needs budget_lines.final_wan
      // …) still opens: that view is left undefined in this session; a write run adds the columns.
    }
  }
}
