-- mart.rule_checks: every domain-rule check of every inspection, in one vocabulary
-- (rule, subject, expected, observed, passed, severity, detail), from both sources:
--   parser     staging.data_quality, written by transforms/quality_rules.py while parsing
--              (score_sum, max_score, rating_band, body_rating, pdu_match, ...);
--   warehouse  mart.rating_consistency, re-derived in SQL from staging and the reference data
--              (score_sum, max_score, rating_band, limiting_rule).
-- A check both make (same inspection, rule and subject) is one row: checked_by lists both,
-- passed is true only when both passed, sources_agree says whether they did (null for a check
-- only one source makes); expected/observed/detail are the warehouse's (they name the standard).
-- severity: staging's own severity column when the parser writes one, else ref.quality_rules
-- (error: the report contradicts itself or cannot be attached; warning: a rating differs from a
-- rule inspectors may set aside by professional discretion).
-- mart.data_quality is the parser's checks and mart.rating_consistency the warehouse's: the same
-- rows, for whoever audits one source.

CREATE OR REPLACE VIEW mart.rule_checks AS
WITH parser AS (   -- BY NAME: a severity column in staging is used when there is one
    SELECT * FROM staging.data_quality
    UNION ALL BY NAME
    SELECT CAST(NULL AS VARCHAR) AS severity WHERE false
),
checks AS (
    SELECT p.inspection_id, p.rule, p.subject, CAST(NULL AS VARCHAR) AS subject_name, p.expected, p.observed,
           p.passed, coalesce(p.severity, sv.severity, 'warning') AS severity, p.detail, 'parser' AS checked_by
    FROM parser AS p LEFT JOIN ref.quality_rules AS sv ON sv.rule = p.rule
    UNION ALL
    SELECT inspection_id, rule, subject, subject_name, expected, observed, passed, severity, detail, 'warehouse'
    FROM mart.rating_consistency
),
merged AS (
    SELECT inspection_id, rule, subject,
           max(subject_name) AS subject_name,
           first(expected ORDER BY checked_by DESC) AS expected,
           first(observed ORDER BY checked_by DESC) AS observed,
           bool_and(passed) AS passed,
           first(severity ORDER BY checked_by) AS severity,
           first(detail ORDER BY checked_by DESC) AS detail,
           list(checked_by ORDER BY checked_by) AS checked_by,
           CASE WHEN count(*) > 1 THEN count(DISTINCT passed) = 1 END AS sources_agree
    FROM checks
    GROUP BY inspection_id, rule, subject
)
SELECT m.inspection_id, m.rule, m.subject, m.subject_name, m.expected, m.observed, m.passed, m.severity, m.detail,
       m.checked_by, m.sources_agree,
       CASE WHEN fs.standard_code IS NOT NULL
            THEN staging.comparison_key(i.framework_code, m.subject) END AS comparison_key,
       i.pdu_code, i.pdu_name, i.unit_name, i.region_code, i.region_name, i.published_on, i.framework_code,
       i.source_file
FROM merged AS m
LEFT JOIN mart.inspections AS i USING (inspection_id)
LEFT JOIN ref.framework_standards AS fs ON fs.framework_code = i.framework_code AND fs.standard_code = m.subject;
COMMENT ON VIEW mart.rule_checks IS 'One row per inspection x rule x subject: every domain-rule check, by the parser, the warehouse''s SQL re-derivation or both (checked_by), with expected, observed, passed, severity and detail. Use this mart for "which reports break their rules".';

CREATE OR REPLACE VIEW mart.data_quality AS
SELECT inspection_id, rule, subject, expected, observed, passed, severity, detail,
       pdu_code, pdu_name, unit_name, region_code, region_name, published_on, framework_code
FROM mart.rule_checks
WHERE list_contains(checked_by, 'parser');
COMMENT ON VIEW mart.data_quality IS 'One row per inspection x domain-rule check made by the parser (passed or not): the parser''s rows of mart.rule_checks. Disagreements are information, not errors.';
