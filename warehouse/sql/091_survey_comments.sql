-- Column comments of the survey marts (sql/070_survey_marts.sql): the data dictionary.
-- Applied after the views (re-creating a view drops its comments).

-- mart.survey_results
COMMENT ON COLUMN mart.survey_results.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.survey_results.survey IS 'staff, people_on_probation (User Voice) or sentencers.';
COMMENT ON COLUMN mart.survey_results.question_code IS 'Stable code of the question in the survey catalogue (reference/survey_questions.csv).';
COMMENT ON COLUMN mart.survey_results.question_text IS 'Question text as the catalogue words it (extract headers vary; mart.survey_columns has them).';
COMMENT ON COLUMN mart.survey_results.respondents IS 'Respondents in the extract (rows).';
COMMENT ON COLUMN mart.survey_results.answered IS 'Respondents who gave an answer on the question''s scale (blanks and quarantined answers excluded).';
COMMENT ON COLUMN mart.survey_results.pct_positive IS 'Per cent of answered giving a positive answer (catalogue positive_answers); null when suppressed.';
COMMENT ON COLUMN mart.survey_results.ci_low IS 'Lower bound of the 95% Wilson score interval of pct_positive; null when suppressed.';
COMMENT ON COLUMN mart.survey_results.ci_high IS 'Upper bound of the 95% Wilson score interval of pct_positive; null when suppressed.';
COMMENT ON COLUMN mart.survey_results.suppressed IS 'True when answered < min_answers: percentages and interval are withheld.';
COMMENT ON COLUMN mart.survey_results.report_stated_pct IS 'Percentage the report states for this question (first statement), null when it states none.';
COMMENT ON COLUMN mart.survey_results.agrees_with_report IS 'Computed value (pct_positive, or pct_negative when the report states the negative outcome) rounded to a whole per cent equals report_stated_pct; null when nothing is stated or the value is suppressed.';
COMMENT ON COLUMN mart.survey_results.positive IS 'Answers counted positive.';
COMMENT ON COLUMN mart.survey_results.negative IS 'Answers meaning the negative outcome (catalogue negative_answers).';
COMMENT ON COLUMN mart.survey_results.pct_negative IS 'Per cent of answered giving a negative-outcome answer; null when suppressed.';
COMMENT ON COLUMN mart.survey_results.report_states IS 'positive or negative: which outcome the report''s sentence states (negative: e.g. workload not manageable).';
COMMENT ON COLUMN mart.survey_results.report_statements IS 'Number of report sentences stating a percentage for this question.';
COMMENT ON COLUMN mart.survey_results.report_sentence IS 'The report sentence stating the percentage.';
COMMENT ON COLUMN mart.survey_results.min_answers IS 'Suppression threshold in force when the extract was loaded.';
COMMENT ON COLUMN mart.survey_results.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.survey_results.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.survey_results.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.survey_results.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.survey_results.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.survey_results.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN mart.survey_results.source_file IS 'Survey extract file the row was computed from (relative to the raw folder''s parent).';
COMMENT ON COLUMN mart.survey_results.source_sha256 IS 'SHA-256 of the survey extract file.';

