-- Schema version 9: one trial per real trial, built from every source that describes it.

-- A document is its content: its id is the first 20 hex digits of its sha256, so a moved,
-- renamed or copied file is the same document. A trial's id is the registry id a layout
-- states, else "DOC-" and the first 16 hex digits of its first document's sha256 (stable
-- across moves). Ids that prose mentions are references, never identity.

-- How each document was attached to its trial, and from when its content is valid
-- (the source's last update where it states one, else when it was first seen).
ALTER TABLE source_document ADD COLUMN IF NOT EXISTS match_rule VARCHAR;
ALTER TABLE source_document ADD COLUMN IF NOT EXISTS match_score DOUBLE;
ALTER TABLE source_document ADD COLUMN IF NOT EXISTS valid_from TIMESTAMP;

-- Registry ids a trial's documents mention in prose (an extension, a parent study, a
-- secondary id), with the sentence around them.
CREATE TABLE trial_reference (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    registry_id VARCHAR NOT NULL,
    context VARCHAR,
    document_id VARCHAR NOT NULL
);

-- Which document supplied each trial field (item = the column name) and each child table's
-- rows (item = the table name).
CREATE TABLE trial_provenance (
    trial_id VARCHAR NOT NULL,
    item VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL
);

-- The current sources of a trial that disagree on a field: one row per source and value.
CREATE TABLE source_conflict (
    trial_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL
);

-- ---- Existing warehouses: ids derived from paths become ids derived from content. ----

CREATE TEMP TABLE document_id_map AS
SELECT document_id AS old_id, left(sha256, 20) AS new_id FROM source_document
UNION
SELECT document_id, left(sha256, 20) FROM raw_document;

CREATE TEMP TABLE trial_id_map AS
SELECT trial_id AS old_id, 'DOC-' || left(min(sha256), 16) AS new_id
FROM source_document WHERE trial_id LIKE 'URI-%' GROUP BY trial_id;

UPDATE trial SET trial_id = m.new_id FROM trial_id_map m WHERE trial.trial_id = m.old_id;
UPDATE condition SET trial_id = m.new_id FROM trial_id_map m WHERE condition.trial_id = m.old_id;
UPDATE intervention SET trial_id = m.new_id FROM trial_id_map m WHERE intervention.trial_id = m.old_id;
UPDATE arm SET trial_id = m.new_id FROM trial_id_map m WHERE arm.trial_id = m.old_id;
UPDATE endpoint SET trial_id = m.new_id FROM trial_id_map m WHERE endpoint.trial_id = m.old_id;
UPDATE criterion SET trial_id = m.new_id FROM trial_id_map m WHERE criterion.trial_id = m.old_id;
UPDATE criterion_threshold SET trial_id = m.new_id FROM trial_id_map m WHERE criterion_threshold.trial_id = m.old_id;
UPDATE site SET trial_id = m.new_id FROM trial_id_map m WHERE site.trial_id = m.old_id;
UPDATE parse_warning SET trial_id = m.new_id FROM trial_id_map m WHERE parse_warning.trial_id = m.old_id;

UPDATE trial SET document_id = m.new_id FROM document_id_map m WHERE trial.document_id = m.old_id;
UPDATE parse_warning SET document_id = m.new_id FROM document_id_map m WHERE parse_warning.document_id = m.old_id;
UPDATE raw_document SET document_id = m.new_id FROM document_id_map m WHERE raw_document.document_id = m.old_id;
UPDATE rejected_document SET document_id = m.new_id FROM document_id_map m WHERE rejected_document.document_id = m.old_id;

-- The same content read at two paths was two documents (and two trials); it is one now.
DELETE FROM trial WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id ORDER BY rowid) AS n FROM trial)
    WHERE n > 1);
DELETE FROM condition WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id, ordinal ORDER BY rowid) AS n FROM condition)
    WHERE n > 1);
DELETE FROM intervention WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id, ordinal ORDER BY rowid) AS n FROM intervention)
    WHERE n > 1);
DELETE FROM arm WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id, ordinal ORDER BY rowid) AS n FROM arm)
    WHERE n > 1);
