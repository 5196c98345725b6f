-- Loading one survey extract with DuckDB SQL straight over its data rows (warehouse/survey_load.py).
-- {placeholders} are filled by survey_load.py with column lists built from the extract's layout;
-- ? are parameters. The rows are read from the file by each statement: never held in Python.

-- name: cell_macro
-- blank: the characters trimmed from a cell (space, tab, CR, LF, no-break space)
CREATE OR REPLACE TEMP MACRO survey_cell(x) AS nullif(trim(x, '{blank}'), '');

-- name: csv_rows
CREATE OR REPLACE TEMP VIEW survey_file AS
SELECT row_number() OVER () AS data_row, *
FROM read_csv({path}, header = false, skip = {skip}, auto_detect = false, delim = {delim}, quote = '"', escape = '"',
              columns = {columns}, null_padding = true, parallel = {parallel}, strict_mode = true,
              max_line_size = 67108864);

-- name: frame_rows
CREATE OR REPLACE TEMP VIEW survey_file AS
SELECT row_number() OVER () AS data_row, * FROM survey_sheet_frame;

-- name: classified_rows
-- row_kind: respondent, blank (every cell empty), summary (a totals / average row: a summary
-- word in the ID or first cell, or no ID and nothing but numbers), header (the header repeated,
-- as in exports pasted together) or note (text with a space or colon in the ID cell and nothing
-- else on the row, e.g. "Source: staff survey"). Cheap tests first: most
-- rows are respondents, and every row is tested.
CREATE OR REPLACE TEMP VIEW survey_rows AS
SELECT * EXCLUDE (id_key, first_key), CASE
        WHEN coalesce({all_cells}) IS NULL THEN 'blank'
        WHEN id_key IN ({labels}) OR first_key IN ({labels}) THEN 'summary'
        WHEN id_key IN ({id_words}) THEN 'header'
        WHEN respondent_id IS NOT NULL AND coalesce({other_cells}) IS NULL
             AND regexp_matches(respondent_id, '\s|:') THEN 'note'
        WHEN respondent_id IS NOT NULL THEN 'respondent'
        WHEN survey_cell(concat_ws('', {all_cells})) IS NULL THEN 'blank'
        WHEN list_bool_and(list_transform(list_filter([{all_cells}], lambda x: survey_cell(x) IS NOT NULL),
                                          lambda x: regexp_full_match(survey_cell(x), '[-+]?[0-9]+([.,][0-9]+)?%?')))
             THEN 'summary'
        ELSE 'respondent' END AS row_kind
FROM (SELECT *, survey_cell({id_cell}) AS respondent_id, lower(survey_cell({id_cell})) AS id_key,
             {first_key} AS first_key
      FROM survey_file);

-- name: row_index
-- the one pass that classifies rows: a slim temporary table of row kind, ID and date cells
CREATE OR REPLACE TEMP TABLE survey_index AS
SELECT data_row, row_kind, respondent_id, {start_cell} AS s, {end_cell} AS e FROM survey_rows;
CREATE OR REPLACE TEMP TABLE survey_skip AS SELECT data_row FROM survey_index WHERE row_kind <> 'respondent';
CREATE OR REPLACE TEMP VIEW survey_dates AS
SELECT respondent_id, data_row, s, e FROM survey_index WHERE row_kind = 'respondent';

-- name: row_kinds
SELECT row_kind, count(*) AS n FROM survey_index GROUP BY row_kind;

-- name: first_rows_of_kind
SELECT data_row FROM survey_index WHERE row_kind = $1 ORDER BY data_row LIMIT 5;

-- name: missing_ids
SELECT data_row FROM survey_index WHERE row_kind = 'respondent' AND respondent_id IS NULL ORDER BY data_row LIMIT 5;

-- name: duplicate_ids
WITH d AS (
    SELECT respondent_id, min(data_row) AS first_row FROM survey_index
    WHERE row_kind = 'respondent' AND respondent_id IS NOT NULL
    GROUP BY respondent_id HAVING count(*) > 1 ORDER BY first_row LIMIT 3)
SELECT respondent_id, list(data_row ORDER BY data_row) AS rows
FROM survey_index JOIN d USING (respondent_id) WHERE row_kind = 'respondent'
GROUP BY respondent_id ORDER BY min(data_row);

-- name: respondent_rows
-- the data rows of respondents (summary and blank rows left out), cells trimmed
CREATE OR REPLACE TEMP VIEW survey_respondent_rows AS
SELECT * FROM survey_file WHERE data_row NOT IN (SELECT data_row FROM survey_skip);

