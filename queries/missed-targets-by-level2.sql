-- Missed targets by 二级指标: self-evaluated indicators whose value achieved fell short of the target, per indicator type.
-- One row per fiscal year, 一级指标 and 二级指标 of the self-evaluations (绩效自评表) loaded: how many
-- indicators were self-evaluated, how many could be judged (met is true or false: a target in words
-- such as 有效 against 较有效 cannot), how many were missed (met = false), the share missed of those
-- judged, and the missed ones as "place 单位 项目: 指标 (target → actual)". Most missed first.
-- Source: the target_vs_actual view (met by the target's operator, src/normalize/met.ts).
-- param: year = ''  fiscal year to keep, e.g. 2021 ('' for every year)
SELECT
  fiscal_year,
  level1,
  level2,
  count(*)::INTEGER AS self_evaluated,
  count(met)::INTEGER AS judged,
  count(*) FILTER (WHERE met = false)::INTEGER AS missed,
  round(100.0 * count(*) FILTER (WHERE met = false) / nullif(count(met), 0), 1) AS missed_pct,
  string_agg(concat_ws(' ', place, agency_name, project_name) || ': ' || level3 || ' (' || coalesce(target_raw, '?') || ' → ' || coalesce(actual_raw, '?') || ')', '; '
    ORDER BY place, agency_name, project_name, indicator_seq) FILTER (WHERE met = false) AS missed_targets
FROM target_vs_actual
WHERE $year = '' OR CAST(fiscal_year AS VARCHAR) = $year
GROUP BY ALL
ORDER BY missed DESC, fiscal_year NULLS LAST, level1 NULLS LAST, level2 NULLS LAST;
