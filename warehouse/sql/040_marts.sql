-- mart: the public contract. Views over staging and ref; column names are stable.
-- Grain of each view is stated in its COMMENT.
-- A fact mart takes its fact table's columns from the table (its pandera model, schemas/, is the
-- one declaration: x.* EXCLUDE the provenance), then what it adds, then the inspection's context
-- (staging.inspection_context), then the provenance. mart.caseload and
-- mart.inspection_field_sources list their columns: their order differs from the table's.

CREATE OR REPLACE VIEW mart.inspections AS
SELECT
    i.inspection_id, i.unit_name, i.pdu_code, p.pdu_name, p.region_code,
    coalesce(i.region_name, p.region_name) AS region_name,
    i.published_on, i.fieldwork_started_on, i.overall_rating, i.score, i.max_score,
    i.cases_inspected, i.practitioner_interviews, i.lead_inspector, i.framework AS framework_code,
    c.fields_found, c.fields_expected, round(c.fields_found / nullif(c.fields_expected, 0), 3) AS completeness,
    i.source_file, i.source_sha256, i.source_line, i.source_location, i.published_on_source
FROM staging.inspection AS i
LEFT JOIN (
    -- completeness: the completeness checks (ref.quality_rules kind 'completeness') passed / made
    SELECT d.inspection_id, count(*) FILTER (WHERE d.passed) AS fields_found, count(*) AS fields_expected
    FROM staging.data_quality AS d JOIN ref.quality_rules AS q ON q.rule = d.rule AND q.kind = 'completeness'
    GROUP BY d.inspection_id
) AS c USING (inspection_id)
LEFT JOIN (
    SELECT pdu_code, pdu_name, region_code, region_name FROM ref.pdus
    UNION ALL
    SELECT pdu_code, pdu_name, region_code, region_name FROM ref.superseded_pdus
) AS p USING (pdu_code);
COMMENT ON VIEW mart.inspections IS 'One row per inspection report loaded.';

CREATE OR REPLACE VIEW staging.inspection_context AS
-- what every fact mart carries of its inspection, in this order, after the fact's own columns
-- (i.* EXCLUDE (inspection_id) in each view): the one list of these columns
SELECT inspection_id, pdu_code, pdu_name, unit_name, region_code, region_name, published_on, framework_code,
       source_file
FROM mart.inspections;

-- the comparison key of a framework's standard (ref.standard_comparability; a standard not listed
-- there is comparable only within its own framework: '<framework>:<code>'): the one rule, used
-- by every mart that carries comparison_key
CREATE OR REPLACE MACRO staging.comparison_key(of_framework, of_standard) AS
    coalesce((SELECT c.comparison_key FROM ref.standard_comparability AS c
               WHERE c.framework_code = of_framework AND c.standard_code = of_standard),
             of_framework || ':' || of_standard);

CREATE OR REPLACE VIEW mart.case_sample_windows AS
SELECT * FROM staging.case_sample_windows;
COMMENT ON VIEW mart.case_sample_windows IS 'One row per inspection x window of sentence/licence start dates the case sample was drawn from.';

CREATE OR REPLACE VIEW mart.standard_ratings AS
SELECT
    s.* EXCLUDE (source_sha256, source_line, source_location),
    staging.comparison_key(i.framework_code, s.standard_code) AS comparison_key,
    i.* EXCLUDE (inspection_id), s.source_sha256, s.source_line, s.source_location
FROM staging.standard_ratings AS s
JOIN staging.inspection_context AS i USING (inspection_id);
COMMENT ON VIEW mart.standard_ratings IS 'One row per inspection x standard of its framework; rating is null for an unrated standard (2.6 Outcomes).';

CREATE OR REPLACE VIEW mart.key_questions AS
SELECT
    k.* EXCLUDE (source_sha256, source_line, source_location),
    s.standard_name, staging.comparison_key(i.framework_code, k.standard_code) AS comparison_key,
    i.* EXCLUDE (inspection_id), k.source_sha256, k.source_line, k.source_location
