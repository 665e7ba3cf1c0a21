// The explorer's views as SQL: each dataset takes its filters as text parameters (bound, never
// spliced into the SQL) and is what both the page's table and its exports read, so an export
// holds exactly the rows the view shows (without the page's row limit).
import type { ResolvedQuery } from '../query/named.ts';

export interface DatasetSpec {
  /** Query parameters the dataset reads from the URL; missing ones are ''. */
  params: string[];
  sql: string;
}

/** Documents that count in sums (the views' rule): not failed, skipped, duplicate or removed. */
const COUNTED = "d.status IN ('ok', 'partial')";
const PLACE = 'coalesce(d.county, d.city, d.province)';
/** A place filter matches the county, city or province name. */
const PLACE_FILTER = `($place = '' OR $place IN (d.county, d.city, d.province))`;
const YEAR_FILTER = `($year = '' OR CAST(d.fiscal_year AS VARCHAR) = $year)`;

export const DATASETS: Record<string, DatasetSpec> = {
  documents: {
    params: [],
    sql: `WITH
      p AS (SELECT doc_id, count(*) AS n FROM projects GROUP BY ALL),
      i AS (SELECT doc_id, count(*) AS n FROM indicators GROUP BY ALL),
      l AS (SELECT doc_id, count(*) AS n FROM budget_lines GROUP BY ALL),
      m AS (SELECT doc_id, count(*) FILTER (WHERE severity = 'error') AS errors, count(*) FILTER (WHERE severity = 'warning') AS warnings FROM messages GROUP BY ALL)
    SELECT d.doc_id, d.province, d.city, d.county, d.fiscal_year, d.agency_name, d.doc_type, d.source_name, d.format, d.status,
      d.error, d.failed_stage, d.coverage, d.pages, coalesce(p.n, 0) AS projects, coalesce(i.n, 0) AS indicators,
      coalesce(l.n, 0) AS budget_lines, coalesce(m.errors, 0) AS errors, coalesce(m.warnings, 0) AS warnings
    FROM documents d LEFT JOIN p USING (doc_id) LEFT JOIN i USING (doc_id) LEFT JOIN l USING (doc_id) LEFT JOIN m USING (doc_id)
    ORDER BY d.province NULLS LAST, d.city NULLS LAST, d.county NULLS FIRST, d.fiscal_year NULLS LAST, d.source_name`,
  },
  failures: {
    params: [],
    // The failures view's rows that documents hold (the view itself exists only once a batch run
    // made the run log; byte-identical copies it lists are in its duplicates table).
    sql: `SELECT source_path AS file, status, coalesce(failed_stage, CASE status WHEN 'duplicate' THEN 'dedupe' ELSE 'recognize' END) AS stage,
      coalesce(error, status_reason) AS reason, doc_id, loaded_at AS seen_at
    FROM documents d
    WHERE status IN ('failed', 'duplicate')
      OR (status = 'partial' AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.doc_id = d.doc_id)
        AND NOT EXISTS (SELECT 1 FROM budget_tables b WHERE b.doc_id = d.doc_id))
    ORDER BY file`,
  },
  indicators: {
    params: ['place', 'year', 'level1', 'level2', 'words', 'op', 'unit', 'doc'],
    sql: `SELECT d.fiscal_year, d.province, d.city, d.county, ${PLACE} AS place, p.project_name, i.level1, i.level2, i.level3,
      i.description, i.value_raw, i.op, i.value, i.value_max, i.unit, i.value_note, i.weight,
      i.doc_id, i.project_seq, i.indicator_seq, d.format, d.source_name, i.page, i.bbox, i.line, i.block, i.table_row, i.cell
    FROM indicators i JOIN documents d ON d.doc_id = i.doc_id
      LEFT JOIN projects p ON p.doc_id = i.doc_id AND p.project_seq = i.project_seq
    WHERE ${COUNTED} AND ${PLACE_FILTER} AND ${YEAR_FILTER}
      AND ($level1 = '' OR i.level1 = $level1) AND ($level2 = '' OR i.level2 = $level2)
      AND ($op = '' OR i.op = $op) AND ($unit = '' OR i.unit = $unit) AND ($doc = '' OR i.doc_id = $doc)
      -- every word must occur in the 三级指标 or its description
      AND (trim($words) = '' OR list_bool_and(list_transform(string_split_regex(trim($words), '\\s+'),
        w -> contains(coalesce(i.level3, '') || ' ' || coalesce(i.description, ''), w))))
    ORDER BY place NULLS LAST, d.fiscal_year, i.doc_id, i.project_seq, i.indicator_seq`,
  },
  'indicator-facets': {
    params: [],
    sql: `SELECT 'place' AS facet, ${PLACE} AS value, count(*) AS n FROM indicators i JOIN documents d USING (doc_id) WHERE ${COUNTED} GROUP BY ALL
      UNION ALL SELECT 'year', CAST(d.fiscal_year AS VARCHAR), count(*) FROM indicators i JOIN documents d USING (doc_id) WHERE ${COUNTED} GROUP BY ALL
      UNION ALL SELECT 'level1', i.level1, count(*) FROM indicators i JOIN documents d USING (doc_id) WHERE ${COUNTED} GROUP BY ALL
      UNION ALL SELECT 'level2', i.level2, count(*) FROM indicators i JOIN documents d USING (doc_id) WHERE ${COUNTED} GROUP BY ALL
      UNION ALL SELECT 'op', i.op, count(*) FROM indicators i JOIN documents d USING (doc_id) WHERE ${COUNTED} GROUP BY ALL
      UNION ALL SELECT 'unit', i.unit, count(*) FROM indicators i JOIN documents d USING (doc_id) WHERE ${COUNTED} GROUP BY ALL
      ORDER BY facet, n DESC, value`,
  },
  // Spending of the 支出总表 by 功能分类 类 (three-digit codes: the rows below them are parts of it).
  'spending-by-class': {
    params: ['place', 'year'],
    sql: `SELECT d.fiscal_year, ${PLACE} AS place, l.class_code, coalesce(nullif(l.class_name, ''), l.name) AS class_name,
      sum(l.total_wan) AS total_wan, sum(l.basic_wan) AS basic_wan, sum(l.project_wan) AS project_wan, count(DISTINCT l.doc_id) AS documents
    FROM budget_lines l JOIN documents d ON d.doc_id = l.doc_id
    WHERE ${COUNTED} AND ${PLACE_FILTER} AND ${YEAR_FILTER} AND l.table_name = '支出总表' AND length(l.code) = 3
    GROUP BY ALL ORDER BY place, d.fiscal_year, l.class_code`,
  },
  // 三公经费 (因公出国(境)费, 公务用车购置及运维费, 公务接待费) and the other rows of the 三公经费表, per year and place.
  'three-public': {
    params: ['place', 'year'],
    sql: `SELECT d.fiscal_year, ${PLACE} AS place, l.name, sum(l.total_wan) AS total_wan, count(DISTINCT l.doc_id) AS documents, min(l.line_seq) AS line_seq
    FROM budget_lines l JOIN documents d ON d.doc_id = l.doc_id
    WHERE ${COUNTED} AND ${PLACE_FILTER} AND ${YEAR_FILTER} AND l.table_name = '三公经费表'
    GROUP BY ALL ORDER BY place, d.fiscal_year, line_seq`,
  },
  'document': {
    params: ['doc'],
    sql: 'SELECT * FROM documents WHERE doc_id = $doc',
  },
  'document-projects': {
    params: ['doc'],
    sql: `SELECT p.project_seq, p.project_code, p.project_name, p.kind, p.category, p.budget_raw, p.budget_wan, p.amount_unit_raw,
      p.goals, (SELECT count(*) FROM indicators i WHERE i.doc_id = p.doc_id AND i.project_seq = p.project_seq) AS indicators,
      p.doc_id, p.page, p.bbox, p.line, p.block, p.table_row, p.cell
    FROM projects p WHERE p.doc_id = $doc ORDER BY p.project_seq`,
  },
  'document-budget-lines': {
    params: ['doc'],
    sql: `SELECT l.table_seq, l.table_name, l.line_seq, l.code, l.name_raw, l.total_wan, l.basic_wan, l.project_wan, l.unit_raw,
      l.doc_id, l.page, l.bbox, l.line, l.block, l.table_row, l.cell
    FROM (SELECT * FROM budget_lines UNION ALL BY NAME SELECT * FROM budget_lines_supplementary) l
    WHERE l.doc_id = $doc ORDER BY l.table_seq, l.line_seq`,
  },
  'document-budget-tables': {
    params: ['doc'],
    sql: 'SELECT table_seq, table_name, title, unit_raw, empty, line_count, main FROM budget_tables WHERE doc_id = $doc ORDER BY table_seq',
  },
  'document-messages': {
    params: ['doc'],
    sql: 'SELECT message_seq, severity, stage, rule, text, location, doc_id, page, line, block, cell FROM messages WHERE doc_id = $doc ORDER BY message_seq',
  },
};

/** The dataset's SQL with its parameters taken from the URL (missing ones are ''). */
export function resolveDataset(name: string, query: URLSearchParams): ResolvedQuery | null {
  const spec = Object.hasOwn(DATASETS, name) ? DATASETS[name]! : null;
  if (!spec) return null;
  const params = Object.fromEntries(spec.params.map((p) => [p, query.get(p) ?? '']));
  return { sql: spec.sql, params, named: null };
}
