"""The flows' parameters reach the server as Prefect would send them, without importing FastAPI."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fastapi.encoders import jsonable_encoder

from flows.plain_flow import NotPlain, PlainFlow, plain_json
from tasks.ctgov_api import ClientSettings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "value",
    [
        ["docs/a.json", "docs/b"],
        Path("/tmp/trials.duckdb"),
        (Path("a"), "b", 3, 2.5, True, None),
        datetime.date(2026, 12, 7),
        datetime.datetime(2026, 12, 7, 12, 30, 5),
        {"since": datetime.date(2024, 1, 1), "paths": [Path("x")]},
        "",
    ],
)
def test_a_plain_value_is_serialised_as_prefect_would(value) -> None:
    assert plain_json(value) == jsonable_encoder(value)


def test_any_other_value_goes_through_prefect(tmp_path: Path) -> None:
    with pytest.raises(NotPlain):
        plain_json(ClientSettings())

    def run(paths: list[str], client: ClientSettings | None = None, db: Path | None = None) -> None: ...

    parameters = {"paths": ["a", "b"], "client": ClientSettings(), "db": tmp_path}
    flow = PlainFlow(fn=run, name="run")
    ours = flow.serialize_parameters(parameters)
    assert ours == prefect_serialised(flow, parameters)
    assert list(ours) == ["paths", "client", "db"]  # in the parameters' order
    assert isinstance(flow.with_options(name="other"), PlainFlow)


def prefect_serialised(flow: PlainFlow, parameters: dict) -> dict:
    """What Prefect's own serialiser gives for ``parameters``."""
    return super(PlainFlow, flow).serialize_parameters(parameters)


def test_serialising_the_ingest_flows_parameters_imports_no_fastapi() -> None:
    script = textwrap.dedent(
        """
        import sys
        from flows.ingest import ingest_documents
        serialized = ingest_documents.serialize_parameters({"paths": ["a"], "db": "w.duckdb", "full_refresh": False})
        assert serialized == {"paths": ["a"], "db": "w.duckdb", "full_refresh": False}, serialized
        print("fastapi.encoders" in sys.modules)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
