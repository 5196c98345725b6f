-- name: file_loaded
SELECT source_file FROM raw.report_files WHERE source_sha256 = ?;

-- name: inspection_source
SELECT source_file, source_sha256 FROM staging.inspection WHERE inspection_id = ?;

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

-- name: export_parquet
COPY (SELECT * FROM mart.{view}) TO {path} (FORMAT parquet);

-- name: export_csv
COPY (SELECT * FROM mart.{view}) TO {path} (FORMAT csv, HEADER true);

-- name: source_file_count
SELECT count(*) FROM raw.report_files;

-- name: mart_catalog_relations
SELECT view_name AS name, 'view' AS kind, comment FROM duckdb_views() WHERE schema_name = 'mart' AND NOT internal
UNION ALL
SELECT table_name, 'table', comment FROM duckdb_tables() WHERE schema_name = 'mart'
ORDER BY name;

-- name: mart_catalog_columns
SELECT table_name, column_name, data_type, comment, column_index
FROM duckdb_columns() WHERE schema_name = 'mart'
ORDER BY table_name, column_index;

-- name: last_run_id
SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1;

-- Survey extracts (flows/ingest_surveys.py).

-- name: survey_file_loaded
SELECT source_file FROM raw.survey_files WHERE source_sha256 = ?;

-- name: survey_source
SELECT source_file, source_sha256 FROM raw.survey_files WHERE inspection_id = ? AND survey = ?;

-- name: inspection_exists
SELECT count(*) FROM staging.inspection WHERE inspection_id = ?;

-- name: insert_survey_file
INSERT INTO raw.survey_files (source_sha256, source_file, byte_size, file_format, inspection_id, survey, run_id, loaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, now());

-- name: insert_quarantined_answers
INSERT INTO ops.quarantined_answers BY NAME
SELECT ? AS run_id, now() AS recorded_at, * FROM quarantined_frame;

-- name: run_exists
SELECT count(*) FROM ops.runs WHERE run_id = ?;
