"""Turn the rows of a batch into one DataFrame per trial table and validate them with Pandera.

Each column gets the dtype its Pandera model declares (:func:`column_dtypes`), so a column's type
is written once, in ``schemas/``. Validation is lazy and per batch: every failing cell is
collected, the documents that own a failing row are rejected whole (with the failure cases as
details), and the rows of every other document go on to the load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import pyarrow

from schemas.tables import TRIAL_TABLES
from tasks.parsers.records import ParsedDocument
from tasks.rows.build import Values, record_values

MAX_DETAIL_CHARS = 4000
STRING_DTYPE = "string[pyarrow]"


@dataclass
class ValidatedBatch:
    """Valid rows per table plus the documents refused by validation.

    ``rejected_sources`` holds the documents as given, in the order of ``rejected``.
    """

    frames: dict[str, pd.DataFrame]
    accepted: list[ParsedDocument]
    rejected: list[ParsedDocument]
    rejected_sources: list[ParsedDocument]


def column_dtypes(model: type[pa.DataFrameModel]) -> dict[str, str]:
    """The model's columns in order, each with the pandas dtype it declares (``"string[pyarrow]"``, ``"Int64"``…)."""
    return {name: str(column.dtype) for name, column in model.to_schema().columns.items()}


FRAME_DTYPES: dict[str, dict[str, str]] = {table: column_dtypes(model) for table, model in TRIAL_TABLES.items()}


def build_frames(documents: Iterable[ParsedDocument]) -> tuple[dict[str, pd.DataFrame], dict[str, list[int]]]:
    """Build one DataFrame per trial table and, per table, the owning document of each row."""
    rows: dict[str, list[Values]] = {t: [] for t in TRIAL_TABLES}
    owners: dict[str, list[int]] = {t: [] for t in TRIAL_TABLES}
    for position, document in enumerate(documents):
        assert document.record is not None and document.format is not None
        per_table = record_values(document.record, document.trial_id, document.format, document.source.document_id)
        for table, table_rows in per_table.items():
            rows[table] += table_rows
            owners[table] += [position] * len(table_rows)
    frames = {t: rows_frame(rows[t], FRAME_DTYPES[t]) for t in TRIAL_TABLES}
    return frames, owners


def rows_frame(rows: Sequence[Values], dtypes: dict[str, str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` (tuples of column values) with the columns and dtypes given (:func:`column_dtypes`)."""
    columns = zip(*rows, strict=True) if rows else ((),) * len(dtypes)
    data = {
        column: _column(list(values), dtype) for (column, dtype), values in zip(dtypes.items(), columns, strict=True)
    }
    return pd.DataFrame(data, columns=list(dtypes))


def _column(values: list, dtype: str) -> pd.Series | pd.api.extensions.ExtensionArray:
    """One column of Python values as ``dtype``; lists stay Python lists, dates become timestamps."""
    if dtype.startswith("datetime64"):
        return pd.to_datetime(pd.Series(values, dtype=object)).astype(dtype)
    if dtype == "object":
        return pd.Series(values, dtype=object)
    if dtype == STRING_DTYPE:
        return _string_column(values)
    return pd.array(values, dtype=dtype)


def _string_column(values: list) -> pd.api.extensions.ExtensionArray:
    """A column of strings and ``None`` as pandas' Arrow strings, built by Arrow in one pass.

    ``pd.array`` first copies the values into an object array and checks each one in Python
    (half the cost of building the frames' string columns); Arrow reads a list of ``str`` and
    ``None`` itself, to the same large_string array. Anything else in the list (a number, NaN)
    makes Arrow refuse it, and ``pd.array`` converts it as before.
    """
    try:
        return pd.arrays.ArrowStringArray(pyarrow.array(values, type=pyarrow.large_string()))
    except (pyarrow.ArrowInvalid, pyarrow.ArrowTypeError):
        return pd.array(values, dtype=STRING_DTYPE)


def validate_documents(documents: list[ParsedDocument]) -> ValidatedBatch:
    """Validate the rows of ``documents``; reject whole documents with failing rows.

    Two documents of one batch that describe the same trial are resolved before
    this step (the later one wins), so a trial appears once per batch.
    """
    frames, owners = build_frames(documents)
    failures = _failures(frames, owners)
    accepted = [d for i, d in enumerate(documents) if i not in failures]
    rejected = [
        ParsedDocument(d.source, d.format, None, "failed validation", "; ".join(failures[i])[:MAX_DETAIL_CHARS])
        for i, d in enumerate(documents)
        if i in failures
    ]
    if not failures:
        return ValidatedBatch(frames, accepted, rejected, [])
    # Row positions, not a boolean list: on a table without rows ``frame[[]]`` would select no columns.
    keep = {t: [row for row, o in enumerate(owners[t]) if o not in failures] for t in TRIAL_TABLES}
    valid = {t: frames[t].iloc[keep[t]].reset_index(drop=True) for t in TRIAL_TABLES}
    refused = [d for i, d in enumerate(documents) if i in failures]
    return ValidatedBatch(valid, accepted, rejected, refused)


def _failures(frames: dict[str, pd.DataFrame], owners: dict[str, list[int]]) -> dict[int, list[str]]:
    """Validate every table lazily; return the failure messages per owning document position."""
    failures: dict[int, list[str]] = {}
    for table, model in TRIAL_TABLES.items():
        try:
            model.validate(frames[table], lazy=True)
        except pandera.errors.SchemaErrors as error:
            for position, message in _failing_owners(error.failure_cases, owners[table], table):
                failures.setdefault(position, []).append(message)
    return failures


def _failing_owners(cases: pd.DataFrame, owners: list[int], table: str) -> list[tuple[int, str]]:
    """Map Pandera failure cases to ``(document position, message)``."""
    found = []
    for case in cases.itertuples(index=False):
        index = getattr(case, "index", None)
        message = f"{table}.{case.column}: {case.check} (value {case.failure_case!r})"
        if index is None or pd.isna(index):
            found += [(o, message) for o in set(owners)]  # a table-wide failure
        else:
            found.append((owners[int(index)], message))
    return found
