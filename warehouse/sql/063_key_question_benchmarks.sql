-- mart.key_question_benchmarks: one row per inspection x key question (standard_code, theme).
--
-- Comparable: two key questions are comparable when their standards share a comparison_key
-- (ref.standard_comparability; a standard not listed there is comparable only within its own
-- framework) and they have the same theme. Nothing else is ever compared.
-- Benchmark population: for each PDU code (an unmatched unit counts as itself) and comparable
-- key question, its latest inspection, unless a successor PDU has a later comparable one.
-- national_* / regional_*: over that population (regional: same region_code).
-- Quartiles and median: continuous (linear interpolation, quantile_cont).
-- rank: 1 = highest pct_yes, ties share the best rank (1, 1, 3); percentile = 100 x percent_rank
-- = 100 x (number of values below) / (n - 1), 0 for the lowest and for a population of one.
-- Rank and percentile are null for a row outside the population (an older inspection).
-- previous_*: the same PDU's (or a predecessor PDU's) latest earlier comparable key question.

CREATE OR REPLACE VIEW mart.key_question_benchmarks AS
WITH kq AS (
    SELECT
        k.inspection_id, k.standard_code, s.standard_name, k.theme, k.pct_yes,
        i.pdu_code, i.pdu_name, i.unit_name, i.region_code, i.region_name, i.published_on, i.framework_code AS framework,
        coalesce(i.pdu_code, 'unmatched: ' || i.unit_name) AS unit_key,
        staging.comparison_key(i.framework_code, k.standard_code) AS comparison_key
    FROM staging.key_questions AS k
    JOIN mart.inspections AS i USING (inspection_id)
    LEFT JOIN staging.standard_ratings AS s USING (inspection_id, standard_code)
),
latest AS (
    SELECT * FROM kq
    QUALIFY row_number() OVER (PARTITION BY unit_key, comparison_key, theme
                               ORDER BY published_on DESC, inspection_id DESC) = 1
),
population AS (
    SELECT l.* FROM latest AS l
    WHERE NOT EXISTS (
        SELECT 1 FROM mart.pdu_successors AS s
        JOIN latest AS later ON later.pdu_code = s.successor_pdu_code
        WHERE s.superseded_pdu_code = l.pdu_code AND later.comparison_key = l.comparison_key
          AND later.theme = l.theme AND later.published_on > l.published_on)
),
national AS (
    SELECT comparison_key, theme, count(*) AS n, avg(pct_yes) AS mean_pct, median(pct_yes) AS median_pct,
           quantile_cont(pct_yes, 0.25) AS q1_pct, quantile_cont(pct_yes, 0.75) AS q3_pct,
           list(DISTINCT framework ORDER BY framework) AS frameworks
    FROM population GROUP BY comparison_key, theme
),
regional AS (
    SELECT region_code, comparison_key, theme, count(*) AS n, avg(pct_yes) AS mean_pct, median(pct_yes) AS median_pct,
           quantile_cont(pct_yes, 0.25) AS q1_pct, quantile_cont(pct_yes, 0.75) AS q3_pct
    FROM population WHERE region_code IS NOT NULL GROUP BY region_code, comparison_key, theme
),
ranked AS (
    SELECT inspection_id, comparison_key, theme,
           rank() OVER (PARTITION BY comparison_key, theme ORDER BY pct_yes DESC) AS national_rank,
           100 * percent_rank() OVER (PARTITION BY comparison_key, theme ORDER BY pct_yes) AS national_percentile,
           CASE WHEN region_code IS NOT NULL THEN
               rank() OVER (PARTITION BY region_code, comparison_key, theme ORDER BY pct_yes DESC) END AS regional_rank,
           CASE WHEN region_code IS NOT NULL THEN
               100 * percent_rank() OVER (PARTITION BY region_code, comparison_key, theme ORDER BY pct_yes) END AS regional_percentile
    FROM population
),
lineage AS (
    SELECT DISTINCT unit_key, unit_key AS earlier_unit_key FROM kq
    UNION
    SELECT successor_pdu_code, superseded_pdu_code FROM mart.pdu_successors
),
previous AS (
    SELECT kq.inspection_id, kq.comparison_key, kq.theme,
           prev.inspection_id AS previous_inspection_id, prev.published_on AS previous_published_on,
           prev.framework AS previous_framework, prev.pct_yes AS previous_pct_yes
    FROM kq
    JOIN lineage AS ln ON ln.unit_key = kq.unit_key
    JOIN kq AS prev ON prev.unit_key = ln.earlier_unit_key AND prev.comparison_key = kq.comparison_key
                   AND prev.theme = kq.theme AND prev.published_on < kq.published_on
    QUALIFY row_number() OVER (PARTITION BY kq.inspection_id, kq.comparison_key, kq.theme
                               ORDER BY prev.published_on DESC, prev.inspection_id DESC) = 1
)
SELECT
    kq.inspection_id, kq.pdu_code, kq.pdu_name, kq.unit_name, kq.region_code, kq.region_name, kq.published_on,
    kq.framework AS framework_code,
    kq.standard_code, kq.standard_name, kq.theme, kq.comparison_key, kq.pct_yes,
    r.inspection_id IS NOT NULL AS in_benchmark,
    na.frameworks AS benchmark_framework_codes,
    na.n AS national_n, na.mean_pct AS national_mean_pct, na.median_pct AS national_median_pct,
    na.q1_pct AS national_q1_pct, na.q3_pct AS national_q3_pct,
    r.national_rank, r.national_percentile,
    re.n AS regional_n, re.mean_pct AS regional_mean_pct, re.median_pct AS regional_median_pct,
    re.q1_pct AS regional_q1_pct, re.q3_pct AS regional_q3_pct,
    r.regional_rank, r.regional_percentile,
    pv.previous_inspection_id, pv.previous_published_on, pv.previous_framework AS previous_framework_code, pv.previous_pct_yes,
    kq.pct_yes - pv.previous_pct_yes AS change_from_previous_pct
FROM kq
LEFT JOIN national AS na USING (comparison_key, theme)
LEFT JOIN regional AS re ON re.region_code = kq.region_code AND re.comparison_key = kq.comparison_key AND re.theme = kq.theme
LEFT JOIN ranked AS r USING (inspection_id, comparison_key, theme)
LEFT JOIN previous AS pv USING (inspection_id, comparison_key, theme);
COMMENT ON VIEW mart.key_question_benchmarks IS 'One row per inspection x key question (standard_code, theme): national and regional mean, median, quartiles, rank and percentile among comparable latest inspections, and the change from the previous comparable inspection. Comparable = same comparison_key and theme.';