DELETE FROM endpoint WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id, ordinal ORDER BY rowid) AS n FROM endpoint)
    WHERE n > 1);
DELETE FROM criterion WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id, ordinal ORDER BY rowid) AS n FROM criterion)
    WHERE n > 1);
DELETE FROM criterion_threshold WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id, ordinal ORDER BY rowid) AS n FROM criterion_threshold)
    WHERE n > 1);
DELETE FROM site WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id, ordinal ORDER BY rowid) AS n FROM site)
    WHERE n > 1);
DELETE FROM parse_warning WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY trial_id, ordinal ORDER BY rowid) AS n FROM parse_warning)
    WHERE n > 1);
DELETE FROM raw_document WHERE rowid IN (
    SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY document_id ORDER BY stored_at DESC, rowid) AS n FROM raw_document)
    WHERE n > 1);

-- source_document keys on document_id, so it is rebuilt: one row per content, the copy seen
-- last (its uri is where the file was last seen), with the new columns filled in.
CREATE TABLE source_document__rebuilt (
    document_id VARCHAR PRIMARY KEY,
    uri VARCHAR NOT NULL,
    format VARCHAR,
    sha256 VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    trial_id VARCHAR,
    status VARCHAR NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    loaded_at TIMESTAMP,
    error VARCHAR,
    file_uri VARCHAR,
    file_sha256 VARCHAR,
    match_rule VARCHAR,
    match_score DOUBLE,
    valid_from TIMESTAMP
);
INSERT INTO source_document__rebuilt
SELECT new_id, uri, format, sha256, parser_version, trial_id, status, first_seen_at, last_seen_at, loaded_at,
       error, file_uri, file_sha256, match_rule, match_score, valid_from
FROM (
    SELECT m.new_id, d.uri, d.format, d.sha256, d.parser_version,
           coalesce(t.new_id, d.trial_id) AS trial_id, d.status,
           min(d.first_seen_at) OVER (PARTITION BY m.new_id) AS first_seen_at, d.last_seen_at, d.loaded_at,
           d.error, d.file_uri, d.file_sha256,
           CASE WHEN d.trial_id IS NULL THEN NULL WHEN t.new_id IS NULL THEN 'stated_id' ELSE 'content' END AS match_rule,
           CASE WHEN d.trial_id IS NULL THEN NULL ELSE 100.0 END AS match_score,
           coalesce(try_cast(r.last_update_post_date AS DATE)::TIMESTAMP,
                    min(d.first_seen_at) OVER (PARTITION BY m.new_id)) AS valid_from,
           row_number() OVER (PARTITION BY m.new_id ORDER BY (d.status = 'loaded') DESC, d.last_seen_at DESC) AS n
    FROM source_document d
    JOIN document_id_map m ON m.old_id = d.document_id
    LEFT JOIN trial_id_map t ON t.old_id = d.trial_id
    LEFT JOIN raw_document r ON r.document_id = m.new_id
)
WHERE n = 1;
DROP TABLE source_document;
ALTER TABLE source_document__rebuilt RENAME TO source_document;

DROP TABLE document_id_map;
DROP TABLE trial_id_map;

-- The sources of each trial, and its versions: every document that ever described it, in the
-- order its content became valid.
CREATE OR REPLACE VIEW trial_source AS
SELECT trial_id, document_id, format AS source_format, match_rule, match_score AS score, status, uri, valid_from
FROM source_document
WHERE trial_id IS NOT NULL AND status IN ('loaded', 'superseded');

CREATE OR REPLACE VIEW trial_version AS
SELECT trial_id, document_id, format AS source_format,
       row_number() OVER (PARTITION BY trial_id ORDER BY valid_from, first_seen_at, document_id) AS version,
       valid_from,
       lead(valid_from) OVER (PARTITION BY trial_id ORDER BY valid_from, first_seen_at, document_id) AS valid_to,
       sha256
FROM source_document
WHERE trial_id IS NOT NULL AND status IN ('loaded', 'superseded');
