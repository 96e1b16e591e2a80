"""Train the segmenter on real outcomes: character models per field, then feature weights.

A study is given as its outcome lists (one list of ``(measure, description, time_frame)``
triples per kind), so that the document-level evidence (do the neighbours have
descriptions?) is learned from real lists. Deterministic: the same studies give the same
model.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence

from tasks.parsers.field_model import FieldModel
from tasks.parsers.outcome_split import flat_candidates, render_flat
from tasks.parsers.segment_features import Features
from tasks.parsers.segmenter import Neighbours, Segmenter, Triple, dot, item_features

Study = list[list[Triple]]
_LETTERS = re.compile(r"[a-z]+")
EPOCHS = 10
RATE = 0.1  # AdaGrad's step
L2 = 1e-3  # 1e-4 and 1e-2 both split fewer items exactly over 5 folds
MAX_CANDIDATES = 40


def train(studies: Sequence[Study], prose: Sequence[str], version: str = "trained") -> Segmenter:
    """Train character models on every study and feature weights on jackknifed halves."""
    halves = (list(studies[0::2]), list(studies[1::2]))
    prose_halves = (list(prose[0::2]), list(prose[1::2]))
    examples: list[tuple[list[Features], int]] = []
    for scored, trained_half in ((0, 1), (1, 0)):
        judge = Segmenter("jackknife", field_models(halves[trained_half], prose_halves[trained_half]))
        examples += ranking_examples(judge, halves[scored])
    weights = softmax_ranker(examples, EPOCHS)
    return Segmenter(version, field_models(studies, prose), weights, vocabulary_of(studies, prose))


def vocabulary_of(studies: Sequence[Study], prose: Sequence[str]) -> frozenset[str]:
    """Every lower-case word (two letters or more) of the records' outcomes and prose.

    A glued row's name and time frame meet inside what reads as one token ("Assessmentthe
    change of …"); two known words that make no known word together mark such a glue point.
    """
    texts = [part for study in studies for outcomes in study for t in outcomes for part in t if part]
    return frozenset(word for text in [*texts, *prose] for word in _LETTERS.findall(text.lower()) if len(word) > 1)


def field_models(studies: Sequence[Study], prose: Sequence[str]) -> dict[str, FieldModel]:
    """One character model per field, and one of free prose (summaries, descriptions)."""
    triples = [t for study in studies for outcomes in study for t in outcomes]
    descriptions = [t[1] for t in triples if t[1]]
    return {
        "measure": FieldModel.train(t[0] for t in triples),
        "description": FieldModel.train(descriptions),
        "time_frame": FieldModel.train(t[2] for t in triples if t[2]),
        "prose": FieldModel.train(list(prose) or descriptions),
    }


def neighbours_of(outcomes: list[Triple]) -> list[Neighbours | None]:
    """For each outcome, what the OTHER outcomes of its list look like."""
    return [Neighbours.of(outcomes[:i] + outcomes[i + 1 :]) for i in range(len(outcomes))]


def ranking_examples(judge: Segmenter, studies: Sequence[Study]) -> list[tuple[list[Features], int]]:
    """Candidate features and the position of the true cut of every flat item."""
    examples = []
    for study in studies:
        for outcomes in study:
            for triple, neighbours in zip(outcomes, neighbours_of(outcomes), strict=True):
                candidates = _hard_candidates(flat_candidates(render_flat(triple)), triple)
                if triple in candidates and len(candidates) > 1:
                    features = [item_features(judge, c, neighbours) for c in candidates]
                    examples.append((features, candidates.index(triple)))
    return examples


def _hard_candidates(candidates: list[Triple], gold: Triple) -> list[Triple]:
    """At most ``MAX_CANDIDATES`` candidates: the true cut and those sharing a part with it first.

    Items with dozens of commas have hundreds of cuts; the ones that differ from the truth
    in one boundary teach the most, and capping keeps training time linear.
    """
    if len(candidates) <= MAX_CANDIDATES:
        return candidates
    if gold not in candidates:
        return candidates[:MAX_CANDIDATES]
    near = [gold] + [c for c in candidates if c != gold and (c[0] == gold[0] or c[2] == gold[2])]
    far = [c for c in candidates if c not in near]
    return near[:MAX_CANDIDATES] + far[: max(0, MAX_CANDIDATES - len(near))]


def softmax_ranker(examples: list[tuple[list[Features], int]], epochs: int) -> dict[str, float]:
    """Learn weights under which each example's true candidate is the likeliest (a log-linear ranker).

    Minimises the candidates' softmax cross-entropy with a small L2 penalty by AdaGrad, visiting
    the examples in a seeded shuffle: unlike a perceptron, every example keeps pulling the weights
    until its truth is clearly ahead, and the penalty keeps rare features' weights small (5-fold
    by trial, items split exactly on their own list: 3,951 of 4,070 by an averaged perceptron,
    3,983 so).
    """
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    order = list(range(len(examples)))
    shuffle = random.Random(0).shuffle
    for _ in range(epochs):
        shuffle(order)
        for index in order:
            candidates, gold = examples[index]
            for name, gradient in _gradient(weights, candidates, gold).items():
                gradient += L2 * weights.get(name, 0.0)
                squares[name] = squares.get(name, 0.0) + gradient * gradient
                weights[name] = weights.get(name, 0.0) - RATE * gradient / (math.sqrt(squares[name]) + 1e-8)
    return {name: round(weight, 6) for name, weight in weights.items() if round(weight, 6)}


def _gradient(weights: dict[str, float], candidates: list[Features], gold: int) -> dict[str, float]:
    """The gradient of one example's loss: expected features under the model minus the truth's."""
    scores = [dot(weights, features) for features in candidates]
    top = max(scores)
    exponentials = [math.exp(score - top) for score in scores]
    total = sum(exponentials)
    gradient: dict[str, float] = {}
    for features, exponential in zip(candidates, exponentials, strict=True):
        for name, value in features.items():
            gradient[name] = gradient.get(name, 0.0) + exponential / total * value
    for name, value in candidates[gold].items():
        gradient[name] = gradient.get(name, 0.0) - value
    return gradient
