-- Budget execution rate (决算数 / 预算数) by function class (类) and place: how much of what was
-- budgeted for each 支出功能分类 类 was actually spent, per agency and year, from the budget_vs_final
-- view (a 决算 joined with the budget of the same agency and year). execution_rate is a ratio
-- (0.9049 = 90.49 %); classes present in only one of the two documents are in budget_vs_final
-- with match = final_only / budget_only and are left out here.
-- param: table = 支出总表  canonical table name to compare (支出总表: 支出决算表 against 部门支出预算总表)
SELECT
  v.fiscal_year,
  v.province,
  v.place,
  v.agency_name,
  v.code AS class_code,
  any_value(v.name) AS class_name,
  sum(v.budgeted_wan) AS budgeted_wan,
  sum(v.final_wan) AS final_wan,
  CASE WHEN sum(v.budgeted_wan) > 0 THEN round(sum(v.final_wan) / sum(v.budgeted_wan), 4) END AS execution_rate,
  v.final_doc_id,
  v.budget_doc_id
FROM budget_vs_final v
WHERE v.table_name = $table AND v.match = 'matched' AND regexp_matches(v.code, '^2[0-9]{2}$')
GROUP BY ALL
ORDER BY v.fiscal_year NULLS LAST, v.province NULLS LAST, v.place NULLS LAST, v.agency_name, class_code;
