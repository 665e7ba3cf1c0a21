-- Per-person (per-unit) cost targets in 元 for the same kind of project across counties.
-- Cost indicators (一级 or 二级指标 成本指标) whose normalized target is in 元 or 元 per something
-- (元/人, 元/人/月, 元/户: compare only rows of the same unit) and whose wording names a
-- per-person or per-unit cost (人均, 每人, 每名, 平均, 每份 …), for projects whose name contains
-- the parameter `project` ('' matches every project), side by side across places and years.
-- Kinds: indicators of ordinary projects only (project_kind = 'project').
-- param: project = ''  part of the project name to compare, e.g. 就业补助资金 or 培训 ('' for every project)
SELECT
  level3,
  description,
  province,
  place,
  fiscal_year,
  project_name,
  value_raw,
  op,
  value,
  value_max,
  unit,
  doc_id,
  project_seq,
  indicator_seq
FROM indicator_facts
WHERE (level1 = '成本指标' OR level2 LIKE '%成本指标')
  AND (unit = '元' OR unit LIKE '元/%')
  AND value IS NOT NULL
  AND project_kind = 'project'
  AND project_name LIKE '%' || $project || '%'
  AND regexp_matches(coalesce(level3, '') || ' ' || coalesce(description, ''), '人均|每人|每名|每位|每个|每份|每次|每本|每户|每月|平均|标准')
ORDER BY level3, province NULLS LAST, place NULLS LAST, fiscal_year NULLS LAST, value;
