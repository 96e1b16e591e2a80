"""Draw unlabelled time frames and criterion lines from real API v2 records, for hand labelling.

Deterministic: the same directory gives the same candidates. See ``tests/data/labels/README.md``
for the procedure; ``--exclude-labelled`` leaves out every study already in a labelled set, so
a later draw never shares a study with the held-out half. ``--dev-lines N`` draws criterion
lines not yet labelled from the studies of the open splits only (``dev``, ``dev2``), once the
unlabelled studies have run out: never a held-out study.

``--csv-items N`` draws outcome items, as the CSV download joins them ("measure, description, time
frame"), from the download's studies that no API v2 record and no labelled set holds: records
nobody here has read, in the warehouse's own field (heme CAR-T). ``--legacy-lines`` draws the
criterion lines of the legacy XML and API v1 records (studies no API v2 record holds).

Usage: ``python -m benchmarks.sample_labels [API_V2_DIR] [--per-kind N] [--exclude-labelled]``
``[--dev-lines N [--split dev4] [--frames] [--per-study N]] [--csv-items N [--split csv]]``
``[--legacy-lines [--split legacy]]``
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "labels"
DEFAULT_DIR = Path("/work/shared/reference/ctgov/api_v2")
CSV_DOWNLOAD = LABELS.parent / "ctgov" / "csv_export" / "ctg-studies_export_heme_CART_245rows_2025-04.csv"
CSV_OUTCOME_COLUMNS = (("primary", "Primary Outcome Measures"), ("secondary", "Secondary Outcome Measures"))
PER_STUDY = 4
LEGACY = LABELS.parent / "ctgov" / "legacy"
CSV_ITEMS_PER_STUDY = 2  # fewer per study, more studies: the figure speaks of more records
_BULLET = re.compile(r"^\s*(?:[*\-•]|\d{1,2}[.)]|[a-z][.)])\s*")
_HEADER = re.compile(r"^\s*(?:key\s+)?(inclusion|exclusion)\s+criteria\s*:?\s*$", re.I)
_NUMERIC = re.compile(
    r"\d|[<>≤≥]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|"
    r"at least|more than|less than|greater than|no more than|over|under|above|below|within)\b",
    re.I,
)


def studies(directory: Path) -> Iterator[dict]:
    """Every study object (a dict with a ``protocolSection``) in the JSON files under ``directory``."""
    for path in sorted(directory.rglob("*.json")):
        yield from _study_objects(json.loads(path.read_text(encoding="utf-8")))


def _study_objects(node) -> Iterator[dict]:
    if isinstance(node, dict):
        if "protocolSection" in node:
            yield node
            return
        for value in node.values():
            yield from _study_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _study_objects(value)


def nct_id(study: dict) -> str:
    """The study's NCT id."""
    return study["protocolSection"]["identificationModule"]["nctId"]


def time_frames(study: dict) -> list[str]:
    """The study's distinct outcome time frames, whitespace collapsed, in record order."""
    module = study["protocolSection"].get("outcomesModule", {})
    seen: dict[str, None] = {}
    for key in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes"):
        for outcome in module.get(key, []):
            text = " ".join(str(outcome.get("timeFrame", "")).split())
            if text:
                seen.setdefault(text)
    return list(seen)


def criterion_lines(study: dict) -> list[tuple[str, str]]:
    """(kind, line) of each eligibility item that holds a number, a comparator or a number word."""
    text = study["protocolSection"].get("eligibilityModule", {}).get("eligibilityCriteria", "")
    kind, lines = "inclusion", []
    for raw in text.splitlines():
        header = _HEADER.match(raw)
        if header:
            kind = header.group(1).lower()
            continue
        line = " ".join(_BULLET.sub("", raw).split())
        if line and not line.endswith(":") and _NUMERIC.search(line):
            lines.append((kind, line))
    return lines


def _labelled_texts() -> tuple[set[str], set[str], set[str]]:
    endpoints, criteria = _labelled("endpoints.jsonl"), _labelled("criteria.jsonl")
    studies_seen = {row["nct_id"] for name in ("timeframes.jsonl", "thresholds.jsonl") for row in _labelled(name)}
    return {e.get("time_frame", "") for e in endpoints}, {c.get("text", "") for c in criteria}, studies_seen


