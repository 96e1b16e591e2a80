"""Each Pandera model matches the table its DDL creates: same columns, order and types."""

import duckdb
import pytest

from schemas.tables import ALL_TABLES
from warehouse.schema import SCHEMA_VERSION, ensure_schema

DUCKDB_TO_PANDAS = {
    "VARCHAR": "string[pyarrow]",
    "BIGINT": "Int64",
    "TIMESTAMP": "datetime64[ns]",
    "VARCHAR[]": "object",
    "DATE": "datetime64[ns]",
    "DOUBLE": "Float64",
    "DOUBLE[]": "object",
}


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize("table", sorted(ALL_TABLES))
def test_pandera_model_matches_ddl(con, table):
    ddl = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    model = ALL_TABLES[table].to_schema().columns
    assert [name for name, _ in ddl] == list(model)
    assert [DUCKDB_TO_PANDAS[kind] for _, kind in ddl] == [str(model[name].dtype) for name, _ in ddl]


def test_every_ddl_table_has_a_model(con):
    tables = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall()
    }
    assert tables - {"schema_version"} == set(ALL_TABLES)


def test_schema_version_is_recorded_and_reapplying_is_a_no_op(con):
    assert ensure_schema(con) == SCHEMA_VERSION
    assert con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] == SCHEMA_VERSION


@pytest.mark.parametrize("table", sorted(ALL_TABLES))
def test_every_model_refuses_undeclared_columns(table):
    assert ALL_TABLES[table].to_schema().strict is True


def test_a_text_column_is_checked_in_one_answer_and_a_column_of_another_type_is_still_refused():
    import pandas as pd
    import pandera.errors

    from schemas.columns import ArrowText
    from tasks.rows.frames import FRAME_DTYPES

    text = pd.Series(pd.array(["BCMA", None], dtype=FRAME_DTYPES["condition"]["name"]))
    assert ArrowText().check(pd.api.types.pandas_dtype(text.dtype), text) is True
    frame = pd.DataFrame(
        {
            "trial_id": pd.array(["NCT1", "NCT1"], dtype="string[pyarrow]"),
            "ordinal": pd.array([1, 2], dtype="Int64"),
            "name": pd.Series(["Myeloma", 7], dtype=object),  # a number where text belongs
        }
    )
    with pytest.raises(pandera.errors.SchemaErrors) as refused:
        ALL_TABLES["condition"].validate(frame, lazy=True)
    cases = refused.value.failure_cases
    assert set(cases["column"]) == {"name"} and 7 in set(cases["failure_case"])
