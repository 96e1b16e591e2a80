"""Learned field boundaries: where a measure ends, a description ends and a time frame begins.

Every text layout glues an outcome's fields together in its own way (CT.gov's flat
``measure, description, time frame``; MedPath's ``NameTime`` rows). One :class:`Segmenter`
ranks every candidate cut by a learned weighted sum of features
(:mod:`tasks.parsers.segment_features`): character models of each field trained on the real
records' separate fields (:mod:`tasks.parsers.field_model`), boundary characters and words,
lengths, bracket balance, and document-level evidence (the items of one list share their
shape: when the neighbours have descriptions, an ambiguous item probably has one too).
Glued rows are cut where the two character models agree best.
The weights are learned by a log-linear ranker; the character models that feed it
during training are trained on the other half of the records (jackknife), so the weights
learn how much to trust a model on text it has not seen.

The trained model ships in ``tasks/parsers/models/segmenter.json.gz``
(``python -m tasks.train_segmenter`` rebuilds it); :func:`trained_on` swaps in a model
trained on other records, which is how the accuracy harness scores unseen records.
"""

from __future__ import annotations

import gzip
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import orjson

from tasks.parsers.field_model import FieldModel
from tasks.parsers.segment_features import Features, candidate_features, words

MODEL_FILE = "segmenter.json.gz"
VERSION_FILE = "segmenter.version"
Triple = tuple[str, str | None, str | None]


@dataclass(frozen=True, eq=False)  # hashed by identity: memoised scores belong to one model
class Segmenter:
    """Character models per field and the learned weights of the features."""

    version: str
    models: dict[str, FieldModel]
    weights: dict[str, float] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()  # the lower-case words of the training records

    def log_prob(self, name: str, text: str) -> float:
        """Log-probability of ``text`` as a whole field ``name`` (memoised).

        Inside :func:`cutting`, a field cut from the item being cut is scored as a span of it.
        """
        return _log_prob(self, name, text)

    def score(self, features: Features) -> float:
        """The weighted sum of ``features``."""
        return dot(self.weights, features)

    def to_json(self) -> dict:
        """The model as stored in its file."""
        models = {name: model.counts for name, model in self.models.items()}
        vocabulary = sorted(self.vocabulary)
        return {"version": self.version, "weights": self.weights, "models": models, "vocabulary": vocabulary}

    @classmethod
    def from_json(cls, data: dict) -> Segmenter:
        """Rebuild a model from :meth:`to_json`'s output."""
        models = {k: FieldModel(v) for k, v in data["models"].items()}
        return cls(data["version"], models, data["weights"], frozenset(data.get("vocabulary", ())))


def dot(weights: dict[str, float], features: Features) -> float:
    """The weighted sum of one candidate's features (shared by ranking and training)."""
    return sum(value * weights.get(name, 0.0) for name, value in features.items())


@lru_cache(maxsize=20_000)  # keyed by whole fields; hits are rare behind the feature caches (~10 %)
def _log_prob(segmenter: Segmenter, name: str, text: str) -> float:
    """The memo behind :meth:`Segmenter.log_prob` (a span's score equals the direct one exactly)."""
    return segmenter.models[name].log_prob(text, within=getattr(_CUTTING, "item", None))


_CUTTING = threading.local()


@contextmanager
def cutting(item: str) -> Iterator[None]:
    """Score the candidate fields of ``item`` as spans of it, for the length of the block."""
    previous = getattr(_CUTTING, "item", None)
    _CUTTING.item = item
    try:
        yield
    finally:
        _CUTTING.item = previous


@dataclass(frozen=True)
class Neighbours:
    """What the other items of the same list look like (document-level evidence).

    ``described`` is the share of them with a description; ``measures`` the last words of their
    measures (lists are written in one style: "… in patients with rrMM, …"); ``time_frame_openings``
    the first words of their time frames, each with the share of them that opens so (one list
    states its times alike: "from predose until …").
    """

    described: float
    measures: tuple[tuple[str, ...], ...] = ()
    time_frame_openings: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(cls, others: list[Triple]) -> Neighbours | None:
        """Summarise the other items of a list (``None`` for a list of one)."""
        if not others:
            return None
        described = sum(1 for t in others if t[1]) / len(others)
        counted = Counter(opening(t[2]) for t in others if t[2])
        openings = tuple(sorted((word, count / len(others)) for word, count in counted.items()))
        return cls(described, tuple(measure_ending(t[0]) for t in others if t[0]), openings)

    def opens_time_frame(self, time_frame: str) -> float:
        """The share of the neighbours whose time frame opens with the word ``time_frame`` opens with."""
        word = opening(time_frame)
        return next((share for opened, share in self.time_frame_openings if opened == word), 0.0)

    def shared_ending(self, measure: str) -> int:
        """How many final words ``measure`` shares with the neighbour measure closest to it."""
        ending = measure_ending(measure)
        return max((_common_suffix(ending, other) for other in self.measures), default=0)


