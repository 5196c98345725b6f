-- Column comments of every mart view: the data dictionary (`inspections docs`).
-- Applied after every view exists (views are re-created each run, which drops comments).
-- tests/test_data_dictionary.py fails on a mart column without a comment: add it here.

-- mart.case_sample_windows
COMMENT ON COLUMN mart.case_sample_windows.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.case_sample_windows.window_seq IS 'Order of the window within the inspection (1-based).';
COMMENT ON COLUMN mart.case_sample_windows.starts_on IS 'First sentence or licence start date in the window.';
COMMENT ON COLUMN mart.case_sample_windows.ends_on IS 'Last sentence or licence start date in the window.';
COMMENT ON COLUMN mart.case_sample_windows.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';
COMMENT ON COLUMN mart.case_sample_windows.source_line IS 'Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).';
COMMENT ON COLUMN mart.case_sample_windows.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';

-- mart.caseload
COMMENT ON COLUMN mart.caseload.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.caseload.community_sentences IS 'People on community sentences at the announcement date.';
COMMENT ON COLUMN mart.caseload.post_release_supervision IS 'People on post-release supervision at the announcement date.';
COMMENT ON COLUMN mart.caseload.custody IS 'People in custody awaiting release at the announcement date.';
COMMENT ON COLUMN mart.caseload.region_caseload IS 'Caseload of the whole region, when stated.';
COMMENT ON COLUMN mart.caseload.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.caseload.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.caseload.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.caseload.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.caseload.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';
COMMENT ON COLUMN mart.caseload.source_line IS 'Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).';
COMMENT ON COLUMN mart.caseload.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.caseload.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.caseload.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.caseload.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';

-- mart.data_quality
COMMENT ON COLUMN mart.data_quality.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.data_quality.rule IS 'Rule checked (ref.quality_rules): consistency rules score_sum, max_score, rating_band, body_rating, pdu_match, foreword_rating; completeness rules standard_section, standard_rating, key_question_count, strengths_present, improvements_present, recommendations_present, recommendation_addressee, published_in_framework, unknown_label, unsorted_bullets, inspection_field; text_decoding (bytes that were not text were replaced or removed, with their offsets).'; 
COMMENT ON COLUMN mart.caseload.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';
COMMENT ON COLUMN mart.data_quality.subject IS 'What was checked (score, a standard code, the unit name).';
COMMENT ON COLUMN mart.data_quality.expected IS 'Value the rule expects.';
COMMENT ON COLUMN mart.data_quality.observed IS 'Value found in the report.';
COMMENT ON COLUMN mart.data_quality.passed IS 'True when the report agrees with the rule (for a check the warehouse also makes: when both passed, see mart.rule_checks.sources_agree).';
COMMENT ON COLUMN mart.data_quality.detail IS 'What was compared and what was found.';
COMMENT ON COLUMN mart.data_quality.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.data_quality.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.data_quality.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.data_quality.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.data_quality.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.data_quality.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.data_quality.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.data_quality.severity IS 'Severity of a failed check (reference/quality_rules.csv): error = the report contradicts itself, cannot be attached to a PDU, or an expected fact is missing; warning = a fact is doubtful or differs from a rule inspectors may set aside by discretion; info = noted only.';

-- mart.findings
COMMENT ON COLUMN mart.findings.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.findings.standard_code IS 'Standard whose section the bullet is in.';
COMMENT ON COLUMN mart.findings.subsection IS 'Subsection heading the bullet sits under, when there is one.';
COMMENT ON COLUMN mart.findings.kind IS 'strength or improvement (Strengths or Areas for improvement).';
COMMENT ON COLUMN mart.findings.seq IS 'Order of the bullet within its standard, subsection and kind (1-based).';
COMMENT ON COLUMN mart.findings.text IS 'Text as printed (bullets and numbering removed).';
COMMENT ON COLUMN mart.findings.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.findings.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.findings.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.findings.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.findings.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';
COMMENT ON COLUMN mart.findings.source_line IS 'Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).';
COMMENT ON COLUMN mart.findings.comparison_key IS 'Comparison key of the standard (mart.framework_standards, reference/standard_comparability.csv): rows compare across frameworks only on the same key.';
COMMENT ON COLUMN mart.findings.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.findings.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.findings.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.findings.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';
COMMENT ON COLUMN mart.findings.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';

-- mart.framework_standards
COMMENT ON COLUMN mart.framework_standards.framework_code IS 'Inspection framework code (mart.frameworks).';
COMMENT ON COLUMN mart.framework_standards.standard_code IS 'Standard number within its framework (e.g. 2.1).';
COMMENT ON COLUMN mart.framework_standards.standard_name IS 'Standard name as the framework names it.';
COMMENT ON COLUMN mart.framework_standards.domain IS 'Domain (group of standards) of the framework the standard belongs to.';
COMMENT ON COLUMN mart.framework_standards.rated IS 'True when the standard gets a rating.';
COMMENT ON COLUMN mart.framework_standards.banded IS 'True when the rating follows the band of the lowest key-question percentage.';
COMMENT ON COLUMN mart.framework_standards.key_questions IS 'Number of key questions of the standard.';
COMMENT ON COLUMN mart.framework_standards.comparison_key IS 'Standards of different frameworks with the same key are the same standard and may be compared; a standard without a listed key gets framework:code and is compared only within its framework.';
COMMENT ON COLUMN mart.framework_standards.comparable_with IS 'Standards of other frameworks with the same comparison key ("framework code"), a list; null when none.';
COMMENT ON COLUMN mart.framework_standards.comparability_note IS 'Why the standard is or is not comparable across frameworks.';

