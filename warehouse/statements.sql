-- The ingest engine's batch look-ups and inserts (flows/engine.py): one statement per batch, not per file.
-- name: files_loaded
SELECT source_sha256, min(source_file) FROM raw.report_files WHERE list_contains(?::VARCHAR[], source_sha256)
GROUP BY source_sha256;

-- name: survey_files_loaded
SELECT source_sha256, min(source_file) FROM raw.survey_files WHERE list_contains(?::VARCHAR[], source_sha256)
GROUP BY source_sha256;

-- name: inspection_sources
SELECT inspection_id, source_file, source_sha256 FROM staging.inspection WHERE list_contains(?::VARCHAR[], inspection_id);

-- name: insert_raw_files
INSERT INTO raw.report_files (source_sha256, source_file, byte_size, content, run_id, loaded_at)
SELECT source_sha256, source_file, byte_size, content, ?, now() FROM raw_files_frame;

-- name: insert_ledger_rows
INSERT INTO ops.load_ledger (run_id, input_kind, source_file, source_sha256, status, reason, inspection_id, recorded_at)
SELECT run_id, input_kind, source_file, source_sha256, status, reason, inspection_id, now() FROM ledger_frame;

-- name: insert_raw_file
INSERT INTO raw.report_files (source_sha256, source_file, byte_size, content, run_id, loaded_at)
VALUES (?, ?, ?, ?, ?, now());

-- name: insert_ledger
INSERT INTO ops.load_ledger (run_id, input_kind, source_file, source_sha256, status, reason, inspection_id, recorded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, now());

-- name: start_run
INSERT INTO ops.runs (run_id, raw_dir, started_at) VALUES (?, ?, now());

-- name: finish_run
UPDATE ops.runs SET finished_at = now() WHERE run_id = ?;

-- Releases and the data dictionary (warehouse/release.py, warehouse/catalog.py).
-- {view} and {path} are filled in by the caller with a quoted identifier / escaped literal.

-- name: checkpoint
CHECKPOINT;

-- name: mart_relations
SELECT table_name FROM information_schema.tables WHERE table_schema = 'mart' ORDER BY table_name;

-- name: count_mart_relation
SELECT count(*) FROM mart.{view};

-- name: select_mart_relation
SELECT * FROM mart.{view};

-- name: parquet_columns
SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({path}));

