-- Loading one survey extract with DuckDB SQL straight over its data rows (warehouse/survey_load.py).
-- {placeholders} are filled by survey_load.py with column lists built from the extract's layout;
-- ? are parameters. The rows are read from the file by each statement: never held in Python.

-- name: cell_macro
CREATE OR REPLACE TEMP MACRO survey_cell(x) AS nullif(trim(x, ' ' || chr(9) || chr(10) || chr(13) || chr(160)), '');

-- name: csv_rows
CREATE OR REPLACE TEMP VIEW survey_file AS
SELECT row_number() OVER () AS data_row, *
FROM read_csv({path}, header = false, auto_detect = false, delim = {delim}, quote = '"', escape = '"',
              columns = {columns}, null_padding = true, parallel = {parallel}, strict_mode = false,
              max_line_size = 67108864);

-- name: frame_rows
CREATE OR REPLACE TEMP VIEW survey_file AS
SELECT row_number() OVER () AS data_row, * FROM survey_sheet_frame;

-- name: classified_rows
-- row_kind: respondent, blank (every cell empty) or summary (a totals / average row: a summary
-- word in the ID or first cell, or no ID and nothing but numbers)
CREATE OR REPLACE TEMP VIEW survey_rows AS
SELECT *, CASE
        WHEN coalesce(survey_cell(concat_ws('', {all_cells})), '') = '' THEN 'blank'
        WHEN lower(survey_cell({id_cell})) IN ({labels}) OR lower(survey_cell({first_cell})) IN ({labels}) THEN 'summary'
        WHEN survey_cell({id_cell}) IS NULL
             AND list_bool_and(list_transform(list_filter([{all_cells}], lambda x: survey_cell(x) IS NOT NULL),
                                              lambda x: regexp_full_match(survey_cell(x), '[-+]?[0-9]+([.,][0-9]+)?%?')))
             THEN 'summary'
        ELSE 'respondent' END AS row_kind,
    survey_cell({id_cell}) AS respondent_id
FROM survey_file;

-- name: row_kinds
SELECT row_kind, count(*) AS n, list(data_row ORDER BY data_row)[1:5] AS first_rows
FROM survey_rows GROUP BY row_kind;

-- name: missing_ids
SELECT list(data_row ORDER BY data_row)[1:5] FROM survey_rows
WHERE row_kind = 'respondent' AND respondent_id IS NULL;

-- name: duplicate_ids
SELECT respondent_id, list(data_row ORDER BY data_row) AS rows
FROM survey_rows WHERE row_kind = 'respondent' AND respondent_id IS NOT NULL
GROUP BY respondent_id HAVING count(*) > 1 ORDER BY min(data_row) LIMIT 3;

-- name: distinct_answers
SELECT column_index, answer_text FROM (
    SELECT unnest([{indexes}]) AS column_index, unnest([{cells}]) AS answer_text
    FROM survey_rows WHERE row_kind = 'respondent')
WHERE answer_text IS NOT NULL GROUP BY ALL;

-- name: date_values
CREATE OR REPLACE TEMP VIEW survey_dates AS
SELECT respondent_id, data_row, survey_cell({start_cell}) AS s, survey_cell({end_cell}) AS e
FROM survey_rows WHERE row_kind = 'respondent';

-- name: date_evidence
WITH v AS (SELECT s AS x FROM survey_dates UNION ALL SELECT e FROM survey_dates)
SELECT count(*) FILTER (WHERE regexp_matches(x, $1)),
       max(TRY_CAST(regexp_extract(x, $1, 1) AS INTEGER)),
       max(TRY_CAST(regexp_extract(x, $1, 2) AS INTEGER)),
       min(x) FILTER (WHERE regexp_matches(x, $1))
FROM v WHERE x IS NOT NULL;

-- name: date_reading
WITH p AS (SELECT s, e, try_strptime(s, $1::VARCHAR[]) AS ts, try_strptime(e, $1::VARCHAR[]) AS te FROM survey_dates)
SELECT least(min(ts), min(te)), greatest(max(ts), max(te)),
       count(*) FILTER (WHERE (s IS NOT NULL AND ts IS NULL) OR (e IS NOT NULL AND te IS NULL)),
       count(*) FILTER (WHERE te < ts)
FROM p;

-- name: bad_dates
WITH p AS (SELECT respondent_id, data_row, {value} AS x FROM survey_dates)
SELECT x, respondent_id, count(*) OVER () FROM p
WHERE x IS NOT NULL AND try_strptime(x, $1::VARCHAR[]) IS NULL ORDER BY data_row LIMIT 1;

-- name: ends_before_starts
SELECT respondent_id, s, e, count(*) OVER () FROM survey_dates
WHERE try_strptime(e, $1::VARCHAR[]) < try_strptime(s, $1::VARCHAR[]) ORDER BY data_row LIMIT 1;

-- name: insert_respondents
INSERT INTO staging.survey_respondents (inspection_id, survey, respondent_id, row_number, started_at, ended_at, source_sha256)
SELECT $1, $2, respondent_id, data_row, {started}, {ended}, $3
FROM survey_rows WHERE row_kind = 'respondent';

-- name: long_answers
CREATE OR REPLACE TEMP VIEW survey_long AS
SELECT l.respondent_id, l.column_index, c.column_header, c.question_code, l.answer_text,
       m.answer, m.answer_ordinal, m.is_positive, m.is_negative, m.reason
FROM (SELECT respondent_id, unnest([{indexes}]) AS column_index, unnest([{cells}]) AS answer_text
      FROM survey_rows WHERE row_kind = 'respondent') AS l
JOIN survey_columns_frame AS c USING (column_index)
LEFT JOIN survey_answer_map AS m
       ON m.column_index = l.column_index AND m.question_code = c.question_code AND m.answer_text = l.answer_text;

-- name: insert_answers
INSERT INTO staging.survey_answers (inspection_id, survey, respondent_id, column_index, column_header, question_code,
                                    answer_text, answer, answer_ordinal, is_positive, is_negative, source_sha256)
SELECT $1, $2, respondent_id, column_index, column_header, question_code, answer_text, answer, answer_ordinal,
       is_positive, is_negative, $3
FROM survey_long WHERE reason IS NULL;

-- name: insert_quarantined
INSERT INTO ops.quarantined_answers (run_id, source_file, source_sha256, inspection_id, survey, respondent_id,
                                     column_index, column_header, question_code, answer_text, reason, recorded_at)
SELECT $1, $2, $3, $4, $5, respondent_id, column_index, column_header, question_code, answer_text, reason, now()
FROM survey_long WHERE reason IS NOT NULL;

-- name: first_quarantined
SELECT respondent_id, column_header, answer_text, count(*) OVER ()
FROM ops.quarantined_answers WHERE source_sha256 = $1 AND run_id = $2
ORDER BY column_index, respondent_id LIMIT 1;

-- name: answer_counts
SELECT $2 AS inspection_id, $3 AS survey, a.question_code,
       count(a.answer) AS answered,
       count(*) FILTER (WHERE a.is_positive) AS positive,
       count(*) FILTER (WHERE a.is_negative) AS negative
FROM staging.survey_answers AS a
JOIN ref.survey_questions AS q ON q.question_code = a.question_code AND q.scale <> 'free_text'
WHERE a.source_sha256 = $1
GROUP BY a.question_code;

-- name: insert_data_quality
INSERT INTO staging.survey_data_quality BY NAME SELECT * FROM survey_dq_frame;
