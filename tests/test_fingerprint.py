"""Fingerprinting: an unchanged file costs a read and a hash, a changed container only its changed studies."""

import json
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from conftest import CTGOV, SEEDS

from tasks.batches import fingerprint_files
from tasks.documents import discover, discover_files
from tasks.pipeline import load_prepared, prepare_files

EXPORT = CTGOV / "website_json_export" / "ctg-studies_export_2023-06-28_10studies.json"


def run(db, folder, full_refresh=False):
    """Fingerprint, prepare and write like one ingest batch; return (work, unchanged, result)."""
    work, unchanged = fingerprint_files(db, discover_files([folder]), full_refresh)
    prepared = prepare_files(work)
    result = load_prepared(db, prepared, "run", datetime(2026, 1, 1))
    return work, unchanged + result.unchanged, result


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, folder)
    shutil.copy(EXPORT, folder / "page.json")
    return folder


def test_unchanged_files_stop_at_the_hash_and_a_changed_page_reparses_one_study(inbox, tmp_path):
    db = tmp_path / "w.duckdb"
    _, _, first = run(db, inbox)
    assert len(first.loaded) == 12  # two text documents and the ten studies of the page

    work, unchanged, second = run(db, inbox)
    assert work == [] and len(unchanged) == 12 and second.loaded == []

    page = json.loads((inbox / "page.json").read_text())  # the website's export: an array of studies
    page[3]["protocolSection"]["identificationModule"]["briefTitle"] += " (edited)"
    (inbox / "page.json").write_text(json.dumps(page))
    work, unchanged, third = run(db, inbox)
    assert [w.uri for w in work] == [str(inbox / "page.json")]
    assert len(third.loaded) == 1 and len(unchanged) == 11
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM trial WHERE title LIKE '% (edited)'").fetchall() == [(1,)]


def test_documents_recorded_before_schema_5_are_recognised_by_their_id(inbox, tmp_path):
    db = tmp_path / "w.duckdb"
    run(db, inbox)
    with duckdb.connect(str(db)) as con:  # what a warehouse upgraded from schema 4 holds
        con.execute("UPDATE source_document SET file_uri = NULL, file_sha256 = NULL")
    work, unchanged, _ = run(db, inbox)
    # Matched by uri (the file's, or the file's plus #index): one-document files stop at the hash,
    # the page is split once more (its file hash was not recorded) and its studies match by record.
    assert [w.uri for w in work] == [str(inbox / "page.json")] and len(unchanged) == 12


def test_full_refresh_processes_every_file(inbox, tmp_path):
    db = tmp_path / "w.duckdb"
    run(db, inbox)
    work, unchanged, result = run(db, inbox, full_refresh=True)
    assert len(work) == 3 and unchanged == [] and len(result.loaded) == 12


def _age(folder, seconds=3600):
    """Set every file's mtime in the past, as files that have not changed for a while."""
    import os
    import time

    for path in folder.iterdir():
        os.utime(path, ns=(time.time_ns(), time.time_ns() - seconds * 1_000_000_000))


def _rewrite_in_place(path, text):
    """Change a file's bytes but not its size, inode or mtime (its ctime changes, as any write's does)."""
    import os

    before = os.stat(path)
    assert len(text.encode()) == before.st_size
    with open(path, "r+", encoding="utf-8") as handle:
        handle.write(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_ino == before.st_ino


def test_a_file_whose_stat_is_unchanged_is_not_read_again_and_verify_reads_it(inbox, tmp_path, monkeypatch):
    import builtins
    import pathlib

    db = tmp_path / "w.duckdb"
    _age(inbox)
    run(db, inbox)
    real_open, real_read = builtins.open, pathlib.Path.read_bytes

    def refuse(path):
        if str(path).startswith(str(inbox)):
            raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(builtins, "open", lambda file, *a, **k: refuse(file) or real_open(file, *a, **k))
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: refuse(self) or real_read(self))
    work, unchanged, _ = run(db, inbox)
    assert work == [] and len(unchanged) == 12  # not one file of the inbox was opened
    work, _ = fingerprint_files(db, discover_files([inbox]), full_refresh=False, verify=True)
    assert len(work) == 3  # --verify reads every file (here every read is refused)