-- mart.frameworks
COMMENT ON COLUMN mart.frameworks.framework_code IS 'Inspection framework code (mart.frameworks).';
COMMENT ON COLUMN mart.frameworks.framework_name IS 'Name of the framework.';
COMMENT ON COLUMN mart.frameworks.inspected_unit IS 'What is inspected: PDU, provider, region or national.';
COMMENT ON COLUMN mart.frameworks.published_from IS 'First publication date of reports under the framework.';
COMMENT ON COLUMN mart.frameworks.published_to IS 'Last publication date of reports under the framework (null when open).';
COMMENT ON COLUMN mart.frameworks.rated_standards IS 'Number of rated standards (null when not yet known).';
COMMENT ON COLUMN mart.frameworks.max_score IS 'Maximum overall score: 3 x rated standards (0 when unrated).';
COMMENT ON COLUMN mart.frameworks.standards_listed IS 'Number of the framework''s standards in the reference data.';
COMMENT ON COLUMN mart.frameworks.inspections IS 'Number of inspections loaded under the framework.';
COMMENT ON COLUMN mart.frameworks.note IS 'What is known, assumed or not yet checked about the framework.';

-- mart.inspection_field_sources
COMMENT ON COLUMN mart.inspection_field_sources.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.inspection_field_sources.field IS 'Column of mart.inspections.';
COMMENT ON COLUMN mart.inspection_field_sources.source_line IS 'Line of the raw report file the field was read from.';
COMMENT ON COLUMN mart.inspection_field_sources.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';
COMMENT ON COLUMN mart.inspection_field_sources.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';

-- mart.inspections
COMMENT ON COLUMN mart.inspections.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.inspections.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.inspections.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.inspections.pdu_name IS 'PDU name in the reference data.';
COMMENT ON COLUMN mart.inspections.region_code IS 'nDelius code of the probation region (e.g. N51).';
COMMENT ON COLUMN mart.inspections.region_name IS 'Region named in the report, else the PDU''s region in the reference data.';
COMMENT ON COLUMN mart.inspections.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.inspections.published_on_source IS 'Where published_on was read: text (the title block''s month), time-element or meta (a web page''s <time> element or date meta tag), given (a date passed in by a caller of the parser; the pipeline never does), file-name (the YYYY-MM in the file name: the fallback when the report states no date).';
COMMENT ON COLUMN mart.inspections.fieldwork_started_on IS 'First day of inspection fieldwork, when printed.';
COMMENT ON COLUMN mart.inspections.overall_rating IS 'Overall rating printed on the ratings page.';
COMMENT ON COLUMN mart.inspections.score IS 'Overall score printed on the ratings page (sum of the rated standards'' points).';
COMMENT ON COLUMN mart.inspections.max_score IS 'Maximum score printed on the ratings page.';
COMMENT ON COLUMN mart.inspections.cases_inspected IS 'Number of cases the inspectors examined.';
COMMENT ON COLUMN mart.inspections.practitioner_interviews IS 'Number of practitioners interviewed (case-manager interviews).';
COMMENT ON COLUMN mart.inspections.lead_inspector IS 'Lead inspector named in the report.';
COMMENT ON COLUMN mart.inspections.source_file IS 'Raw report file the inspection was loaded from.';
COMMENT ON COLUMN mart.inspections.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';
COMMENT ON COLUMN mart.inspections.source_line IS 'Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).';
COMMENT ON COLUMN mart.inspections.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.inspections.fields_found IS 'Completeness checks passed (mart.data_quality rows of a completeness rule): the expected facts found.';
COMMENT ON COLUMN mart.inspections.fields_expected IS 'Completeness checks made for the inspection''s framework: the facts expected.';
COMMENT ON COLUMN mart.inspections.completeness IS 'fields_found / fields_expected (1 = every expected fact found).';
COMMENT ON COLUMN mart.inspections.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';

