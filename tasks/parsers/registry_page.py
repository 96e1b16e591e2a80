"""Registry / aggregator pages with label-value blocks and ``Time frame:`` outcomes.

Layout: summary paragraph(s); label lines (``Study Type``, ``Allocation``,
``Purpose``, ``Masking``, ``Enrollment`` …) each followed by its value; the
intervention names; sites as a facility line over a ``City, State, Country``
line; then outcomes as name / optional description / ``Time frame: …``. Such
pages do not say which outcomes are primary, so every endpoint is ``unspecified``.
A page without outcomes (no ``Time frame:`` line) loads without endpoints, with a warning.
"""

from __future__ import annotations

import re

from schemas.vocabulary import STATUSES, STUDY_TYPES
from tasks.parsers import segmenter
from tasks.parsers.document_text import join_paragraphs, split_lines, strip_boilerplate
from tasks.parsers.places import parse_location, split_location
from tasks.parsers.records import Endpoint, Intervention, ParseError, ParseWarning, Site, TrialRecord
from tasks.parsers.text import REGISTRY_ID, clean, enum_from_text, int_from_text, phase_from_text, sex_from_text

FORMAT = "registry_page"
LABELS = {
    "study type": "study_type",
    "allocation": "allocation",
    "purpose": "primary_purpose",
    "primary purpose": "primary_purpose",
    "masking": "masking",
    "enrollment": "enrollment",
    "intervention model": "intervention_model",
    "phase": "phase",
    "status": "overall_status",
    "recruitment status": "overall_status",
    "sex": "sex",
    "gender": "sex",
    "sponsor": "lead_sponsor",
    "lead sponsor": "lead_sponsor",
    # The trial's own id, where the page states it; an id met in the prose is only a reference.
    "registration number": "registry_id",
    "registry id": "registry_id",
    "trial id": "registry_id",
    "nct number": "registry_id",
    "clinicaltrials.gov identifier": "registry_id",
}
TIME_FRAME_LINE = re.compile(r"^\s*time ?frame\s*:\s*(.*)$", re.IGNORECASE)
NO_OUTCOMES = "no outcome with a time frame found"
# Longer lines are no intervention names (2 of 977 real names are), see _below_the_interventions.
MAX_INTERVENTION_WORDS = 15
# A line that reads this much better as description than as a name is not the first outcome's name
# (log-probability; cross-validated on pages without sites, 30 to 100 do about as well).
DESCRIPTION_MARGIN = 50.0


def detect(text: str) -> bool:
    """Tell whether ``text`` has a label-value block (and, with few labels, outcomes or a study type)."""
    lines = [line.strip().lower() for line in split_lines(text)]
    labels = sum(1 for line in lines if line in LABELS)
    if "study type" not in lines:  # then neither the time frames nor the study type's value can tell
        return labels >= 4
    has_time_frames = any(TIME_FRAME_LINE.match(line) for line in lines)
    return has_time_frames or labels >= 4 or _has_study_type_value(lines)


def _has_study_type_value(lines: list[str]) -> bool:
    """Tell whether a ``Study Type`` label line is followed by a study type (a page without outcomes).

    Boilerplate spliced between the label and its value is passed over.
    """
    for index, line in enumerate(lines):
        if line == "study type":
            value = next((v for v in lines[index + 1 :] if strip_boilerplate(v).strip()), None)
            if enum_from_text(value, STUDY_TYPES):
                return True
    return False


def parse(text: str) -> TrialRecord:
    """Parse a registry page into a :class:`TrialRecord`.

    Raises:
        ParseError: when the page has no label block.
    """
    lines = [line for line in split_lines(strip_boilerplate(text))]
    label_at = [i for i, line in enumerate(lines) if line.strip().lower() in LABELS]
    if not label_at:
        raise ParseError("registry page without label-value block")
    record = TrialRecord()
    _read_summary(record, lines[: label_at[0]])
    block_end = _read_labels(record, lines, label_at)
    body = [line.strip() for line in lines[block_end:] if line.strip()]
    outcomes_at = _outcomes_start(body)
    _read_interventions_and_sites(record, body[:outcomes_at])
    record.endpoints = _endpoints(body[outcomes_at:])
    if not record.endpoints:
        record.warnings.append(ParseWarning("outcomes", NO_OUTCOMES))
    return record


def _read_summary(record: TrialRecord, lines: list[str]) -> None:
    """The first paragraph is the brief summary, the rest the detailed description."""
    paragraphs = [line.strip() for line in lines if line.strip()]
    record.brief_summary = clean(paragraphs[0]) if paragraphs else None
    record.detailed_description = join_paragraphs(paragraphs[1:])


def _read_labels(record: TrialRecord, lines: list[str], label_at: list[int]) -> int:
    """Read each label's value (the next non-empty line); return where the block ends."""
    end = 0
    for index in label_at:
        if index < end:
            continue  # this "label" was the value of the one before
        value_at = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        if value_at is None:
            break
        _set_field(record, LABELS[lines[index].strip().lower()], lines[value_at].strip())
        end = value_at + 1
    return end


