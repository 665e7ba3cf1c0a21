-- Data quality by document: how many problems each document has, worst first.
-- One row per document with its status, the number of error, warning and info messages, and the
-- rules that fired most (rule × count), so a researcher can see which sources to check by hand.
WITH per_rule AS (
  SELECT doc_id, rule, count(*) AS n FROM messages GROUP BY ALL
)
SELECT
  d.doc_id,
  d.source_name,
  d.format,
  d.status,
  d.error,
  coalesce(d.county, d.city, d.province) AS place,
  d.fiscal_year,
  d.agency_name,
  (SELECT count(*) FROM messages m WHERE m.doc_id = d.doc_id)::INTEGER AS messages,
  (SELECT count(*) FROM messages m WHERE m.doc_id = d.doc_id AND m.severity = 'error')::INTEGER AS errors,
  (SELECT count(*) FROM messages m WHERE m.doc_id = d.doc_id AND m.severity = 'warning')::INTEGER AS warnings,
  (SELECT count(*) FROM messages m WHERE m.doc_id = d.doc_id AND m.severity = 'info')::INTEGER AS infos,
  (SELECT string_agg(r.rule || ' ×' || r.n, ', ' ORDER BY r.n DESC, r.rule) FROM per_rule r WHERE r.doc_id = d.doc_id) AS top_rules
FROM documents d
ORDER BY errors DESC, warnings DESC, messages DESC, d.source_name;
