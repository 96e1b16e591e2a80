"""The real API v2 studies the harness renders, and the values each should parse back to."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tasks.train_segmenter import outcome_lists, prose

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "ctgov"
# Every folder of tests/data/ctgov that holds API v2 study objects (legacy/ is another format).
STUDY_FOLDERS = ("studies", "website_json_export", "pages", "more_studies")
OUTCOME_KEYS = (("primary", "primaryOutcomes"), ("secondary", "secondaryOutcomes"), ("other", "otherOutcomes"))


@dataclass(frozen=True)
class ExpectedEndpoint:
    """One outcome as the JSON states it."""

    kind: str
    measure: str
    description: str | None
    time_frame: str | None


def load_studies(root: Path = DATA) -> list[dict]:
    """Return every distinct API v2 study under ``root``'s study folders, sorted by NCT id."""
    studies: dict[str, dict] = {}
    for folder in STUDY_FOLDERS:
        for path in sorted((root / folder).rglob("*.json")):
            for study in _studies_in(json.loads(path.read_text(encoding="utf-8"))):
                studies.setdefault(nct_id(study), study)
    studies.pop("", None)
    return [studies[key] for key in sorted(studies)]


def _studies_in(data: object) -> Iterator[dict]:
    """Yield the study objects of one JSON file (a page, a list or one study)."""
    items = data.get("studies", [data]) if isinstance(data, dict) else data
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and "protocolSection" in item:
            yield item


def section(study: dict, module: str) -> dict:
    """Return one module of the protocol section (empty when absent)."""
    return study.get("protocolSection", {}).get(module, {}) or {}


def nct_id(study: dict) -> str:
    """Return the study's NCT id."""
    return section(study, "identificationModule").get("nctId", "")


def text(value: object) -> str:
    """Return a JSON text field with Windows newlines normalised ('' when absent)."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else ""


def outcomes(study: dict) -> list[tuple[str, dict]]:
    """Return ``(kind, outcome)`` for every outcome, primary first."""
    module = section(study, "outcomesModule")
    return [(kind, outcome) for kind, key in OUTCOME_KEYS for outcome in module.get(key, []) or []]


def expected_endpoints(study: dict, shows_kind: bool = True) -> list[ExpectedEndpoint]:
    """Return the endpoints a faithful parser recovers; ``unspecified`` kinds where the layout hides them."""
    return [
        ExpectedEndpoint(
            kind if shows_kind else "unspecified",
            text(outcome.get("measure")),
            text(outcome.get("description")) or None,
            text(outcome.get("timeFrame")) or None,
        )
        for kind, outcome in outcomes(study)
        if text(outcome.get("measure"))
    ]


def interventions(study: dict) -> list[dict]:
    """Return the study's interventions (type and name)."""
    return [i for i in section(study, "armsInterventionsModule").get("interventions", []) or [] if i.get("name")]


def arm_groups(study: dict) -> list[dict]:
    """Return the study's arm groups."""
    return [a for a in section(study, "armsInterventionsModule").get("armGroups", []) or [] if a.get("label")]


_TYPE_PREFIX = re.compile(r"^[A-Za-z ]+:\s*")


def arm_intervention_names(arm: dict) -> list[str]:
    """Return an arm's intervention names without their ``Type:`` prefix."""
    return [_TYPE_PREFIX.sub("", name, count=1).strip() for name in arm.get("interventionNames", []) or []]


def locations(study: dict) -> list[dict]:
    """Return the study's locations."""
    return section(study, "contactsLocationsModule").get("locations", []) or []


def training_set(studies: list[dict]) -> tuple[list[list[list[tuple[str, str | None, str | None]]]], list[str]]:
    """The segmenter's training data from ``studies``: their outcome lists and their prose."""
    return [outcome_lists(s) for s in studies], [text for s in studies for text in prose(s)]
