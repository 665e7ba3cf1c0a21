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

export const views: ViewSpec[] = [indicatorFacts, projectFacts, allOf(indicatorFacts), allOf(projectFacts)];

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
    if (stored !== v.columns.map((c) => c.name).join(',')) await db.conn.run(createViewSql(v, { temporary: true }));
  }
}
