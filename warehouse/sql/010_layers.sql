-- Layers of the warehouse: raw (files as read) -> staging (typed, validated facts) -> mart (public contract).
-- ref holds the reference data (refreshed every run); ops holds the run records.
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS ref;
CREATE SCHEMA IF NOT EXISTS ops;
CREATE SCHEMA IF NOT EXISTS mart;

-- raw: one row per distinct report file loaded (by content), with its text as read.
CREATE TABLE IF NOT EXISTS raw.report_files (
    source_sha256 VARCHAR PRIMARY KEY,
    source_file   VARCHAR NOT NULL,
    byte_size     BIGINT  NOT NULL,
    content       VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,
    loaded_at     TIMESTAMPTZ NOT NULL
);

-- ops: every input file seen by every run, with what became of it.
CREATE TABLE IF NOT EXISTS ops.load_ledger (
    run_id        VARCHAR NOT NULL,
    input_kind    VARCHAR NOT NULL,          -- report
    source_file   VARCHAR NOT NULL,
    source_sha256 VARCHAR,                   -- null when the file could not be read at all
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'already loaded', 'rejected')),
    reason        VARCHAR,
    inspection_id VARCHAR,
    recorded_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS ops.runs (
    run_id      VARCHAR PRIMARY KEY,
    raw_dir     VARCHAR NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