SHARED_WORDS = 4


def opening(text: str) -> str:
    """The first word of ``text``, folded ("" when it has none)."""
    found = words(text[:64])  # the first word lies in the first few characters
    return found[0] if found else ""


@lru_cache(maxsize=4096)
def measure_ending(measure: str) -> tuple[str, ...]:
    """The last words of a measure (memoised: each item of a list is compared with every other)."""
    return tuple(words(measure)[-SHARED_WORDS:])


def _common_suffix(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    """The number of equal words at the ends of two word lists."""
    count = 0
    while count < min(len(first), len(second)) and first[-1 - count] == second[-1 - count]:
        count += 1
    return count


def item_features(model: Segmenter, parts: Triple, neighbours: Neighbours | None = None) -> Features:
    """Features of one cut of a flat item, with evidence from its neighbours if known."""
    features = candidate_features(model, *parts)
    if neighbours is not None:
        has = 1.0 if parts[1] else -1.0
        features["neighbours_describe"] = has * (neighbours.described - 0.5) * 2.0
        shared = neighbours.shared_ending(parts[0]) if parts[1] else 0
        if shared:
            features["measure_end_shared"] = shared / 2.0
        if shared >= 3:  # "… in patients with rrMM": a list's measures often end alike
            features["measure_end_shared_3"] = 1.0
        # 3,454 of 3,651 real time frames of a list open as a neighbour's does; 350 of 19,647 cut wrongly do
        opens_alike = neighbours.opens_time_frame(parts[2]) if parts[2] else 0.0
        if opens_alike:
            features["time_frame_opens_as_neighbours"] = opens_alike
    return features


def best(model: Segmenter, candidates: list[Triple], neighbours: Neighbours | None = None) -> Triple:
    """The highest-scoring candidate cut (the first on ties)."""
    return max(candidates, key=lambda parts: model.score(item_features(model, parts, neighbours)))


def best_glue(
    model: Segmenter, row: str, cuts: list[int], evidence: dict[int, float] | None = None
) -> tuple[str, str] | None:
    """The cut of a glued row whose name reads most like a measure and rest most like a time frame.

    Both character models score every cut in one pass each; ``evidence`` adds other
    log-odds per cut (``None`` without cuts).
    """
    if not cuts:
        return None
    names = model.models["measure"].prefix_scores(row)
    time_frames = model.models["time_frame"].suffix_scores(row)
    evidence = evidence or {}
    cut = max(cuts, key=lambda c: names[c] + time_frames[c] + evidence.get(c, 0.0))
    return row[:cut].strip(), row[cut:].strip()


_ACTIVE: list[Segmenter] = []


def current() -> Segmenter:
    """The segmenter in use: the innermost :func:`trained_on` model, else the shipped one."""
    return _ACTIVE[-1] if _ACTIVE else shipped()


def shipped_version() -> str:
    """The shipped model's version (a hash of its content), without loading the model."""
    return resources.files("tasks.parsers").joinpath("models", VERSION_FILE).read_text(encoding="utf-8").strip()


@lru_cache(maxsize=1)
def shipped() -> Segmenter:
    """The model that ships inside the package."""
    data = resources.files("tasks.parsers").joinpath("models", MODEL_FILE).read_bytes()
    # orjson: 0.07 s against json's 0.14 s, which every process reading a text layout paid once
    return Segmenter.from_json(orjson.loads(gzip.decompress(data)))


@contextmanager
def trained_on(studies: Iterable[list[list[Triple]]], prose: Iterable[str] = ()) -> Iterator[Segmenter]:
    """Use a model trained on ``studies`` (their outcome lists) and ``prose`` inside the block."""
    from tasks.parsers.segment_training import train

    segmenter = train(list(studies), list(prose))
    _ACTIVE.append(segmenter)
    _clear_parser_caches()
    try:
        yield segmenter
    finally:
        _ACTIVE.pop()
        _clear_parser_caches()


def _clear_parser_caches() -> None:
    """Forget splits memoised under another model."""
    from tasks.parsers import medpath_evidence, medpath_tables, outcome_split, segment_features

    segment_features.clear_memos()  # keyed by model: cleared so that they do not keep it alive
    outcome_split.split_outcome.cache_clear()
    outcome_split._split_items.cache_clear()
    medpath_tables.split_glued_time_frame.cache_clear()
    medpath_evidence._glued_start.cache_clear()  # reads the model's vocabulary