-- mart.key_question_benchmarks
COMMENT ON COLUMN mart.key_question_benchmarks.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.key_question_benchmarks.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.key_question_benchmarks.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.key_question_benchmarks.region_code IS 'Region of the inspection''s PDU (reference data); null when the PDU is unknown.';
COMMENT ON COLUMN mart.key_question_benchmarks.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.key_question_benchmarks.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.key_question_benchmarks.standard_code IS 'Standard number within its framework (e.g. 2.1).';
COMMENT ON COLUMN mart.key_question_benchmarks.standard_name IS 'Standard name as the framework names it.';
COMMENT ON COLUMN mart.key_question_benchmarks.theme IS 'Key-question theme (safety, desistance, engagement, court, outcomes).';
COMMENT ON COLUMN mart.key_question_benchmarks.comparison_key IS 'Comparison key of the standard (mart.framework_standards): key questions compare only with the same comparison key and theme.';
COMMENT ON COLUMN mart.key_question_benchmarks.pct_yes IS 'Percentage of inspected cases judged sufficient on the key question.';
COMMENT ON COLUMN mart.key_question_benchmarks.in_benchmark IS 'True when the row is in the benchmark population: the latest comparable key question of its PDU (and no successor PDU has a later one).';
COMMENT ON COLUMN mart.key_question_benchmarks.national_n IS 'Number of inspections in the national benchmark population.';
COMMENT ON COLUMN mart.key_question_benchmarks.national_mean_pct IS 'Mean pct_yes of the national benchmark population.';
COMMENT ON COLUMN mart.key_question_benchmarks.national_median_pct IS 'Median pct_yes of the national benchmark population (continuous).';
COMMENT ON COLUMN mart.key_question_benchmarks.national_q1_pct IS 'First quartile of pct_yes, national (quantile_cont 0.25, linear interpolation).';
COMMENT ON COLUMN mart.key_question_benchmarks.national_q3_pct IS 'Third quartile of pct_yes, national (quantile_cont 0.75, linear interpolation).';
COMMENT ON COLUMN mart.key_question_benchmarks.national_rank IS 'Rank in the national population, 1 = highest pct_yes, ties share the best rank; null outside the population.';
COMMENT ON COLUMN mart.key_question_benchmarks.national_percentile IS '100 x percent_rank in the national population: 100 x (values below) / (n - 1); 0 when n = 1; null outside the population.';
COMMENT ON COLUMN mart.key_question_benchmarks.regional_n IS 'Number of inspections in the regional benchmark population.';
COMMENT ON COLUMN mart.key_question_benchmarks.regional_mean_pct IS 'Mean pct_yes of the regional benchmark population.';
COMMENT ON COLUMN mart.key_question_benchmarks.regional_median_pct IS 'Median pct_yes of the regional benchmark population (continuous).';
COMMENT ON COLUMN mart.key_question_benchmarks.regional_q1_pct IS 'First quartile of pct_yes, regional (quantile_cont 0.25).';
COMMENT ON COLUMN mart.key_question_benchmarks.regional_q3_pct IS 'Third quartile of pct_yes, regional (quantile_cont 0.75).';
COMMENT ON COLUMN mart.key_question_benchmarks.regional_rank IS 'Rank in the regional population, 1 = highest pct_yes; null outside the population.';
COMMENT ON COLUMN mart.key_question_benchmarks.regional_percentile IS '100 x percent_rank in the regional population; null outside the population.';
COMMENT ON COLUMN mart.key_question_benchmarks.previous_inspection_id IS 'Previous comparable inspection: the PDU''s (or a predecessor PDU''s) latest earlier inspection with the same comparison key and theme.';
COMMENT ON COLUMN mart.key_question_benchmarks.previous_published_on IS 'Publication date of the previous comparable inspection.';
COMMENT ON COLUMN mart.key_question_benchmarks.previous_pct_yes IS 'pct_yes of the same key question in the previous comparable inspection.';
COMMENT ON COLUMN mart.key_question_benchmarks.change_from_previous_pct IS 'pct_yes minus previous_pct_yes, in percentage points; null without a previous comparable inspection.';
COMMENT ON COLUMN mart.key_question_benchmarks.benchmark_framework_codes IS 'Frameworks of the inspections in the national benchmark population (a list).';
COMMENT ON COLUMN mart.key_question_benchmarks.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.key_question_benchmarks.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.key_question_benchmarks.previous_framework_code IS 'Framework code of the PDU''s latest earlier inspection with a standard of the same comparison key.';

-- mart.key_questions
COMMENT ON COLUMN mart.key_questions.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.key_questions.standard_code IS 'Standard number within its framework (e.g. 2.1).';
COMMENT ON COLUMN mart.key_questions.theme IS 'Key-question theme (safety, desistance, engagement, court, outcomes).';
COMMENT ON COLUMN mart.key_questions.question_text IS 'Key question as printed.';
COMMENT ON COLUMN mart.key_questions.pct_yes IS 'Percentage of inspected cases judged sufficient on the key question.';
COMMENT ON COLUMN mart.key_questions.standard_name IS 'Standard name as the framework names it.';
COMMENT ON COLUMN mart.key_questions.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.key_questions.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.key_questions.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.key_questions.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.key_questions.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';
COMMENT ON COLUMN mart.key_questions.source_line IS 'Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).';
COMMENT ON COLUMN mart.key_questions.comparison_key IS 'Comparison key of the standard (mart.framework_standards, reference/standard_comparability.csv): rows compare across frameworks only on the same key.';
COMMENT ON COLUMN mart.key_questions.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.key_questions.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.key_questions.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.key_questions.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';
COMMENT ON COLUMN mart.key_questions.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';

-- mart.limiting_rules
COMMENT ON COLUMN mart.limiting_rules.framework_code IS 'Inspection framework code (mart.frameworks).';
COMMENT ON COLUMN mart.limiting_rules.rule_code IS 'Name of the rule.';
COMMENT ON COLUMN mart.limiting_rules.condition_standards IS 'Standards whose rating triggers the rule (a list).';
COMMENT ON COLUMN mart.limiting_rules.condition_rating IS 'Rating of any condition standard that triggers the rule.';
COMMENT ON COLUMN mart.limiting_rules.limited_standard IS 'Standard whose rating the rule limits.';
COMMENT ON COLUMN mart.limiting_rules.ruled_out_ratings IS 'Ratings the limited standard cannot have when the rule is triggered (a list).';
COMMENT ON COLUMN mart.limiting_rules.reason IS 'The rule in words.';

-- mart.load_ledger
COMMENT ON COLUMN mart.load_ledger.run_id IS 'Run that saw the file.';
COMMENT ON COLUMN mart.load_ledger.input_kind IS 'Kind of input: report, survey, or other (a path directly under raw/ that is not reports/ or surveys/).';
COMMENT ON COLUMN mart.load_ledger.source_file IS 'Input file, relative to the raw folder''s parent.';
COMMENT ON COLUMN mart.load_ledger.source_sha256 IS 'SHA-256 of the file''s content; null when it could not be read.';
COMMENT ON COLUMN mart.load_ledger.status IS 'loaded, already loaded, or rejected.';
COMMENT ON COLUMN mart.load_ledger.reason IS 'One-line reason for a rejection (or the earlier file with the same content).';
COMMENT ON COLUMN mart.load_ledger.inspection_id IS 'Inspection loaded from the file, when loaded.';
COMMENT ON COLUMN mart.load_ledger.recorded_at IS 'When the outcome was recorded.';

