-- mart.region_summary: one row per region (12), over each current PDU's latest inspection
-- (mart.pdu_latest; an inspection counted for two successor PDUs counts once).
-- Themes are key-question themes (safety, desistance, engagement, court, outcomes): mean
-- pct_yes over the key questions of those latest inspections; weakest = lowest mean
-- (ties: alphabetical), strongest = highest.
-- The rating counts are by the rating's points in ref.rating_scale (reference/rating_scale.csv:
-- Outstanding 3, Good 2, Requires improvement 1, Inadequate 0), never by its words: the words
-- are the reference data's.

CREATE OR REPLACE VIEW mart.region_summary AS
WITH latest AS (
    SELECT DISTINCT region_code, latest_inspection_id AS inspection_id, overall_rating, score, max_score, framework_code
    FROM mart.pdu_latest WHERE latest_inspection_id IS NOT NULL
),
latest_points AS (
    SELECT l.*, sc.rating_points
    FROM latest AS l
    LEFT JOIN ref.rating_scale AS sc ON sc.framework_code = l.framework_code AND sc.rating = l.overall_rating
),
themes AS (
    SELECT l.region_code, k.theme, avg(k.pct_yes) AS mean_pct
    FROM latest AS l JOIN staging.key_questions AS k USING (inspection_id)
    GROUP BY l.region_code, k.theme
),
weakest AS (
    SELECT region_code, theme, mean_pct FROM themes
    QUALIFY row_number() OVER (PARTITION BY region_code ORDER BY mean_pct, theme) = 1
),
strongest AS (
    SELECT region_code, theme, mean_pct FROM themes
    QUALIFY row_number() OVER (PARTITION BY region_code ORDER BY mean_pct DESC, theme) = 1
),
counts AS (
    SELECT region_code,
           count(*) AS latest_inspections,
           count(*) FILTER (WHERE rating_points = 3) AS rated_outstanding,
           count(*) FILTER (WHERE rating_points = 2) AS rated_good,
           count(*) FILTER (WHERE rating_points = 1) AS rated_requires_improvement,
           count(*) FILTER (WHERE rating_points = 0) AS rated_inadequate,
           avg(100.0 * score / nullif(max_score, 0)) AS mean_score_pct,
           list(DISTINCT framework_code ORDER BY framework_code) AS framework_codes
    FROM latest_points GROUP BY region_code
),
pdus AS (
    SELECT region_code, count(*) AS pdus,
           count(*) FILTER (WHERE inspection_status <> 'not inspected') AS pdus_inspected
    FROM mart.pdu_latest GROUP BY region_code
)
SELECT
    r.region_code, r.region_name,
    p.pdus, p.pdus_inspected, p.pdus - p.pdus_inspected AS pdus_not_inspected,
    coalesce(c.latest_inspections, 0) AS latest_inspections,
    coalesce(c.rated_outstanding, 0) AS rated_outstanding,
    coalesce(c.rated_good, 0) AS rated_good,
    coalesce(c.rated_requires_improvement, 0) AS rated_requires_improvement,
    coalesce(c.rated_inadequate, 0) AS rated_inadequate,
    c.mean_score_pct,
    c.framework_codes,
    w.theme AS weakest_theme, w.mean_pct AS weakest_theme_mean_pct,
    s.theme AS strongest_theme, s.mean_pct AS strongest_theme_mean_pct
FROM ref.regions AS r
LEFT JOIN pdus AS p USING (region_code)
LEFT JOIN counts AS c USING (region_code)
LEFT JOIN weakest AS w USING (region_code)
LEFT JOIN strongest AS s USING (region_code);
COMMENT ON VIEW mart.region_summary IS 'One row per region (12): PDUs inspected, distribution of latest overall ratings, mean score share (score / max_score), weakest and strongest key-question themes.';
