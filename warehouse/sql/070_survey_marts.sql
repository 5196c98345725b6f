-- Survey marts: views over staging, so a report loaded after its surveys (in a later run)
-- reconciles without reloading anything.

-- Every survey percentage a report states, matched to a catalogue question by its phrases
-- (ref.survey_questions.report_phrases / negative_report_phrases, RE2 regexes, case-insensitive).
-- The phrases are tried on the text after the percentage up to the next percentage in the
-- sentence; only when no question matches there, on the text before it back to the previous
-- percentage. Ties go to the catalogue's order. The matching is done once, when the report is
-- loaded (staging.stated_figure_questions; statements.sql match_stated_figure_questions), not
-- at query time.
CREATE OR REPLACE VIEW mart.survey_reconciliation AS
WITH windows AS (
    SELECT f.inspection_id, f.seq, f.section, f.standard_code, f.pct, f.pct_text, f.sentence, s.survey
    FROM staging.stated_figures AS f
    JOIN ref.surveys AS s USING (measure)
), matched AS (
    SELECT inspection_id, seq, question_code, report_states FROM staging.stated_figure_questions
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
COMMENT ON VIEW mart.survey_reconciliation IS 'One row per survey percentage stated in a report (inspection x seq of mart.stated_figures): the catalogue question it matches, the value computed from the survey extract, and whether they agree to the nearest whole per cent.';

CREATE OR REPLACE VIEW mart.survey_results AS
WITH stated AS (
    SELECT inspection_id, survey, question_code,
           arg_min(report_stated_pct, seq) AS report_stated_pct,
           arg_min(report_states, seq) AS report_states,
           arg_min(sentence, seq) AS report_sentence,
           count(*) AS report_statements,
           CASE WHEN count(agrees_with_report) = 0 THEN NULL ELSE bool_and(agrees_with_report) END AS agrees_with_report
    FROM mart.survey_reconciliation
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
COMMENT ON VIEW mart.survey_results IS 'One row per inspection x survey x catalogue question answered in its extract: respondents, answers, percentage positive with a 95% Wilson interval (suppressed below min_answers answers), beside the percentage the report states for it, if any.';

DROP VIEW IF EXISTS mart.survey_answers;
CREATE OR REPLACE VIEW detail.survey_answers AS
SELECT p.inspection_id, p.survey, p.respondent_id, c.question_code,
       coalesce(q.question_text, c.column_header) AS question_text,
       c.column_index, c.column_header,
       CASE WHEN v.cell IS NOT NULL THEN v.answer_text ELSE nullif(trim(x.cell), '') END AS answer_text,
       v.answer, v.answer_ordinal, v.is_positive, v.is_negative,
       p.started_at, p.ended_at, i.unit_name, i.pdu_code, i.pdu_name, i.region_code, i.region_name, i.published_on, p.source_sha256
FROM staging.survey_respondents AS p
JOIN staging.survey_columns AS c ON c.source_sha256 = p.source_sha256
LEFT JOIN staging.survey_cells AS x
       ON x.source_sha256 = p.source_sha256 AND x.row_number = p.row_number AND x.column_index = c.column_index
LEFT JOIN staging.survey_answer_values AS v
       ON v.source_sha256 = p.source_sha256 AND v.column_index = c.column_index
      AND v.question_code = c.question_code AND v.cell = x.cell
LEFT JOIN ref.survey_questions AS q ON q.question_code = c.question_code
LEFT JOIN mart.inspections AS i ON i.inspection_id = p.inspection_id
WHERE v.reason IS NULL;
COMMENT ON VIEW detail.survey_answers IS 'Not published in releases (answer-level; the marts hold the aggregates). One row per respondent x question column x catalogue question of every loaded survey extract (unmapped columns have a null question_code; a blank cell has a null answer_text).';

CREATE OR REPLACE VIEW mart.survey_columns AS
SELECT c.inspection_id, c.survey, c.column_index, c.column_header, c.question_code,
       c.question_code IS NOT NULL AS mapped, q.question_text, c.source_sha256
FROM staging.survey_columns AS c
LEFT JOIN ref.survey_questions AS q ON q.question_code = c.question_code;
COMMENT ON VIEW mart.survey_columns IS 'One row per question column of every loaded survey extract x catalogue question it stands for; mapped is false for a column the catalogue does not know (kept, not dropped).';

CREATE OR REPLACE VIEW mart.quarantined_answers AS
SELECT run_id, source_file, source_sha256, inspection_id, survey, respondent_id, column_index, column_header,
       question_code, answer_text, reason, recorded_at
FROM ops.quarantined_answers;
COMMENT ON VIEW mart.quarantined_answers IS 'One row per survey answer held back because it is not on its question''s scale: file, respondent, column and the answer as given.';

CREATE OR REPLACE VIEW mart.survey_questions AS
SELECT q.question_code, q.survey, s.survey_name, q.scale, q.question_text,
       string_split(q.positive_answers, '|') AS positive_answers, string_split(q.negative_answers, '|') AS negative_answers,
       string_split(q.header_variants, '|') AS header_variants, q.report_phrases, q.negative_report_phrases
FROM ref.survey_questions AS q
LEFT JOIN ref.surveys AS s ON s.survey = q.survey;
COMMENT ON VIEW mart.survey_questions IS 'One row per question of the survey catalogue (reference/survey_questions.csv).';

CREATE OR REPLACE VIEW mart.survey_data_quality AS
SELECT d.inspection_id, d.survey, d.issue, d.detail, d.row_count, f.source_file, d.source_sha256
FROM staging.survey_data_quality AS d
LEFT JOIN raw.survey_files AS f ON f.source_sha256 = d.source_sha256;
COMMENT ON VIEW mart.survey_data_quality IS 'One row per survey extract x finding about its data: rows not counted as respondents (totals, averages, repeated headers, notes, blank rows), dates too ambiguous to load, numeric codes decoded, the header layout read (title rows, platform header rows), unmapped columns, quarantined answers.';
