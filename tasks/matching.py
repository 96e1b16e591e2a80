"""Finding the trial of a document that states no id: the candidate index and the match decision.

:class:`MatchIndex` holds the candidate trials and scores a document's title or summary against
them (with the comparisons of :mod:`tasks.match_features`); :func:`match_document` decides which
one candidate, if any, the document belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tasks.match_blocks import CandidateStore, Owner, TextBlocks
from tasks.match_features import (
    SUMMARY_THRESHOLD,
    SUPPORTED_TITLE_THRESHOLD,
    TITLE_THRESHOLD,
    UNSUPPORTED_SUMMARY_THRESHOLD,
    Features,
    numbers_disagree,
    opening_ratio,
    openings_disagree,
    sorted_tokens,
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

# (scorer, cutoff, contradiction) of each lookup. Titles are held and looked up in their
# sorted_tokens form, where ratio is token_sort_ratio; numbers_disagree ignores word order.
TITLE_SCORING = (fuzz.ratio, SUPPORTED_TITLE_THRESHOLD, numbers_disagree)
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
    than :data:`MAX_BLOCK` texts is skipped and only an equal text found there. Equal texts are
    scored once (see :class:`~tasks.match_blocks.TextBlocks`), so a lookup costs the distinct
    texts it reads.

    Without a ``store`` every candidate is added to the index. With one (the warehouse's
    ``match_block`` table), the stored trials are read block by block as lookups need them, and
    only what the run adds is held whole: :meth:`prefetch` reads the blocks of many lookups at once.

    A candidate can be removed (its trial was rewritten) and added again: its old texts stay
    in the lists but belong to a past generation of the candidate, which lookups skip.
    """

    candidates: dict[str, Features] = field(default_factory=dict)
    store: CandidateStore | None = None
    _untitled: set[str] = field(default_factory=set)
    _generation: dict[str, int] = field(default_factory=dict)
    _titles: TextBlocks = field(default_factory=TextBlocks)
    _summaries: TextBlocks = field(default_factory=TextBlocks)
    _absent: set[str] = field(default_factory=set)  # keys the store does not hold
    _added: int = 0

    def __post_init__(self) -> None:
        self._titles = TextBlocks("title", self.store, sorted_tokens)
        self._summaries = TextBlocks("summary", self.store)

    def add(self, features: Features) -> None:
        """Add (or extend) a candidate trial."""
        key = features.key
        if self.store is not None:
            self._load_candidates([key])  # a stored trial is extended, as a full index would
        known = self.candidates.get(key)
        merged = features if known is None else known.merged(features)
        self._set_candidate(merged)
        generation = self._generation.get(key, 0)
        for title in features.titles:
            self._titles.add(title, self._owner(key, generation), title.split())
        if features.summary:
            self._summaries.add(features.summary, self._owner(key, generation), [opening_key(features.summary)])

    def remove(self, key: str) -> None:
        """Forget a candidate trial (adding it again starts afresh)."""
        if self.candidates.pop(key, None) is not None or self.store is not None:
            self._untitled.discard(key)
            self._generation[key] = self._generation.get(key, 0) + 1

    def holds(self, features: Features) -> bool:
        """Whether the candidate ``features.key`` is indexed with these very texts and names."""
        known = self.candidates.get(features.key)
        return known is not None and known.same_as(features)

    def candidate(self, key: str) -> Features:
        """The features of a candidate that a lookup found."""
        if key not in self.candidates and self.store is not None:
            self._load_candidates([key])
        return self.candidates[key]

    def is_empty(self) -> bool:
        """Whether the index has no candidate at all."""
        return not self.candidates and (self.store is None or not self.store.has_candidates())

    def prefetch(self, queries: Sequence[Features], keys: Iterable[str] = ()) -> None:
        """Read at once what looking up ``queries`` and adding ``keys`` will need from the store.

        The blocks of every lookup first; then the features of ``keys`` and of the trials the
        lookups score (a trial that shares a word but scores too low needs none).
        """
        if self.store is None:
            return
        titles = [title for query in queries for title in query.titles]
        summaries = {opening_key(q.summary): q.summary for q in queries if q.summary}
        self._titles.prefetch_sizes(word for title in titles for word in title.split())
        self._summaries.prefetch_sizes(summaries)
        self._titles.load([word for title in titles for word in self._rarest(title)], titles)
        small = [key for key in summaries if self._summaries.size(key) <= MAX_BLOCK]
        self._summaries.load(small, [text for key, text in summaries.items() if key not in small])
        scored = [key for query in queries for key in self._scored(query)]
        self._load_candidates([*keys, *scored])

    def _scored(self, query: Features) -> list[str]:
        """The candidates that ``query``'s lookups score."""
        return [*self.title_scores(query.titles), *(self.summary_scores(query.summary) if query.summary else ())]

    def title_scores(self, titles: Sequence[str]) -> dict[str, float]:
        """Best token_sort_ratio per candidate trial over ``titles``, above the lower threshold.

        Titles whose numbers disagree (see :func:`numbers_disagree`) do not score.
        """
        best: dict[str, float] = {}
        for query in titles:
            text_ids = {t for word in self._rarest(query) for t in self._titles.block(word)}
            text_ids |= set(self._titles.equal(query))
            self._best_of(query, sorted(text_ids), self._titles, TITLE_SCORING, best)
        return best

    def summary_scores(self, summary: str, untitled_only: bool = False) -> dict[str, float]:
        """Best :func:`opening_ratio` per candidate trial for ``summary``, above the summary threshold.

        With ``untitled_only``, only candidates known from pages without a title.
        """
        if not summary or (untitled_only and self.store is None and not self._untitled):
            return {}
        best: dict[str, float] = {}
        key = opening_key(summary)
        small = self._summaries.size(key) <= MAX_BLOCK
        text_ids = self._summaries.block(key) if small else self._summaries.equal(summary)
        self._best_of(summary, text_ids, self._summaries, SUMMARY_SCORING, best)
        return {k: v for k, v in best.items() if not self.candidate(k).titles} if untitled_only else best

    def _rarest(self, title: str) -> list[str]:
        """The words of ``title`` whose blocks a lookup reads: the :data:`BLOCK_TOKENS` rarest not too common."""
        size = self._titles.size
        sized = [(n, word) for word in set(title.split()) if 0 < (n := size(word)) <= MAX_BLOCK]
        sized.sort()
        return [word for _, word in sized[:BLOCK_TOKENS]]

    def _best_of(self, query: str, text_ids: list[int], texts: TextBlocks, scoring, best) -> None:
        """Score ``query`` against the texts ``text_ids``; keep each live owner's best score in ``best``.

        ``scoring`` is ``(scorer, cutoff, contradicts)``, applied to the texts' scored forms. Only
        the :data:`TOP_SCORES` best owners are kept (the earlier added first among equal scores),
        then those whose text ``contradicts`` the query are dropped: a series of near-identical
        titles costs one fast pass, not a check per title.
        """
        scorer, cutoff, contradicts = scoring
        if not text_ids:
            return
        query = texts.scored_form(query) if texts.scored_form else query
        # Scored first, owners looked up after: a text whose owners are all gone (rewritten
        # trials) contributes no owner to the ranking.
        choices = [texts.texts[t] for t in text_ids]
        found = process.extract(query, choices, scorer=scorer, score_cutoff=cutoff, limit=None)
        contradicted: dict[int, bool] = {}
        for score, (_, key, _), text_id in self._top_owners(found, text_ids, texts):
            if text_id not in contradicted:
                contradicted[text_id] = contradicts(query, texts.texts[text_id])
            if not contradicted[text_id]:
                best[key] = max(best.get(key, 0.0), float(-score))

    def _top_owners(self, found: list, text_ids: list[int], texts: TextBlocks) -> list[tuple]:
        """The :data:`TOP_SCORES` best ``(-score, owner, text_id)`` of the live owners of the texts ``found``.

        Ranked by score, then owner, then text. Owners are looked up from the best score down,
        and only until the scores below can no longer reach the top (a lookup in a block of
        near-identical titles passes hundreds of them).
        """
        ranked, last = [], None
        for _, score, i in sorted(found, key=lambda hit: -hit[1]):
            if len(ranked) >= TOP_SCORES and score != last:
                break
            ranked += [(-score, owner, text_ids[i]) for owner in self._live_owners(texts.owners[text_ids[i]])]
            last = score
        ranked.sort()
        return ranked[:TOP_SCORES]

    def _owner(self, key: str, generation: int) -> Owner:
        """A new owner entry for a text the run adds to the candidate ``key``."""
        self._added += 1
        return ((1, "", self._added), key, generation)

    def _live_owners(self, owners: list[Owner]) -> list[Owner]:
        """The first :data:`TOP_SCORES` owners of a text that belong to a current candidate.

        A stored owner is current unless its trial was removed (read from the store, its
        candidate features may not be loaded yet).
        """
        live = []
        for owner in owners:
            (tier, _, _), key, generation = owner
            current = key in self.candidates or (tier == 0 and key not in self._absent)
            if current and self._generation.get(key, 0) == generation:
                live.append(owner)
                if len(live) == TOP_SCORES:
                    break
        return live

    def _set_candidate(self, features: Features) -> None:
        """Record a candidate's (merged) features."""
        self.candidates[features.key] = features
        if features.titles:
            self._untitled.discard(features.key)
        else:
            self._untitled.add(features.key)

    def _load_candidates(self, keys: list[str]) -> None:
        """Read the features of the stored candidates among ``keys`` not known yet."""
        wanted = [k for k in dict.fromkeys(keys) if k not in self.candidates and k not in self._absent]
        if self.store is None or not wanted:
            return
        for features in self.store.features(wanted):
            self._set_candidate(features)
        self._absent.update(k for k in wanted if k not in self.candidates)


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
        agreeing = support(query, index.candidate(trial_id), with_summary=rule != "summary")
        if agreeing >= 0 and (score >= alone or (score >= supported and agreeing >= 1)):
            accepted.append((score, agreeing, trial_id))
    if not accepted:
        return None
    accepted.sort(reverse=True)
    best = accepted[0]
    if len(accepted) > 1 and best[0] - accepted[1][0] < AMBIGUITY_MARGIN and best[1] <= accepted[1][1]:
        return None
    return Match(best[2], rule, round(best[0], 1))
