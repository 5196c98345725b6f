-- The four marts as they were before the regex matches were materialised at load time
-- (issue 11, item 6): matching ref patterns at query time. tests/test_load_time_matches.py
-- compares the current marts with these, row for row. Each is created as a temporary view.
-- A frozen copy on purpose: the test's independent oracle (the old query-time SQL); do not
-- fold it into warehouse/ (a repeated-code listing pairs it with sql/070 and statements.sql).

-- name: old_recommendations
CREATE OR REPLACE TEMPORARY VIEW old_recommendations AS
SELECT r.inspection_id, r.seq, r.addressee, r.addressee_text, r.text,
       -- primary theme: the matching ref.recommendation_themes pattern of lowest priority
       -- number, else 'other'; every matching theme is in mart.recommendation_themes
       coalesce((SELECT t.theme FROM ref.recommendation_themes AS t
                  WHERE regexp_matches(r.text, t.pattern, 'i')
                  ORDER BY CAST(t.priority AS INTEGER), t.theme LIMIT 1), 'other') AS theme,
       i.pdu_code, i.pdu_name, i.unit_name, i.region_code, i.region_name, i.published_on, i.framework_code,
       i.source_file, r.source_sha256, r.source_line, r.source_location
FROM staging.recommendations AS r
JOIN mart.inspections AS i USING (inspection_id);

-- name: old_recommendation_themes
CREATE OR REPLACE TEMPORARY VIEW old_recommendation_themes AS
WITH matched AS (
    SELECT r.inspection_id, r.seq, t.theme, CAST(t.priority AS INTEGER) AS theme_priority
    FROM staging.recommendations AS r
    JOIN ref.recommendation_themes AS t ON regexp_matches(r.text, t.pattern, 'i')
),
themed AS (
    SELECT * FROM matched
    UNION ALL
    SELECT r.inspection_id, r.seq, 'other', NULL
    FROM staging.recommendations AS r
    WHERE NOT EXISTS (SELECT 1 FROM matched AS m WHERE m.inspection_id = r.inspection_id AND m.seq = r.seq)
)
SELECT t.inspection_id, t.seq, t.theme, t.theme_priority, t.theme = m.theme AS is_primary,
       m.addressee, m.text, m.pdu_code, m.pdu_name, m.unit_name, m.region_code, m.region_name, m.published_on,
       m.framework_code, m.source_file, m.source_sha256, m.source_line
FROM themed AS t
JOIN old_recommendations AS m USING (inspection_id, seq);

