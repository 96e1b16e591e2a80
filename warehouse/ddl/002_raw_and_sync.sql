-- Schema version 2: the raw store (for reparsing without refetching) and per-query sync watermarks.

CREATE TABLE IF NOT EXISTS raw_document (
    document_id VARCHAR PRIMARY KEY,
    uri VARCHAR NOT NULL,
    format VARCHAR,
    sha256 VARCHAR NOT NULL,
    content VARCHAR NOT NULL,
    last_update_post_date VARCHAR,
    stored_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS sync_state (
    query_key VARCHAR PRIMARY KEY,
    watermark DATE NOT NULL,
    last_window_start DATE,
    last_synced_at TIMESTAMP NOT NULL,
    studies_fetched BIGINT NOT NULL
);

-- Dates as values beside the text as written: a partial date ("2023-06") is its first day.
ALTER TABLE trial ADD COLUMN IF NOT EXISTS start_date_value DATE;
ALTER TABLE trial ADD COLUMN IF NOT EXISTS completion_date_value DATE;
ALTER TABLE trial ADD COLUMN IF NOT EXISTS last_update_posted_value DATE;
