-- Schema version 5: the file each document came from and that file's sha256, so that an
-- unchanged file (a container of many studies too) is skipped after a read and a hash.

ALTER TABLE source_document ADD COLUMN IF NOT EXISTS file_uri VARCHAR;
ALTER TABLE source_document ADD COLUMN IF NOT EXISTS file_sha256 VARCHAR;
