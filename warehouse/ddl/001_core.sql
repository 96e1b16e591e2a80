-- Schema version 1: the dimensional tables, document bookkeeping and run log.
-- Every column is documented in README.md ("Warehouse tables").

CREATE TABLE IF NOT EXISTS trial (
    trial_id VARCHAR PRIMARY KEY,
    registry_id VARCHAR,
    title VARCHAR,
    official_title VARCHAR,
    acronym VARCHAR,
    brief_summary VARCHAR,
    detailed_description VARCHAR,
    phase VARCHAR,
    overall_status VARCHAR,
    study_type VARCHAR,
    enrollment BIGINT,
    sex VARCHAR,
    minimum_age VARCHAR,
    maximum_age VARCHAR,
    lead_sponsor VARCHAR,
    allocation VARCHAR,
    intervention_model VARCHAR,
    masking VARCHAR,
    primary_purpose VARCHAR,
    start_date VARCHAR,
    completion_date VARCHAR,
    last_update_posted VARCHAR,
    source_format VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS condition (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    PRIMARY KEY (trial_id, ordinal)
);

CREATE TABLE IF NOT EXISTS intervention (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    intervention_type VARCHAR,
    name VARCHAR NOT NULL,
    description VARCHAR,
    arm_labels VARCHAR[],
    PRIMARY KEY (trial_id, ordinal)
);

CREATE TABLE IF NOT EXISTS arm (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    label VARCHAR NOT NULL,
    arm_type VARCHAR,
    description VARCHAR,
    intervention_names VARCHAR[],
    PRIMARY KEY (trial_id, ordinal)
);

CREATE TABLE IF NOT EXISTS endpoint (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    description VARCHAR,
    time_frame VARCHAR,
    PRIMARY KEY (trial_id, ordinal)
);

CREATE TABLE IF NOT EXISTS criterion (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    parent_ordinal BIGINT,
    PRIMARY KEY (trial_id, ordinal)
);

CREATE TABLE IF NOT EXISTS site (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    facility VARCHAR,
    city VARCHAR,
    state VARCHAR,
    country VARCHAR,
    PRIMARY KEY (trial_id, ordinal)
);

CREATE TABLE IF NOT EXISTS source_document (
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
    error VARCHAR
);

CREATE TABLE IF NOT EXISTS load_run (
    run_id VARCHAR PRIMARY KEY,
    flow_run_id VARCHAR,
    flow_name VARCHAR,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    documents_seen BIGINT NOT NULL,
    loaded BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    superseded BIGINT NOT NULL,
    status VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS rejected_document (
    run_id VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL,
    uri VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    details VARCHAR
);
