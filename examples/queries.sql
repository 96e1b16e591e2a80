-- Questions analysts ask of the warehouse. Run: trials sql --file examples/queries.sql

-- 1. Which trials measure MRD negativity, and by when (days from the anchor)?
SELECT coalesce(registry_id, trial_id) AS trial, kind, measure, horizon_days, time_anchor
FROM endpoint_catalog
WHERE list_contains(categories, 'mrd_negativity')
ORDER BY horizon_days, trial;

-- 2. What minimum age and ECOG limit does each trial require, and which doses does it try?
SELECT coalesce(registry_id, trial_id) AS trial, phase, overall_status, enrollment, min_age_years,
       max_age_years, ecog_max, dose_min, dose_max, dose_unit
FROM trial_overview
ORDER BY trial;

-- 3. What dose levels were tried, arm by arm?
SELECT coalesce(t.registry_id, a.trial_id) AS trial, a.label, a.dose_value, a.dose_unit
FROM arm a JOIN trial t USING (trial_id)
WHERE a.dose_unit IS NOT NULL
ORDER BY trial, a.dose_value;

-- 4. Which safety events specific to CAR-T therapy are measured, and over what horizon?
SELECT category, count(*) AS endpoints, count(DISTINCT trial_id) AS trials, min(horizon_days) AS shortest_days,
       max(horizon_days) AS longest_days
FROM (SELECT trial_id, unnest(categories) AS category, horizon_days FROM endpoint_catalog WHERE domain = 'safety')
WHERE category IN ('cytokine_release_syndrome', 'neurotoxicity', 'cytopenia', 'tumour_lysis_syndrome', 'dlt')
GROUP BY category ORDER BY endpoints DESC;

-- 5. How do the trials split their endpoints across domains?
SELECT domain, count(*) AS endpoints, count(DISTINCT trial_id) AS trials,
       round(median(horizon_days)) AS median_horizon_days
FROM endpoint_catalog GROUP BY domain ORDER BY endpoints DESC;

-- 6. Which washout windows do the exclusion criteria impose before which event?
SELECT coalesce(t.registry_id, th.trial_id) AS trial, th.variable AS event, th.event_category, th.comparator,
       th.value, th.unit, th.window_days, th.anchor_event
FROM criterion_threshold th
JOIN criterion c ON c.trial_id = th.trial_id AND c.ordinal = th.criterion_ordinal
JOIN trial t ON t.trial_id = th.trial_id
WHERE th.window_days IS NOT NULL AND c.kind = 'exclusion'
ORDER BY trial, th.window_days;

-- 7. Which limits do the criteria set, and what are they in a canonical unit (NULL where none exists)?
SELECT coalesce(t.registry_id, th.trial_id) AS trial, c.kind, th.variable, th.comparator, th.value, th.unit,
       th.canonical_value, th.canonical_unit
FROM criterion_threshold th
JOIN criterion c ON c.trial_id = th.trial_id AND c.ordinal = th.criterion_ordinal
JOIN trial t ON t.trial_id = th.trial_id
WHERE th.window_days IS NULL
ORDER BY trial, c.kind, th.variable, th.comparator;
