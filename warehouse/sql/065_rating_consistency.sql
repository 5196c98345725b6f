-- mart.rating_consistency: one row per inspection x check, recomputed in SQL from staging and
-- the framework's reference data (independently of staging.data_quality):
--   score_sum      printed score against the sum of the rated standards' points (ref.rating_scale);
--   max_score      printed maximum against the framework's maximum (ref.frameworks);
--   rating_band    each banded standard's printed rating against the band of its lowest key question;
--   limiting_rule  each limiting rule of the framework (ref.limiting_rules).
-- Columns use mart.rule_checks' vocabulary: rule, subject, expected, observed (as printed), passed
-- (false for a disagreement), severity (ref.quality_rules) and detail (what was compared and found).
-- mart.rule_checks merges these rows with the parser's checks (staging.data_quality).

CREATE OR REPLACE VIEW mart.rating_consistency AS
WITH points AS (
    SELECT r.inspection_id, sum(sc.rating_points) AS recomputed, count(*) AS rated
    FROM staging.standard_ratings AS r
    JOIN staging.inspection AS i USING (inspection_id)
    JOIN ref.rating_scale AS sc ON sc.framework_code = i.framework AND sc.rating = r.rating
    GROUP BY r.inspection_id
),
score_checks AS (
    SELECT i.inspection_id, 'score_sum' AS check_kind, 'score' AS subject, CAST(NULL AS VARCHAR) AS subject_name,
           CAST(i.score AS VARCHAR) AS printed, CAST(coalesce(p.recomputed, 0) AS VARCHAR) AS expected,
           CAST(NULL AS DOUBLE) AS lowest_pct,
           i.score = coalesce(p.recomputed, 0) AS consistent,
           'printed score ' || i.score || ' against ' || coalesce(p.recomputed, 0) || ', the sum of the points of its '
           || coalesce(p.rated, 0) || ' rated standards' AS reason
    FROM staging.inspection AS i LEFT JOIN points AS p USING (inspection_id)
    UNION ALL
    SELECT i.inspection_id, 'max_score', 'max_score', NULL,
           CAST(i.max_score AS VARCHAR), CAST(f.max_score AS VARCHAR), NULL,
           i.max_score = f.max_score,
           'printed maximum ' || i.max_score || ' against ' || coalesce(CAST(f.max_score AS VARCHAR), 'no maximum')
           || ' for framework ' || i.framework
    FROM staging.inspection AS i LEFT JOIN ref.frameworks AS f ON f.framework_code = i.framework
),
lowest AS (
    SELECT k.inspection_id, k.standard_code, min(k.pct_yes) AS lowest_pct,
           arg_min(k.theme, k.pct_yes) AS lowest_theme
    FROM staging.key_questions AS k GROUP BY k.inspection_id, k.standard_code
),
band_checks AS (
    SELECT r.inspection_id, 'rating_band' AS check_kind, r.standard_code AS subject, r.standard_name AS subject_name,
           r.rating AS printed, b.rating AS expected, lo.lowest_pct,
           coalesce(r.rating = b.rating, false) AS consistent,
           r.standard_name || ': printed ' || coalesce(r.rating, 'no rating') || '; lowest key question '
           || printf('%g', lo.lowest_pct) || '% (' || lo.lowest_theme || ') is in band ' || coalesce(b.rating, 'none') AS reason
    FROM staging.standard_ratings AS r
    JOIN staging.inspection AS i USING (inspection_id)
    JOIN ref.framework_standards AS fs ON fs.framework_code = i.framework AND fs.standard_code = r.standard_code
    JOIN lowest AS lo ON lo.inspection_id = r.inspection_id AND lo.standard_code = r.standard_code
    LEFT JOIN (
        SELECT framework_code, rating, band_min_pct,
               lead(band_min_pct) OVER (PARTITION BY framework_code ORDER BY band_min_pct) AS next_min_pct
        FROM ref.rating_scale
    ) AS b ON b.framework_code = i.framework AND lo.lowest_pct >= b.band_min_pct
          AND (b.next_min_pct IS NULL OR lo.lowest_pct < b.next_min_pct)
    WHERE fs.banded
),
rule_conditions AS (
    SELECT lr.framework_code, lr.rule_code, trim(unnest(string_split(lr.condition_standards, '|'))) AS condition_standard
    FROM ref.limiting_rules AS lr
),
rules_applied AS (
    SELECT i.inspection_id, lr.rule_code, lr.limited_standard, lr.condition_rating, lr.reason AS rule_reason,
           string_split(lr.ruled_out_ratings, '|') AS ruled_out,
           (SELECT string_agg(c.condition_standard, ', ' ORDER BY c.condition_standard)
              FROM rule_conditions AS c
              JOIN staging.standard_ratings AS cr
                ON cr.inspection_id = i.inspection_id AND cr.standard_code = c.condition_standard
             WHERE c.framework_code = lr.framework_code AND c.rule_code = lr.rule_code
               AND cr.rating = lr.condition_rating) AS triggered_by
    FROM staging.inspection AS i
    JOIN ref.limiting_rules AS lr ON lr.framework_code = i.framework
),
rule_checks AS (
    SELECT a.inspection_id, 'limiting_rule' AS check_kind, a.limited_standard AS subject, r.standard_name AS subject_name,
           r.rating AS printed,
           CASE WHEN a.triggered_by IS NULL THEN 'any rating'
                ELSE 'not ' || array_to_string(a.ruled_out, ' or ') END AS expected,
           CAST(NULL AS DOUBLE) AS lowest_pct,
           NOT (a.triggered_by IS NOT NULL AND coalesce(list_contains(a.ruled_out, r.rating), false)) AS consistent,
           a.rule_code || ': ' || a.rule_reason || '; '
           || CASE WHEN a.triggered_by IS NULL THEN 'no condition standard rated ' || a.condition_rating
                   ELSE a.condition_rating || ': ' || a.triggered_by END
           || '; ' || coalesce(r.standard_name, a.limited_standard) || ' printed ' || coalesce(r.rating, 'no rating') AS reason
    FROM rules_applied AS a
    LEFT JOIN staging.standard_ratings AS r ON r.inspection_id = a.inspection_id AND r.standard_code = a.limited_standard
),
checks AS (
    SELECT * FROM score_checks
    UNION ALL SELECT * FROM band_checks
    UNION ALL SELECT * FROM rule_checks
)
SELECT c.inspection_id, c.check_kind AS rule, c.subject, c.subject_name,
       c.expected, c.printed AS observed, c.consistent AS passed,
       coalesce(sv.severity, 'warning') AS severity, c.reason AS detail, c.lowest_pct,
       i.pdu_code, i.pdu_name, i.unit_name, i.region_code, i.region_name, i.published_on, i.framework_code,
       i.source_file
FROM checks AS c
JOIN mart.inspections AS i USING (inspection_id)
LEFT JOIN ref.quality_rules AS sv ON sv.rule = c.check_kind;
COMMENT ON VIEW mart.rating_consistency IS 'One row per inspection x rule re-derived in SQL from the reference data (score_sum, max_score, rating_band per banded standard, limiting_rule per framework rule), in the vocabulary of mart.rule_checks: expected, observed (as printed), passed, severity, detail.';
