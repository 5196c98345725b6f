-- Loading survey extracts with DuckDB SQL straight over their data rows (warehouse/survey_load.py).
-- {placeholders} are filled by survey_load.py: {n} names one chunk's temporary objects (a chunk of
-- extracts is checked together, before its batch's transaction; a large extract's rows are
-- streamed from its file inside it); column lists are built from the extracts' layouts.
-- ? and $n are parameters. The rows are read from the file by each statement: never held in Python.

-- name: cell_macro
-- blank: the characters trimmed from a cell (space, tab, CR, LF, no-break space)
CREATE OR REPLACE TEMP MACRO survey_cell(x) AS nullif(trim(x, '{blank}'), '');

-- A chunk of extracts is checked together: every statement below runs once for the chunk, each
-- file's rows told apart by file_no (its place in the chunk); a file rejected at a step is left
-- out of the next. One extract alone is a chunk of one.

-- name: chunk_file
-- one file of the chunk, in the chunk's common shape: its number, data row, the cells the row
-- kinds are read from (ID, first cell unless it is the ID, whether every other cell is empty,
-- start and end time) and its cells c1..cN (padded with NULL to the widest file's N)
SELECT {file} AS file_no, row_number() OVER () AS data_row, {id_cell} AS id_cell, {first_cell} AS first_cell,
       coalesce({other_cells}) IS NULL AS others_blank, {start_cell} AS s_cell, {end_cell} AS e_cell, {cells}
FROM {reader}

-- name: csv_reader
read_csv({path}, header = false, skip = {skip}, auto_detect = false, delim = {delim}, quote = '"', escape = '"',
         columns = {columns}, null_padding = true, parallel = {parallel}, strict_mode = true,
         max_line_size = 67108864)

-- name: chunk_rows
-- every file's rows (chunk_file of each, UNION ALL'd): a table for small files, read once; a view
-- for a large one (each statement streams it from the file again)
CREATE OR REPLACE TEMP {kind} survey_file_{n} AS
{files};

-- name: row_index
-- The one pass that classifies rows, into a slim temporary table of file, row kind, ID and date
-- cells. row_kind: respondent, blank (every cell empty), summary (a totals / average row: a
-- summary word in the ID or first cell, or no ID and nothing but numbers), header (the header
-- repeated, as in exports pasted together) or note (text with a space or colon in the ID cell
-- and nothing else on the row, e.g. "Source: staff survey"). Cheap tests first: most rows are
-- respondents, and every row is tested.
CREATE OR REPLACE TEMP TABLE survey_index_{n} AS
SELECT file_no, data_row, row_kind, respondent_id, survey_cell(s_cell) AS s, survey_cell(e_cell) AS e FROM (
    SELECT file_no, data_row, respondent_id, s_cell, e_cell, CASE
            WHEN coalesce({all_cells}) IS NULL THEN 'blank'
            WHEN id_key IN ({labels}) OR first_key IN ({labels}) THEN 'summary'
            WHEN id_key IN ({id_words}) THEN 'header'
            WHEN respondent_id IS NOT NULL AND others_blank AND regexp_matches(respondent_id, '\s|:') THEN 'note'
            WHEN respondent_id IS NOT NULL THEN 'respondent'
            WHEN survey_cell(concat_ws('', {all_cells})) IS NULL THEN 'blank'
            WHEN list_bool_and(list_transform(list_filter([{all_cells}], lambda x: survey_cell(x) IS NOT NULL),
                                              lambda x: regexp_full_match(survey_cell(x), '[-+]?[0-9]+([.,][0-9]+)?%?')))
                 THEN 'summary'
            ELSE 'respondent' END AS row_kind
    FROM (SELECT *, survey_cell(id_cell) AS respondent_id, lower(survey_cell(id_cell)) AS id_key,
                 lower(survey_cell(first_cell)) AS first_key
          FROM survey_file_{n}));
