-- Spending by functional classification code (支出功能分类科目) across departments.
-- One row per classification code and department from one budget table (the parameter `table`,
-- by default the 支出总表; main tables are in budget_lines, the others in budget_lines_supplementary),
-- with the code's level (类 3 digits, 款 5, 项 7) and its amounts in 万元.
-- A 决算 (final accounts) loads into the same tables: `doc_type` picks budget (预算) or final_accounts
-- (决算) figures, never both summed together.
-- param: table = 支出总表  canonical budget table name (budget_tables.table_name)
-- param: doc_type = budget  budget (预算) or final_accounts (决算)
SELECT
  l.code,
  CASE length(l.code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' END AS code_level,
  l.name,
  d.fiscal_year,
  d.province,
  coalesce(d.county, d.city, d.province) AS place,
  d.agency_name,
  l.total_wan,
  l.basic_wan,
  l.project_wan,
  l.doc_id,
  l.line_seq
FROM (
  SELECT doc_id, table_name, line_seq, code, name, total_wan, basic_wan, project_wan, doc_type FROM budget_lines
  UNION ALL
  SELECT doc_id, table_name, line_seq, code, name, total_wan, basic_wan, project_wan, doc_type FROM budget_lines_supplementary
) l
JOIN documents d ON d.doc_id = l.doc_id
WHERE l.table_name = $table AND d.status IN ('ok', 'partial') AND coalesce(l.doc_type, d.doc_type) = $doc_type
  AND regexp_matches(l.code, '^2[0-9]{2}([0-9]{2}){0,2}$')
ORDER BY l.code, d.fiscal_year NULLS LAST, place NULLS LAST, d.agency_name, l.doc_id, l.line_seq;
