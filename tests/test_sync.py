"""The sync flow and API client against a real HTTP server on 127.0.0.1."""

from datetime import date

import pytest
from conftest import CTGOV, query_rows
from ctgov_server import CtgovTestServer, nct

from benchmarks.outcome_split_accuracy import iter_studies
from tasks.ctgov_api import ClientSettings, CtgovClient, CtgovError, StudyQuery
from warehouse.snapshot import writer_path

pytestmark = pytest.mark.usefixtures("prefect_harness")
QUERY = "term=a"  # matches every study: the server filters by substring


@pytest.fixture(scope="module")
def real_studies():
    studies = [s for s in iter_studies(CTGOV / "website_json_export")]
    return sorted(studies, key=nct)[:60]


def sync(server, db, **kwargs):
    from flows.sync import sync_ctgov

    kwargs.setdefault("until", date(2030, 1, 1))
    client = ClientSettings(base_url=server.base_url, min_interval=0, page_size=25, retry_backoff=0.01)
    return sync_ctgov(query=QUERY, db=str(db), client=client, **kwargs)


rows = query_rows


def client(server, **kwargs):
    return CtgovClient(server.base_url, min_interval=0, backoff=0.01, sleep=lambda s: None, **kwargs)


def test_sync_fetches_every_page_then_a_rerun_writes_nothing_and_a_change_rewrites_one_study(real_studies, tmp_path):
    db = tmp_path / "w.duckdb"
    with CtgovTestServer(real_studies) as server:
        first = sync(server, db)
        pages = [r for r in server.requests if r.startswith("/api/v2/studies?")]
        assert len(pages) == 3  # 60 studies, 25 a page
        assert first.counts.loaded == 60 and first.counts.rejected == 0
        assert rows(db, "SELECT count(*) FROM trial") == [(60,)]
        assert rows(db, "SELECT count(*) FROM raw_document WHERE format = 'ctgov_json'") == [(60,)]
        before = {t: rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in ("trial", "endpoint", "criterion")}

        second = sync(server, db)  # resumes from the watermark: nothing was updated since
        assert second.counts.documents_seen == 0
        assert {t: rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in before} == before

        refetch = sync(server, db, since=date(2000, 1, 1))  # everything again: skipped by content hash
        assert refetch.counts.as_dict() == {
            "documents_seen": 60,
            "loaded": 0,
            "unchanged": 60,
            "rejected": 0,
            "superseded": 0,
        }
        assert {t: rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in before} == before

        changed = nct(real_studies[7])
        server.update_study(
            changed,
            lambda s: s["protocolSection"]["identificationModule"].update(briefTitle="A renamed study"),
            "2029-12-31",
        )
        third = sync(server, db)
        assert third.counts.loaded == 1 and third.counts.documents_seen == 1
        assert rows(db, f"SELECT title FROM trial WHERE trial_id = '{changed}'") == [("A renamed study",)]
        after = rows(db, "SELECT * FROM trial WHERE title <> 'A renamed study' ORDER BY ALL")
        assert after == [r for r in before["trial"] if r[0] != changed]


def test_without_since_the_sync_resumes_from_the_watermark_minus_one_day(real_studies, tmp_path):
    db = tmp_path / "w.duckdb"
    with CtgovTestServer(real_studies) as server:
        sync(server, db, until=date(2024, 3, 10))
        assert rows(db, "SELECT watermark FROM sync_state") == [(date(2024, 3, 10),)]
        sync(server, db, until=date(2024, 4, 1))
        assert "RANGE%5B2024-03-09%2C2024-04-01%5D" in server.requests[-1].replace(",", "%2C")
        assert rows(db, "SELECT watermark FROM sync_state") == [(date(2024, 4, 1),)]


def test_a_429_with_retry_after_is_waited_out_then_succeeds(real_studies):
    waits = []
    with CtgovTestServer(real_studies[:5]) as server:
        server.faults = [{"status": 429, "headers": {"Retry-After": "3"}}]
        api = CtgovClient(server.base_url, min_interval=0, sleep=waits.append)
        pages = list(api.iter_pages(StudyQuery(term="a")))
        assert sum(len(p["studies"]) for p in pages) == 5
        assert 3.0 in waits


def test_a_persistent_500_fails_the_sync_and_leaves_warehouse_and_watermark_as_they_were(real_studies, tmp_path):
    db = tmp_path / "w.duckdb"
    with CtgovTestServer(real_studies) as server:
        sync(server, db, until=date(2024, 1, 1))
        before = {t: rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in ("trial", "endpoint", "sync_state")}
        server.update_study(nct(real_studies[0]), lambda s: None, "2029-06-01")
        server.faults = [{}] + [{"status": 500}] * 20  # page 1 succeeds, page 2 never does
        server.page_size = 1
        with pytest.raises(CtgovError, match=r"page 2\).*failed after 6 attempts: HTTP 500"):
            sync(server, db, since=date(2000, 1, 1))
        assert {t: rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in before} == before
        # A failed run publishes nothing: readers see the last good run; the writer's log has the failure.
        assert rows(db, "SELECT status FROM load_run ORDER BY started_at DESC LIMIT 1") == [("completed",)]
        last = "SELECT status FROM load_run ORDER BY started_at DESC LIMIT 1"
        assert rows(writer_path(db), last) == [("failed",)]


def test_a_truncated_body_is_retried_and_a_persistently_truncated_one_fails_clearly(real_studies):
    with CtgovTestServer(real_studies[:3]) as server:
        server.faults = [{"truncate": True}]
        assert len(next(client(server).iter_pages(StudyQuery(term="a")))["studies"]) == 3
        server.faults = [{"truncate": True}] * 10
        with pytest.raises(CtgovError, match="body cut off|invalid JSON body"):
            list(client(server, max_retries=2).iter_pages(StudyQuery(term="a")))


def test_single_study_and_a_missing_one(real_studies):
    with CtgovTestServer(real_studies[:3]) as server:
        wanted = nct(real_studies[1])
        assert nct(client(server).get_study(wanted)) == wanted
        with pytest.raises(CtgovError, match="HTTP 404"):
            client(server).get_study("NCT00000000")


def test_requests_carry_a_user_agent_and_are_rate_limited(real_studies):
    waits = []
    with CtgovTestServer(real_studies[:6], page_size=2) as server:
        api = CtgovClient(server.base_url, min_interval=1.0, sleep=waits.append)
        assert len(list(api.iter_pages(StudyQuery(term="a")))) == 3
        assert api.session.headers["User-Agent"].startswith("trials-warehouse/")
        assert len(waits) >= 2 and all(0 < w <= 1.0 for w in waits)


def test_query_parsing():
    query = StudyQuery.parse("cond=multiple myeloma; intr=BCMA CAR-T")
    assert query.params(date(2024, 1, 1), date(2024, 1, 31)) == {
        "query.cond": "multiple myeloma",
        "query.intr": "BCMA CAR-T",
        "filter.advanced": "AREA[LastUpdatePostDate]RANGE[2024-01-01,2024-01-31]",
    }
    assert StudyQuery.parse("myeloma").term == "myeloma"
    with pytest.raises(ValueError, match="unknown query field"):
        StudyQuery.parse("colour=red")
