-- mart.standard_changes: one row per PDU code x comparison key that any inspection of the PDU has.
-- Pair: the PDU's latest inspection against the same PDU code's latest earlier inspection with a
-- standard of the same comparison_key (ref.standard_comparability). Rows are keyed by
-- comparison_key, so two different standards (2021-2023 2.2 Assessment and 2023-2025 2.2 Planning)
-- are never paired. comparable is true only when both inspections have a standard with the key;
-- otherwise reason says why not:
--   * the latest inspection's framework has no such standard (previous_* is the earlier one that has);
--   * the PDU has no earlier inspection with the key (first inspection, or an earlier one lacking it);
--   * the only earlier inspection of the area is a predecessor PDU's (a different PDU: not compared).
-- points_change = latest rating points - previous (null for an unrated standard, e.g. 2.6 Outcomes);
-- <theme>_pct_change = latest pct_yes - previous, percentage points, per key-question theme.
-- Inspections with no pdu_code (unmatched names) have no rows: see mart.rule_checks (pdu_match).
-- mart.key_question_changes: the same pairs, one row per key-question theme.

CREATE OR REPLACE VIEW mart.standard_changes AS
WITH std AS (
    SELECT inspection_id, pdu_code, published_on, framework_code, comparison_key, standard_code, standard_name,
           rating, rating_points, source_file, source_line
    FROM mart.standard_ratings WHERE pdu_code IS NOT NULL
),
latest AS (
    SELECT pdu_code, inspection_id, published_on, framework_code FROM mart.inspections
    WHERE pdu_code IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY pdu_code ORDER BY published_on DESC, inspection_id DESC) = 1
),
keys AS (SELECT DISTINCT pdu_code, comparison_key FROM std),
previous AS (
    SELECT k.pdu_code, k.comparison_key, s.*
    FROM keys AS k
    JOIN latest AS l USING (pdu_code)
    JOIN std AS s ON s.pdu_code = k.pdu_code AND s.comparison_key = k.comparison_key
                 AND s.published_on < l.published_on
    QUALIFY row_number() OVER (PARTITION BY k.pdu_code, k.comparison_key
                               ORDER BY s.published_on DESC, s.inspection_id DESC) = 1
),
earlier AS (   -- the PDU's latest earlier inspection of any standard, for the reason text
    SELECT i.pdu_code, i.inspection_id, i.framework_code
    FROM mart.inspections AS i JOIN latest AS l USING (pdu_code)
    WHERE i.published_on < l.published_on
    QUALIFY row_number() OVER (PARTITION BY i.pdu_code ORDER BY i.published_on DESC, i.inspection_id DESC) = 1
),
predecessor AS (   -- for a PDU with no earlier inspection: the latest earlier one of a PDU it replaced
    SELECT k.pdu_code, k.comparison_key, s.inspection_id, s.pdu_code AS predecessor_pdu_code,
           x.superseded_pdu_name AS predecessor_pdu_name
    FROM keys AS k
    JOIN latest AS l USING (pdu_code)
    JOIN mart.pdu_successors AS x ON x.successor_pdu_code = k.pdu_code
    JOIN std AS s ON s.pdu_code = x.superseded_pdu_code AND s.comparison_key = k.comparison_key
                 AND s.published_on < l.published_on
    QUALIFY row_number() OVER (PARTITION BY k.pdu_code, k.comparison_key
                               ORDER BY s.published_on DESC, s.inspection_id DESC) = 1
),
kq AS (
    SELECT inspection_id, comparison_key,
           max(pct_yes) FILTER (WHERE theme = 'safety') AS safety,
           max(pct_yes) FILTER (WHERE theme = 'desistance') AS desistance,
           max(pct_yes) FILTER (WHERE theme = 'engagement') AS engagement,
           max(pct_yes) FILTER (WHERE theme = 'court') AS court,
           max(pct_yes) FILTER (WHERE theme = 'outcomes') AS outcomes
    FROM mart.key_questions GROUP BY inspection_id, comparison_key
),
pairs AS (
    SELECT k.pdu_code, k.comparison_key, l.inspection_id AS latest_inspection_id, l.published_on AS latest_published_on,
           l.framework_code AS latest_framework_code, ls.standard_code AS latest_standard_code,
           ls.standard_name AS latest_standard_name, ls.rating AS latest_rating, ls.rating_points AS latest_rating_points,
           ls.source_file AS latest_source_file, ls.source_line AS latest_source_line,
           v.inspection_id AS previous_inspection_id, v.published_on AS previous_published_on,
           v.framework_code AS previous_framework_code, v.standard_code AS previous_standard_code,
           v.standard_name AS previous_standard_name, v.rating AS previous_rating, v.rating_points AS previous_rating_points,
           v.source_file AS previous_source_file, v.source_line AS previous_source_line,
           ls.inspection_id IS NOT NULL AND v.inspection_id IS NOT NULL AS comparable,
           CASE
               WHEN ls.inspection_id IS NULL THEN
                   'the latest inspection (' || l.inspection_id || ', framework ' || l.framework_code
                   || ') has no standard with comparison key ' || k.comparison_key
                   || coalesce(' (' || fc.note || ')', '')
               WHEN v.inspection_id IS NOT NULL THEN NULL
               WHEN pr.inspection_id IS NOT NULL THEN
                   'no earlier inspection of ' || k.pdu_code || '; the previous inspection of its area was of '
                   || pr.predecessor_pdu_name || ' (' || pr.predecessor_pdu_code || ', ' || pr.inspection_id
                   || '), a different PDU before a reorganisation: not compared'
               WHEN e.inspection_id IS NOT NULL THEN
                   'no earlier inspection of ' || k.pdu_code || ' has a standard with comparison key '
                   || k.comparison_key || ' (previous inspection ' || e.inspection_id || ', framework '
                   || e.framework_code || ')'
               ELSE 'first inspection of ' || k.pdu_code || ': nothing earlier to compare with'
           END AS reason
    FROM keys AS k
    JOIN latest AS l USING (pdu_code)
    LEFT JOIN std AS ls ON ls.inspection_id = l.inspection_id AND ls.comparison_key = k.comparison_key
    LEFT JOIN previous AS v ON v.pdu_code = k.pdu_code AND v.comparison_key = k.comparison_key
    LEFT JOIN predecessor AS pr ON pr.pdu_code = k.pdu_code AND pr.comparison_key = k.comparison_key
    LEFT JOIN earlier AS e ON e.pdu_code = k.pdu_code
    LEFT JOIN (SELECT comparison_key, any_value(note) FILTER (WHERE note IS NOT NULL) AS note
                 FROM ref.standard_comparability GROUP BY comparison_key) AS fc ON fc.comparison_key = k.comparison_key
)
SELECT
    p.pdu_code, d.pdu_name, d.region_code, d.region_name, p.comparison_key,
    coalesce(p.latest_standard_name, p.previous_standard_name) AS standard_name,
    p.latest_inspection_id, p.latest_published_on, p.latest_framework_code, p.latest_standard_code,
    p.latest_rating, p.latest_rating_points,
    p.previous_inspection_id, p.previous_published_on, p.previous_framework_code, p.previous_standard_code,
    p.previous_rating, p.previous_rating_points,
    CASE WHEN p.comparable THEN p.latest_rating_points - p.previous_rating_points END AS points_change,
    CASE WHEN NOT p.comparable OR p.latest_rating_points IS NULL OR p.previous_rating_points IS NULL THEN NULL
         WHEN p.latest_rating_points > p.previous_rating_points THEN 'improved'
         WHEN p.latest_rating_points < p.previous_rating_points THEN 'declined'
         ELSE 'unchanged' END AS direction_of_change,
    p.comparable, p.reason,
    lk.safety AS latest_safety_pct, pk.safety AS previous_safety_pct,
    CASE WHEN p.comparable THEN lk.safety - pk.safety END AS safety_pct_change,
    lk.desistance AS latest_desistance_pct, pk.desistance AS previous_desistance_pct,
    CASE WHEN p.comparable THEN lk.desistance - pk.desistance END AS desistance_pct_change,
    lk.engagement AS latest_engagement_pct, pk.engagement AS previous_engagement_pct,
    CASE WHEN p.comparable THEN lk.engagement - pk.engagement END AS engagement_pct_change,
    lk.court AS latest_court_pct, pk.court AS previous_court_pct,
    CASE WHEN p.comparable THEN lk.court - pk.court END AS court_pct_change,
    lk.outcomes AS latest_outcomes_pct, pk.outcomes AS previous_outcomes_pct,
    CASE WHEN p.comparable THEN lk.outcomes - pk.outcomes END AS outcomes_pct_change,
    p.latest_source_file, p.latest_source_line, p.previous_source_file, p.previous_source_line
