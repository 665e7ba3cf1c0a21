-- Projects of one name family (e.g. 就业补助资金) with their budgets across counties and years.
-- One row per project whose name contains the parameter `family`, with the place, year, agency,
-- its budget in 万元, and the total of that family for the same place and year.
-- Kinds: ordinary projects only (kind = 'project'); department-wide target tables are left out.
-- param: family = 就业补助资金  part of the project name that names the family
SELECT
  fiscal_year,
  province,
  place,
  agency_name,
  project_name,
  budget_wan,
  fiscal_wan,
  other_wan,
  sum(budget_wan) OVER (PARTITION BY fiscal_year, province, place) AS family_total_wan,
  indicator_count,
  doc_id,
  project_seq
FROM project_facts
WHERE kind = 'project' AND project_name LIKE '%' || $family || '%'
ORDER BY fiscal_year NULLS LAST, province NULLS LAST, place NULLS LAST, doc_id, project_seq;
