"""Generated bad input: mutated real documents never crash a run and each is loaded or rejected with a reason.

CI runs a bounded number of examples; ``HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py``
runs 50 times more. How long the slowest of them takes to parse is measured by
``python -m benchmarks.worst_parse`` (a timed assertion here would fail on a loaded machine).
"""

import json
import os
from datetime import datetime

from conftest import CTGOV, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.documents import documents_in_file
from tasks.parsers.decoding import MAX_DOCUMENT_BYTES
from tasks.pipeline import parse_document, plan_write, prepare_documents

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TEXT_DOCUMENTS = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
JSON_STUDY = (CTGOV / "studies" / "NCT04207047.json").read_bytes()
CSV_HEAD = b"\n".join(
    (CTGOV / "csv_export" / "ctg-studies_export_heme_CART_245rows_2025-04.csv").read_bytes().split(b"\n")[:40]
)
BASES = [*TEXT_DOCUMENTS, JSON_STUDY, CSV_HEAD]


def run_documents(data: bytes) -> list:
    """Split, parse and validate like a run does; return each document's outcome."""
    documents = documents_in_file("/fuzz/input", data)
    for document in documents:
        parse_document(document)  # never raises: bad input becomes a rejected outcome
    write, _ = plan_write(prepare_documents(documents), "fuzz-run", datetime(2026, 1, 1))
    # Every document accounted for; the same content twice in one file is one document.
    assert len(write.outcomes) == len({d.document_id for d in documents})
    for outcome in write.outcomes:
        assert outcome.status in {"loaded", "superseded", "rejected"}
        if outcome.status == "rejected":
            assert outcome.error and outcome.error.strip()
    return write.outcomes


@st.composite
def mutated(draw):
    base = draw(st.sampled_from(BASES))
    kind = draw(st.sampled_from(["truncate", "flip", "nul", "long_line", "utf16", "latin1", "bom", "crlf", "splice"]))
    if kind == "truncate":
        return base[: draw(st.integers(0, len(base)))]
    if kind == "flip":
        data = bytearray(base)
        for _ in range(draw(st.integers(1, 30))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "nul":
        at = draw(st.integers(0, len(base)))
        return base[:at] + b"\x00" + base[at:]
    if kind == "long_line":
        at = draw(st.integers(0, len(base)))
        filler = draw(st.sampled_from([b"a", b"1 ", b", ", b"|", b"(", b" ", b"Day 1, ", b"x" * 7 + b"\xe2\x80\xa2"]))
        return base[:at] + filler * (1_000_000 // len(filler)) + base[at:]
    if kind == "utf16":
        return base.decode("utf-8", "replace").encode(draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"])))
    if kind == "latin1":
        return base.decode("utf-8", "replace").encode("latin-1", "replace")
    if kind == "bom":
        return b"\xef\xbb\xbf" + base
    if kind == "crlf":
        return base.replace(b"\n", b"\r\n")
    other = draw(st.sampled_from(BASES))
    return base[: draw(st.integers(0, len(base)))] + other[draw(st.integers(0, len(other))) :]


@given(mutated())
def test_mutated_documents_load_or_are_rejected_with_a_reason(data):
    run_documents(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(st.data())
def test_json_with_wrong_types_anywhere_is_handled(data):
    study = json.loads(JSON_STUDY)
    node, path = study, []
    while isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(sorted(node)))
        path.append(key)
        if not isinstance(node[key], dict) or data.draw(st.booleans()):
            node[key] = data.draw(JSON_VALUES)
            break
        node = node[key]
    run_documents(json.dumps({"studies": [study, json.loads(JSON_STUDY)]}).encode())


@given(st.lists(st.lists(st.text(max_size=30), max_size=25), min_size=1, max_size=20))
def test_csv_with_ragged_rows_is_handled(rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["NCT Number", "Study Title", "Conditions", "Primary Outcome Measures"])
    for index, row in enumerate(rows):
        writer.writerow([f"NCT{index:08d}", *row])
    outcomes = run_documents(buffer.getvalue().encode())
    assert len(outcomes) == sum(1 for r in rows) or len(outcomes) <= len(rows)


def test_deeply_nested_json_is_rejected_with_a_reason():
    outcomes = run_documents(b"[" * 100_000 + b"]" * 100_000)
    assert [o.error for o in outcomes] == ["JSON nested too deeply"]


def test_a_50_mb_file_is_rejected_with_the_size_limit():
    outcomes = run_documents(b"A title\n" + b"x" * (50 * 1024 * 1024))
    assert [o.error for o in outcomes] == [f"document larger than {MAX_DOCUMENT_BYTES} bytes"]


def test_regression_a_megabyte_intervention_name_is_not_used_as_a_pattern():
    seed = (SEEDS / "001_6e3c02b1db2cb0ef.txt").read_bytes()
    data = seed.replace(
        b"KQ-2003 CAR T-cells\nRegistration", b"KQ-20" + b"(" * 1_000_000 + b"03 CAR T-cells\nRegistration"
    )
    run_documents(data)  # found by the long fuzz run: 30 s before the fix


def test_regression_a_csv_cell_larger_than_the_csv_module_default_limit():
    data = b'NCT Number,Study Title,Conditions\nNCT00000001,"' + b"x" * 2_000_000 + b'",Myeloma\n'
    assert [o.status for o in run_documents(data)] == ["loaded"]  # found by the long fuzz run: _csv.Error
