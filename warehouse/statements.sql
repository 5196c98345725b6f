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
