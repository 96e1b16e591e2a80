"""Typed records every parser returns: one :class:`TrialRecord` per document."""

from __future__ import annotations

from dataclasses import dataclass, field


class ParseError(ValueError):
    """A document that cannot become a trial record; the message is the reason."""


@dataclass(frozen=True)
class Intervention:
    """A studied intervention; ``intervention_type`` uses the CT.gov enum."""

    intervention_type: str | None
    name: str
    description: str | None = None
    arm_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Arm:
    """An arm or group, with the names of the interventions it receives."""

    label: str
    arm_type: str | None = None
    description: str | None = None
    intervention_names: tuple[str, ...] = ()


OUTCOME_KINDS = ("primary", "secondary", "other")  # the kinds a document's outcome lists name


@dataclass(frozen=True)
class Endpoint:
    """An outcome measure; ``kind`` is primary, secondary, other or unspecified."""

    kind: str
    measure: str
    description: str | None
    time_frame: str | None


@dataclass(frozen=True)
class Criterion:
    """One eligibility item; ``parent`` is the 1-based position of its parent item."""

    kind: str
    text: str
    parent: int | None = None


@dataclass(frozen=True)
class Site:
    """A trial location."""

    facility: str | None
    city: str | None = None
    state: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class ParseWarning:
    """A section of a document that could not be read; the rest of the document loaded."""

    section: str
    message: str


@dataclass
class TrialRecord:
    """Everything one document says about one trial.

    Enumerated fields (``phase``, ``overall_status``, ``study_type``, ``sex``)
    hold ClinicalTrials.gov enum spellings or ``None`` when the text is silent.
    """

    registry_id: str | None = None
    title: str | None = None
    official_title: str | None = None
    acronym: str | None = None
    brief_summary: str | None = None
    detailed_description: str | None = None
    phase: str | None = None
    overall_status: str | None = None
    study_type: str | None = None
    enrollment: int | None = None
    sex: str | None = None
    minimum_age: str | None = None
    maximum_age: str | None = None
    lead_sponsor: str | None = None
    allocation: str | None = None
    intervention_model: str | None = None
    masking: str | None = None
    primary_purpose: str | None = None
    start_date: str | None = None
    completion_date: str | None = None
    last_update_posted: str | None = None
    conditions: list[str] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    arms: list[Arm] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass(frozen=True)
class SourceDocument:
    """One document as read: identity, content hash, text (or why it has none).

    ``format`` and ``payload`` are set for records split out of a container file
    (a study object of a JSON page, a row of a CSV download). ``file_uri`` and
    ``file_sha256`` name the file a document was read from (``None`` for API studies).
    """

    document_id: str
    uri: str
    sha256: str
    text: str | None
    error: str | None = None
    format: str | None = None
    payload: object = None
    file_uri: str | None = None
    file_sha256: str | None = None


@dataclass(frozen=True)
class ParsedDocument:
    """A document after parsing: a record, or the reason it was rejected."""

    source: SourceDocument
    format: str | None
    record: TrialRecord | None
    error: str | None = None
    details: str | None = None

    @property
    def trial_id(self) -> str | None:
        """The trial key of this document's rows until its identity is resolved.

        Each document's rows carry ``DOC-`` and its content hash, so that several documents of
        one trial can be validated in one batch; :mod:`tasks.source_merge` then moves them to the
        trial the document belongs to.
        """
        if self.record is None:
            return None
        return content_trial_id(self.source.sha256)

    @property
    def stated_id(self) -> str | None:
        """The registry id the layout states (never one found in prose)."""
        return None if self.record is None else self.record.registry_id


def content_trial_id(sha256: str) -> str:
    """The id of a trial known only from a document that states no registry id.

    Derived from the document's content, so it is stable however the file is moved or renamed.
    """
    return "DOC-" + sha256[:16]
