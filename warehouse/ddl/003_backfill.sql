-- Schema version 3: the outcome of every backfill window, so that a rerun skips completed ones.

CREATE TABLE IF NOT EXISTS backfill_window (
    query_key VARCHAR NOT NULL,
    window_start DATE NOT NULL,
    window_end DATE NOT NULL,
    status VARCHAR NOT NULL,
    run_id VARCHAR,
    studies BIGINT,
    error VARCHAR,
    finished_at TIMESTAMP NOT NULL,
    PRIMARY KEY (query_key, window_start, window_end)
);