def _shuffled_studies(directory: Path, seed: int) -> tuple[dict[str, dict], list[str], random.Random]:
    """The studies by NCT id (deduplicated), their ids sorted then shuffled, and the generator that shuffled them."""
    by_id: dict[str, dict] = {}
    for study in studies(directory):
        by_id.setdefault(nct_id(study), study)
    ids = sorted(by_id)
    generator = random.Random(seed)
    generator.shuffle(ids)
    return by_id, ids, generator


def sample(directory: Path, per_kind: int = 190, exclude_labelled: bool = False) -> Iterator[dict]:
    """The candidates, in the order of the procedure in ``tests/data/labels/README.md``."""
    by_id, ids, generator = _shuffled_studies(directory, 15)
    known_frames, known_lines, labelled_studies = _labelled_texts()
    counts = {"timeframe": 0, "criterion": 0}
    splits = ("dev", "heldout")
    turn = 0
    for nct in ids:
        if min(counts.values()) >= per_kind:
            break
        if exclude_labelled and nct in labelled_studies:
            continue
        study = by_id[nct]
        frames = [t for t in time_frames(study) if t not in known_frames]
        lines = [(k, t) for k, t in criterion_lines(study) if t not in known_lines]
        lines = _draw(generator, lines) if counts["criterion"] < per_kind else []
        frames = _draw(generator, frames) if counts["timeframe"] < per_kind else []
        if not frames and not lines:
            continue
        split = splits[turn % 2]
        turn += 1
        for n, text in enumerate(frames, 1):
            counts["timeframe"] += 1
            yield {"id": f"{nct}-tf{n}", "nct_id": nct, "text": text, "horizon_days": None, "split": split}
        for n, (kind, text) in enumerate(lines, 1):
            counts["criterion"] += 1
            yield {"id": f"{nct}-el{n}", "nct_id": nct, "kind": kind, "text": text, "thresholds": None, "split": split}


def sample_dev_lines(
    directory: Path, count: int, split: str = "dev3", kind: str = "criterion", per_study: int = PER_STUDY
) -> Iterator[dict]:
    """Unlabelled criterion lines (or time frames) of studies already in the open splits, at most ``per_study`` a study.

    Studies are visited in the shuffled order of :func:`sample`; a study's new ids continue its
    numbering; the split is ``split`` (``dev3`` for the first such draw, ``dev4`` for the next).
    No study of the held-out half, in either labelled file, is drawn from.
    """
    by_id, ids, generator = _shuffled_studies(directory, 16)
    name, tag = ("thresholds.jsonl", "-el") if kind == "criterion" else ("timeframes.jsonl", "-tf")
    both = {file: _labelled(file) for file in ("thresholds.jsonl", "timeframes.jsonl")}
    held_out = {row["nct_id"] for rows in both.values() for row in rows if row["split"] == "heldout"}
    labelled = both[name]
    open_studies = {row["nct_id"] for row in labelled} - held_out
    known = {row["text"] for row in labelled}
    drawn = 0
    for nct in ids:
        if drawn >= count:
            break
        if nct not in open_studies:
            continue
        numbers = [int(row["id"].rsplit(tag, 1)[1]) for row in labelled if row["nct_id"] == nct and tag in row["id"]]
        items = criterion_lines(by_id[nct]) if kind == "criterion" else [(None, t) for t in time_frames(by_id[nct])]
        items = [(k, t) for k, t in items if t not in known]
        chosen = _draw(generator, items, per_study)[: count - drawn]
        for n, (kind_of, text) in enumerate(chosen, max(numbers, default=0) + 1):
            drawn += 1
            row = {"id": f"{nct}{tag}{n}", "nct_id": nct} | ({"kind": kind_of} if kind == "criterion" else {})
            yield row | {"text": text, ("thresholds" if kind == "criterion" else "horizon_days"): None, "split": split}