-- name: old_survey_reconciliation
CREATE OR REPLACE TEMPORARY VIEW old_survey_reconciliation AS
WITH figures AS (
    SELECT f.inspection_id, f.seq, f.section, f.standard_code, f.pct, f.pct_text, f.measure, f.sentence,
           s.survey,
           row_number() OVER (PARTITION BY f.inspection_id, f.sentence, f.pct_text ORDER BY f.seq) AS occurrence,
           string_split(f.sentence, f.pct_text) AS parts
    FROM staging.stated_figures AS f
    JOIN ref.surveys AS s USING (measure)
), windows AS (
    SELECT *,
           CASE WHEN len(parts) > occurrence THEN regexp_replace(parts[occurrence + 1],
                '[\w-]+\s?(?:%|per\s?cent|percent).*$', '', 'i') END AS after_text,
           CASE WHEN len(parts) > occurrence THEN regexp_replace(parts[occurrence],
                '^.*(?:%|per\s?cent|percent)', '', 'i') END AS before_text
    FROM figures
), candidates AS (
    SELECT w.inspection_id, w.seq, q.question_code, q.catalogue_seq,
           coalesce(regexp_matches(w.after_text, q.negative_report_phrases, 'i'), false) AS after_negative,
           coalesce(regexp_matches(w.after_text, q.report_phrases, 'i'), false) AS after_positive,
           coalesce(regexp_matches(w.before_text, q.negative_report_phrases, 'i'), false) AS before_negative,
           coalesce(regexp_matches(w.before_text, q.report_phrases, 'i'), false) AS before_positive
    FROM windows AS w
    JOIN ref.survey_questions AS q ON q.survey = w.survey
), ranked AS (
    SELECT *,
           CASE WHEN after_negative OR after_positive THEN 1 WHEN before_negative OR before_positive THEN 2 END AS side,
           row_number() OVER (PARTITION BY inspection_id, seq
                              ORDER BY CASE WHEN after_negative OR after_positive THEN 1
                                            WHEN before_negative OR before_positive THEN 2 ELSE 3 END,
                                       catalogue_seq) AS pick
    FROM candidates
), matched AS (
    SELECT inspection_id, seq, question_code,
           CASE WHEN (side = 1 AND after_negative) OR (side = 2 AND before_negative) THEN 'negative'
                ELSE 'positive' END AS report_states
    FROM ranked WHERE pick = 1 AND side IS NOT NULL
)
SELECT w.inspection_id, w.seq, w.survey, m.question_code, w.pct AS report_stated_pct, m.report_states,
       CASE m.report_states WHEN 'negative' THEN r.pct_negative ELSE r.pct_positive END AS computed_pct,
       r.answered, r.suppressed,
       CASE WHEN r.question_code IS NULL OR r.suppressed THEN NULL
            ELSE round(CASE m.report_states WHEN 'negative' THEN r.pct_negative ELSE r.pct_positive END) = w.pct
       END AS agrees_with_report,
       CASE WHEN m.question_code IS NULL THEN 'no catalogue question matches the sentence'
            WHEN r.question_code IS NULL THEN 'no loaded extract answers this question'
            WHEN r.suppressed THEN 'computed percentage suppressed (too few answers)'
            WHEN round(CASE m.report_states WHEN 'negative' THEN r.pct_negative ELSE r.pct_positive END) = w.pct
                 THEN 'agrees to the nearest whole per cent'
            ELSE 'disagrees' END AS outcome,
       w.section, w.standard_code, w.pct_text, w.sentence,
       i.unit_name, i.pdu_code, i.pdu_name, i.region_code, i.region_name, i.published_on
FROM windows AS w
LEFT JOIN matched AS m USING (inspection_id, seq)
LEFT JOIN staging.survey_results AS r ON r.inspection_id = w.inspection_id AND r.survey = w.survey
                                     AND r.question_code = m.question_code
LEFT JOIN mart.inspections AS i ON i.inspection_id = w.inspection_id;

-- name: old_survey_results
CREATE OR REPLACE TEMPORARY VIEW old_survey_results AS
WITH stated AS (
    SELECT inspection_id, survey, question_code,
           arg_min(report_stated_pct, seq) AS report_stated_pct,
           arg_min(report_states, seq) AS report_states,
           arg_min(sentence, seq) AS report_sentence,
           count(*) AS report_statements,
           CASE WHEN count(agrees_with_report) = 0 THEN NULL ELSE bool_and(agrees_with_report) END AS agrees_with_report
    FROM old_survey_reconciliation
    WHERE question_code IS NOT NULL
    GROUP BY inspection_id, survey, question_code
)
SELECT r.inspection_id, r.survey, r.question_code, q.question_text, r.respondents, r.answered,
       r.pct_positive, r.ci_low, r.ci_high, r.suppressed,
       s.report_stated_pct, s.agrees_with_report,
       r.positive, r.negative, r.pct_negative, s.report_states, s.report_statements, s.report_sentence,
       r.min_answers, i.unit_name, i.pdu_code, i.pdu_name, i.region_code, i.region_name, i.published_on,
       f.source_file, r.source_sha256
FROM staging.survey_results AS r
LEFT JOIN ref.survey_questions AS q ON q.question_code = r.question_code
LEFT JOIN stated AS s ON s.inspection_id = r.inspection_id AND s.survey = r.survey AND s.question_code = r.question_code
LEFT JOIN mart.inspections AS i ON i.inspection_id = r.inspection_id
LEFT JOIN raw.survey_files AS f ON f.source_sha256 = r.source_sha256;