-- mart.survey_reconciliation
COMMENT ON COLUMN mart.survey_reconciliation.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.survey_reconciliation.seq IS 'Order of the stated figure in the report (mart.stated_figures.seq).';
COMMENT ON COLUMN mart.survey_reconciliation.survey IS 'Survey of the stated figure''s measure (reference/surveys.csv).';
COMMENT ON COLUMN mart.survey_reconciliation.question_code IS 'Catalogue question whose report_phrases match the sentence near the percentage; null when none does.';
COMMENT ON COLUMN mart.survey_reconciliation.report_stated_pct IS 'The percentage the report states.';
COMMENT ON COLUMN mart.survey_reconciliation.report_states IS 'positive or negative: which outcome the sentence states.';
COMMENT ON COLUMN mart.survey_reconciliation.computed_pct IS 'The matching computed percentage (pct_positive or pct_negative); null when no extract answers the question or it is suppressed.';
COMMENT ON COLUMN mart.survey_reconciliation.answered IS 'Answers behind computed_pct.';
COMMENT ON COLUMN mart.survey_reconciliation.suppressed IS 'True when the computed percentage is suppressed.';
COMMENT ON COLUMN mart.survey_reconciliation.agrees_with_report IS 'round(computed_pct) = report_stated_pct; null when there is nothing to compare.';
COMMENT ON COLUMN mart.survey_reconciliation.outcome IS 'agrees / disagrees / why there is no comparison.';
COMMENT ON COLUMN mart.survey_reconciliation.section IS 'Section of the report the sentence is in.';
COMMENT ON COLUMN mart.survey_reconciliation.standard_code IS 'Standard whose section the sentence is in, when it is in one.';
COMMENT ON COLUMN mart.survey_reconciliation.pct_text IS 'The percentage as printed.';
COMMENT ON COLUMN mart.survey_reconciliation.sentence IS 'The sentence stating the percentage.';
COMMENT ON COLUMN mart.survey_reconciliation.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN mart.survey_reconciliation.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN mart.survey_reconciliation.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN mart.survey_reconciliation.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN mart.survey_reconciliation.region_name IS 'Probation region name.';
COMMENT ON COLUMN mart.survey_reconciliation.published_on IS 'Publication date of the report (first of the month printed on it).';

-- detail.survey_answers
COMMENT ON COLUMN detail.survey_answers.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN detail.survey_answers.survey IS 'staff, people_on_probation (User Voice) or sentencers.';
COMMENT ON COLUMN detail.survey_answers.respondent_id IS 'Respondent ID as in the extract.';
COMMENT ON COLUMN detail.survey_answers.question_code IS 'Catalogue question code; null for a column the catalogue does not know.';
COMMENT ON COLUMN detail.survey_answers.question_text IS 'Catalogue question text, or the column header when unmapped.';
COMMENT ON COLUMN detail.survey_answers.column_index IS 'Position of the column in the extract (1-based).';
COMMENT ON COLUMN detail.survey_answers.column_header IS 'Column header as in the extract.';
COMMENT ON COLUMN detail.survey_answers.answer_text IS 'Answer as given (trimmed); null for a blank cell.';
COMMENT ON COLUMN detail.survey_answers.answer IS 'The answer as the scale spells it; null for free text, unmapped columns and blanks.';
COMMENT ON COLUMN detail.survey_answers.answer_ordinal IS 'Position of the answer on its scale (reference/survey_scales.csv; higher is more positive, 0 = don''t know / prefer not to say).';
COMMENT ON COLUMN detail.survey_answers.is_positive IS 'The answer counts as positive for the question.';
COMMENT ON COLUMN detail.survey_answers.is_negative IS 'The answer means the negative outcome for the question.';
COMMENT ON COLUMN detail.survey_answers.started_at IS 'When the respondent started (when the extract has it).';
COMMENT ON COLUMN detail.survey_answers.ended_at IS 'When the respondent finished (when the extract has it).';
COMMENT ON COLUMN detail.survey_answers.unit_name IS 'Unit named in the report title, as printed.';
COMMENT ON COLUMN detail.survey_answers.pdu_code IS 'nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).';
COMMENT ON COLUMN detail.survey_answers.pdu_name IS 'PDU name in the reference data (mart.pdus); null when the inspection matched no PDU code.';
COMMENT ON COLUMN detail.survey_answers.region_code IS 'nDelius code of the probation region of the PDU (e.g. N51); null when the PDU is unknown.';
COMMENT ON COLUMN detail.survey_answers.region_name IS 'Probation region name.';
COMMENT ON COLUMN detail.survey_answers.published_on IS 'Publication date of the report (first of the month printed on it).';
COMMENT ON COLUMN detail.survey_answers.source_sha256 IS 'SHA-256 of the survey extract file.';

