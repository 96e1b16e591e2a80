"""Finding the trial of a document that states no id: the candidate index and the match decision.

:class:`MatchIndex` holds the candidate trials and scores a document's title or summary against
them (with the comparisons of :mod:`tasks.match_features`); :func:`match_document` decides which
one candidate, if any, the document belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tasks.match_features import (
    SUMMARY_THRESHOLD,
    SUPPORTED_TITLE_THRESHOLD,
    TITLE_THRESHOLD,
    UNSUPPORTED_SUMMARY_THRESHOLD,
    Features,
    numbers_disagree,
    opening_ratio,
    openings_disagree,
    support,
)

# Lookups compare a title with those sharing one of its rarest words, a summary with those that
# open with the same words (see MatchIndex).
BLOCK_TOKENS = 3
OPENING_WORDS = 6
# A block holding more texts than this is too common to tell trials apart (a word in every
# title, a summary opening shared by a generated series): only equal texts are looked up there.
MAX_BLOCK = 500
TOP_SCORES = 16  # candidates kept per lookup before the numbers check
# Two different trials scoring within this margin of each other make a match ambiguous: no match.
AMBIGUITY_MARGIN = 2.0

# (scorer, cutoff, contradiction) of each lookup.
TITLE_SCORING = (fuzz.token_sort_ratio, SUPPORTED_TITLE_THRESHOLD, numbers_disagree)
SUMMARY_SCORING = (opening_ratio, SUMMARY_THRESHOLD, openings_disagree)


@dataclass(frozen=True)
class Match:
    """The trial a document belongs to, how that was decided, and the score (0-100)."""

    trial_id: str
    rule: str  # stated_id | title | summary | content
    score: float


@dataclass
class MatchIndex:
    """Candidate trials, indexed for fuzzy lookup by title and by summary.

    Lookups are blocked so that they cost little however many trials there are: a title is
    compared with the titles that share one of its :data:`BLOCK_TOKENS` rarest words, a summary
    with the summaries that open with the same :data:`OPENING_WORDS` words. A block of more
    than :data:`MAX_BLOCK` texts is skipped and only an equal text found there.

    A candidate can be removed (its trial was rewritten) and added again: its old texts stay
    in the lists but belong to a past generation of the candidate, which lookups skip.
    """

    candidates: dict[str, Features] = field(default_factory=dict)
    _untitled: set[str] = field(default_factory=set)
    _generation: dict[str, int] = field(default_factory=dict)
    _titles: list[str] = field(default_factory=list)
    _title_owner: list[tuple[str, int]] = field(default_factory=list)
    _by_word: dict[str, list[int]] = field(default_factory=dict)
    _by_title: dict[str, list[int]] = field(default_factory=dict)
    _summaries: list[str] = field(default_factory=list)
    _summary_owner: list[tuple[str, int]] = field(default_factory=list)
    _by_opening: dict[str, list[int]] = field(default_factory=dict)
    _by_summary: dict[str, list[int]] = field(default_factory=dict)

    def add(self, features: Features) -> None:
        """Add (or extend) a candidate trial."""
        key = features.key
        known = self.candidates.get(key)
        merged = features if known is None else known.merged(features)
        self.candidates[key] = merged
        if merged.titles:
            self._untitled.discard(key)
        else:
            self._untitled.add(key)
        owner = (key, self._generation.get(key, 0))
        for title in features.titles:
            for word in set(title.split()):
                self._by_word.setdefault(word, []).append(len(self._titles))
            self._by_title.setdefault(title, []).append(len(self._titles))
            self._titles.append(title)
            self._title_owner.append(owner)
        if features.summary:
            self._by_opening.setdefault(opening_key(features.summary), []).append(len(self._summaries))
            self._by_summary.setdefault(features.summary, []).append(len(self._summaries))
            self._summaries.append(features.summary)
            self._summary_owner.append(owner)

    def remove(self, key: str) -> None:
        """Forget a candidate trial (adding it again starts afresh)."""
        if self.candidates.pop(key, None) is not None:
            self._untitled.discard(key)
            self._generation[key] = self._generation.get(key, 0) + 1

    def title_scores(self, titles: Sequence[str]) -> dict[str, float]:
        """Best token_sort_ratio per candidate trial over ``titles``, above the lower threshold.

        Titles whose numbers disagree (see :func:`numbers_disagree`) do not score.
        """
        best: dict[str, float] = {}
        for query in titles:
            blocks = [self._by_word.get(word, []) for word in set(query.split())]
            blocks = sorted((b for b in blocks if 0 < len(b) <= MAX_BLOCK), key=len)[:BLOCK_TOKENS]
            blocks.append(self._by_title.get(query, []))
            positions = sorted({p for block in blocks for p in block})
            self._best_of(query, positions, self._titles, self._title_owner, TITLE_SCORING, best)
        return best

    def summary_scores(self, summary: str, untitled_only: bool = False) -> dict[str, float]:
        """Best :func:`opening_ratio` per candidate trial for ``summary``, above the summary threshold.

        With ``untitled_only``, only candidates known from pages without a title.
        """
        if not summary or (untitled_only and not self._untitled):
            return {}
        best: dict[str, float] = {}
        positions = self._by_opening.get(opening_key(summary), [])
        if len(positions) > MAX_BLOCK:
            positions = self._by_summary.get(summary, [])
        self._best_of(summary, positions, self._summaries, self._summary_owner, SUMMARY_SCORING, best)
        return {k: v for k, v in best.items() if k in self._untitled} if untitled_only else best

    def _best_of(
        self, query: str, positions: list[int], texts: list[str], owners: list[tuple[str, int]], scoring, best
    ) -> None:
        """Score ``query`` against the live texts at ``positions``; keep each owner's best score in ``best``.

        ``scoring`` is ``(scorer, cutoff, contradicts)``. Only the :data:`TOP_SCORES` best are kept,
        then those that ``contradicts`` the query are dropped: a series of near-identical titles
        costs one fast pass, not a check per title.
        """
        scorer, cutoff, contradicts = scoring
        live = [p for p in positions if self._live(owners[p])]
        if live:
            choices = [texts[p] for p in live]
            found = process.extract(query, choices, scorer=scorer, score_cutoff=cutoff, limit=TOP_SCORES)
            for choice, score, index in found:
                if not contradicts(query, choice):
                    owner = owners[live[index]][0]
                    best[owner] = max(best.get(owner, 0.0), float(score))

    def _live(self, owner: tuple[str, int]) -> bool:
        """Whether a text belongs to a candidate's current generation."""
        key, generation = owner
        return key in self.candidates and self._generation.get(key, 0) == generation


