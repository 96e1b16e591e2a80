-- Schema version 8: what could not be read of a document that loaded all the same.

-- A section that cannot be parsed (a flat export without an outcome field, a registry page
-- without outcomes) no longer rejects its document: the rest loads and the problem is kept
-- here, one row per problem. The rows belong to the trial like its other child rows: a batch
-- replaces them with the trial's rows, and no row outlives its trial.

CREATE TABLE parse_warning (
    trial_id VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    document_id VARCHAR NOT NULL,
    section VARCHAR NOT NULL,
    message VARCHAR NOT NULL
);
