-- Survey extracts (flows/ingest_surveys.py). The tables a pandera model declares (respondents, columns,
-- results, data quality, ops.quarantined_answers: schemas/survey_tables.py) are created by
-- warehouse/ddl.py; these are the ones loaded by SQL alone.
-- raw: one row per distinct survey file loaded (by content). The respondent rows themselves are
-- in staging (every cell, mapped or not, is kept in staging.survey_answers).
CREATE TABLE IF NOT EXISTS raw.survey_files (
    source_sha256 VARCHAR PRIMARY KEY,
    source_file   VARCHAR NOT NULL,
    byte_size     BIGINT  NOT NULL,
    file_format   VARCHAR NOT NULL,          -- e.g. csv utf-8 ',' / csv cp1252 ';' / xlsx
    inspection_id VARCHAR NOT NULL,
    survey        VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,
    loaded_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (inspection_id, survey)
);

-- Every non-blank question cell of every respondent, as read (lean: a million respondents are
-- millions of cells). What a cell means is in survey_answer_values; detail.survey_answers joins them.
CREATE TABLE IF NOT EXISTS staging.survey_cells (
    source_sha256 VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,             -- staging.survey_respondents.row_number
    column_index INTEGER NOT NULL,
    cell VARCHAR NOT NULL
);

-- One row per extract x scaled question column x distinct cell: the answer on the scale it is
-- (through a codebook for numeric codes), or why it is not one (then it is quarantined).
CREATE TABLE IF NOT EXISTS staging.survey_answer_values (
    source_sha256 VARCHAR NOT NULL,
    column_index INTEGER NOT NULL,
    question_code VARCHAR NOT NULL,
    cell VARCHAR NOT NULL,                   -- as read
    answer_text VARCHAR,                     -- trimmed; null for a cell of spaces
    answer VARCHAR,
    answer_ordinal INTEGER,
    is_positive BOOLEAN,
    is_negative BOOLEAN,
    reason VARCHAR                           -- not null: not on the scale (quarantined)
);

-- detail: answer-level views, queried in the warehouse but not published as marts (a release
-- exports aggregates; the answers stay in staging).
CREATE SCHEMA IF NOT EXISTS detail;

-- ref: the survey question catalogue (reference/surveys.csv, survey_scales.csv,
-- survey_questions.csv), refreshed by every survey ingest.
CREATE TABLE IF NOT EXISTS ref.surveys (
    survey VARCHAR, survey_name VARCHAR, measure VARCHAR, file_stems VARCHAR
);
CREATE TABLE IF NOT EXISTS ref.survey_scales (
    scale VARCHAR, ordinal BIGINT, answer VARCHAR
);
CREATE TABLE IF NOT EXISTS ref.survey_questions (
    catalogue_seq BIGINT, question_code VARCHAR, survey VARCHAR, scale VARCHAR, question_text VARCHAR,
    positive_answers VARCHAR, negative_answers VARCHAR, header_variants VARCHAR,
    report_phrases VARCHAR, negative_report_phrases VARCHAR
);
