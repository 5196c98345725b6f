-- Regular-expression matches materialised at load time (issue 11, item 6): the marts
-- mart.recommendations, mart.recommendation_themes, mart.survey_reconciliation and
-- mart.survey_results join these tables instead of matching reference regexes at query time.
-- Filled for each report in the transaction that loads it (statements.sql: match_*), and
-- recomputed for the whole warehouse when the patterns they were made with change
-- (staging.match_patterns; warehouse/store.py refresh_matches). A rebuild recomputes them from scratch.
-- No primary keys: the tables are derived, unique by construction, and cleared and refilled in
-- one transaction (DuckDB checks a key deleted and re-inserted in one transaction eagerly).

-- One row per recommendation x ref.recommendation_themes pattern matching its text
-- (case-insensitive). A recommendation with no row here has the theme 'other'.
CREATE TABLE IF NOT EXISTS staging.recommendation_theme_matches (
    inspection_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    theme VARCHAR NOT NULL,
    theme_priority INTEGER,
    is_primary BOOLEAN NOT NULL
);

-- One row per survey percentage a report states (staging.stated_figures whose measure is a
-- survey's) that a catalogue question's report phrases match (mart.survey_reconciliation's rules).
CREATE TABLE IF NOT EXISTS staging.stated_figure_questions (
    inspection_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    question_code VARCHAR NOT NULL,
    report_states VARCHAR NOT NULL
);

-- The fingerprint of the reference rows the matches above were computed with (one row).
CREATE TABLE IF NOT EXISTS staging.match_patterns (
    fingerprint VARCHAR NOT NULL
);
