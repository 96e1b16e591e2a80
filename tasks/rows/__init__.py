"""Rows of the trial tables: typed per table, built from parsed records, checked by Pandera per batch.

:mod:`tasks.rows.row_types` types one row per table, :mod:`tasks.rows.build` normalises a record
into those rows, and :mod:`tasks.rows.frames` turns a batch's rows into DataFrames with the dtypes
the Pandera models declare and validates them.
"""

from tasks.rows.build import record_rows
from tasks.rows.frames import MAX_DETAIL_CHARS, ValidatedBatch, build_frames, validate_documents

__all__ = ["MAX_DETAIL_CHARS", "ValidatedBatch", "build_frames", "record_rows", "validate_documents"]
