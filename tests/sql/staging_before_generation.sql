-- The staging tables as warehouse/sql/020_staging.sql and 025_survey_staging.sql declared them
-- by hand before the pandera models became their one declaration (warehouse/ddl.py): a
-- warehouse made by an earlier version has these. tests/test_table_declarations.py checks that
-- the generated DDL makes the same columns and types, and that prepare() brings such a
-- warehouse up to date. A fixture: nothing at run time reads it.

CREATE TABLE IF NOT EXISTS staging.inspection (
    inspection_id VARCHAR PRIMARY KEY,
    unit_name VARCHAR NOT NULL,
    pdu_code VARCHAR,
    region_name VARCHAR,
    published_on DATE NOT NULL,
    published_on_source VARCHAR NOT NULL,
    fieldwork_started_on DATE,
    overall_rating VARCHAR NOT NULL,
    score INTEGER NOT NULL,
    max_score INTEGER NOT NULL,
    cases_inspected INTEGER,
    practitioner_interviews INTEGER,
    lead_inspector VARCHAR,
    framework VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR
);

CREATE TABLE IF NOT EXISTS staging.case_sample_windows (
    inspection_id VARCHAR NOT NULL,
    window_seq INTEGER NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR,
    PRIMARY KEY (inspection_id, window_seq)
);

CREATE TABLE IF NOT EXISTS staging.standard_ratings (
    inspection_id VARCHAR NOT NULL,
    standard_code VARCHAR NOT NULL,
    standard_name VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,
    rating VARCHAR,
    rating_points INTEGER,
    source_sha256 VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR,
    PRIMARY KEY (inspection_id, standard_code)
);

CREATE TABLE IF NOT EXISTS staging.key_questions (
    inspection_id VARCHAR NOT NULL,
    standard_code VARCHAR NOT NULL,
    theme VARCHAR NOT NULL,
    question_text VARCHAR NOT NULL,
    pct_yes DOUBLE NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR,
    PRIMARY KEY (inspection_id, standard_code, theme)
);

CREATE TABLE IF NOT EXISTS staging.recommendations (
    inspection_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    addressee VARCHAR NOT NULL,
    addressee_text VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR,
    PRIMARY KEY (inspection_id, seq)
);

CREATE TABLE IF NOT EXISTS staging.findings (
    inspection_id VARCHAR NOT NULL,
    standard_code VARCHAR NOT NULL,
    subsection VARCHAR,
    kind VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR
);

CREATE TABLE IF NOT EXISTS staging.caseload (
    inspection_id VARCHAR PRIMARY KEY,
    region_caseload INTEGER,
    community_sentences INTEGER,
    post_release_supervision INTEGER,
    custody INTEGER,
    source_sha256 VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR
);

CREATE TABLE IF NOT EXISTS staging.stated_figures (
    inspection_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    section VARCHAR NOT NULL,
    standard_code VARCHAR,
    subsection VARCHAR,
    pct DOUBLE NOT NULL,
    pct_text VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    sentence VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR,
    PRIMARY KEY (inspection_id, seq)
);

CREATE TABLE IF NOT EXISTS staging.inspection_field_sources (
    inspection_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_location VARCHAR,
    source_sha256 VARCHAR NOT NULL,
    PRIMARY KEY (inspection_id, field)
);

CREATE TABLE IF NOT EXISTS staging.data_quality (
    inspection_id VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    expected VARCHAR,
    observed VARCHAR,
    passed BOOLEAN NOT NULL,
    detail VARCHAR NOT NULL,
    severity VARCHAR NOT NULL  -- error, warning or info (reference/quality_rules.csv)
);

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

CREATE TABLE IF NOT EXISTS staging.survey_data_quality (
    inspection_id VARCHAR NOT NULL,
    survey VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    issue VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    row_count BIGINT
);

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
