"""Matching against the warehouse's stored blocks gives the matches of a full index, reading only what it needs.

A run that brings few documents to a large warehouse reads the blocks its lookups need from
``match_block`` instead of indexing every trial (tasks/match_store.py). These tests hold the two
ways to the same answers on real records rendered in the text layouts, and a whole ingest to the
same tables.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import duckdb
import pytest
from conftest import dump_tables

from benchmarks.layouts import flat, load_studies, medpath, registry
from benchmarks.layouts.run import render_documents
from benchmarks.layouts.studies import nct_id
from schemas.tables import ALL_TABLES
from tasks import sources
from tasks.identity import normalise
from tasks.match_features import SUMMARY_CHARS, normalised_opening
from tasks.match_store import StoredCandidates, frame_features, index_unblocked_trials, stored_features
from tasks.matching import MatchIndex, match_document
from tasks.parsers.records import SourceDocument
from tasks.pipeline import prepare_documents

pytestmark = pytest.mark.usefixtures("prefect_harness")
STUDIES = 160
LAYOUTS = {"flat": flat, "medpath": medpath, "registry": registry}


def ingest(paths, db):
    from flows.ingest import ingest_documents

    return ingest_documents(paths=[str(p) for p in paths], db=str(db))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A warehouse of real API records, and the same studies rendered in the three text layouts."""
    root = tmp_path_factory.mktemp("match-store")
    studies = load_studies()[:STUDIES]
    (root / "json").mkdir()
    for study in studies:
        (root / "json" / f"{nct_id(study)}.json").write_text(json.dumps(study))
    pages = [d for s in studies for d in render_documents(s, LAYOUTS)]
    db = root / "w.duckdb"
    ingest([root / "json"], db)
    return root, db, pages


def page_features(pages):
    """The matching features of rendered pages, with the study each renders."""
    hashes = [hashlib.sha256(p.text.encode()).hexdigest() for p in pages]
    documents = [
        SourceDocument(sha[:20], f"{p.nct}.{p.layout}", sha, p.text) for p, sha in zip(pages, hashes, strict=True)
    ]
    prepared = prepare_documents(documents)
    features = frame_features(prepared.frames)
    return [(features[o.trial_id], page.nct) for o, page in zip(prepared.outcomes, pages, strict=True) if o.trial_id]


def test_stored_blocks_match_as_the_full_index_does_and_read_a_fraction_of_it(corpus):
    _, db, pages = corpus
    queries = page_features(pages)
    with duckdb.connect(str(db)) as con:
        full = MatchIndex()
        for candidate in stored_features(con, False):
            full.add(candidate)
        prefetched = MatchIndex(store=StoredCandidates(con, False))
        prefetched.prefetch([q for q, _ in queries])
        lazy = MatchIndex(store=StoredCandidates(con, False))
        expected = [match_document(q, full) for q, _ in queries]
        assert [match_document(q, prefetched) for q, _ in queries] == expected
        assert [match_document(q, lazy) for q, _ in queries] == expected
    right = sum(m is not None and m.trial_id == nct for m, (_, nct) in zip(expected, queries, strict=True))
    assert len(queries) >= 2.5 * STUDIES and right >= 0.9 * len(queries)
    # Every page found its trial, yet a lookup read only the trials sharing a rare word with it.
    one = MatchIndex(store=StoredCandidates(duckdb.connect(str(db), read_only=True), False))
    assert match_document(queries[0][0], one).trial_id == queries[0][1] and len(one.candidates) < STUDIES / 4


def test_a_small_run_reads_blocks_and_loads_the_tables_a_full_index_loads(corpus, tmp_path, monkeypatch):
    root, db, pages = corpus
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for page in pages[:6]:  # 6 documents x 20 < 160 trials: the run reads blocks
        (inbox / f"{page.nct}.{page.layout}.txt").write_text(page.text)
    reading, indexing = tmp_path / "reading.duckdb", tmp_path / "indexing.duckdb"
    shutil.copy(db, reading)
    shutil.copy(db, indexing)
    stores = []
    monkeypatch.setattr(sources, "StoredCandidates", lambda *a: stores.append(a) or StoredCandidates(*a))
    ingest([inbox], reading)
    assert stores, "the small run did not read blocks"
    monkeypatch.setattr(sources, "BLOCK_READ_RATIO", 0)  # always index every trial
    ingest([inbox], indexing)
    tables = sorted(set(ALL_TABLES) - {"load_run", "file_stat"})
    skip = {"source_document": {"uri", "file_uri", "first_seen_at", "last_seen_at", "loaded_at", "valid_from"}}
    skip |= {"raw_document": {"uri", "stored_at"}, "rejected_document": {"run_id"}}
    assert dump_tables(reading, tables, skip) == dump_tables(indexing, tables, skip)
    attached = duckdb.connect(str(reading), read_only=True).execute(
        "SELECT trial_id, match_rule FROM source_document WHERE uri LIKE '%.txt' ORDER BY uri"
    )
    found = attached.fetchall()  # a flat export by its title, a registry page by its summary
    assert [nct for nct, _ in found] == sorted(p.nct for p in pages[:6])
    assert {rule for _, rule in found} == {"title", "summary", "stated_id"}