-- mart.pdu_latest
COMMENT ON COLUMN mart.pdu_latest.pdu_code IS 'nDelius code of the current PDU (all 108).';
COMMENT ON COLUMN mart.pdu_latest.pdu_name IS 'PDU name in the reference data.';
COMMENT ON COLUMN mart.pdu_latest.region_code IS 'nDelius code of the probation region (e.g. N51).';
COMMENT ON COLUMN mart.pdu_latest.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.pdu_latest.inspection_status IS 'inspected (its own latest inspection), inspected as predecessor (the latest inspection is of a superseded PDU it succeeds) or not inspected.';
COMMENT ON COLUMN mart.pdu_latest.latest_inspection_id IS 'Latest inspection of the PDU or of a PDU it succeeds; null when not inspected.';
COMMENT ON COLUMN mart.pdu_latest.inspected_pdu_code IS 'PDU code the latest inspection is attached to (differs from pdu_code when it was a predecessor).';
COMMENT ON COLUMN mart.pdu_latest.latest_published_on IS 'Publication date of the latest inspection.';
COMMENT ON COLUMN mart.pdu_latest.overall_rating IS 'Overall rating of the latest inspection.';
COMMENT ON COLUMN mart.pdu_latest.score IS 'Score of the latest inspection.';
COMMENT ON COLUMN mart.pdu_latest.max_score IS 'Maximum score of the latest inspection''s framework.';
COMMENT ON COLUMN mart.pdu_latest.leadership_rating IS 'Rating of the standard with comparison key leadership (1.1 Leadership) in the latest inspection.';
COMMENT ON COLUMN mart.pdu_latest.staffing_rating IS 'Rating of the standard with comparison key staffing (1.2 Staff / Staffing).';
COMMENT ON COLUMN mart.pdu_latest.services_rating IS 'Rating of the standard with comparison key services (1.3 Services).';
COMMENT ON COLUMN mart.pdu_latest.information_facilities_rating IS 'Rating of 1.4 Information and facilities; null when the framework lacks it (2023-2025).';
COMMENT ON COLUMN mart.pdu_latest.court_work_rating IS 'Rating of 2.1 Court work; null when the framework lacks it (2023-2025: court work moved to regional inspections).';
COMMENT ON COLUMN mart.pdu_latest.assessment_rating IS 'Rating of the Assessment standard (2.2 in 2021-2023, 2.1 in 2023-2025).';
COMMENT ON COLUMN mart.pdu_latest.planning_rating IS 'Rating of the Planning standard (2.3 in 2021-2023, 2.2 in 2023-2025).';
COMMENT ON COLUMN mart.pdu_latest.implementation_delivery_rating IS 'Rating of the Implementation and delivery standard (2.4 in 2021-2023, 2.3 in 2023-2025).';
COMMENT ON COLUMN mart.pdu_latest.reviewing_rating IS 'Rating of the Reviewing standard (2.5 in 2021-2023, 2.4 in 2023-2025).';
COMMENT ON COLUMN mart.pdu_latest.previous_inspection_id IS 'The inspection before the latest (of the PDU or a predecessor); null when none.';
COMMENT ON COLUMN mart.pdu_latest.previous_published_on IS 'Publication date of the previous inspection.';
COMMENT ON COLUMN mart.pdu_latest.previous_overall_rating IS 'Overall rating of the previous inspection.';
COMMENT ON COLUMN mart.pdu_latest.direction_of_change IS 'improved, declined or unchanged (overall rating points, same framework only); not comparable when the frameworks differ; first inspection; null when not inspected.';
COMMENT ON COLUMN mart.pdu_latest.note IS 'Why the row is not the plain case: an inspection of a predecessor PDU, or a framework change; null otherwise.';
COMMENT ON COLUMN mart.pdu_latest.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.pdu_latest.previous_framework_code IS 'Framework code of the PDU''s latest earlier inspection with a standard of the same comparison key.';
COMMENT ON COLUMN mart.pdu_latest.score_pct IS 'score / max_score of the latest inspection, as a percentage (0-100).';

-- mart.pdu_successors
COMMENT ON COLUMN mart.pdu_successors.superseded_pdu_code IS 'Code of the PDU that was merged or split.';
COMMENT ON COLUMN mart.pdu_successors.superseded_pdu_name IS 'Name of the superseded PDU.';
COMMENT ON COLUMN mart.pdu_successors.successor_pdu_code IS 'Code of a current PDU that took over (part of) its area.';
COMMENT ON COLUMN mart.pdu_successors.successor_pdu_name IS 'Name of the successor PDU.';
COMMENT ON COLUMN mart.pdu_successors.region_code IS 'Region of the superseded PDU.';
COMMENT ON COLUMN mart.pdu_successors.superseded_on IS 'First day the superseded code was no longer in force (first of the month of the change).';
COMMENT ON COLUMN mart.pdu_successors.change_note IS 'The change as recorded in the reference data (which LDU went where).';

