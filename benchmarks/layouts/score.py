"""Score parsed records against the values their study states, per layout and field."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tasks.parsers.records import TrialRecord

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|^=])")
PARTS = ("measure", "description", "time_frame")
FIELDS = ("endpoints", "criteria", "arms", "interventions")


def norm(value: str | None) -> str:
    """Compare texts as a reader would: markdown escapes dropped, whitespace collapsed."""
    return " ".join(_ESCAPE.sub(r"\1", value or "").split())


@dataclass(frozen=True)
class Expected:
    """What one rendered document should parse back to (``None`` for fields the layout does not score)."""

    endpoints: list[tuple[str, str | None, str | None, str | None]]
    criteria: list[tuple[str, str]] | None = None
    arms: list[tuple[str, str | None]] | None = None
    interventions: list[str] | None = None


@dataclass
class FieldTally:
    """Multiset match counts of one field over many documents."""

    matched: int = 0
    expected: int = 0
    found: int = 0

    def add(self, expected: list, found: list) -> None:
        """Count one document's expected and found items."""
        want, got = Counter(expected), Counter(found)
        self.matched += sum((want & got).values())
        self.expected += sum(want.values())
        self.found += sum(got.values())

    def figures(self) -> dict[str, float | int]:
        """Return precision, recall, F1 and the counts."""
        precision = self.matched / self.found if self.found else 1.0
        recall = self.matched / self.expected if self.expected else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "expected": self.expected, "found": self.found}


@dataclass
class LayoutTally:
    """Everything counted for one layout."""

    documents: int = 0
    accepted: int = 0
    rejected: int = 0
    wrong_layout: int = 0
    fields: dict[str, FieldTally] = field(default_factory=lambda: {name: FieldTally() for name in FIELDS})
    parts: dict[str, FieldTally] = field(default_factory=lambda: {name: FieldTally() for name in PARTS})
    reasons: Counter = field(default_factory=Counter)

    def add(self, expected: Expected, found: TrialRecord | None, shows_kind: bool) -> None:
        """Score one document; ``found`` is ``None`` when it was rejected (every item then counts as missed)."""
        self.documents += 1
        record = found or TrialRecord()
        want, got = endpoint_keys(expected, record, shows_kind)
        self.fields["endpoints"].add(want, got)
        for index, part in enumerate(PARTS, start=1):
            self.parts[part].add([w[index] for w in want], [g[index] for g in got])
        if expected.criteria is not None:
            self.fields["criteria"].add([(k, norm(t)) for k, t in expected.criteria], _criteria(record))
        if expected.arms is not None:
            self.fields["arms"].add([(norm(a), norm(d)) for a, d in expected.arms], _arms(record))
        if expected.interventions is not None:
            self.fields["interventions"].add([norm(n) for n in expected.interventions], _interventions(record))

    def figures(self) -> dict:
        """Return the layout's figures as plain data."""
        return {
            "documents": self.documents,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "wrong_layout": self.wrong_layout,
            "fields": {name: tally.figures() for name, tally in self.fields.items() if tally.expected or tally.found},
            "part_accuracy": {name: tally.figures()["recall"] for name, tally in self.parts.items()},
            "reject_reasons": dict(self.reasons.most_common(10)),
        }


def endpoint_keys(expected: Expected, record: TrialRecord, shows_kind: bool) -> tuple[list[tuple], list[tuple]]:
    """Return the expected and the found endpoints of one document in comparable form."""
    got = [_endpoint_key(e.kind, e.measure, e.description, e.time_frame, shows_kind) for e in record.endpoints]
    return [_endpoint_key(*e, shows_kind) for e in expected.endpoints], got


def _endpoint_key(kind: str, measure: str, description: str | None, time_frame: str | None, shows_kind: bool) -> tuple:
    """Return the comparable form of an endpoint (the kind only where the layout shows it)."""
    return (kind if shows_kind else "", norm(measure), norm(description), norm(time_frame))


def _criteria(record: TrialRecord) -> list[tuple[str, str]]:
    """Return the record's criteria as ``(kind, text)``."""
    return [(c.kind, norm(c.text)) for c in record.criteria]


def _arms(record: TrialRecord) -> list[tuple[str, str]]:
    """Return the record's arms as ``(label, description)``."""
    return [(norm(a.label), norm(a.description)) for a in record.arms]


def _interventions(record: TrialRecord) -> list[str]:
    """Return the record's intervention names."""
    return [norm(i.name) for i in record.interventions]