CREATE OR REPLACE TEMP VIEW survey_dates_{n} AS
SELECT file_no, respondent_id, data_row, s, e FROM survey_index_{n} WHERE row_kind = 'respondent';
-- the rows that are not respondents' (few): what the statements over every row leave out, by a
-- join whose table to look up is this small one, not the index of every row
CREATE OR REPLACE TEMP TABLE survey_skip_{n} AS
SELECT file_no, data_row FROM survey_index_{n} WHERE row_kind <> 'respondent';
-- the data rows of respondents (summary and blank rows left out)
CREATE OR REPLACE TEMP VIEW survey_respondent_rows_{n} AS
SELECT f.* FROM survey_file_{n} AS f ANTI JOIN survey_skip_{n} AS k ON k.file_no = f.file_no AND k.data_row = f.data_row;

-- name: row_kinds
-- each file's kinds of row: how many, how many of them have no ID, and the first few; and, on
-- every row, the first three IDs given to more than one respondent with the rows of each
WITH kinds AS (
    SELECT file_no, row_kind, count(*) AS n, count(*) FILTER (WHERE respondent_id IS NULL) AS no_id,
           list_slice(list(data_row ORDER BY data_row), 1, 5) AS first_rows,
           list_slice(list(data_row ORDER BY data_row) FILTER (WHERE respondent_id IS NULL), 1, 5) AS first_no_id
    FROM survey_index_{n} GROUP BY file_no, row_kind),
d AS (
    SELECT file_no, respondent_id, min(data_row) AS first_row FROM survey_index_{n}
    WHERE row_kind = 'respondent' AND respondent_id IS NOT NULL
    GROUP BY file_no, respondent_id HAVING count(*) > 1
    QUALIFY row_number() OVER (PARTITION BY file_no ORDER BY first_row) <= 3),
dupes AS (
    SELECT file_no, list({{'id': respondent_id, 'rows': rows}} ORDER BY first_row) AS dupes FROM (
        SELECT d.file_no, d.respondent_id, d.first_row, list(i.data_row ORDER BY i.data_row) AS rows
        FROM survey_index_{n} AS i JOIN d USING (file_no, respondent_id) WHERE i.row_kind = 'respondent'
        GROUP BY d.file_no, d.respondent_id, d.first_row)
    GROUP BY file_no)
SELECT kinds.*, dupes.dupes FROM kinds LEFT JOIN dupes USING (file_no) ORDER BY file_no, row_kind;

