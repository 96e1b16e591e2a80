"""Typed rows agree with the Pandera models, and the frames built from them carry the models' dtypes."""

from __future__ import annotations

import types
from dataclasses import fields
from datetime import date
from typing import get_args, get_origin, get_type_hints

import pandas as pd
import pandera.pandas as pa
import pytest
from conftest import SEEDS

from schemas.tables import TRIAL_TABLES
from tasks.documents import documents_at
from tasks.pipeline import parse_documents
from tasks.rows import build_frames, record_rows, validate_documents
from tasks.rows.frames import column_dtypes
from tasks.rows.row_types import ROW_TYPES

# The Python type a row holds for each pandas dtype a model declares.
PYTHON_TYPES = {"string[pyarrow]": str, "Int64": int, "Float64": float, "datetime64[ns]": date, "object": list}


def mismatches(row_type: type, model: type[pa.DataFrameModel]) -> list[str]:
    """Every way ``row_type`` differs from ``model``: columns and order, value types, nullability."""
    columns = model.to_schema().columns
    hints = get_type_hints(row_type)
    names = [f.name for f in fields(row_type)]
    if names != list(columns):
        return [f"fields {names} != columns {list(columns)}"]
    found = []
    for name, column in columns.items():
        hint = hints[name]
        parts = get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        values = [get_origin(p) or p for p in parts if p is not type(None)]
        if values != [PYTHON_TYPES[str(column.dtype)]]:
            found.append(f"{name}: {hint} does not hold {column.dtype}")
        if (type(None) in parts) != column.nullable:
            found.append(f"{name}: {hint} but nullable={column.nullable}")
    return found


@pytest.fixture(scope="module")
def seed_documents():
    sources = list({d.sha256: d for p in sorted(SEEDS.glob("*.txt")) for d in documents_at(p)}.values())
    return [d for d in parse_documents(sources) if d.record is not None]


def test_every_trial_table_has_a_row_type_in_load_order():
    assert list(ROW_TYPES) == list(TRIAL_TABLES)


@pytest.mark.parametrize("table", list(TRIAL_TABLES))
def test_row_type_matches_model(table):
    assert mismatches(ROW_TYPES[table], TRIAL_TABLES[table]) == []


def test_a_column_missing_from_the_row_type_is_caught():
    class Wider(TRIAL_TABLES["condition"]):
        synonym: pa.typing.Series[str] = pa.Field(nullable=True)

    assert mismatches(ROW_TYPES["condition"], Wider) != []
    assert mismatches(ROW_TYPES["site"], TRIAL_TABLES["condition"]) != []


def test_a_type_or_nullability_difference_is_caught():
    class Retyped(TRIAL_TABLES["condition"]):
        name: pa.typing.Series[pd.Int64Dtype] = pa.Field(nullable=True)

    assert mismatches(ROW_TYPES["condition"], Retyped) == [
        "name: <class 'str'> does not hold Int64",
        "name: <class 'str'> but nullable=True",
    ]


def test_frame_dtypes_come_from_the_models(seed_documents):
    frames, owners = build_frames(seed_documents)
    for table, model in TRIAL_TABLES.items():
        declared = column_dtypes(model)
        assert list(frames[table].columns) == list(declared)
        assert all(frames[table][c].dtype == pd.api.types.pandas_dtype(d) for c, d in declared.items()), table
        assert len(owners[table]) == len(frames[table])
    assert len(frames["trial"]) == len(seed_documents)


def test_record_rows_are_typed_and_numbered(seed_documents):
    document = seed_documents[0]
    rows = record_rows(document.record, "T-1", document.format, document.source.document_id)
    for table, table_rows in rows.items():
        assert all(type(row) is ROW_TYPES[table] for row in table_rows)
        if table != "trial":
            assert [row.ordinal for row in table_rows] == list(range(1, len(table_rows) + 1))
    assert rows["trial"][0].trial_id == "T-1"


def test_seed_documents_validate(seed_documents):
    batch = validate_documents(seed_documents)
    assert [d.details for d in batch.rejected] == []
    assert len(batch.accepted) == len(seed_documents)


def test_each_value_lands_in_its_column(seed_documents):
    # The rows are built as tuples in column order (record_values); every value must meet its field.
    for document in seed_documents:
        record, key = document.record, "T-1"
        rows = record_rows(record, key, document.format, document.source.document_id)
        trial = rows["trial"][0]
        assert (trial.trial_id, trial.title, trial.registry_id, trial.phase) == (
            key,
            record.title,
            record.registry_id,
            record.phase,
        )
        assert (trial.source_format, trial.document_id) == (document.format, document.source.document_id)
        assert [(r.kind, r.measure, r.description, r.time_frame) for r in rows["endpoint"]] == [
            (e.kind, e.measure, e.description, e.time_frame) for e in record.endpoints
        ]
        assert [(r.kind, r.text, r.parent_ordinal) for r in rows["criterion"]] == [
            (c.kind, c.text, c.parent) for c in record.criteria
        ]
        assert [(r.label, r.arm_type, r.description) for r in rows["arm"]] == [
            (a.label, a.arm_type, a.description) for a in record.arms
        ]
        assert [(r.intervention_type, r.name, r.description) for r in rows["intervention"]] == [
            (i.intervention_type, i.name, i.description) for i in record.interventions
        ]
        assert [(r.facility, r.city, r.state, r.country) for r in rows["site"]] == [
            (s.facility, s.city, s.state, s.country) for s in record.sites
        ]
        assert [r.name for r in rows["condition"]] == record.conditions
        for limit in rows["criterion_threshold"]:
            assert 1 <= limit.criterion_ordinal <= len(record.criteria) and isinstance(limit.value, float)
