-- Execution of projects by name family and place: how much of a family of projects' budget (e.g.
-- 就业补助资金) was actually spent, per place and year, from their self-evaluations (绩效自评表).
-- One row per self-evaluated project whose name contains the parameter `family`: 年初预算数, 全年预算数,
-- 全年执行数 (万元) and 执行率 (%) as printed, the money left unspent, the budget its target table
-- planned when that was loaded (plan_budget_wan; plan_note says why not), and the family's totals for
-- the same place and year with their execution rate (全年执行数 / 全年预算数, %).
-- Source: the project_execution view. Kinds: project self-evaluations only (department-wide ones
-- carry the whole department's money).
-- param: family = 就业补助  part of the project name that names the family
SELECT
  fiscal_year,
  province,
  place,
  agency_name,
  project_name,
  budget_initial_wan,
  budget_full_year_wan,
  executed_wan,
  execution_rate,
  unspent_wan,
  plan_budget_wan,
  plan_note,
  sum(budget_full_year_wan) OVER w AS family_budget_full_year_wan,
  sum(executed_wan) OVER w AS family_executed_wan,
  round(100 * sum(executed_wan) OVER w / nullif(sum(budget_full_year_wan) OVER w, 0), 2) AS family_execution_rate,
  doc_id,
  project_seq
FROM project_execution
WHERE project_kind = 'self_evaluation' AND project_name LIKE '%' || $family || '%'
WINDOW w AS (PARTITION BY fiscal_year, province, place)
ORDER BY fiscal_year NULLS LAST, province NULLS LAST, place NULLS LAST, doc_id, project_seq;