-- mart.pdus
COMMENT ON COLUMN mart.pdus.pdu_code IS 'nDelius PDU code.';
COMMENT ON COLUMN mart.pdus.pdu_name IS 'PDU name in the reference data.';
COMMENT ON COLUMN mart.pdus.region_code IS 'nDelius code of the probation region (e.g. N51).';
COMMENT ON COLUMN mart.pdus.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.pdus.status IS 'current (one of the 108 PDUs as of mid-2025) or superseded.';
COMMENT ON COLUMN mart.pdus.superseded_on IS 'For a superseded PDU: first day its code was no longer in force; null when current.';
COMMENT ON COLUMN mart.pdus.successor_pdu_codes IS 'For a superseded PDU: its successor codes (a list).';
COMMENT ON COLUMN mart.pdus.predecessor_pdu_codes IS 'For a current PDU: the superseded PDUs it took over (part of), a list.';
COMMENT ON COLUMN mart.pdus.aliases IS 'Other spellings of the name seen in other systems and report titles (a list).';
COMMENT ON COLUMN mart.pdus.inspections IS 'Number of inspections loaded under this code.';
COMMENT ON COLUMN mart.pdus.source IS 'Public source of the reference facts (repository@commit:path).';

-- mart.rating_bands
COMMENT ON COLUMN mart.rating_bands.framework_code IS 'Inspection framework code (mart.frameworks).';
COMMENT ON COLUMN mart.rating_bands.rating IS 'Rating: Outstanding, Good, Requires improvement or Inadequate.';
COMMENT ON COLUMN mart.rating_bands.rating_points IS 'Points of the rating (Inadequate 0 to Outstanding 3).';
COMMENT ON COLUMN mart.rating_bands.band_min_pct IS 'Lowest key-question percentage of the band.';
COMMENT ON COLUMN mart.rating_bands.band_max_pct IS 'Highest key-question percentage of the band.';

-- mart.rating_consistency
COMMENT ON COLUMN mart.rating_consistency.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.rating_consistency.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.rating_consistency.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.rating_consistency.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.rating_consistency.subject IS 'What is checked: score, max_score, or a standard code.';
COMMENT ON COLUMN mart.rating_consistency.subject_name IS 'Standard name, for a standard check.';
COMMENT ON COLUMN mart.rating_consistency.expected IS 'Value the framework''s rules give (recomputed sum, framework maximum, band of the lowest key question, or the ratings a limiting rule allows).';
COMMENT ON COLUMN mart.rating_consistency.lowest_pct IS 'For rating_band: the lowest key-question percentage of the standard.';
COMMENT ON COLUMN mart.rating_consistency.detail IS 'What was compared and what was found.';
COMMENT ON COLUMN mart.rating_consistency.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.rating_consistency.observed IS 'Value found in the report (as printed).';
COMMENT ON COLUMN mart.rating_consistency.passed IS 'True when the report agrees with the rule (for a check both sources make: when both passed).';
COMMENT ON COLUMN mart.rating_consistency.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.rating_consistency.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.rating_consistency.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.rating_consistency.rule IS 'Rule checked: score_sum, max_score, rating_band, body_rating, pdu_match or limiting_rule (reference/quality_rules.csv says what each means).';
COMMENT ON COLUMN mart.rating_consistency.severity IS 'error (the report contradicts itself or cannot be attached to a PDU) or warning (a rating differs from a rule inspectors may set aside by discretion); reference/quality_rules.csv.';
COMMENT ON COLUMN mart.rating_consistency.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';

-- mart.recommendation_themes
COMMENT ON COLUMN mart.recommendation_themes.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.recommendation_themes.seq IS 'Order of the item within its list in the report (1-based).';
COMMENT ON COLUMN mart.recommendation_themes.theme IS 'A theme whose pattern matches the recommendation (reference/recommendation_themes.csv), or other when none does.';
COMMENT ON COLUMN mart.recommendation_themes.theme_priority IS 'Priority of the theme (lower wins the primary theme); null for other.';
COMMENT ON COLUMN mart.recommendation_themes.is_primary IS 'True for the theme shown in mart.recommendations.theme.';
COMMENT ON COLUMN mart.recommendation_themes.addressee IS 'Who the recommendation is for: PDU, Region or HMPPS.';
COMMENT ON COLUMN mart.recommendation_themes.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.recommendation_themes.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.recommendation_themes.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.recommendation_themes.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.recommendation_themes.text IS 'Recommendation text as printed.';
COMMENT ON COLUMN mart.recommendation_themes.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.recommendation_themes.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.recommendation_themes.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.recommendation_themes.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';
COMMENT ON COLUMN mart.recommendation_themes.source_line IS 'Line of the raw report file the row was read from (1-based).';
COMMENT ON COLUMN mart.recommendation_themes.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';

-- mart.recommendations
COMMENT ON COLUMN mart.recommendations.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.recommendations.seq IS 'Order of the item within its list in the report (1-based).';
COMMENT ON COLUMN mart.recommendations.addressee IS 'Who the recommendation is for: PDU, Region, HMPPS or Other (reference/report_vocabulary.csv); null when no addressee line precedes it.';
COMMENT ON COLUMN mart.recommendations.addressee_text IS 'Addressee as printed (e.g. Cumbria PDU, North West region).';
COMMENT ON COLUMN mart.recommendations.text IS 'Text as printed (bullets and numbering removed).';
COMMENT ON COLUMN mart.recommendations.theme IS 'Primary theme: the matching pattern of reference/recommendation_themes.csv with the lowest priority number, else ''other''. All themes: mart.recommendation_themes.';
COMMENT ON COLUMN mart.recommendations.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.recommendations.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.recommendations.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.recommendations.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.recommendations.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';
COMMENT ON COLUMN mart.recommendations.source_line IS 'Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).';
COMMENT ON COLUMN mart.recommendations.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.recommendations.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.recommendations.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.recommendations.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';
COMMENT ON COLUMN mart.recommendations.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';