FROM pairs AS p
LEFT JOIN mart.pdus AS d ON d.pdu_code = p.pdu_code
LEFT JOIN kq AS lk ON lk.inspection_id = p.latest_inspection_id AND lk.comparison_key = p.comparison_key
LEFT JOIN kq AS pk ON pk.inspection_id = p.previous_inspection_id AND pk.comparison_key = p.comparison_key;
COMMENT ON VIEW mart.standard_changes IS 'One row per PDU code x comparison key: the PDU''s latest inspection against its latest earlier inspection with a standard of the same comparison key (never a different one), the rating points change and the key-question percentage changes; comparable is false, with the reason, when there is no such pair.';

CREATE OR REPLACE VIEW mart.key_question_changes AS
SELECT c.pdu_code, c.pdu_name, c.region_code, c.region_name, c.comparison_key, c.standard_name, t.theme,
       c.latest_inspection_id, c.latest_published_on, c.latest_framework_code, lk.question_text AS latest_question_text,
       lk.pct_yes AS latest_pct_yes,
       c.previous_inspection_id, c.previous_published_on, c.previous_framework_code,
       pk.question_text AS previous_question_text, pk.pct_yes AS previous_pct_yes,
       CASE WHEN c.comparable AND lk.pct_yes IS NOT NULL AND pk.pct_yes IS NOT NULL
            THEN lk.pct_yes - pk.pct_yes END AS pct_change,
       c.comparable AND lk.pct_yes IS NOT NULL AND pk.pct_yes IS NOT NULL AS comparable,
       CASE WHEN NOT c.comparable THEN c.reason
            WHEN lk.pct_yes IS NULL THEN 'the latest inspection has no ' || t.theme || ' key question for ' || c.comparison_key
            WHEN pk.pct_yes IS NULL THEN 'the previous inspection has no ' || t.theme || ' key question for ' || c.comparison_key
       END AS reason,
       lk.source_file AS latest_source_file, lk.source_line AS latest_source_line,
       pk.source_file AS previous_source_file, pk.source_line AS previous_source_line
FROM mart.standard_changes AS c
JOIN (SELECT DISTINCT inspection_id, comparison_key, theme FROM mart.key_questions) AS t
  ON t.comparison_key = c.comparison_key
 AND t.inspection_id IN (c.latest_inspection_id, c.previous_inspection_id)
LEFT JOIN mart.key_questions AS lk
       ON lk.inspection_id = c.latest_inspection_id AND lk.comparison_key = c.comparison_key AND lk.theme = t.theme
LEFT JOIN mart.key_questions AS pk
       ON pk.inspection_id = c.previous_inspection_id AND pk.comparison_key = c.comparison_key AND pk.theme = t.theme
QUALIFY row_number() OVER (PARTITION BY c.pdu_code, c.comparison_key, t.theme ORDER BY t.inspection_id) = 1;
COMMENT ON VIEW mart.key_question_changes IS 'One row per PDU code x comparison key x key-question theme: the pairs of mart.standard_changes, with the latest and previous pct_yes and the change in percentage points; comparable only when both inspections have that key question.';
