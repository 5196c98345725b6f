-- PDU register: the 12 regions, every PDU code an inspection can be attached to (the 108
-- current PDUs and the superseded ones) and which PDUs replaced which. Views over ref.
-- An inspection keeps the code of the PDU as it existed when it was published; follow
-- mart.pdu_successors from a superseded code to today's PDUs.

CREATE OR REPLACE VIEW mart.pdu_successors AS
SELECT
    s.pdu_code AS superseded_pdu_code,
    s.pdu_name AS superseded_pdu_name,
    succ.successor_pdu_code,
    p.pdu_name AS successor_pdu_name,
    s.region_code,
    CAST(strptime(regexp_extract(s.status, 'superseded (\d{4}-\d{2})', 1) || '-01', '%Y-%m-%d') AS DATE) AS superseded_on,
    s.status AS change_note
FROM ref.superseded_pdus AS s
JOIN (
    SELECT pdu_code, trim(unnest(string_split(successor_codes, '|'))) AS successor_pdu_code
    FROM ref.superseded_pdus
) AS succ USING (pdu_code)
LEFT JOIN ref.pdus AS p ON p.pdu_code = succ.successor_pdu_code;
COMMENT ON VIEW mart.pdu_successors IS 'One row per superseded PDU x successor PDU: where a merged or split PDU''s work went, and from when.';

CREATE OR REPLACE VIEW mart.pdus AS
WITH codes AS (
    SELECT pdu_code, pdu_name, region_code, region_name, 'current' AS status,
           CAST(NULL AS DATE) AS superseded_on, source
    FROM ref.pdus
    UNION ALL
    SELECT s.pdu_code, s.pdu_name, s.region_code, s.region_name, 'superseded',
           (SELECT min(x.superseded_on) FROM mart.pdu_successors AS x WHERE x.superseded_pdu_code = s.pdu_code),
           s.source
    FROM ref.superseded_pdus AS s
)
SELECT
    c.pdu_code, c.pdu_name, c.region_code, c.region_name, c.status, c.superseded_on,
    (SELECT list(x.successor_pdu_code ORDER BY x.successor_pdu_code)
       FROM mart.pdu_successors AS x WHERE x.superseded_pdu_code = c.pdu_code) AS successor_pdu_codes,
    (SELECT list(x.superseded_pdu_code ORDER BY x.superseded_pdu_code)
       FROM mart.pdu_successors AS x WHERE x.successor_pdu_code = c.pdu_code) AS predecessor_pdu_codes,
    (SELECT list(a.alias ORDER BY a.alias)
       FROM ref.pdu_aliases AS a WHERE a.pdu_code = c.pdu_code) AS aliases,
    (SELECT count(*) FROM staging.inspection AS i WHERE i.pdu_code = c.pdu_code) AS inspections,
    c.source
FROM codes AS c;
COMMENT ON VIEW mart.pdus IS 'One row per PDU code: the 108 current PDUs (status current) and the PDUs since merged or split (status superseded), with successors, predecessors and aliases.';

CREATE OR REPLACE VIEW mart.regions AS
SELECT
    r.region_code, r.region_name,
    (SELECT count(*) FROM ref.pdus AS p WHERE p.region_code = r.region_code) AS current_pdus,
    (SELECT count(*) FROM ref.superseded_pdus AS s WHERE s.region_code = r.region_code) AS superseded_pdus,
    (SELECT count(*) FROM staging.inspection AS i
       JOIN mart.pdus AS p ON p.pdu_code = i.pdu_code
      WHERE p.region_code = r.region_code) AS inspections,
    r.source
FROM ref.regions AS r;
COMMENT ON VIEW mart.regions IS 'One row per probation region (12), with its current and superseded PDU counts and inspections loaded.';
