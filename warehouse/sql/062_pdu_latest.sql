-- mart.pdu_latest: one row per current PDU (all 108, inspected or not).
-- A current PDU's inspections are its own and those of the superseded PDUs it succeeds
-- (mart.pdu_successors): Salford's 2024 inspection counts for N50SFTR, with status
-- 'inspected as predecessor' and a note. Standard ratings are columns by comparison key
-- (ref.standard_comparability), so a standard the latest framework lacks is null.
-- Overall ratings are compared (direction_of_change) only within one framework.

CREATE OR REPLACE VIEW mart.pdu_latest AS
WITH attached AS (
    SELECT p.pdu_code, i.inspection_id, i.pdu_code AS inspected_pdu_code, i.published_on, i.framework,
           i.overall_rating, i.score, i.max_score
    FROM ref.pdus AS p
    JOIN staging.inspection AS i ON i.pdu_code = p.pdu_code
    UNION ALL
    SELECT s.successor_pdu_code, i.inspection_id, i.pdu_code, i.published_on, i.framework,
           i.overall_rating, i.score, i.max_score
    FROM mart.pdu_successors AS s
    JOIN staging.inspection AS i ON i.pdu_code = s.superseded_pdu_code
),
ordered AS (
    SELECT *, row_number() OVER (PARTITION BY pdu_code ORDER BY published_on DESC, inspection_id DESC) AS recency
    FROM attached
),
standard_columns AS (
    SELECT
        r.inspection_id,
        max(r.rating) FILTER (WHERE c.comparison_key = 'leadership') AS leadership_rating,
        max(r.rating) FILTER (WHERE c.comparison_key = 'staffing') AS staffing_rating,
        max(r.rating) FILTER (WHERE c.comparison_key = 'services') AS services_rating,
        max(r.rating) FILTER (WHERE c.comparison_key = 'information_facilities') AS information_facilities_rating,
        max(r.rating) FILTER (WHERE c.comparison_key = 'court_work') AS court_work_rating,
        max(r.rating) FILTER (WHERE c.comparison_key = 'assessment') AS assessment_rating,
        max(r.rating) FILTER (WHERE c.comparison_key = 'planning') AS planning_rating,
        max(r.rating) FILTER (WHERE c.comparison_key = 'implementation_delivery') AS implementation_delivery_rating,
        max(r.rating) FILTER (WHERE c.comparison_key = 'reviewing') AS reviewing_rating
    FROM staging.standard_ratings AS r
    JOIN staging.inspection AS i USING (inspection_id)
    LEFT JOIN ref.standard_comparability AS c ON c.framework_code = i.framework AND c.standard_code = r.standard_code
    GROUP BY r.inspection_id
)
SELECT
    p.pdu_code, p.pdu_name, p.region_code, p.region_name,
    CASE WHEN l.inspection_id IS NULL THEN 'not inspected'
         WHEN l.inspected_pdu_code = p.pdu_code THEN 'inspected'
         ELSE 'inspected as predecessor' END AS inspection_status,
    l.inspection_id AS latest_inspection_id,
    l.inspected_pdu_code,
    l.published_on AS latest_published_on,
    l.framework AS framework_code,
    l.overall_rating,
    l.score,
    l.max_score,
    100.0 * l.score / nullif(l.max_score, 0) AS score_pct,
    sc.leadership_rating, sc.staffing_rating, sc.services_rating, sc.information_facilities_rating,
    sc.court_work_rating, sc.assessment_rating, sc.planning_rating, sc.implementation_delivery_rating,
    sc.reviewing_rating,
    v.inspection_id AS previous_inspection_id,
    v.published_on AS previous_published_on,
    v.framework AS previous_framework_code,
    v.overall_rating AS previous_overall_rating,
    CASE WHEN l.inspection_id IS NULL THEN NULL
         WHEN v.inspection_id IS NULL THEN 'first inspection'
         WHEN v.framework <> l.framework THEN 'not comparable'
         WHEN lp.rating_points > vp.rating_points THEN 'improved'
         WHEN lp.rating_points < vp.rating_points THEN 'declined'
         WHEN lp.rating_points = vp.rating_points THEN 'unchanged'
         ELSE 'not comparable' END AS direction_of_change,
    nullif(concat_ws('; ',
        CASE WHEN l.inspected_pdu_code <> p.pdu_code THEN
            'latest inspection was of ' || sp.superseded_pdu_name || ' (' || l.inspected_pdu_code || '), superseded '
            || strftime(sp.superseded_on, '%Y-%m') || ': it describes that PDU as it then was' END,
        CASE WHEN v.framework <> l.framework THEN
            'previous inspection used framework ' || v.framework || ', latest ' || l.framework
            || ': overall ratings are not compared across frameworks' END
    ), '') AS note
FROM ref.pdus AS p
LEFT JOIN ordered AS l ON l.pdu_code = p.pdu_code AND l.recency = 1
LEFT JOIN ordered AS v ON v.pdu_code = p.pdu_code AND v.recency = 2
LEFT JOIN standard_columns AS sc ON sc.inspection_id = l.inspection_id
LEFT JOIN ref.rating_scale AS lp ON lp.framework_code = l.framework AND lp.rating = l.overall_rating
LEFT JOIN ref.rating_scale AS vp ON vp.framework_code = v.framework AND vp.rating = v.overall_rating
LEFT JOIN mart.pdu_successors AS sp
       ON sp.superseded_pdu_code = l.inspected_pdu_code AND sp.successor_pdu_code = p.pdu_code;
COMMENT ON VIEW mart.pdu_latest IS 'One row per current PDU (all 108, inspected or not): its latest inspection (its own or a predecessor''s), each standard''s rating as a column, and the previous inspection''s overall rating with the direction of change (same framework only).';