def test_trials_loaded_before_the_blocks_existed_are_indexed_by_the_first_run_that_reads_them(corpus, tmp_path):
    _, db, pages = corpus
    upgraded = tmp_path / "upgraded.duckdb"
    shutil.copy(db, upgraded)
    with duckdb.connect(str(upgraded)) as con:
        written = con.execute("SELECT * FROM match_block ORDER BY ALL").fetchall()
        con.execute("DELETE FROM match_block")  # as a warehouse of schema version 11 has it
        assert index_unblocked_trials(con) == STUDIES
        assert con.execute("SELECT * FROM match_block ORDER BY ALL").fetchall() == written
        assert index_unblocked_trials(con) == 0


def test_a_summary_opening_is_normalised_from_as_much_of_the_text_as_it_needs():
    texts = [s.get("protocolSection", {}).get("descriptionModule", {}) for s in load_studies()]
    texts = [f"{d.get('briefSummary', '')} {d.get('detailedDescription', '')}" for d in texts]
    crafted = ["Étude ﬃ ＡＢＣ (phase Ⅱ) " * 900, "x" * 7000 + " y", "a " * 4000, " " * 9000 + "word"]
    long = [t for t in texts + crafted if len(t) > 4 * SUMMARY_CHARS]
    assert len(long) > 20
    assert all(normalised_opening(t) == normalise(t)[:SUMMARY_CHARS] for t in texts + crafted)


def test_a_run_that_brings_many_documents_indexes_every_trial_once(corpus):
    _, db, _ = corpus
    with duckdb.connect(str(db)) as con:
        small, large = sources.MatchCandidates(), sources.MatchCandidates()
        small.add_batch(6)  # 6 x 20 < 160 stored trials
        large.expect(STUDIES)  # a full refresh: its first batch is small, the run is not
        large.add_batch(6)
        assert small.index(con, False).store is not None
        index = large.index(con, False)
        assert index.store is None and len(index.candidates) == STUDIES and large.index(con, False) is index


def test_a_batch_s_trials_are_indexed_once_so_blocks_count_each_trial_once(tmp_path):
    from collections import Counter
    from datetime import datetime

    from conftest import SEEDS

    from tasks.batches import fingerprint_files
    from tasks.documents import discover_files
    from tasks.pipeline import load_prepared, prepare_files

    db = tmp_path / "w.duckdb"
    candidates = sources.MatchCandidates()
    work, _ = fingerprint_files(db, discover_files([SEEDS]), False)
    load_prepared(db, prepare_files(work), "run", datetime(2026, 1, 1), candidates)
    index = candidates._indexes[False]  # the batch's documents were added, then its trials read back
    assert len(index.candidates) == 5
    words = Counter(
        word for trial in index.candidates.values() for title in trial.titles for word in set(title.split())
    )
    assert {word: index._titles.size(word) for word in words} == dict(words)  # once a trial, not once a reading


def test_every_trial_s_candidates_read_in_chunks_are_those_read_at_once(corpus, monkeypatch):
    # All 100,000 trials' names grouped in one query overflowed the writer's 128 MB buffer pool.
    from warehouse import sources as stored_sources

    _, db, _ = corpus
    with duckdb.connect(str(db), read_only=True) as con:
        at_once = stored_sources.match_candidates(con, False)
        monkeypatch.setattr(stored_sources, "CANDIDATE_CHUNK", 7)
        in_chunks = stored_sources.match_candidates(con, False)
        some = stored_sources.match_candidates(con, False, [row[0] for row in at_once[::-10]])
    assert len(at_once) == STUDIES and in_chunks == at_once
    assert [row[0] for row in at_once] == sorted(row[0] for row in at_once)
    assert any(row[5] for row in at_once) and any(row[6] for row in at_once)  # names were grouped
    assert some == sorted(at_once[::-10])  # given ids come back in id order too


def test_the_run_s_index_holds_each_rewritten_trial_as_the_warehouse_reads_it_back(tmp_path):
    # After each batch the run's index takes the trials from the rows the batch wrote, not from a
    # query: it must hold what reading them back gives. The second batch brings the ids of trials
    # the first knew only from pages (they are claimed) and more pages of trials it wrote.
    from datetime import datetime

    from tasks.pipeline import load_prepared

    studies = load_studies()[:24]
    pages = [d for s in studies for d in render_documents(s, LAYOUTS)]
    records = [
        SourceDocument(hashlib.sha256(t.encode()).hexdigest()[:20], uri, hashlib.sha256(t.encode()).hexdigest(), t)
        for uri, t in [(f"{nct_id(s)}.json", json.dumps(s)) for s in studies]
        + [(f"{p.nct}.{p.layout}", p.text) for p in pages]
    ]
    early = {f"{nct_id(s)}.json" for s in studies[::2]}
    first = [r for r in records if r.uri.endswith(".flat") or r.uri in early]
    second = [r for r in records if r not in first]
    db, candidates = tmp_path / "w.duckdb", sources.MatchCandidates()
    candidates.expect(len(records))  # a run this large keeps one index of every trial
    trials = []
    for batch in (first, second):
        load_prepared(db, prepare_documents(batch), "run", datetime(2026, 1, 1), candidates)
        with duckdb.connect(str(db), read_only=True) as con:
            stored = {f.key: f for f in stored_features(con, False)}
        index = candidates._indexes[False]
        assert stored and all(index.candidates[key].same_as(features) for key, features in stored.items())
        trials.append(set(stored))
    claimed = {key for key in trials[0] if key.startswith("DOC-")} - trials[1]
    assert claimed  # trials known from pages only were claimed by the ids the second batch brought