-- name: distinct_answers
-- every distinct cell of each scaled column (summary rows' cells too: harmless, they are never joined)
SELECT unnest([{indexes}]) AS column_index, unnest([{lists}]) AS answer_text FROM (SELECT {aggregates} FROM survey_file);

-- name: date_evidence
WITH v AS (SELECT DISTINCT split_part(x, ' ', 1) AS x
           FROM (SELECT s AS x FROM survey_dates UNION ALL SELECT e FROM survey_dates) WHERE x IS NOT NULL)
SELECT count(*) FILTER (WHERE regexp_matches(x, $1)),
       max(TRY_CAST(regexp_extract(x, $1, 1) AS INTEGER)),
       max(TRY_CAST(regexp_extract(x, $1, 2) AS INTEGER)),
       -- an example whose two readings differ (day and month not equal), else any
       coalesce(min(x) FILTER (WHERE regexp_matches(x, $1) AND TRY_CAST(regexp_extract(x, $1, 1) AS INTEGER)
                                                              <> TRY_CAST(regexp_extract(x, $1, 2) AS INTEGER)),
                min(x) FILTER (WHERE regexp_matches(x, $1)))
FROM v;

-- name: date_reading
WITH p AS (SELECT s, e, try_strptime(s, $1::VARCHAR[]) AS ts, try_strptime(e, $1::VARCHAR[]) AS te FROM survey_dates)
SELECT least(min(ts), min(te)), greatest(max(ts), max(te)),
       count(*) FILTER (WHERE (s IS NOT NULL AND ts IS NULL) OR (e IS NOT NULL AND te IS NULL)),
       count(*) FILTER (WHERE te < ts)
FROM p;

-- name: date_sample
SELECT x FROM (SELECT unnest([s, e]) AS x FROM (SELECT s, e FROM survey_dates LIMIT 200)) WHERE x IS NOT NULL;

-- name: date_checks
-- the first value of each date column that is not a date, and the first response ending before it starts
WITH p AS (SELECT respondent_id, data_row, s, e, try_strptime(s, $1::VARCHAR[]) AS ts,
                  try_strptime(e, $1::VARCHAR[]) AS te FROM survey_dates)
SELECT count(*) FILTER (WHERE s IS NOT NULL AND ts IS NULL),
       arg_min(s, data_row) FILTER (WHERE s IS NOT NULL AND ts IS NULL),
       arg_min(respondent_id, data_row) FILTER (WHERE s IS NOT NULL AND ts IS NULL),
       count(*) FILTER (WHERE e IS NOT NULL AND te IS NULL),
       arg_min(e, data_row) FILTER (WHERE e IS NOT NULL AND te IS NULL),
       arg_min(respondent_id, data_row) FILTER (WHERE e IS NOT NULL AND te IS NULL),
       count(*) FILTER (WHERE te < ts),
       arg_min(respondent_id, data_row) FILTER (WHERE te < ts),
       arg_min(s, data_row) FILTER (WHERE te < ts),
       arg_min(e, data_row) FILTER (WHERE te < ts)
FROM p;

-- name: insert_respondents
INSERT INTO staging.survey_respondents (inspection_id, survey, respondent_id, row_number, started_at, ended_at, source_sha256)
SELECT $1, $2, respondent_id, data_row, {started}, {ended}, $3
FROM survey_dates;

-- name: insert_cells
INSERT INTO staging.survey_cells (source_sha256, row_number, column_index, cell)
SELECT $1, data_row, column_index, cell FROM (
    SELECT data_row, unnest([{indexes}]) AS column_index, unnest([{cells}]) AS cell FROM survey_respondent_rows)
WHERE cell IS NOT NULL AND cell <> '';

-- name: insert_answer_values
INSERT INTO staging.survey_answer_values BY NAME SELECT $1 AS source_sha256, * FROM survey_answer_map;

-- name: insert_quarantined
INSERT INTO ops.quarantined_answers (run_id, source_file, source_sha256, inspection_id, survey, respondent_id,
                                     column_index, column_header, question_code, answer_text, reason, recorded_at)
SELECT $1, $2, $3, $4, $5, p.respondent_id, x.column_index, c.column_header, c.question_code, v.answer_text, v.reason, now()
FROM staging.survey_cells AS x
JOIN staging.survey_answer_values AS v
  ON v.source_sha256 = x.source_sha256 AND v.column_index = x.column_index AND v.cell = x.cell
JOIN staging.survey_columns AS c
  ON c.source_sha256 = x.source_sha256 AND c.column_index = x.column_index AND c.question_code = v.question_code
JOIN staging.survey_respondents AS p ON p.source_sha256 = x.source_sha256 AND p.row_number = x.row_number
WHERE x.source_sha256 = $3 AND v.source_sha256 = $3 AND v.reason IS NOT NULL;

-- name: first_quarantined
SELECT respondent_id, column_header, answer_text, count(*) OVER ()
FROM ops.quarantined_answers WHERE source_sha256 = $1 AND run_id = $2
ORDER BY column_index, respondent_id LIMIT 1;

-- name: answer_counts
SELECT v.question_code,
       count(*) FILTER (WHERE v.answer IS NOT NULL) AS answered,
       count(*) FILTER (WHERE v.is_positive) AS positive,
       count(*) FILTER (WHERE v.is_negative) AS negative
FROM staging.survey_cells AS x
JOIN staging.survey_answer_values AS v
  ON v.source_sha256 = x.source_sha256 AND v.column_index = x.column_index AND v.cell = x.cell
WHERE x.source_sha256 = $1 AND v.source_sha256 = $1
GROUP BY v.question_code;

-- name: insert_data_quality
INSERT INTO staging.survey_data_quality BY NAME SELECT * FROM survey_dq_frame;