def opening_key(summary: str) -> str:
    """The block a summary is looked up in: its first :data:`OPENING_WORDS` words."""
    return " ".join(summary.split()[:OPENING_WORDS])


def match_document(query: Features, index: MatchIndex) -> Match | None:
    """The trial a document without a stated id belongs to, or ``None``.

    By title when the document has one; by summary when it has none, or when its title
    matches nothing and a trial is known only from pages without a title (a registry page).
    The best candidate must pass its threshold with its support, and no other trial may come
    within :data:`AMBIGUITY_MARGIN`.
    """
    if query.titles:
        found = _best(
            query, index.title_scores(query.titles), index, "title", TITLE_THRESHOLD, SUPPORTED_TITLE_THRESHOLD
        )
        if found is not None:
            return found
    scores = index.summary_scores(query.summary, untitled_only=bool(query.titles))
    return _best(query, scores, index, "summary", UNSUPPORTED_SUMMARY_THRESHOLD, SUMMARY_THRESHOLD)


def _best(
    query: Features, scores: dict[str, float], index: MatchIndex, rule: str, alone: float, supported: float
) -> Match | None:
    """The one candidate that passes (``alone`` without support, ``supported`` with some), if any."""
    accepted = []
    for trial_id, score in scores.items():
        agreeing = support(query, index.candidates[trial_id], with_summary=rule != "summary")
        if agreeing >= 0 and (score >= alone or (score >= supported and agreeing >= 1)):
            accepted.append((score, agreeing, trial_id))
    if not accepted:
        return None
    accepted.sort(reverse=True)
    best = accepted[0]
    if len(accepted) > 1 and best[0] - accepted[1][0] < AMBIGUITY_MARGIN and best[1] <= accepted[1][1]:
        return None
    return Match(best[2], rule, round(best[0], 1))