-- name: answer_tally
-- every distinct non-empty cell of each scaled column ({wanted}: file_no, column_index), with
-- how many respondents gave it (a summary row's cells are listed, never counted)
SELECT q.file_no, q.column_index, q.cell AS answer_text,
       count(*) FILTER (WHERE k.data_row IS NULL) AS respondents
FROM (SELECT file_no, data_row, unnest([{indexes}]) AS column_index, unnest([{cells}]) AS cell
      FROM survey_file_{n}) AS q
SEMI JOIN (VALUES {wanted}) AS w(file_no, column_index) ON w.file_no = q.file_no AND w.column_index = q.column_index
LEFT JOIN survey_skip_{n} AS k ON k.file_no = q.file_no AND k.data_row = q.data_row
WHERE q.cell <> '' GROUP BY ALL ORDER BY ALL;

-- name: date_evidence
-- per file of $2: the values written as numeric dates ($1), the largest first and second numbers, an example
WITH v AS (SELECT DISTINCT file_no, split_part(x, ' ', 1) AS x
           FROM (SELECT file_no, s AS x FROM survey_dates_{n} UNION ALL SELECT file_no, e FROM survey_dates_{n})
           WHERE x IS NOT NULL AND list_contains($2::INTEGER[], file_no))
SELECT file_no, count(*) FILTER (WHERE regexp_matches(x, $1)),
       max(TRY_CAST(regexp_extract(x, $1, 1) AS INTEGER)),
       max(TRY_CAST(regexp_extract(x, $1, 2) AS INTEGER)),
       -- an example whose two readings differ (day and month not equal), else any
       coalesce(min(x) FILTER (WHERE regexp_matches(x, $1) AND TRY_CAST(regexp_extract(x, $1, 1) AS INTEGER)
                                                              <> TRY_CAST(regexp_extract(x, $1, 2) AS INTEGER)),
                min(x) FILTER (WHERE regexp_matches(x, $1)))
FROM v GROUP BY file_no;

-- name: date_readings
-- both readings of the numeric dates ($1 day first, $2 month first) of the files of $3, in one pass
WITH p AS (SELECT file_no, s, e, try_strptime(s, $1::VARCHAR[]) AS ts1, try_strptime(e, $1::VARCHAR[]) AS te1,
                  try_strptime(s, $2::VARCHAR[]) AS ts2, try_strptime(e, $2::VARCHAR[]) AS te2
           FROM survey_dates_{n} WHERE list_contains($3::INTEGER[], file_no))
SELECT file_no, least(min(ts1), min(te1)), greatest(max(ts1), max(te1)),
       count(*) FILTER (WHERE (s IS NOT NULL AND ts1 IS NULL) OR (e IS NOT NULL AND te1 IS NULL)),
       count(*) FILTER (WHERE te1 < ts1),
       least(min(ts2), min(te2)), greatest(max(ts2), max(te2)),
       count(*) FILTER (WHERE (s IS NOT NULL AND ts2 IS NULL) OR (e IS NOT NULL AND te2 IS NULL)),
       count(*) FILTER (WHERE te2 < ts2)
FROM p GROUP BY file_no;

-- name: date_formats_used
-- of the candidate formats (one count each, {counts}), how many of each file's (of $1) first
-- {sample} rows' date values each parses
SELECT file_no, {counts} FROM (
    SELECT file_no, unnest([s, e]) AS x FROM survey_dates_{n} WHERE list_contains($1::INTEGER[], file_no)
    QUALIFY row_number() OVER (PARTITION BY file_no ORDER BY data_row) <= {sample})
WHERE x IS NOT NULL GROUP BY file_no;

-- name: date_checks
-- per file of $2: the first value of each date column that is not a date ($1: the formats), and
-- the first response ending before it starts
WITH p AS (SELECT file_no, respondent_id, data_row, s, e, try_strptime(s, $1::VARCHAR[]) AS ts,
                  try_strptime(e, $1::VARCHAR[]) AS te
           FROM survey_dates_{n} WHERE list_contains($2::INTEGER[], file_no))
SELECT file_no, count(*) FILTER (WHERE s IS NOT NULL AND ts IS NULL),
       arg_min(s, data_row) FILTER (WHERE s IS NOT NULL AND ts IS NULL),
       arg_min(respondent_id, data_row) FILTER (WHERE s IS NOT NULL AND ts IS NULL),
       count(*) FILTER (WHERE e IS NOT NULL AND te IS NULL),
       arg_min(e, data_row) FILTER (WHERE e IS NOT NULL AND te IS NULL),
       arg_min(respondent_id, data_row) FILTER (WHERE e IS NOT NULL AND te IS NULL),
       count(*) FILTER (WHERE te < ts),
       arg_min(respondent_id, data_row) FILTER (WHERE te < ts),
       arg_min(s, data_row) FILTER (WHERE te < ts),
       arg_min(e, data_row) FILTER (WHERE te < ts)
FROM p GROUP BY file_no;

-- name: first_quarantined
-- each file's first answer held back (by column, then respondent): respondent, column index, cell as read
SELECT file_no, respondent_id, column_index, cell FROM (
    SELECT q.file_no, i.respondent_id, q.column_index, q.cell FROM (
        SELECT file_no, data_row, unnest([{indexes}]) AS column_index, unnest([{cells}]) AS cell
        FROM survey_respondent_rows_{n}) AS q
    JOIN survey_held_back_{n} AS h ON h.file_no = q.file_no AND h.column_index = q.column_index AND h.cell = q.cell
    JOIN survey_index_{n} AS i ON i.file_no = q.file_no AND i.data_row = q.data_row)
QUALIFY row_number() OVER (PARTITION BY file_no ORDER BY column_index, respondent_id) = 1;

-- name: drop_staged
DROP VIEW IF EXISTS survey_respondent_rows_{n};
DROP VIEW IF EXISTS survey_dates_{n};
DROP TABLE IF EXISTS survey_skip_{n};
DROP TABLE IF EXISTS survey_index_{n};
DROP {kind} IF EXISTS survey_file_{n};

-- A batch of checked extracts, written in ONE transaction: one statement per table.

-- name: respondents_of_chunk
-- {order}: ORDER BY file_no, data_row when the rows are split by file (kept); nothing when one
-- large extract's rows are streamed into the warehouse (no sort of a million rows)
-- the respondents of the chunk's files {files} (the parse stage keeps them; the load adds each
-- extract's keys); started, ended: per file, from its date formats
SELECT file_no, respondent_id, data_row AS row_number, {started} AS started_at, {ended} AS ended_at
FROM survey_dates_{n} WHERE file_no IN ({files}) {order}

-- name: insert_respondents
-- rows: a large extract's respondents, streamed from its file (respondents_of_chunk);
-- $1 inspection_id, $2 survey, $3 source_sha256: the extract's
INSERT INTO staging.survey_respondents (inspection_id, survey, respondent_id, row_number, started_at, ended_at, source_sha256)
SELECT $1, $2, respondent_id, row_number, started_at, ended_at, $3 FROM ({rows});

-- name: cells_of_chunk
-- the non-empty cells of each file's question columns ({wanted}: file_no, column_index; the load
-- adds the extract's SHA-256)
SELECT q.file_no, q.data_row AS row_number, q.column_index, q.cell FROM (
    SELECT file_no, data_row, unnest([{indexes}]) AS column_index, unnest([{cells}]) AS cell
    FROM survey_respondent_rows_{n}) AS q
SEMI JOIN (VALUES {wanted}) AS w(file_no, column_index) ON w.file_no = q.file_no AND w.column_index = q.column_index
WHERE q.cell IS NOT NULL AND q.cell <> '' {order}

-- name: insert_kept_respondents
-- the respondents the parse stage kept, of every such extract of the batch, its keys beside them
INSERT INTO staging.survey_respondents (inspection_id, survey, respondent_id, row_number, started_at, ended_at, source_sha256)
SELECT inspection_id, survey, respondent_id, row_number, started_at, ended_at, source_sha256 FROM survey_respondents_frame;

-- name: insert_kept_cells
INSERT INTO staging.survey_cells (source_sha256, row_number, column_index, cell)
SELECT source_sha256, row_number, column_index, cell FROM survey_cells_frame;

-- name: insert_cells
-- rows: a large extract's cells, streamed from its file (cells_of_chunk); $1 source_sha256
INSERT INTO staging.survey_cells (source_sha256, row_number, column_index, cell)
SELECT $1, row_number, column_index, cell FROM ({rows});

-- name: insert_survey_files
INSERT INTO raw.survey_files (source_sha256, source_file, byte_size, file_format, inspection_id, survey, run_id, loaded_at)
SELECT source_sha256, source_file, byte_size, file_format, inspection_id, survey, $1, now() FROM survey_files_frame;

-- name: insert_columns
INSERT INTO staging.survey_columns BY NAME SELECT * FROM survey_columns_frame;

-- name: insert_answer_values
INSERT INTO staging.survey_answer_values BY NAME SELECT * FROM survey_answer_map;

-- name: insert_results
INSERT INTO staging.survey_results BY NAME SELECT * FROM survey_results_frame;

-- name: insert_data_quality
INSERT INTO staging.survey_data_quality BY NAME SELECT * FROM survey_dq_frame;

-- name: insert_quarantined
-- the answers held back of the batch's extracts listed in $2 (those that have some)
INSERT INTO ops.quarantined_answers (run_id, source_file, source_sha256, inspection_id, survey, respondent_id,
                                     column_index, column_header, question_code, answer_text, reason, recorded_at)
SELECT $1, f.source_file, f.source_sha256, f.inspection_id, f.survey, p.respondent_id, x.column_index, c.column_header,
       c.question_code, v.answer_text, v.reason, now()
FROM staging.survey_cells AS x
JOIN staging.survey_answer_values AS v
  ON v.source_sha256 = x.source_sha256 AND v.column_index = x.column_index AND v.cell = x.cell
JOIN staging.survey_columns AS c
  ON c.source_sha256 = x.source_sha256 AND c.column_index = x.column_index AND c.question_code = v.question_code
JOIN staging.survey_respondents AS p ON p.source_sha256 = x.source_sha256 AND p.row_number = x.row_number
JOIN raw.survey_files AS f ON f.source_sha256 = x.source_sha256
WHERE list_contains($2::VARCHAR[], x.source_sha256) AND list_contains($2::VARCHAR[], v.source_sha256)
  AND v.reason IS NOT NULL;
