-- Schema version 12: the blocks matching looks trials up in, kept with the trials.

-- A document that states no id is compared with the trials that share a rare word of its title,
-- or the opening words of its summary (tasks/matching.py). A run that matches a few documents
-- against a large warehouse reads only those blocks from here instead of indexing every trial.
-- Rows are written with the trial's rows, in the same transaction, from its normalised texts:
--   kind 'title':   one row per distinct word of each title (block = the word, ordinal = the
--                   title's position among the trial's titles, text = the normalised title);
--   kind 'summary': one row (block = its first six words, ordinal 0, text = the normalised summary).
-- Trials loaded before this version have no rows: the first run that looks blocks up indexes
-- them (normalising is the pipeline's, not SQL's). No key index (see 006).
CREATE TABLE match_block (
    trial_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    block VARCHAR NOT NULL,
    ordinal BIGINT NOT NULL,
    text VARCHAR NOT NULL
);