-- name: export_csv_from_parquet
-- The column list is filled in by the caller, text columns through safe_csv_text (a CSV is derived from the
-- release's Parquet file, never from the view: each mart is evaluated once per publish)
COPY (SELECT {columns} FROM read_parquet({parquet})) TO {path} (FORMAT csv, HEADER true);

-- name: safe_csv_text
-- OWASP CSV injection: a text cell a spreadsheet would run as a formula gets a leading quote
CASE WHEN left({column}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || {column} ELSE {column} END AS {column}

-- name: source_file_count
SELECT count(*) FROM raw.report_files;

-- name: loaded_source_files
SELECT (SELECT count(*) FROM raw.report_files) + (SELECT count(*) FROM raw.survey_files);

-- name: release_inspections
SELECT inspection_id, unit_name, published_on FROM staging.inspection ORDER BY published_on, inspection_id;

-- name: release_data_quality
-- ? is the list of inspection ids added since the previous release
SELECT rule, count(*) AS checks, count(*) FILTER (WHERE NOT passed) AS failed,
       count(*) FILTER (WHERE NOT passed AND list_contains(?::VARCHAR[], inspection_id)) AS failed_in_added
FROM staging.data_quality GROUP BY rule ORDER BY rule;

-- Fingerprints of the warehouse's content (warehouse/fingerprint.py).

-- name: fingerprint_generation
SELECT run_id FROM ops.runs ORDER BY started_at, run_id LIMIT 1;

-- name: fingerprint_tables
SELECT schema_name, table_name FROM duckdb_tables()
WHERE database_name = current_database() AND NOT internal AND NOT temporary ORDER BY 1, 2;

-- name: fingerprint_table_content
SELECT count(*), bit_xor(hash(t)) FROM {table} AS t;

-- name: fingerprint_table_count
SELECT count(*) FROM {table};

-- name: fingerprint_views
SELECT schema_name, view_name, sql, comment FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal ORDER BY 1, 2;

-- name: fingerprint_macros
SELECT schema_name, function_name, macro_definition FROM duckdb_functions()
WHERE database_name = current_database() AND function_type = 'macro' AND NOT internal ORDER BY 1, 2;

-- name: fingerprint_columns
SELECT schema_name, table_name, column_name, data_type, comment FROM duckdb_columns()
WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index;

-- name: mart_catalog_relations
SELECT view_name AS name, 'view' AS kind, comment FROM duckdb_views() WHERE schema_name = 'mart' AND NOT internal
UNION ALL
SELECT table_name, 'table', comment FROM duckdb_tables() WHERE schema_name = 'mart'
ORDER BY name;

-- name: mart_catalog_columns
SELECT table_name, column_name, data_type, comment, column_index
FROM duckdb_columns() WHERE schema_name = 'mart'
ORDER BY table_name, column_index;

-- name: table_columns
-- every base table's columns, for bringing a declared table up to date (warehouse/ddl.py)
SELECT c.schema_name, c.table_name, c.column_name, c.is_nullable, c.comment, t.comment AS table_comment
FROM duckdb_columns() AS c JOIN duckdb_tables() AS t USING (database_oid, schema_oid, table_oid)
WHERE c.database_name = current_database();

-- name: view_columns
-- every column of the mart and detail views, to comment from their declarations (warehouse/ddl.py)
SELECT c.schema_name, c.table_name, c.column_name
FROM duckdb_columns() AS c JOIN duckdb_views() AS v ON v.view_oid = c.table_oid
WHERE c.schema_name IN ('mart', 'detail') AND c.database_name = current_database()
ORDER BY 1, 2, c.column_index;

-- name: last_run_id
SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1;

-- Survey extracts (flows/ingest_surveys.py).

-- name: survey_sources
-- the file each of a batch's (inspection, survey) pairs ($1, $2: lists of the same length) was loaded from
SELECT f.inspection_id, f.survey, f.source_file, f.source_sha256
FROM raw.survey_files AS f JOIN (SELECT unnest($1::VARCHAR[]) AS inspection_id, unnest($2::VARCHAR[]) AS survey) AS k
  USING (inspection_id, survey);

-- name: inspections_dates
SELECT inspection_id, published_on, fieldwork_started_on FROM staging.inspection
WHERE list_contains(?::VARCHAR[], inspection_id);

-- name: insert_quarantined_answers
INSERT INTO ops.quarantined_answers BY NAME
SELECT ? AS run_id, now() AS recorded_at, * FROM quarantined_frame;

-- name: run_exists
SELECT count(*) FROM ops.runs WHERE run_id = ?;

-- The data-quality scoreboard of a run (flows/run_artifacts.py, transforms/run_scoreboard.py).
-- ? is the run id: "this run" columns count what that run loaded.

-- name: scoreboard_extraction
WITH loaded AS (
    SELECT inspection_id FROM ops.load_ledger WHERE run_id = ? AND input_kind = 'report' AND status = 'loaded'
), expected AS (
    SELECT framework_code, count(*) FILTER (WHERE rated) AS rated_standards, sum(key_questions) AS key_questions
    FROM ref.framework_standards GROUP BY framework_code
)
SELECT i.inspection_id, i.source_file, i.framework,
       (SELECT count(*) FROM staging.standard_ratings AS r
         WHERE r.inspection_id = i.inspection_id AND r.rating IS NOT NULL) AS standards_rated,
       e.rated_standards AS standards_expected,
       (SELECT count(*) FROM staging.key_questions AS k
         WHERE k.inspection_id = i.inspection_id AND k.pct_yes IS NOT NULL) AS key_questions_found,
       e.key_questions::INTEGER AS key_questions_expected,
       (i.overall_rating IS NOT NULL)::INTEGER + (i.score IS NOT NULL)::INTEGER + (i.max_score IS NOT NULL)::INTEGER
         + (i.cases_inspected IS NOT NULL)::INTEGER + (i.practitioner_interviews IS NOT NULL)::INTEGER
         + (i.lead_inspector IS NOT NULL)::INTEGER + (i.fieldwork_started_on IS NOT NULL)::INTEGER
         + (i.pdu_code IS NOT NULL)::INTEGER AS headline_fields_found,
       8 AS headline_fields_expected,
       coalesce((SELECT (c.community_sentences IS NOT NULL)::INTEGER + (c.post_release_supervision IS NOT NULL)::INTEGER
                        + (c.custody IS NOT NULL)::INTEGER + (c.region_caseload IS NOT NULL)::INTEGER
                 FROM staging.caseload AS c WHERE c.inspection_id = i.inspection_id), 0) AS caseload_fields_found,
       4 AS caseload_fields_expected,
       (SELECT count(*) FROM staging.recommendations AS r WHERE r.inspection_id = i.inspection_id) AS recommendations
FROM staging.inspection AS i
JOIN loaded USING (inspection_id)
LEFT JOIN expected AS e ON e.framework_code = i.framework
ORDER BY i.inspection_id;

-- name: scoreboard_rules
SELECT rule,
       count(*) AS checks,
       count(*) FILTER (WHERE NOT passed) AS failed,
       count(*) FILTER (WHERE inspection_id IN (SELECT inspection_id FROM ops.load_ledger
                                                WHERE run_id = ? AND input_kind = 'report' AND status = 'loaded')
                          AND NOT passed) AS failed_this_run
FROM staging.data_quality
GROUP BY rule
ORDER BY rule;

-- name: scoreboard_unmatched_pdus
SELECT inspection_id, subject AS unit_name, detail
FROM staging.data_quality
WHERE rule = 'pdu_match' AND NOT passed
ORDER BY inspection_id;

-- name: scoreboard_survey_disagreements
SELECT inspection_id, survey, question_code, report_stated_pct, round(computed_pct, 1) AS computed_pct, pct_text
FROM mart.survey_reconciliation
WHERE outcome = 'disagrees'
ORDER BY inspection_id, seq;

-- name: serialize_sql
SELECT json_serialize_sql(?);

-- Load-time regex matches (sql/027_load_time_matches.sql). $1: the inspections just loaded (a
-- list), or NULL for every inspection (refresh_matches). The rules are the marts' (sql/040, 066, 070).
-- {theme_matches}, {after_negative} ...: regexp_matches(<text>, <the row's pattern>, 'i'), written
-- out by store.py with each reference pattern a constant (compiled once, not on every row).
-- name: match_recommendation_themes
INSERT INTO staging.recommendation_theme_matches
SELECT r.inspection_id, r.seq, t.theme, CAST(t.priority AS INTEGER) AS theme_priority,
       row_number() OVER (PARTITION BY r.inspection_id, r.seq
                          ORDER BY CAST(t.priority AS INTEGER), t.theme) = 1 AS is_primary
FROM staging.recommendations AS r
JOIN ref.recommendation_themes AS t ON {theme_matches}
WHERE CAST($1 AS VARCHAR[]) IS NULL OR list_contains(CAST($1 AS VARCHAR[]), r.inspection_id);

-- A survey percentage is matched to a catalogue question by its phrases
-- (ref.survey_questions.report_phrases / negative_report_phrases, RE2 regexes, case-insensitive),
-- tried on the text after the percentage up to the next percentage in the sentence; only when
-- no question matches there, on the text before it back to the previous percentage. Ties go to
-- the catalogue's order.
-- name: match_stated_figure_questions
INSERT INTO staging.stated_figure_questions
SELECT * FROM (
WITH figures AS (
    SELECT f.inspection_id, f.seq, f.pct_text, f.sentence, s.survey,
           row_number() OVER (PARTITION BY f.inspection_id, f.sentence, f.pct_text ORDER BY f.seq) AS occurrence,
           string_split(f.sentence, f.pct_text) AS parts
    FROM staging.stated_figures AS f
    JOIN ref.surveys AS s USING (measure)
    WHERE CAST($1 AS VARCHAR[]) IS NULL OR list_contains(CAST($1 AS VARCHAR[]), f.inspection_id)
), windows AS (
    SELECT *,
           CASE WHEN len(parts) > occurrence THEN regexp_replace(parts[occurrence + 1],
                '[\w-]+\s?(?:%|per\s?cent|percent).*$', '', 'i') END AS after_text,
           CASE WHEN len(parts) > occurrence THEN regexp_replace(parts[occurrence],
                '^.*(?:%|per\s?cent|percent)', '', 'i') END AS before_text
    FROM figures
), candidates AS (
    SELECT w.inspection_id, w.seq, q.question_code, q.catalogue_seq,
           coalesce({after_negative}, false) AS after_negative,
           coalesce({after_positive}, false) AS after_positive,
           coalesce({before_negative}, false) AS before_negative,
           coalesce({before_positive}, false) AS before_positive
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
)
SELECT inspection_id, seq, question_code,
       CASE WHEN (side = 1 AND after_negative) OR (side = 2 AND before_negative) THEN 'negative'
            ELSE 'positive' END AS report_states
FROM ranked WHERE pick = 1 AND side IS NOT NULL
);

-- The reference rows the matches depend on, as one text (hashed with the match statements).
-- name: match_reference_rows
SELECT concat_ws(chr(10),
    (SELECT string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR))
       FROM (SELECT theme, pattern, priority FROM ref.recommendation_themes) AS t),
    (SELECT string_agg(CAST(s AS VARCHAR), chr(10) ORDER BY CAST(s AS VARCHAR))
       FROM (SELECT survey, measure FROM ref.surveys) AS s),
    (SELECT string_agg(CAST(q AS VARCHAR), chr(10) ORDER BY CAST(q AS VARCHAR))
       FROM (SELECT catalogue_seq, question_code, survey, report_phrases, negative_report_phrases
             FROM ref.survey_questions) AS q)
);

-- name: match_patterns_stored
SELECT fingerprint FROM staging.match_patterns;

-- name: clear_recommendation_theme_matches
DELETE FROM staging.recommendation_theme_matches;

-- name: clear_stated_figure_questions
DELETE FROM staging.stated_figure_questions;

-- name: clear_match_patterns
DELETE FROM staging.match_patterns;

-- name: insert_match_patterns
INSERT INTO staging.match_patterns VALUES ($1);

-- name: prepared_with
-- the fingerprint of what store.prepare last built the warehouse from (store.prepare_fingerprint)
SELECT fingerprint FROM ops.prepared_with;

-- name: create_prepared_with
CREATE TABLE IF NOT EXISTS ops.prepared_with (fingerprint VARCHAR NOT NULL, prepared_at TIMESTAMPTZ NOT NULL);

-- name: clear_prepared_with
DELETE FROM ops.prepared_with;

-- name: insert_prepared_with
INSERT INTO ops.prepared_with VALUES ($1, now());
