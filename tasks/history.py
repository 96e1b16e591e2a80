"""What changed between the versions of a trial: fields, endpoints and criteria.

Every version of every document is kept in the raw store; a trial's versions are its
documents in the order their content became valid (``trial_version``). Two consecutive
versions are compared on what both state: a registry page that gives no sites does not
"remove" the sites of the API record before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tasks.identity import normalise
from tasks.parsers.records import Endpoint, TrialRecord

FIELDS = (
    "title",
    "overall_status",
    "phase",
    "enrollment",
    "start_date",
    "completion_date",
    "lead_sponsor",
    "minimum_age",
    "maximum_age",
)


@dataclass(frozen=True)
class Version:
    """One version of a trial: which document, in which format, valid from when, and what it says."""

    version: int
    document_id: str
    source_format: str
    valid_from: datetime
    record: TrialRecord | None  # None: the stored content no longer parses


@dataclass(frozen=True)
class Change:
    """One difference between a version and the one before it."""

    version: int
    item: str  # a field name, "endpoint" or "criterion"
    change: str  # changed | added | removed | reworded
    before: str | None
    after: str | None


def changes(versions: list[Version]) -> list[Change]:
    """Every change from each version to the next, in version order."""
    found = []
    for before, after in zip(versions, versions[1:], strict=False):
        if before.record is not None and after.record is not None:
            found += _field_changes(after.version, before.record, after.record)
            found += _endpoint_changes(after.version, before.record, after.record)
            found += _criterion_changes(after.version, before.record, after.record)
    return found


def _field_changes(version: int, before: TrialRecord, after: TrialRecord) -> list[Change]:
    """Fields both versions state, with different values."""
    found = []
    for name in FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old is not None and new is not None and normalise(str(old)) != normalise(str(new)):
            found.append(Change(version, name, "changed", str(old), str(new)))
    return found


def _endpoint_changes(version: int, before: TrialRecord, after: TrialRecord) -> list[Change]:
    """Endpoints added, removed, or kept under the same measure with another time frame or description."""
    if not before.endpoints or not after.endpoints:
        return []
    old = {normalise(e.measure): e for e in before.endpoints}
    new = {normalise(e.measure): e for e in after.endpoints}
    found = [Change(version, "endpoint", "removed", old[k].measure, None) for k in old if k not in new]
    found += [Change(version, "endpoint", "added", None, new[k].measure) for k in new if k not in old]
    for key in old.keys() & new.keys():
        if _endpoint_text(old[key]) != _endpoint_text(new[key]):
            found.append(Change(version, "endpoint", "reworded", _describe(old[key]), _describe(new[key])))
    return found


def _endpoint_text(endpoint: Endpoint) -> tuple[str, str]:
    """What rewording compares: the description and the time frame, normalised."""
    return normalise(endpoint.description), normalise(endpoint.time_frame)


def _describe(endpoint: Endpoint) -> str:
    """An endpoint on one line."""
    return f"{endpoint.measure} [{endpoint.time_frame or 'no time frame'}]"


def _criterion_changes(version: int, before: TrialRecord, after: TrialRecord) -> list[Change]:
    """Criteria whose text appears in one version only (when both versions list criteria)."""
    if not before.criteria or not after.criteria:
        return []
    old = {normalise(c.text): c.text for c in before.criteria}
    new = {normalise(c.text): c.text for c in after.criteria}
    found = [Change(version, "criterion", "removed", old[k], None) for k in old if k not in new]
    return found + [Change(version, "criterion", "added", None, new[k]) for k in new if k not in old]
