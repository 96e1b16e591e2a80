"""Network faults against the local API server: bounded retries, a clear error, the watermark unchanged."""

from datetime import date

import pytest
from conftest import CTGOV, query_rows
from ctgov_server import CtgovTestServer, nct

from benchmarks.outcome_split_accuracy import iter_studies
from tasks.ctgov_api import MAX_BODY_BYTES, ClientSettings, CtgovError

pytestmark = pytest.mark.usefixtures("prefect_harness")
FIRST_WINDOW_END = date(2024, 1, 1)

FAULTS = {
    "connection reset": ([{"reset": True}] * 10, r"failed after 4 attempts: ConnectionError"),
    "slow past the timeout": ([{"slow": 2.5}] * 10, r"failed after 4 attempts: (ReadTimeout|ConnectionError)"),
    "429 storm": ([{"status": 429, "headers": {"Retry-After": "0"}}] * 10, r"failed after 4 attempts: HTTP 429"),
    "truncated bodies": ([{"truncate": True}] * 10, r"failed after 4 attempts: (body cut off|invalid JSON)"),
    "repeating nextPageToken": ([{}, {"repeat_token": True}, {"repeat_token": True}], r"repeats \(paging loop\)"),
    "fewer studies than promised": ([{}, {"short_page": True}], r"fetched \d+ studies .* promised \d+"),
    "oversized body": ([{"oversize": MAX_BODY_BYTES + 1}], r"exceeds the \d+-byte limit"),
}


@pytest.fixture(scope="module")
def studies():
    return sorted(iter_studies(CTGOV / "website_json_export"), key=nct)[:9]


rows = query_rows


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_fails_the_sync_clearly_and_leaves_warehouse_and_watermark_unchanged(fault, studies, tmp_path):
    from flows.sync import sync_ctgov

    faults, message = FAULTS[fault]
    db = tmp_path / "w.duckdb"
    with CtgovTestServer(studies, page_size=3) as server:
        client = ClientSettings(
            base_url=server.base_url, min_interval=0, retry_backoff=0.01, max_retries=3, timeout=1.0
        )
        sync_ctgov(query="term=a", until=FIRST_WINDOW_END, db=str(db), client=client)
        before = {t: rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in ("trial", "endpoint", "sync_state")}
        for study in studies:
            server.update_study(
                nct(study),
                lambda s: s["protocolSection"]["identificationModule"].update(briefTitle="changed upstream"),
                "2025-06-01",
            )
        server.faults = list(faults)
        requests_before = len(server.requests)
        with pytest.raises(CtgovError, match=message):
            sync_ctgov(query="term=a", until=date(2026, 1, 1), db=str(db), client=client)
        assert len(server.requests) - requests_before <= 3 * 4  # bounded: pages × attempts
        assert {t: rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in before} == before
        assert rows(db, "SELECT watermark FROM sync_state") == [(FIRST_WINDOW_END,)]
