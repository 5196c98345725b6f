-- Framework registry: inspection frameworks, their standards, rating bands and limiting rules,
-- all as data (reference/*.csv). comparison_key says which standards of different frameworks
-- are the same standard: two inspections are compared on a standard (and a key-question theme)
-- only when both have a standard with the same comparison_key.

CREATE OR REPLACE VIEW mart.frameworks AS
SELECT
    f.framework_code, f.framework_name, f.inspected_unit, f.published_from, f.published_to,
    f.rated_standards, f.max_score,
    (SELECT count(*) FROM ref.framework_standards AS s WHERE s.framework_code = f.framework_code) AS standards_listed,
    (SELECT count(*) FROM staging.inspection AS i WHERE i.framework = f.framework_code) AS inspections,
    f.note
FROM ref.frameworks AS f;
COMMENT ON VIEW mart.frameworks IS 'One row per inspection framework (2018-2021 providers, 2021-2023 PDU, 2023-2025 PDU, regional, public protection).';

CREATE OR REPLACE VIEW mart.framework_standards AS
SELECT
    s.framework_code, s.standard_code, s.standard_name, s.domain, s.rated, s.banded, s.key_questions,
    coalesce(c.comparison_key, s.framework_code || ':' || s.standard_code) AS comparison_key,
    (SELECT list(o.framework_code || ' ' || o.standard_code ORDER BY o.framework_code, o.standard_code)
       FROM ref.standard_comparability AS o
      WHERE o.comparison_key = c.comparison_key AND o.framework_code <> s.framework_code) AS comparable_with,
    c.note AS comparability_note
FROM ref.framework_standards AS s
LEFT JOIN ref.standard_comparability AS c USING (framework_code, standard_code);
COMMENT ON VIEW mart.framework_standards IS 'One row per framework x standard, with the comparison key that makes it comparable (or not) with standards of other frameworks.';

CREATE OR REPLACE VIEW mart.rating_bands AS
SELECT framework_code, rating, rating_points, band_min_pct, band_max_pct
FROM ref.rating_scale;
COMMENT ON VIEW mart.rating_bands IS 'One row per framework x rating: its points and the key-question percentage band it stands for.';

CREATE OR REPLACE VIEW mart.limiting_rules AS
SELECT framework_code, rule_code, list_transform(string_split(condition_standards, '|'), lambda x: trim(x)) AS condition_standards,
       condition_rating, limited_standard,
       list_transform(string_split(ruled_out_ratings, '|'), lambda x: trim(x)) AS ruled_out_ratings, reason
FROM ref.limiting_rules;
COMMENT ON VIEW mart.limiting_rules IS 'One row per framework limiting rule: a rating of some standards that rules out ratings of another.';
