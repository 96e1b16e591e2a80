"""Render, fold, train and parse: one harness run over the real studies."""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType

from benchmarks.layouts.criteria import criteria_items
from benchmarks.layouts.score import Expected, FieldTally, LayoutTally, endpoint_keys
from benchmarks.layouts.studies import (
    arm_groups,
    expected_endpoints,
    interventions,
    nct_id,
    text,
    training_set,
)
from benchmarks.layouts.variation import study_rng, variations, vary_study
from tasks.parsers import ParseError, parse_text
from tasks.parsers.records import TrialRecord

Trainer = Callable[[Iterable[tuple[str, str | None, str | None]]], contextlib.AbstractContextManager]
NO_TRAINER = "no trainer: the shipped model was used"


@dataclass(frozen=True)
class Document:
    """One rendered document and what it should parse back to."""

    layout: str
    nct: str
    text: str
    expected: Expected
    variations: tuple[str, ...] = ()


@dataclass
class RunResult:
    """Tallies per layout, timings per stage and how the model was trained."""

    tallies: dict[str, LayoutTally]
    by_variation: dict[str, dict[str, FieldTally]] = field(default_factory=dict)  # endpoints, layout -> variation
    seconds: dict[str, float] = field(default_factory=dict)
    training: str = NO_TRAINER


def fold_of(nct: str, folds: int) -> int:
    """Return the fold of a study: a stable hash of its NCT id."""
    return int.from_bytes(hashlib.sha256(nct.encode()).digest()[:8], "big") % folds


def expected_values(study: dict, module: ModuleType) -> Expected:
    """Return what the layout of ``module`` shows of ``study``, in comparable form."""
    endpoints = [(e.kind, e.measure, e.description, e.time_frame) for e in expected_endpoints(study, module.SHOWS_KIND)]
    if module.LAYOUT != "medpath":
        return Expected(endpoints)
    return Expected(
        endpoints,
        criteria=[(item.kind, item.text) for item in criteria_items(study)],
        arms=[(text(a["label"]), text(a.get("description")) or None) for a in arm_groups(study)],
        interventions=[text(i["name"]) for i in interventions(study)],
    )


def render_documents(study: dict, layouts: dict[str, ModuleType], varied: bool = True) -> Iterator[Document]:
    """Render ``study`` in every layout (with its seeded variations unless ``varied`` is false)."""
    for name, module in layouts.items():
        rng = study_rng(nct_id(study), name) if varied else None
        shown = vary_study(study, rng, name) if rng else study
        document = module.render(shown, rng)
        yield Document(name, nct_id(study), document, expected_values(shown, module), variations(shown))


def find_trainer() -> Trainer | None:
    """Return the segmenter's ``trained_on`` hook, or ``None`` while it does not exist."""
    try:
        from tasks.parsers.segmenter import trained_on
    except ImportError:
        return None
    return trained_on


def run(
    studies: list[dict],
    layouts: dict[str, ModuleType],
    folds: int = 1,
    varied: bool = True,
    trainer: Trainer | None = None,
    training_pool: list[dict] | None = None,
) -> RunResult:
    """Score every layout over ``studies``.

    Args:
        studies: API v2 study objects.
        layouts: Renderer modules by layout name.
        folds: How many folds by trial; with more than one, ``trainer`` is called per fold.
        varied: Whether to apply the seeded variations.
        trainer: ``trained_on(outcome_lists, prose)`` context manager (see :func:`find_trainer`);
            ``None`` parses with the shipped model.
        training_pool: Studies to train on (default ``studies``); a fold never trains on a study
            of its own fold, so a small scored sample can learn from every other record.

    Returns:
        Tallies per layout and per variation, and timings.
    """
    result = RunResult({name: LayoutTally() for name in layouts}, {name: {} for name in layouts})
    trainer = trainer if folds > 1 else None
    if trainer:
        result.training = f"trained on the other {folds - 1} of {folds} folds"
    for fold in range(folds):
        held_out = [s for s in studies if fold_of(nct_id(s), folds) == fold]
        train = [s for s in training_pool or studies if fold_of(nct_id(s), folds) != fold]
        started = time.perf_counter()
        documents = [d for s in held_out for d in render_documents(s, layouts, varied)]
        _add_time(result, "render", started)
        started = time.perf_counter()
        context = trainer(*training_set(train)) if trainer else contextlib.nullcontext()
        with context:
            _add_time(result, "train", started)
            for document in documents:
                _score(result, document, layouts[document.layout])
    return result


def _score(result: RunResult, document: Document, module: ModuleType) -> None:
    """Parse one document and add it to its layout's tally."""
    tally = result.tallies[document.layout]
    started = time.perf_counter()
    try:
        found_format, record = parse_text(document.text)
    except ParseError as error:
        found_format, record = None, None
        tally.reasons[str(error)] += 1
    except Exception as error:  # noqa: BLE001 - a parser crash is a rejection the harness must count
        found_format, record = None, None
        tally.reasons[f"crash: {type(error).__name__}"] += 1
    _add_time(result, f"parse {document.layout}", started)
    if record is None:
        tally.rejected += 1
    elif found_format != document.layout:
        tally.wrong_layout += 1
        tally.reasons[f"read as {found_format}"] += 1
    else:
        tally.accepted += 1
    record = record if found_format == document.layout else None
    tally.add(document.expected, record, module.SHOWS_KIND)
    want, got = endpoint_keys(document.expected, record or TrialRecord(), module.SHOWS_KIND)
    for name in ("base",) if not document.variations else document.variations:
        result.by_variation[document.layout].setdefault(name, FieldTally()).add(want, got)


def _add_time(result: RunResult, stage: str, started: float) -> None:
    """Add the time since ``started`` to ``stage``."""
    result.seconds[stage] = result.seconds.get(stage, 0.0) + time.perf_counter() - started