-- mart.region_summary
COMMENT ON COLUMN mart.region_summary.region_code IS 'nDelius code of the probation region (e.g. N51).';
COMMENT ON COLUMN mart.region_summary.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.region_summary.pdus IS 'Number of current PDUs in the region.';
COMMENT ON COLUMN mart.region_summary.pdus_inspected IS 'Current PDUs with a latest inspection (their own or a predecessor''s).';
COMMENT ON COLUMN mart.region_summary.pdus_not_inspected IS 'Current PDUs without any inspection loaded.';
COMMENT ON COLUMN mart.region_summary.latest_inspections IS 'Distinct latest inspections of the region''s PDUs (one inspection of a split PDU counts once).';
COMMENT ON COLUMN mart.region_summary.rated_outstanding IS 'Latest inspections rated Outstanding overall.';
COMMENT ON COLUMN mart.region_summary.rated_good IS 'Latest inspections rated Good overall.';
COMMENT ON COLUMN mart.region_summary.rated_requires_improvement IS 'Latest inspections rated Requires improvement overall.';
COMMENT ON COLUMN mart.region_summary.rated_inadequate IS 'Latest inspections rated Inadequate overall.';
COMMENT ON COLUMN mart.region_summary.weakest_theme IS 'Key-question theme with the lowest mean pct_yes over the latest inspections (ties: alphabetical).';
COMMENT ON COLUMN mart.region_summary.weakest_theme_mean_pct IS 'Mean pct_yes of the weakest theme.';
COMMENT ON COLUMN mart.region_summary.strongest_theme IS 'Key-question theme with the highest mean pct_yes.';
COMMENT ON COLUMN mart.region_summary.strongest_theme_mean_pct IS 'Mean pct_yes of the strongest theme.';
COMMENT ON COLUMN mart.region_summary.framework_codes IS 'Frameworks of the latest inspections (a list).';
COMMENT ON COLUMN mart.region_summary.mean_score_pct IS 'Mean of score / max_score over the latest inspections, as a percentage (0-100); comparable across frameworks only as a share.';

-- mart.regions
COMMENT ON COLUMN mart.regions.region_code IS 'nDelius code of the probation region (e.g. N51).';
COMMENT ON COLUMN mart.regions.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.regions.current_pdus IS 'Number of current PDUs in the region.';
COMMENT ON COLUMN mart.regions.superseded_pdus IS 'Number of superseded PDUs in the region.';
COMMENT ON COLUMN mart.regions.inspections IS 'Number of inspections loaded of PDUs (current or superseded) in the region.';
COMMENT ON COLUMN mart.regions.source IS 'Public source of the reference facts (repository@commit:path).';

-- mart.standard_ratings
COMMENT ON COLUMN mart.standard_ratings.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.standard_ratings.standard_code IS 'Standard number within its framework (e.g. 2.1).';
COMMENT ON COLUMN mart.standard_ratings.standard_name IS 'Standard name as the framework names it.';
COMMENT ON COLUMN mart.standard_ratings.domain IS 'Domain (group of standards) of the framework the standard belongs to.';
COMMENT ON COLUMN mart.standard_ratings.rating IS 'Rating printed for the standard; null for an unrated standard (2.6 Outcomes).';
COMMENT ON COLUMN mart.standard_ratings.rating_points IS 'Points of the rating (Inadequate 0 to Outstanding 3); null when unrated.';
COMMENT ON COLUMN mart.standard_ratings.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.standard_ratings.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.standard_ratings.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.standard_ratings.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.standard_ratings.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';
COMMENT ON COLUMN mart.standard_ratings.source_line IS 'Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).';
COMMENT ON COLUMN mart.standard_ratings.comparison_key IS 'Comparison key of the standard (mart.framework_standards, reference/standard_comparability.csv): rows compare across frameworks only on the same key.';
COMMENT ON COLUMN mart.standard_ratings.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.standard_ratings.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.standard_ratings.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.standard_ratings.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';
COMMENT ON COLUMN mart.standard_ratings.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';

-- mart.stated_figures
COMMENT ON COLUMN mart.stated_figures.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.stated_figures.seq IS 'Order of the item within its list in the report (1-based).';
COMMENT ON COLUMN mart.stated_figures.section IS 'Section of the report the sentence is in.';
COMMENT ON COLUMN mart.stated_figures.standard_code IS 'Standard whose section the sentence is in, when it is in one.';
COMMENT ON COLUMN mart.stated_figures.subsection IS 'Subsection heading, when there is one.';
COMMENT ON COLUMN mart.stated_figures.pct IS 'The percentage stated, as a number.';
COMMENT ON COLUMN mart.stated_figures.pct_text IS 'The percentage as printed (e.g. 61%).';
COMMENT ON COLUMN mart.stated_figures.measure IS 'What the percentage counts (reference/stated_figure_measures.csv), e.g. case_sample, staff_survey.';
COMMENT ON COLUMN mart.stated_figures.sentence IS 'The sentence stating the percentage.';
COMMENT ON COLUMN mart.stated_figures.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.stated_figures.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.stated_figures.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.stated_figures.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.stated_figures.source_sha256 IS 'SHA-256 of the raw report file the row was read from.';
COMMENT ON COLUMN mart.stated_figures.source_line IS 'Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).';
COMMENT ON COLUMN mart.stated_figures.comparison_key IS 'Comparison key of the standard (mart.framework_standards, reference/standard_comparability.csv): rows compare across frameworks only on the same key.';
COMMENT ON COLUMN mart.stated_figures.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.stated_figures.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.stated_figures.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.stated_figures.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';

