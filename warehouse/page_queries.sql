-- The frames of the comparison page (`inspections report`, pictures/), read by
-- warehouse/store.py: page_frames. Same `-- name: x` convention as statements.sql; every
-- query reads the marts (plus ops.runs and raw.report_files for the page's provenance note).
-- "Latest" is mart.pdu_latest's: a current PDU's latest inspection, its own or a predecessor's.

-- name: meta
-- one row: the run the warehouse was built by and what it holds. A synthetic sample report
-- says so on its first page (synth/render.py writes "SYNTHETIC SAMPLE REPORT").
SELECT
    (SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1) AS run_id,
    (SELECT strftime(timezone('UTC', coalesce(finished_at, started_at)), '%Y-%m-%d %H:%M UTC')
       FROM ops.runs ORDER BY started_at DESC LIMIT 1) AS run_at,
    (SELECT count(*) FROM mart.inspections) AS inspections,
    (SELECT count(*) FROM raw.report_files) AS report_files,
    (SELECT count(*) FROM raw.report_files WHERE content LIKE '%SYNTHETIC SAMPLE REPORT%') AS synthetic_report_files,
    (SELECT count(*) FROM mart.pdu_latest) AS current_pdus,
    (SELECT count(*) FROM mart.pdu_latest WHERE inspection_status <> 'not inspected') AS inspected_pdus;

-- name: ratings
-- the rating scale, lowest first (reference/rating_scale.csv)
SELECT rating, min(rating_points) AS rating_points
FROM mart.rating_bands
GROUP BY rating
ORDER BY rating_points, rating;

-- name: pdus
-- every PDU code of the register (current and superseded): what --pdu may name
SELECT pdu_code, pdu_name, region_code, region_name, status
FROM mart.pdus
ORDER BY pdu_code;

-- name: standard_cells
-- one row per inspected current PDU x rated standard of its latest inspection. Standards of
-- different frameworks share a column when they share a comparison key; the column is named
-- after every name the standard has had ("Staff / Staffing") and ordered by its code in the
-- earliest framework that has it.
WITH standard_columns AS (
    SELECT s.comparison_key,
           string_agg(DISTINCT s.standard_name, ' / ' ORDER BY s.standard_name) AS column_name,
           arg_min(s.standard_code, f.published_from) AS first_code,
           min(f.published_from) AS first_from
    FROM mart.framework_standards AS s
    JOIN mart.frameworks AS f USING (framework_code)
    WHERE s.rated
    GROUP BY s.comparison_key
)
SELECT l.pdu_code, l.pdu_name, l.region_code, l.region_name, l.inspection_status,
       l.latest_inspection_id AS inspection_id, l.latest_published_on AS published_on, l.framework_code,
       r.standard_code, r.standard_name, r.rating, r.rating_points,
       c.comparison_key, c.column_name,
       dense_rank() OVER (ORDER BY c.first_code, c.first_from, c.comparison_key) AS column_order
FROM mart.pdu_latest AS l
JOIN mart.standard_ratings AS r ON r.inspection_id = l.latest_inspection_id
JOIN mart.framework_standards AS s ON s.framework_code = r.framework_code AND s.standard_code = r.standard_code
JOIN standard_columns AS c ON c.comparison_key = s.comparison_key
WHERE s.rated
ORDER BY l.region_name, l.pdu_name, column_order;

-- name: key_questions
-- one row per inspected current PDU x key question of its latest inspection
SELECT l.pdu_code, l.pdu_name, l.region_name, k.inspection_id, k.published_on,
       k.standard_code, k.standard_name, k.theme, k.question_text, k.pct_yes
FROM mart.pdu_latest AS l
JOIN mart.key_questions AS k ON k.inspection_id = l.latest_inspection_id
WHERE k.pct_yes IS NOT NULL
ORDER BY l.region_name, l.pdu_name, k.standard_code, k.theme;

-- name: rating_mix
-- overall ratings of every inspection loaded, by publication half-year: nationally
-- (national = true, scope 'England and Wales') and per region
WITH rated AS (
    SELECT coalesce(region_name, 'Region unknown') AS region_name, overall_rating,
           year(published_on) AS y, CASE WHEN month(published_on) <= 6 THEN 1 ELSE 2 END AS h
    FROM mart.inspections
    WHERE overall_rating IS NOT NULL AND published_on IS NOT NULL
)
SELECT grouping(region_name) = 1 AS national,
       CASE WHEN grouping(region_name) = 1 THEN 'England and Wales' ELSE region_name END AS scope,
       printf('%d H%d', y, h) AS period,
       overall_rating AS rating,
       count(*) AS inspections
FROM rated
GROUP BY GROUPING SETS ((y, h, overall_rating), (region_name, y, h, overall_rating))
ORDER BY national DESC, scope, period, rating;

-- name: survey_results
-- one row per inspected current PDU x survey question of its latest inspection; suppressed
-- rows have null percentages and intervals
SELECT l.pdu_code, l.pdu_name, l.region_name, r.inspection_id, r.published_on,
       r.survey, q.survey_name, r.question_code, r.question_text,
       r.respondents, r.answered, r.pct_positive, r.ci_low, r.ci_high, r.suppressed, r.min_answers
FROM mart.pdu_latest AS l
JOIN mart.survey_results AS r ON r.inspection_id = l.latest_inspection_id
LEFT JOIN mart.survey_questions AS q ON q.question_code = r.question_code
ORDER BY q.survey_name, r.question_code, l.region_name, l.pdu_name;

-- name: explore
-- one row per key question of every inspection attached to a PDU code, with its benchmark
-- (mart.key_question_benchmarks: rank and percentile among comparable latest inspections, national
-- and regional) and where it was read (source file and line): the data of the page's explorer
SELECT b.pdu_code, b.pdu_name, b.region_code, b.region_name, b.inspection_id, b.published_on, b.framework_code,
       b.standard_code, b.standard_name, b.comparison_key, b.theme, b.pct_yes, b.in_benchmark,
       b.national_n, b.national_rank, b.national_percentile, b.national_median_pct,
       b.regional_n, b.regional_rank, b.regional_percentile, b.regional_median_pct,
       b.change_from_previous_pct, k.source_file, k.source_line
FROM mart.key_question_benchmarks AS b
JOIN mart.key_questions AS k USING (inspection_id, standard_code, theme)
WHERE b.pdu_code IS NOT NULL
ORDER BY b.pdu_code, b.published_on, b.comparison_key, b.theme;
