-- staging: the fact tables of each report as parsed and validated (schemas/report_tables.py).
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

-- warehouses created before PDF and web-page reports: the provenance and date-source columns
ALTER TABLE staging.inspection ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.case_sample_windows ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.standard_ratings ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.key_questions ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.recommendations ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.findings ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.caseload ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.stated_figures ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.inspection_field_sources ADD COLUMN IF NOT EXISTS source_location VARCHAR;
ALTER TABLE staging.inspection ADD COLUMN IF NOT EXISTS published_on_source VARCHAR;
-- a warehouse made before the severity column gets it (rows loaded then have none)
ALTER TABLE staging.data_quality ADD COLUMN IF NOT EXISTS severity VARCHAR;
