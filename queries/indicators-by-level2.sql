-- How many performance indicators each province sets, by fiscal year and indicator type (一级/二级指标).
-- One row per province, fiscal year, level1 and level2, with the number of indicators, how many
-- of their targets were read as numbers (op is not text), and how many documents and projects they come from.
-- Kinds: indicators of projects and of department-wide target tables alike; a self-evaluation's
-- indicators (project_kind self_evaluation …) restate targets set in a target table and are left out.
SELECT
  province,
  fiscal_year,
  level1,
  level2,
  count(*)::INTEGER AS indicators,
  count(*) FILTER (WHERE normalized)::INTEGER AS normalized,
  count(DISTINCT doc_id)::INTEGER AS documents,
  count(DISTINCT doc_id || ':' || project_seq)::INTEGER AS projects
FROM indicator_facts
WHERE project_kind IN ('project', 'department')
GROUP BY ALL
ORDER BY province NULLS LAST, fiscal_year NULLS LAST, level1 NULLS LAST, level2 NULLS LAST;
