-- Survey extracts (flows/ingest_surveys.py; contracts in schemas/survey_tables.py).
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

-- Respondent IDs are unique per extract: checked before loading (a key index would cost more
-- than the load of a million respondents).
CREATE TABLE IF NOT EXISTS staging.survey_respondents (
    inspection_id VARCHAR NOT NULL,
    survey VARCHAR NOT NULL,
    respondent_id VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,             -- the respondent's data row in the extract (header rows not counted)
    started_at TIMESTAMP,
    ended_at TIMESTAMP,
    source_sha256 VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS staging.survey_columns (
    inspection_id VARCHAR NOT NULL,
    survey VARCHAR NOT NULL,
    column_index INTEGER NOT NULL,
    column_header VARCHAR NOT NULL,
    question_code VARCHAR,                   -- null: a column the catalogue does not know (kept, reported)
    source_sha256 VARCHAR NOT NULL
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

CREATE TABLE IF NOT EXISTS staging.survey_results (
    inspection_id VARCHAR NOT NULL,
    survey VARCHAR NOT NULL,
    question_code VARCHAR NOT NULL,
    respondents INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    positive INTEGER NOT NULL,
    negative INTEGER NOT NULL,
    pct_positive DOUBLE,
    pct_negative DOUBLE,
    ci_low DOUBLE,
    ci_high DOUBLE,
    suppressed BOOLEAN NOT NULL,
    min_answers INTEGER NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    PRIMARY KEY (inspection_id, survey, question_code)
);

-- One row per extract x data-quality finding: rows not counted as respondents (totals,
-- averages, blank rows), dates too ambiguous to load, decoded codes, header layout read.
CREATE TABLE IF NOT EXISTS staging.survey_data_quality (
    inspection_id VARCHAR NOT NULL,
    survey VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    issue VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    row_count BIGINT
);

-- detail: answer-level views, queried in the warehouse but not published as marts (a release
-- exports aggregates; the answers stay in staging).
CREATE SCHEMA IF NOT EXISTS detail;

-- ops: answers outside their question's scale, held back from the load of their file.
CREATE TABLE IF NOT EXISTS ops.quarantined_answers (
    run_id VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    inspection_id VARCHAR NOT NULL,
    survey VARCHAR NOT NULL,
    respondent_id VARCHAR NOT NULL,
    column_index INTEGER NOT NULL,
    column_header VARCHAR NOT NULL,
    question_code VARCHAR NOT NULL,
    answer_text VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);

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