-- mart.key_question_changes
COMMENT ON COLUMN mart.key_question_changes.comparable IS 'True when both inspections have this key question under a standard of this comparison key.';
COMMENT ON COLUMN mart.key_question_changes.comparison_key IS 'Comparison key of the standard (mart.framework_standards, reference/standard_comparability.csv): rows compare across frameworks only on the same key.';
COMMENT ON COLUMN mart.key_question_changes.latest_framework_code IS 'Framework code of the PDU''s latest inspection.';
COMMENT ON COLUMN mart.key_question_changes.latest_inspection_id IS 'Inspection key of the PDU''s latest inspection.';
COMMENT ON COLUMN mart.key_question_changes.latest_pct_yes IS 'pct_yes of the key question in the PDU''s latest inspection (0-100).';
COMMENT ON COLUMN mart.key_question_changes.latest_published_on IS 'Publication date of the PDU''s latest inspection.';
COMMENT ON COLUMN mart.key_question_changes.latest_question_text IS 'Key-question text in the PDU''s latest inspection.';
COMMENT ON COLUMN mart.key_question_changes.latest_source_file IS 'Report file of the PDU''s latest inspection''s fact (with source_line: where to read it).';
COMMENT ON COLUMN mart.key_question_changes.latest_source_line IS 'Line of that report file the fact was read from (1-based).';
COMMENT ON COLUMN mart.key_question_changes.pct_change IS 'latest_pct_yes - previous_pct_yes in percentage points; null unless comparable.';
COMMENT ON COLUMN mart.key_question_changes.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.key_question_changes.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.key_question_changes.previous_framework_code IS 'Framework code of the PDU''s latest earlier inspection with a standard of the same comparison key.';
COMMENT ON COLUMN mart.key_question_changes.previous_inspection_id IS 'Inspection key of the PDU''s latest earlier inspection with a standard of the same comparison key; null when there is none.';
COMMENT ON COLUMN mart.key_question_changes.previous_pct_yes IS 'pct_yes of the key question in the PDU''s latest earlier inspection with a standard of the same comparison key (0-100).';
COMMENT ON COLUMN mart.key_question_changes.previous_published_on IS 'Publication date of the PDU''s latest earlier inspection with a standard of the same comparison key.';
COMMENT ON COLUMN mart.key_question_changes.previous_question_text IS 'Key-question text in the PDU''s latest earlier inspection with a standard of the same comparison key.';
COMMENT ON COLUMN mart.key_question_changes.previous_source_file IS 'Report file of the PDU''s latest earlier inspection with a standard of the same comparison key''s fact (with source_line: where to read it).';
COMMENT ON COLUMN mart.key_question_changes.previous_source_line IS 'Line of that report file the fact was read from (1-based).';
COMMENT ON COLUMN mart.key_question_changes.reason IS 'Why the row is not comparable; null when comparable.';
COMMENT ON COLUMN mart.key_question_changes.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.key_question_changes.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.key_question_changes.standard_name IS 'Name of the standard (the latest inspection''s, else the previous one''s).';
COMMENT ON COLUMN mart.key_question_changes.theme IS 'Key-question theme (safety, desistance, engagement, court, outcomes).';

-- mart.rule_checks
COMMENT ON COLUMN mart.rule_checks.checked_by IS 'Which sources made the check: parser (staging.data_quality), warehouse (mart.rating_consistency) or both.';
COMMENT ON COLUMN mart.rule_checks.comparison_key IS 'Comparison key of the standard (mart.framework_standards, reference/standard_comparability.csv): rows compare across frameworks only on the same key.';
COMMENT ON COLUMN mart.rule_checks.detail IS 'What was compared and what was found.';
COMMENT ON COLUMN mart.rule_checks.expected IS 'Value the rule expects (recomputed sum, framework maximum, band of the lowest key question, the ratings a limiting rule allows, one PDU code).';
COMMENT ON COLUMN mart.rule_checks.framework_code IS 'Inspection framework code (mart.frameworks), e.g. pdu-2021 or pdu-2023.';
COMMENT ON COLUMN mart.rule_checks.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.rule_checks.observed IS 'Value found in the report (as printed).';
COMMENT ON COLUMN mart.rule_checks.passed IS 'True when the report agrees with the rule (for a check both sources make: when both passed).';
COMMENT ON COLUMN mart.rule_checks.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.rule_checks.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.rule_checks.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.rule_checks.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.rule_checks.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.rule_checks.rule IS 'Rule checked: score_sum, max_score, rating_band, body_rating, pdu_match or limiting_rule (reference/quality_rules.csv says what each means).';
COMMENT ON COLUMN mart.rule_checks.severity IS 'error (the report contradicts itself or cannot be attached to a PDU) or warning (a rating differs from a rule inspectors may set aside by discretion); reference/quality_rules.csv.';
COMMENT ON COLUMN mart.rule_checks.source_file IS 'Report file the row was read from, as the load ledger names it (its raw folder and the file, e.g. raw/reports/x.txt); with source_line: where to read the fact.';
COMMENT ON COLUMN mart.rule_checks.sources_agree IS 'For a check both sources make: whether they reached the same result; null when only one made it.';
COMMENT ON COLUMN mart.rule_checks.subject IS 'What was checked: score, max_score, a standard code, or the unit name.';
COMMENT ON COLUMN mart.rule_checks.subject_name IS 'Name of the standard checked, when the subject is a standard.';
COMMENT ON COLUMN mart.rule_checks.unit_name IS 'Unit named in the report title, as printed.';

