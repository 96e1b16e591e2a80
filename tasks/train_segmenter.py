"""Retrain the shipped outcome segmenter on the real records in ``tests/data/ctgov``.

Usage: ``python -m tasks.train_segmenter [DATA_DIR]``. Deterministic: the same records give
byte-identical model files. The model's version (a hash of its content) becomes part of
the parser version, so every document is reparsed on the next run after a retrain.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from tasks.parsers.segment_training import Study, train
from tasks.parsers.segmenter import MODEL_FILE, VERSION_FILE

OUTCOME_KEYS = ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes")
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "ctgov"
MODEL_DIR = Path(__file__).resolve().parent / "parsers" / "models"


def outcome_lists(study: dict) -> Study:
    """A study's outcome lists (one per kind) as ``(measure, description, time_frame)`` triples."""
    module = study.get("protocolSection", {}).get("outcomesModule", {})
    lists = []
    for key in OUTCOME_KEYS:
        triples = [_triple(outcome) for outcome in module.get(key, [])]
        if triples:
            lists.append(triples)
    return lists


def _triple(outcome: dict) -> tuple[str, str | None, str | None]:
    """One outcome's parts, stripped, empty parts as ``None``."""
    parts = (outcome.get(key) or "" for key in ("measure", "description", "timeFrame"))
    measure, description, time_frame = (part.strip() or None for part in parts)
    return measure or "", description, time_frame


def prose(study: dict) -> list[str]:
    """A study's free prose (brief summary, detailed description)."""
    module = study.get("protocolSection", {}).get("descriptionModule", {})
    return [text for text in (module.get("briefSummary"), module.get("detailedDescription")) if text]


def iter_studies(root: Path) -> Iterator[dict]:
    """Every distinct API v2 study object in the JSON files under ``root`` (first seen wins)."""
    seen: set[str] = set()
    for path in sorted(root.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        studies = data.get("studies", [data]) if isinstance(data, dict) else data
        for study in studies if isinstance(studies, list) else []:
            nct = study.get("protocolSection", {}).get("identificationModule", {}).get("nctId")
            if nct and nct not in seen:
                seen.add(nct)
                yield study


def write_model(studies: list[dict], folder: Path = MODEL_DIR) -> str:
    """Train on ``studies`` and write the model and its version; return the version."""
    segmenter = train([outcome_lists(s) for s in studies], [p for s in studies for p in prose(s)])
    payload = json.dumps(segmenter.to_json(), sort_keys=True, separators=(",", ":")).encode("utf-8")
    version = hashlib.sha256(payload).hexdigest()[:12]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MODEL_FILE).write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    (folder / VERSION_FILE).write_text(version + "\n", encoding="utf-8")
    return version


def main(argv: list[str] | None = None) -> None:
    """Retrain from the records under the given folder (default ``tests/data/ctgov``)."""
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]) if argv else DEFAULT_DATA
    studies = list(iter_studies(root))
    version = write_model(studies)
    print(f"trained on {len(studies)} studies: {MODEL_DIR / MODEL_FILE} (version {version})")


if __name__ == "__main__":
    main()