def _set_field(record: TrialRecord, field: str, value: str) -> None:
    """Store one label's value, mapped to the CT.gov enum where there is one."""
    if field == "study_type":
        record.study_type = enum_from_text(value, STUDY_TYPES)
    elif field == "enrollment":
        record.enrollment = int_from_text(value)
    elif field == "phase":
        record.phase = phase_from_text(value)
    elif field == "overall_status":
        record.overall_status = enum_from_text(value, STATUSES)
    elif field == "sex":
        record.sex = sex_from_text(value)
    elif field == "registry_id":
        found = REGISTRY_ID.search(value)
        record.registry_id = found.group(0) if found else None
    else:
        setattr(record, field, clean(value))


def _outcomes_start(body: list[str]) -> int:
    """Find the first outcome name: after the last site, or just before the first time frame.

    A page without ``Time frame:`` lines has no outcomes: its body ends with the sites.
    """
    first_tf = next((i for i, line in enumerate(body) if TIME_FRAME_LINE.match(line)), None)
    if first_tf is None:
        return len(body)  # no outcomes: every line is an intervention or a site
    locations = [i for i in range(1, first_tf) if _is_location(body[i])]
    if locations:
        return locations[-1] + 1
    # Without sites: a name and, when the first outcome has one, a description precede the time frame.
    start = first_tf - 2 if first_tf >= 2 and _first_outcome_has_description(body, first_tf) else max(0, first_tf - 1)
    return _title_above(body, _below_the_interventions(body, start, first_tf))


def _below_the_interventions(body: list[str], start: int, first_tf: int) -> int:
    """Move ``start`` up to the first line above it that cannot be an intervention's name.

    Intervention names are short and are no sentences (of 977 real ones, 2 have more than
    :data:`MAX_INTERVENTION_WORDS` words and 1 ends with a full stop), so such a line belongs to the
    first outcome: it is its name, or a paragraph of its description under the name above it.
    """
    outcome_line = next((i for i in range(first_tf) if not _may_name_an_intervention(body[i])), start)
    if outcome_line >= start:
        return start
    return outcome_line if outcome_line == 0 or _reads_as_title(body[outcome_line]) else outcome_line - 1


def _title_above(body: list[str], start: int) -> int:
    """Move ``start`` up while its line reads far more as description than as a name and the line above less so.

    The first outcome's description may run over several paragraphs, each its own line.
    """
    while start > 0 and _title_margin(body[start]) < min(-DESCRIPTION_MARGIN, _title_margin(body[start - 1])):
        start -= 1
    return start


def _may_name_an_intervention(line: str) -> bool:
    """Whether ``line`` is short enough and no sentence, as intervention names are."""
    return len(line.split()) <= MAX_INTERVENTION_WORDS and not line.rstrip().endswith(".")


def _is_location(line: str) -> bool:
    """Tell whether ``line`` reads like "City, State, Country" (it ends with a known country)."""
    return split_location(line) is not None


def _first_outcome_has_description(body: list[str], first_tf: int) -> bool:
    """Tell whether the line above the first time frame is a description rather than the name.

    The outcomes of one page share their shape: when most of the later outcomes have a description
    (more than one line above their time frame), so does the first, and when most have none, it has
    none. Only a page whose other outcomes do not say (none, or as many of each) falls back to how
    the line reads.
    """
    time_frames = [i for i in range(first_tf, len(body)) if TIME_FRAME_LINE.match(body[i])]
    sizes = [after - before - 1 for before, after in zip(time_frames, time_frames[1:], strict=False)]
    described = sum(1 for size in sizes if size >= 2)
    bare = sum(1 for size in sizes if size == 1)
    if described != bare:
        return described > bare
    return _reads_like_description(body[first_tf - 1])


def _reads_like_description(line: str) -> bool:
    """Tell whether an outcome's second line is a description rather than its name, by the character models.

    (Cross-validated on the layout harness they read the first outcome of a page without sites
    better than "ends with a full stop or is over 80 characters" did.)
    """
    return _title_margin(line) < 0


def _reads_as_title(line: str) -> bool:
    """Whether the character models read ``line`` as an outcome's name rather than its description."""
    return _title_margin(line) > 0


def _title_margin(line: str) -> float:
    """How much better ``line`` reads as an outcome's name than as its description (log-probability)."""
    model = segmenter.current()
    return model.log_prob("measure", line) - model.log_prob("description", line)


def _read_interventions_and_sites(record: TrialRecord, lines: list[str]) -> None:
    """Lines before the first site are interventions; then facility / location pairs."""
    location_at = [i for i in range(1, len(lines)) if _is_location(lines[i])]
    first_site = location_at[0] - 1 if location_at else len(lines)
    record.interventions = [Intervention(None, name) for name in lines[:first_site]]
    record.sites = [Site(lines[i - 1], *parse_location(lines[i])) for i in location_at]


def _endpoints(lines: list[str]) -> list[Endpoint]:
    """Read name / description / ``Time frame:`` blocks."""
    endpoints: list[Endpoint] = []
    block: list[str] = []
    for line in lines:
        match = TIME_FRAME_LINE.match(line)
        if not match:
            block.append(line)
            continue
        if block:
            endpoints.append(Endpoint("unspecified", block[0], join_paragraphs(block[1:]), clean(match.group(1))))
        block = []
    if block:  # a trailing name without a time frame is still an endpoint
        endpoints.append(Endpoint("unspecified", block[0], join_paragraphs(block[1:]), None))
    return endpoints