FROM staging.key_questions AS k
JOIN staging.inspection_context AS i USING (inspection_id)
LEFT JOIN staging.standard_ratings AS s USING (inspection_id, standard_code);
COMMENT ON VIEW mart.key_questions IS 'One row per inspection x key question (standard_code, theme): the percentage of inspected cases judged sufficient.';

CREATE OR REPLACE VIEW mart.recommendations AS
SELECT r.* EXCLUDE (source_sha256, source_line, source_location),
       -- primary theme: the matching ref.recommendation_themes pattern of lowest priority
       -- number (then name), else 'other'; every matching theme is in mart.recommendation_themes.
       -- Matched at load time (staging.recommendation_theme_matches, sql/027).
       coalesce(t.theme, 'other') AS theme,
       i.* EXCLUDE (inspection_id), r.source_sha256, r.source_line, r.source_location
FROM staging.recommendations AS r
JOIN staging.inspection_context AS i USING (inspection_id)
LEFT JOIN staging.recommendation_theme_matches AS t
       ON t.inspection_id = r.inspection_id AND t.seq = r.seq AND t.is_primary;
COMMENT ON VIEW mart.recommendations IS 'One row per inspection x recommendation (numbered, or bulleted and counted in order); addressee is PDU, Region, HMPPS or Other (addressee_text as printed); theme is its primary theme (all themes: mart.recommendation_themes).';

CREATE OR REPLACE VIEW mart.findings AS
SELECT f.* EXCLUDE (source_sha256, source_line, source_location),
       staging.comparison_key(i.framework_code, f.standard_code) AS comparison_key,
       i.* EXCLUDE (inspection_id), f.source_sha256, f.source_line, f.source_location
FROM staging.findings AS f
JOIN staging.inspection_context AS i USING (inspection_id);
COMMENT ON VIEW mart.findings IS 'One row per bullet under Strengths or Areas for improvement: inspection x standard x subsection x kind x seq.';

CREATE OR REPLACE VIEW mart.caseload AS
SELECT c.inspection_id, c.community_sentences, c.post_release_supervision, c.custody, c.region_caseload,
       i.* EXCLUDE (inspection_id), c.source_sha256, c.source_line, c.source_location
FROM staging.caseload AS c
JOIN staging.inspection_context AS i USING (inspection_id);
COMMENT ON VIEW mart.caseload IS 'One row per inspection: caseload at the date the inspection was announced.';

CREATE OR REPLACE VIEW mart.stated_figures AS
SELECT f.* EXCLUDE (source_sha256, source_line, source_location),
       CASE WHEN f.standard_code IS NOT NULL
            THEN staging.comparison_key(i.framework_code, f.standard_code) END AS comparison_key,
       i.* EXCLUDE (inspection_id), f.source_sha256, f.source_line, f.source_location
FROM staging.stated_figures AS f
JOIN staging.inspection_context AS i USING (inspection_id);
COMMENT ON VIEW mart.stated_figures IS 'One row per percentage the report text states, with its sentence and what it counts (measure).';

CREATE OR REPLACE VIEW mart.inspection_field_sources AS
SELECT inspection_id, field, source_line, source_sha256, source_location FROM staging.inspection_field_sources;
COMMENT ON VIEW mart.inspection_field_sources IS 'One row per inspection x field of mart.inspections: the source line it was read from.';

-- mart.data_quality (the parser's checks) is defined with mart.rule_checks in 068_rule_checks.sql.

CREATE OR REPLACE VIEW mart.load_ledger AS
SELECT run_id, input_kind, source_file, source_sha256, status, reason, inspection_id, recorded_at
FROM ops.load_ledger;
COMMENT ON VIEW mart.load_ledger IS 'One row per input file per run: loaded, already loaded, or rejected with the reason.';