def test_a_file_recorded_within_two_seconds_of_its_change_is_read_again(inbox, tmp_path):
    db = tmp_path / "w.duckdb"
    run(db, inbox)  # the files were written just now: their entries are not trusted yet
    seed = sorted(inbox.glob("*.txt"))[0]
    _rewrite_in_place(seed, seed.read_text(encoding="utf-8").replace("a", "b", 1))
    work, _, result = run(db, inbox)
    assert [w.uri for w in work] == [str(seed)] and len(result.loaded) == 1
    with duckdb.connect(str(db), read_only=True) as con:
        stats = con.execute("SELECT count(*) FROM file_stat").fetchall()
    assert stats == [(3,)]


def test_discovery_lists_documents_in_path_order_without_litter_and_resolves_links(tmp_path):
    names = (
        "a/b/z.txt",
        "a-b/c.txt",
        "a/.hidden.txt",
        "a/.DS_Store",
        "a/y.txt",
        "target/real.txt",
        "a/.git/objects/ab",
    )
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "a" / "link.txt").symlink_to(tmp_path / "target" / "real.txt")
    found = discover(tmp_path / name for name in ("a", "a-b"))
    # pathlib's order, component by component: "a/..." before "a-b/..."; the link is its target.
    assert found.files == [str(tmp_path / n) for n in ("a/b/z.txt", "a/y.txt", "a-b/c.txt", "target/real.txt")]
    assert found.files == [str(p) for p in sorted(map(Path, found.files))] and found.skipped == []


def test_a_folder_walk_passes_over_the_paths_named_but_a_file_named_is_read(tmp_path):
    for name in ("docs/study.txt", "docs/trials.duckdb", "docs/runs/r1.md", "docs/sub/runs/kept.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    own = {str(tmp_path / "docs" / "trials.duckdb"), str(tmp_path / "docs" / "runs")}
    found = discover([tmp_path / "docs"], own)
    assert found.files == [str(tmp_path / n) for n in ("docs/study.txt", "docs/sub/runs/kept.txt")]
    named = discover([tmp_path / "docs" / "trials.duckdb"], own)
    assert named.files == [str(tmp_path / "docs" / "trials.duckdb")]
    (tmp_path / "docs" / "sub" / "link.duckdb").symlink_to(tmp_path / "docs" / "trials.duckdb")
    (tmp_path / "docs" / "sub" / "report.md").symlink_to(tmp_path / "docs" / "runs" / "r1.md")
    assert discover([tmp_path / "docs" / "sub"], own).files == [str(tmp_path / "docs/sub/runs/kept.txt")]


def test_files_checked_in_chunks_get_the_answers_of_one_check(inbox, tmp_path, monkeypatch):
    import warehouse.fingerprints as fingerprints

    monkeypatch.setattr(fingerprints, "CHECK_CHUNK", 1)  # every file its own query
    db = tmp_path / "w.duckdb"
    _age(inbox)
    run(db, inbox)
    work, unchanged, _ = run(db, inbox)  # through the stat index
    assert work == [] and len(unchanged) == 12
    work, _ = fingerprint_files(db, discover_files([inbox]), full_refresh=False, verify=True)  # by hashing
    assert work == []
    moved = inbox / "moved"
    moved.mkdir()
    shutil.move(inbox / "page.json", moved / "page.json")
    work, unchanged, _ = run(db, inbox)
    assert work == [] and len(unchanged) == 12  # a file of known content at a new path is no new work
    with duckdb.connect(str(db), read_only=True) as con:
        uris = con.execute("SELECT DISTINCT file_uri FROM source_document WHERE file_uri LIKE '%page.json'").fetchall()
    assert uris == [(str(moved / "page.json"),)]


def test_the_files_of_the_registry_s_whole_archive_are_checked_within_the_writer_s_memory(tmp_path):
    # 550,000 files in one query ran out of the writer's capped memory (the answer's lists do not spill).
    from hashlib import sha256

    from warehouse.connection import write_connection
    from warehouse.fingerprints import check_contents

    files = 600_000
    shas = [sha256(str(i).encode()).hexdigest() for i in range(files)]
    uris = [f"/archive/NCT{i:08d}.xml" for i in range(files)]
    with write_connection(tmp_path / "w.duckdb") as con:
        check = check_contents(con, (shas, uris), "1.0")
    assert len(check.changed) == files and not check.unchanged_uris
