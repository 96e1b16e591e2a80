-- Schema version 4: normalised endpoints, criteria and doses beside the raw text, and two views.

ALTER TABLE endpoint ADD COLUMN IF NOT EXISTS domain VARCHAR;
ALTER TABLE endpoint ADD COLUMN IF NOT EXISTS categories VARCHAR[];
ALTER TABLE endpoint ADD COLUMN IF NOT EXISTS horizon_days DOUBLE;
ALTER TABLE endpoint ADD COLUMN IF NOT EXISTS timepoints_days DOUBLE[];
ALTER TABLE endpoint ADD COLUMN IF NOT EXISTS time_anchor VARCHAR;
ALTER TABLE criterion ADD COLUMN IF NOT EXISTS category VARCHAR;
ALTER TABLE arm ADD COLUMN IF NOT EXISTS dose_value DOUBLE;
ALTER TABLE arm ADD COLUMN IF NOT EXISTS dose_unit VARCHAR;
ALTER TABLE arm ADD COLUMN IF NOT EXISTS dose_min DOUBLE;
ALTER TABLE arm ADD COLUMN IF NOT EXISTS dose_max DOUBLE;

CREATE TABLE IF NOT EXISTS criterion_threshold (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    criterion_ordinal BIGINT NOT NULL,
    variable VARCHAR NOT NULL,
    comparator VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR,
    window_days DOUBLE,
    anchor_event VARCHAR,
    PRIMARY KEY (trial_id, ordinal)
);

CREATE OR REPLACE VIEW endpoint_catalog AS
SELECT e.trial_id, t.registry_id, t.title, t.phase, t.overall_status, e.ordinal, e.kind, e.domain, e.categories,
       e.measure, e.time_frame, e.horizon_days, e.timepoints_days, e.time_anchor, e.description
FROM endpoint e JOIN trial t USING (trial_id);

CREATE OR REPLACE VIEW trial_overview AS
WITH counts AS (
    SELECT t.trial_id,
           (SELECT count(*) FROM arm a WHERE a.trial_id = t.trial_id) AS arms,
           (SELECT count(*) FROM endpoint e WHERE e.trial_id = t.trial_id) AS endpoints,
           (SELECT count(*) FROM criterion c WHERE c.trial_id = t.trial_id) AS criteria
    FROM trial t
), categories AS (
    SELECT trial_id, list(DISTINCT category ORDER BY category) AS endpoint_categories
    FROM (SELECT trial_id, unnest(categories) AS category FROM endpoint)
    GROUP BY trial_id
), limits AS (
    SELECT th.trial_id,
           max(th.value) FILTER (WHERE th.variable = 'age' AND th.comparator IN ('>=', '>')) AS min_age_years,
           max(th.value) FILTER (WHERE th.variable = 'age' AND th.comparator IN ('<=', '<')) AS max_age_years,
           min(th.value) FILTER (WHERE th.variable = 'ecog' AND th.comparator IN ('<=', '<')) AS ecog_max
    FROM criterion_threshold th
    JOIN criterion c ON c.trial_id = th.trial_id AND c.ordinal = th.criterion_ordinal AND c.kind = 'inclusion'
    GROUP BY th.trial_id
), doses AS (
    SELECT trial_id, min(dose_min) AS dose_min, max(dose_max) AS dose_max, any_value(dose_unit) AS dose_unit
    FROM arm WHERE dose_unit IS NOT NULL GROUP BY trial_id
)
SELECT t.trial_id, t.registry_id, t.title, t.phase, t.overall_status, t.enrollment, t.lead_sponsor, t.source_format,
       counts.arms, counts.endpoints, counts.criteria, categories.endpoint_categories,
       limits.min_age_years, limits.max_age_years, limits.ecog_max, doses.dose_min, doses.dose_max, doses.dose_unit
FROM trial t
JOIN counts USING (trial_id)
LEFT JOIN categories USING (trial_id)
LEFT JOIN limits USING (trial_id)
LEFT JOIN doses USING (trial_id);
