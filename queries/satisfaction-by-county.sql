-- Satisfaction targets (服务对象满意度指标) by county: every target as printed and as a number.
-- One row per satisfaction indicator, with the county (or city, for a city-level department),
-- the project, the indicator as printed (level3, value_raw) and its normalized target (op, value, unit).
-- Kinds: projects and department-wide target tables (project_kind tells them apart); the targets a
-- self-evaluation restates are left out (target_vs_actual has them with the value achieved).
SELECT
  province,
  city,
  county,
  place,
  fiscal_year,
  agency_name,
  project_name,
  project_kind,
  level3,
  value_raw,
  op,
  value,
  value_max,
  unit,
  doc_id,
  indicator_seq
FROM indicator_facts
WHERE level2 = '服务对象满意度指标' AND project_kind IN ('project', 'department')
ORDER BY province NULLS LAST, place NULLS LAST, fiscal_year NULLS LAST, doc_id, project_seq, indicator_seq;