def sample_csv_items(directory: Path, count: int, split: str = "csv", path: Path = CSV_DOWNLOAD) -> Iterator[dict]:
    """Outcome items of the CSV download's unseen studies, at most two a study, for their time frames.

    A study is unseen when no API v2 record under ``directory`` and no labelled file holds it.
    Studies are sorted by NCT id and shuffled with seed 17; from each, items with distinct text are
    drawn from the primary and secondary cells. ``kind`` and ``position`` (0-based, among the
    cell's non-empty ``|`` items) say where the item stands, so a scorer can split the whole cell.
    """
    seen = {nct_id(study) for study in studies(directory)}
    # a later draw also leaves out the studies of earlier CSV draws (the first was made before the file existed)
    names = ("timeframes.jsonl", "thresholds.jsonl") + (
        ("csv_items.jsonl",) if (LABELS / "csv_items.jsonl").exists() else ()
    )
    seen |= {row["nct_id"] for name in names for row in _labelled(name)}
    rows = {row["NCT Number"]: row for row in csv.DictReader(path.open(encoding="utf-8", newline=""))}
    ids = sorted(set(rows) - seen)
    generator = random.Random(17)
    generator.shuffle(ids)
    drawn = 0
    for nct in ids:
        items = [
            (kind, position, " ".join(item.split()))
            for kind, column in CSV_OUTCOME_COLUMNS
            for position, item in enumerate(i for i in rows[nct][column].split("|") if i.strip())
        ]
        distinct = list({text: (kind, position, text) for kind, position, text in reversed(items)}.values())[::-1]
        chosen = sorted(generator.sample(range(len(distinct)), min(CSV_ITEMS_PER_STUDY, len(distinct))))
        for n, index in enumerate(chosen[: count - drawn], 1):
            kind, position, text = distinct[index]
            drawn += 1
            row = {"id": f"{nct}-co{n}", "nct_id": nct, "kind": kind, "position": position, "text": text}
            yield row | {"time_frame": None, "horizon_days": None, "split": split}
        if drawn >= count:
            break


def sample_legacy_lines(split: str = "legacy", root: Path = LEGACY) -> Iterator[dict]:
    """Criterion lines of the legacy XML and API v1 records, whose studies no API v2 record holds.

    The records are read with the warehouse's own parsers (they hold the eligibility text as one
    block); lines with a number or a comparator word are kept, each distinct text once, in file order.
    """
    from tasks.parsers import parse_text

    seen: set[str] = set()
    numbers: dict[str, int] = {}
    for path in sorted(root.rglob("*.xml")) + sorted(root.rglob("*.json")):
        record = parse_text(path.read_text(encoding="utf-8"))[1]
        for criterion in record.criteria:
            text = " ".join(criterion.text.split())
            if text in seen or not _NUMERIC.search(text):
                continue
            seen.add(text)
            numbers[record.registry_id] = numbers.get(record.registry_id, 0) + 1
            row = {"id": f"{record.registry_id}-lg{numbers[record.registry_id]}", "nct_id": record.registry_id}
            yield row | {"kind": criterion.kind, "text": text, "thresholds": None, "split": split}


def _labelled(name: str) -> list[dict]:
    """The rows of one labelled file."""
    return [json.loads(line) for line in (LABELS / name).read_text().splitlines() if line]


def _draw(generator: random.Random, items: list, per_study: int = PER_STUDY) -> list:
    """At most ``per_study`` items drawn at random, kept in record order."""
    if len(items) <= per_study:
        return items
    chosen = sorted(generator.sample(range(len(items)), per_study))
    return [items[i] for i in chosen]


def main() -> None:
    """Print the candidates as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--per-kind", type=int, default=190, help="stop when each kind has this many")
    parser.add_argument("--exclude-labelled", action="store_true", help="skip studies already labelled")
    parser.add_argument("--dev-lines", type=int, default=0, help="draw N new lines from dev studies only")
    parser.add_argument("--split", default="dev3", help="the split name of a --dev-lines draw")
    parser.add_argument("--frames", action="store_true", help="with --dev-lines: draw time frames instead")
    parser.add_argument("--per-study", type=int, default=PER_STUDY, help="with --dev-lines: at most N a study")
    parser.add_argument("--csv-items", type=int, default=0, help="draw N outcome items of unseen CSV studies")
    parser.add_argument("--legacy-lines", action="store_true", help="draw the legacy records' criterion lines")
    args = parser.parse_args()
    if args.legacy_lines:
        rows = sample_legacy_lines(args.split)
    elif args.csv_items:
        rows = sample_csv_items(args.directory, args.csv_items, args.split)
    elif args.dev_lines:
        kind = "timeframe" if args.frames else "criterion"
        rows = sample_dev_lines(args.directory, args.dev_lines, args.split, kind, args.per_study)
    else:
        rows = sample(args.directory, args.per_kind, args.exclude_labelled)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
