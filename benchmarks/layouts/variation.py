"""Seeded variation: which documents of the harness depart from the base layouts, and how.

Every study gets its own ``random.Random`` per layout, seeded by its NCT id, so a run
renders the same documents on every machine. A content variation changes a copy of the
study before it is rendered (the expected values are read from that copy, so they
change only where the text really changes); a presentation variation only marks the
copy, and the renderer draws the document differently (the expected values stay).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.layouts.studies import OUTCOME_KEYS, section, text

FLAT, MEDPATH, REGISTRY = "ctgov_flat", "medpath", "registry_page"
ALL = (FLAT, MEDPATH, REGISTRY)
MARK = "_variations"  # where a varied copy lists what was done to it
_SENTENCE = re.compile(r"(?<=[a-z0-9)%][.]) +(?=[A-Z])")
_FULL_WIDTH = (((", ", "，"),), ((": ", "："),), (("(", "（"), (")", "）")))  # brackets change in pairs


@dataclass(frozen=True)
class Variation:
    """One way real documents depart from the base layout, applied to ``share`` of a layout's documents."""

    name: str
    share: float
    layouts: tuple[str, ...]
    apply: Callable[[dict, random.Random], bool] | None = None  # changes the study; False when it cannot
    doc: str = ""


def study_rng(nct: str, layout: str, seed: int = 0) -> random.Random:
    """Return the generator of one study's variations in one layout."""
    digest = hashlib.sha256(f"{seed}:{layout}:{nct}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def variations(study: dict) -> tuple[str, ...]:
    """Return the names of the variations applied to a varied copy."""
    return tuple(study.get(MARK, ()))


def has(study: dict, name: str) -> bool:
    """Tell whether the variation ``name`` was applied to ``study``."""
    return name in study.get(MARK, ())


def vary_study(study: dict, rng: random.Random, layout: str) -> dict:
    """Return a copy of ``study`` with its seeded variations for ``layout`` applied and listed."""
    varied = json.loads(json.dumps(study))  # a deep copy, several times faster than copy.deepcopy here
    applied = []
    for variation in VARIATIONS:
        drawn = rng.random()  # drawn for every variation, so adding one never reshuffles the others
        if layout in variation.layouts and drawn < variation.share:
            if variation.apply is None or variation.apply(varied, rng):
                applied.append(variation.name)
    varied[MARK] = tuple(applied)
    return varied


def _outcome_list(study: dict) -> list[dict]:
    """Return every outcome object of ``study`` (to change in place)."""
    module = section(study, "outcomesModule")
    return [outcome for _, key in OUTCOME_KEYS for outcome in module.get(key, []) or []]


def _paragraphs(study: dict, rng: random.Random) -> bool:
    """Put each sentence of some outcome descriptions in a paragraph of its own."""
    changed = False
    for outcome in _outcome_list(study):
        description = text(outcome.get("description"))
        if len(_SENTENCE.findall(description)) and rng.random() < 0.5:
            outcome["description"], changed = _SENTENCE.sub("\n\n", description), True
    return changed


def _lowercase_time_frames(study: dict, rng: random.Random) -> bool:
    """Start the time frames in lower case, as many real records do."""
    changed = False
    for outcome in _outcome_list(study):
        time_frame = text(outcome.get("timeFrame"))
        if time_frame[:1].isupper() and not time_frame[1:2].isupper():
            outcome["timeFrame"], changed = time_frame[0].lower() + time_frame[1:], True
    return changed


def _full_width(study: dict, rng: random.Random) -> bool:
    """Write some commas, colons and brackets of outcome fields in full-width forms."""
    changed = False
    for outcome in _outcome_list(study):
        for key in ("measure", "description", "timeFrame"):
            value, pairs = text(outcome.get(key)), rng.choice(_FULL_WIDTH)
            if pairs[0][0] in value and rng.random() < 0.3:
                for ascii_form, wide in pairs:
                    value = value.replace(ascii_form, wide)
                outcome[key], changed = value, True
    return changed


def _drop(module: str, key: str) -> Callable[[dict, random.Random], bool]:
    """Return a variation that removes one field of one module."""

    def drop(study: dict, rng: random.Random) -> bool:
        return section(study, module).pop(key, None) is not None

    return drop


def _bracketed_title(study: dict, rng: random.Random) -> bool:
    """Open the title with its acronym (or first word) in square or round brackets."""
    ident = section(study, "identificationModule")
    title = text(ident.get("briefTitle"))
    tag = text(ident.get("acronym")) or title.split(" ")[0]
    opening, closing = rng.choice(("[]", "()"))
    ident["briefTitle"] = f"{opening}{tag}{closing} {title}"
    return True


def _quotes_registry_id(study: dict, rng: random.Random) -> bool:
    """Make the title or the summary quote another registry id (an extension or follow-up study)."""
    other = f"NCT{rng.randrange(10**7, 10**8):08d}"
    if rng.random() < 0.5:
        ident = section(study, "identificationModule")
        ident["briefTitle"] = f"{text(ident.get('briefTitle'))} (Extension of {other})"
    else:
        description = section(study, "descriptionModule")
        description["briefSummary"] = f"This is an extension of {other}. {text(description.get('briefSummary'))}"
    return True


def _bracketed_summary(study: dict, rng: random.Random) -> bool:
    """Open the summary with the study's own code or acronym in brackets, as some registry summaries do."""
    description = section(study, "descriptionModule")
    ident = section(study, "identificationModule")
    tag = text((ident.get("orgStudyIdInfo", {}) or {}).get("id")) or text(ident.get("acronym")) or "Study"
    description["briefSummary"] = f"[{tag}] {text(description.get('briefSummary'))}"
    return True


def _short(study: dict, rng: random.Random) -> bool:
    """Keep only the first primary outcome and the header: a very short record."""
    module = section(study, "outcomesModule")
    if not module.get("primaryOutcomes"):
        return False
    study["protocolSection"]["outcomesModule"] = {"primaryOutcomes": module["primaryOutcomes"][:1]}
    for name, key in (("descriptionModule", "detailedDescription"), ("armsInterventionsModule", "armGroups")):
        section(study, name).pop(key, None)
    section(study, "contactsLocationsModule").pop("locations", None)
    return True


def _multi_phase(study: dict, rng: random.Random) -> bool:
    """Only a study with two phases shows the short banner form ("Phase 1/2")."""
    return len(section(study, "designModule").get("phases", []) or []) == 2


def _without_interventions(study: dict, rng: random.Random) -> bool:
    """Only a study without interventions can leave out the empty interventions line."""
    return not section(study, "armsInterventionsModule").get("interventions")


VARIATIONS: tuple[Variation, ...] = (
    Variation("paragraph_descriptions", 0.15, ALL, _paragraphs, "outcome descriptions split into paragraphs"),
    Variation("lowercase_time_frames", 0.1, ALL, _lowercase_time_frames, "time frames opening in lower case"),
    Variation("full_width_punctuation", 0.08, ALL, _full_width, "，：（） in some outcome fields"),
    Variation("no_detailed_description", 0.1, ALL, _drop("descriptionModule", "detailedDescription")),
    Variation("no_secondary_outcomes", 0.08, ALL, _drop("outcomesModule", "secondaryOutcomes")),
    Variation("no_sites", 0.08, (MEDPATH, REGISTRY), _drop("contactsLocationsModule", "locations")),
    Variation("no_arms", 0.08, (MEDPATH,), _drop("armsInterventionsModule", "armGroups")),
    Variation("bracketed_title", 0.06, (FLAT, MEDPATH), _bracketed_title, "title opens with [ or ("),
    Variation("bracketed_summary", 0.04, ALL, _bracketed_summary, "summary opens with ["),
    Variation("quotes_registry_id", 0.06, ALL, _quotes_registry_id, "title or summary names another NCT id"),
    Variation("short_record", 0.05, ALL, _short, "one primary outcome, no description, arms or sites"),
    Variation("omitted_interventions_line", 0.5, (FLAT,), _without_interventions, "no line for no interventions"),
    Variation("disclaimer_line", 0.25, (MEDPATH, REGISTRY), None, "disclaimer as a line of its own anywhere"),
    Variation("disclaimer_between_lines", 0.03, (FLAT,), None, "disclaimer line between two lines of a flat export"),
    Variation("disclaimer_in_field", 0.1, (MEDPATH, REGISTRY), None, "disclaimer inside a paragraph"),
    Variation("switched_criteria_markers", 0.3, (MEDPATH,), None, "bullets drawn as numbers or back"),
    Variation("no_status_line", 0.1, (MEDPATH,), None, "banner without the status line"),
    Variation("short_phase", 0.5, (MEDPATH,), _multi_phase, '"Phase 1/2" for "Phase 1/Phase 2"'),
    Variation("no_flags", 0.1, (MEDPATH,), None, "sites without flag lines"),
    Variation("no_copyright", 0.1, (MEDPATH,), None, "page without the copyright line"),
)
