-- Schema version 10: the stat index of the files read, as git's index keeps one.

-- A file whose size, mtime, ctime and inode equal those recorded here is not read again: its
-- sha256 is taken from here (a no-op rerun over 100k files costs a stat per file). The ctime
-- changes with the file's mode too, so a file made unreadable is read again (and reported). An entry
-- counts only if the file had not changed for 2 s when it was recorded, so that a file
-- rewritten within the same clock tick as its recording is read again ("racily clean" in git).
-- No key index (see 006): a batch deletes the paths it records, then inserts them.
CREATE TABLE file_stat (
    file_uri VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    ctime_ns BIGINT NOT NULL,
    inode BIGINT NOT NULL,
    recorded_at_ns BIGINT NOT NULL
);