-- mart.survey_columns
COMMENT ON COLUMN mart.survey_columns.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.survey_columns.survey IS 'staff, people_on_probation (User Voice) or sentencers.';
COMMENT ON COLUMN mart.survey_columns.column_index IS 'Position of the column in the extract (1-based).';
COMMENT ON COLUMN mart.survey_columns.column_header IS 'Column header as in the extract.';
COMMENT ON COLUMN mart.survey_columns.question_code IS 'Catalogue question the header is a variant of; null when unmapped.';
COMMENT ON COLUMN mart.survey_columns.mapped IS 'False for a column the catalogue does not know (its answers are kept in detail.survey_answers).';
COMMENT ON COLUMN mart.survey_columns.question_text IS 'Catalogue question text.';
COMMENT ON COLUMN mart.survey_columns.source_sha256 IS 'SHA-256 of the survey extract file.';

-- mart.quarantined_answers
COMMENT ON COLUMN mart.quarantined_answers.run_id IS 'Run that loaded the file.';
COMMENT ON COLUMN mart.quarantined_answers.source_file IS 'Survey extract file.';
COMMENT ON COLUMN mart.quarantined_answers.source_sha256 IS 'SHA-256 of the survey extract file.';
COMMENT ON COLUMN mart.quarantined_answers.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.quarantined_answers.survey IS 'staff, people_on_probation (User Voice) or sentencers.';
COMMENT ON COLUMN mart.quarantined_answers.respondent_id IS 'Respondent ID as in the extract.';
COMMENT ON COLUMN mart.quarantined_answers.column_index IS 'Position of the column in the extract (1-based).';
COMMENT ON COLUMN mart.quarantined_answers.column_header IS 'Column header as in the extract.';
COMMENT ON COLUMN mart.quarantined_answers.question_code IS 'Catalogue question of the column.';
COMMENT ON COLUMN mart.quarantined_answers.answer_text IS 'The answer as given.';
COMMENT ON COLUMN mart.quarantined_answers.reason IS 'Why it was held back (not on the named scale).';
COMMENT ON COLUMN mart.quarantined_answers.recorded_at IS 'When it was recorded.';

-- mart.survey_questions
COMMENT ON COLUMN mart.survey_questions.question_code IS 'Stable code of the question.';
COMMENT ON COLUMN mart.survey_questions.survey IS 'staff, people_on_probation (User Voice) or sentencers.';
COMMENT ON COLUMN mart.survey_questions.survey_name IS 'Name of the survey.';
COMMENT ON COLUMN mart.survey_questions.scale IS 'Answer scale (reference/survey_scales.csv) or free_text.';
COMMENT ON COLUMN mart.survey_questions.question_text IS 'Question text.';
COMMENT ON COLUMN mart.survey_questions.positive_answers IS 'Answers counted positive (a list).';
COMMENT ON COLUMN mart.survey_questions.negative_answers IS 'Answers meaning the negative outcome (a list).';
COMMENT ON COLUMN mart.survey_questions.header_variants IS 'Column headers seen for the question, a list (matched ignoring case, spacing, curly quotes and a leading question number).';
COMMENT ON COLUMN mart.survey_questions.report_phrases IS 'RE2 regex: a report sentence stating the positive share of this question.';
COMMENT ON COLUMN mart.survey_questions.negative_report_phrases IS 'RE2 regex: a report sentence stating the negative-outcome share.';

-- mart.survey_data_quality
COMMENT ON COLUMN mart.survey_data_quality.inspection_id IS 'Inspection key: unit slug and publication month (e.g. cumbria-2023-07).';
COMMENT ON COLUMN mart.survey_data_quality.survey IS 'staff, people_on_probation (User Voice) or sentencers.';
COMMENT ON COLUMN mart.survey_data_quality.issue IS 'summary rows, header rows, note rows, blank rows (rows not counted as respondents), ambiguous dates, decoded codes, layout, unmapped columns or quarantined answers.';
COMMENT ON COLUMN mart.survey_data_quality.detail IS 'What was found, in words (rows, columns, the two readings of a date).';
COMMENT ON COLUMN mart.survey_data_quality.row_count IS 'How many rows, columns or answers it concerns (null for a layout note).';
COMMENT ON COLUMN mart.survey_data_quality.source_file IS 'Survey extract file.';
COMMENT ON COLUMN mart.survey_data_quality.source_sha256 IS 'SHA-256 of the survey extract file.';
