-- mart.recommendation_themes: the bridge from recommendations to themes. A recommendation
-- has every theme whose pattern (ref.recommendation_themes, case-insensitive regular
-- expression) matches its text, or the single theme 'other' when none does. Its primary theme
-- (is_primary) is the matching theme of lowest priority number: mart.recommendations.theme.
-- The patterns are matched once, when the report is loaded (staging.recommendation_theme_matches,
-- sql/027_load_time_matches.sql), not at query time.

CREATE OR REPLACE VIEW mart.recommendation_themes AS
WITH themed AS (
    SELECT inspection_id, seq, theme, theme_priority FROM staging.recommendation_theme_matches
    UNION ALL
    SELECT r.inspection_id, r.seq, 'other', NULL
    FROM staging.recommendations AS r
    WHERE NOT EXISTS (SELECT 1 FROM staging.recommendation_theme_matches AS m
                      WHERE m.inspection_id = r.inspection_id AND m.seq = r.seq)
)
SELECT t.inspection_id, t.seq, t.theme, t.theme_priority, t.theme = m.theme AS is_primary,
       m.addressee, m.text, m.pdu_code, m.pdu_name, m.unit_name, m.region_code, m.region_name, m.published_on,
       m.framework_code, m.source_file, m.source_sha256, m.source_line
FROM themed AS t
JOIN mart.recommendations AS m USING (inspection_id, seq);
COMMENT ON VIEW mart.recommendation_themes IS 'One row per recommendation x theme it matches (or ''other''); is_primary marks the theme shown in mart.recommendations.theme.';