-- mart.standard_changes
COMMENT ON COLUMN mart.standard_changes.comparable IS 'True when both inspections have a standard with this comparison key (the pair is of the same standard).';
COMMENT ON COLUMN mart.standard_changes.comparison_key IS 'Comparison key of the standard (mart.framework_standards, reference/standard_comparability.csv): rows compare across frameworks only on the same key.';
COMMENT ON COLUMN mart.standard_changes.court_pct_change IS 'latest_court_pct - previous_court_pct in percentage points; null unless comparable.';
COMMENT ON COLUMN mart.standard_changes.desistance_pct_change IS 'latest_desistance_pct - previous_desistance_pct in percentage points; null unless comparable.';
COMMENT ON COLUMN mart.standard_changes.direction_of_change IS 'improved, declined or unchanged (rating points); null unless comparable and both rated.';
COMMENT ON COLUMN mart.standard_changes.engagement_pct_change IS 'latest_engagement_pct - previous_engagement_pct in percentage points; null unless comparable.';
COMMENT ON COLUMN mart.standard_changes.latest_court_pct IS 'pct_yes of the court key question (court work) in the latest inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.latest_desistance_pct IS 'pct_yes of the desistance key question (supporting desistance) in the latest inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.latest_engagement_pct IS 'pct_yes of the engagement key question (engaging the person on probation) in the latest inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.latest_framework_code IS 'Framework code of the PDU''s latest inspection.';
COMMENT ON COLUMN mart.standard_changes.latest_inspection_id IS 'Inspection key of the PDU''s latest inspection.';
COMMENT ON COLUMN mart.standard_changes.latest_outcomes_pct IS 'pct_yes of the outcomes key question (outcomes) in the latest inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.latest_published_on IS 'Publication date of the PDU''s latest inspection.';
COMMENT ON COLUMN mart.standard_changes.latest_rating IS 'Rating of the standard in the PDU''s latest inspection (null when unrated or absent).';
COMMENT ON COLUMN mart.standard_changes.latest_rating_points IS 'Points of that rating (Inadequate 0 ... Outstanding 3).';
COMMENT ON COLUMN mart.standard_changes.latest_safety_pct IS 'pct_yes of the safety key question (keeping other people safe) in the latest inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.latest_source_file IS 'Report file of the PDU''s latest inspection''s fact (with source_line: where to read it).';
COMMENT ON COLUMN mart.standard_changes.latest_source_line IS 'Line of that report file the fact was read from (1-based).';
COMMENT ON COLUMN mart.standard_changes.latest_standard_code IS 'Code of the standard with this comparison key in the PDU''s latest inspection (null when it has none); codes differ across frameworks.';
COMMENT ON COLUMN mart.standard_changes.outcomes_pct_change IS 'latest_outcomes_pct - previous_outcomes_pct in percentage points; null unless comparable.';
COMMENT ON COLUMN mart.standard_changes.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.standard_changes.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.standard_changes.points_change IS 'latest_rating_points - previous_rating_points; null unless comparable and both rated.';
COMMENT ON COLUMN mart.standard_changes.previous_court_pct IS 'pct_yes of the court key question (court work) in the previous inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.previous_desistance_pct IS 'pct_yes of the desistance key question (supporting desistance) in the previous inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.previous_engagement_pct IS 'pct_yes of the engagement key question (engaging the person on probation) in the previous inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.previous_framework_code IS 'Framework code of the PDU''s latest earlier inspection with a standard of the same comparison key.';
COMMENT ON COLUMN mart.standard_changes.previous_inspection_id IS 'Inspection key of the PDU''s latest earlier inspection with a standard of the same comparison key; null when there is none.';
COMMENT ON COLUMN mart.standard_changes.previous_outcomes_pct IS 'pct_yes of the outcomes key question (outcomes) in the previous inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.previous_published_on IS 'Publication date of the PDU''s latest earlier inspection with a standard of the same comparison key.';
COMMENT ON COLUMN mart.standard_changes.previous_rating IS 'Rating of the standard in the PDU''s latest earlier inspection with a standard of the same comparison key (null when unrated or absent).';
COMMENT ON COLUMN mart.standard_changes.previous_rating_points IS 'Points of that rating (Inadequate 0 ... Outstanding 3).';
COMMENT ON COLUMN mart.standard_changes.previous_safety_pct IS 'pct_yes of the safety key question (keeping other people safe) in the previous inspection of the pair (0-100).';
COMMENT ON COLUMN mart.standard_changes.previous_source_file IS 'Report file of the PDU''s latest earlier inspection with a standard of the same comparison key''s fact (with source_line: where to read it).';
COMMENT ON COLUMN mart.standard_changes.previous_source_line IS 'Line of that report file the fact was read from (1-based).';
COMMENT ON COLUMN mart.standard_changes.previous_standard_code IS 'Code of the standard with this comparison key in the PDU''s latest earlier inspection with a standard of the same comparison key (null when it has none); codes differ across frameworks.';
COMMENT ON COLUMN mart.standard_changes.reason IS 'Why the row is not comparable (the latest framework lacks the standard, a first inspection, only a predecessor PDU''s inspection); null when comparable.';
COMMENT ON COLUMN mart.standard_changes.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.standard_changes.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.standard_changes.safety_pct_change IS 'latest_safety_pct - previous_safety_pct in percentage points; null unless comparable.';
COMMENT ON COLUMN mart.standard_changes.standard_name IS 'Name of the standard (the latest inspection''s, else the previous one''s).';
COMMENT ON COLUMN mart.stated_figures.source_location IS 'Where that line is in the file: ''page N'' for a PDF, ''html:<XPath>'' (the element) for a web page; null for a text file.';
