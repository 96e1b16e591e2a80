"""Finding the trial of a document that states no id: the candidate index and the match decision.

:class:`MatchIndex` holds the candidate trials and scores a document's title or summary against
them (with the comparisons of :mod:`tasks.match_features`); :func:`match_document` decides which
one candidate, if any, the document belongs to.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
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


Owner = tuple[int, str, int]  # (order added, candidate key, generation)


@dataclass
class _TextBlocks:
    """Distinct texts, their owners, and the blocks a lookup reads them from.

    Equal texts are kept once with every owner, so that a text shared by thousands of
    candidates (a generated series, a boilerplate summary) is scored once per lookup, not once
    per candidate. A block's size still counts owners: a block is too common when too many
    candidates' texts fall in it, however few distinct texts they are.
    """

    texts: list[str] = field(default_factory=list)
    owners: list[list[Owner]] = field(default_factory=list)
    _ids: dict[str, int] = field(default_factory=dict)
    _blocks: defaultdict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _sizes: Counter[str] = field(default_factory=Counter)

    def add(self, text: str, owner: Owner, keys: Iterable[str]) -> None:
        """Record that ``owner`` has ``text``, found in the blocks named ``keys``."""
        keys = set(keys)
        text_id = self._ids.get(text)
        if text_id is None:
            text_id = self._ids[text] = len(self.texts)
            self.texts.append(text)
            self.owners.append([owner])
            for key in keys:
                self._blocks[key].append(text_id)
        else:
            self.owners[text_id].append(owner)
        self._sizes.update(keys)

    def block(self, key: str) -> tuple[list[int], int]:
        """The distinct texts of a block and its size in owners."""
        return self._blocks.get(key, []), self._sizes[key]

    def equal(self, text: str) -> list[int]:
        """The text equal to ``text``, if any is known."""
        text_id = self._ids.get(text)
        return [] if text_id is None else [text_id]


@dataclass
class MatchIndex:
    """Candidate trials, indexed for fuzzy lookup by title and by summary.

    Lookups are blocked so that they cost little however many trials there are: a title is
    compared with the titles that share one of its :data:`BLOCK_TOKENS` rarest words, a summary
    with the summaries that open with the same :data:`OPENING_WORDS` words. A block of more
    than :data:`MAX_BLOCK` texts is skipped and only an equal text found there. Equal texts are
    scored once (see :class:`_TextBlocks`), so a lookup costs the distinct texts it reads.

    A candidate can be removed (its trial was rewritten) and added again: its old texts stay
    in the lists but belong to a past generation of the candidate, which lookups skip.
    """

    candidates: dict[str, Features] = field(default_factory=dict)
    _untitled: set[str] = field(default_factory=set)
    _generation: dict[str, int] = field(default_factory=dict)
    _titles: _TextBlocks = field(default_factory=_TextBlocks)
    _summaries: _TextBlocks = field(default_factory=_TextBlocks)
    _added: int = 0

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
        generation = self._generation.get(key, 0)
        for title in features.titles:
            self._titles.add(title, self._owner(key, generation), title.split())
        if features.summary:
            self._summaries.add(features.summary, self._owner(key, generation), [opening_key(features.summary)])

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
            blocks = [self._titles.block(word) for word in set(query.split())]
            rarest = sorted((b for b in blocks if 0 < b[1] <= MAX_BLOCK), key=lambda b: b[1])[:BLOCK_TOKENS]
            text_ids = {t for texts, _ in rarest for t in texts} | set(self._titles.equal(query))
            self._best_of(query, sorted(text_ids), self._titles, TITLE_SCORING, best)
        return best

    def summary_scores(self, summary: str, untitled_only: bool = False) -> dict[str, float]:
        """Best :func:`opening_ratio` per candidate trial for ``summary``, above the summary threshold.

        With ``untitled_only``, only candidates known from pages without a title.
        """
        if not summary or (untitled_only and not self._untitled):
            return {}
        best: dict[str, float] = {}
        text_ids, size = self._summaries.block(opening_key(summary))
        if size > MAX_BLOCK:
            text_ids = self._summaries.equal(summary)
        self._best_of(summary, text_ids, self._summaries, SUMMARY_SCORING, best)
        return {k: v for k, v in best.items() if k in self._untitled} if untitled_only else best

    def _best_of(self, query: str, text_ids: list[int], texts: _TextBlocks, scoring, best) -> None:
        """Score ``query`` against the texts ``text_ids``; keep each live owner's best score in ``best``.

        ``scoring`` is ``(scorer, cutoff, contradicts)``. Only the :data:`TOP_SCORES` best owners
        are kept (the earlier added first among equal scores), then those whose text
        ``contradicts`` the query are dropped: a series of near-identical titles costs one fast
        pass, not a check per title.
        """
        scorer, cutoff, contradicts = scoring
        if not text_ids:
            return
        # Scored first, owners looked up after: few texts pass the cutoff, and a text whose owners
        # are all gone (rewritten trials) contributes no owner to the ranking.
        choices = [texts.texts[t] for t in text_ids]
        found = process.extract(query, choices, scorer=scorer, score_cutoff=cutoff, limit=None)
        ranked = sorted(
            (-score, owner, text_ids[i])
            for _, score, i in found
            for owner in self._live_owners(texts.owners[text_ids[i]])
        )
        contradicted: dict[int, bool] = {}
        for score, (_, key, _), text_id in ranked[:TOP_SCORES]:
            if text_id not in contradicted:
                contradicted[text_id] = contradicts(query, texts.texts[text_id])
            if not contradicted[text_id]:
                best[key] = max(best.get(key, 0.0), float(-score))

    def _owner(self, key: str, generation: int) -> Owner:
        """A new owner entry for a text of the candidate ``key``."""
        self._added += 1
        return (self._added, key, generation)

    def _live_owners(self, owners: list[Owner]) -> list[Owner]:
        """The first :data:`TOP_SCORES` owners of a text that belong to a current candidate."""
        live = []
        for owner in owners:
            _, key, generation = owner
            if key in self.candidates and self._generation.get(key, 0) == generation:
                live.append(owner)
                if len(live) == TOP_SCORES:
                    break
        return live


def opening_key(summary: str) -> str:
    """The block a summary is looked up in: its first :data:`OPENING_WORDS` words."""
    return " ".join(summary.split(maxsplit=OPENING_WORDS)[:OPENING_WORDS])


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
