"""Who owns a trial and which rows win: every identity rule of the warehouse, as plain functions.

1. **Documents are content.** A document's id is its content hash (:func:`document_id_for`),
   so a moved, renamed or copied file is the same document.
2. **Stated ids only.** A document's trial is the registry id its layout states in an id
   field or label. Ids that prose mentions become references (:func:`prose_references`).
3. **Matching.** A document that states no id is matched to a trial by its title (brief or
   official, normalised, :data:`TITLE_THRESHOLD`) or, for a layout without a title, by its
   summary (:data:`SUMMARY_THRESHOLD`), supported by conditions, interventions and sponsor
   (:func:`match_document`). Unmatched, it is its own trial, ``DOC-`` + its content hash
   (:func:`tasks.parsers.records.content_trial_id`).
4. **Precedence.** Each trial field comes from the best current source that fills it, each
   child table from the best current source that has rows for it (:func:`merge_decision`).
   Sources rank by :data:`PRECEDENCE`; of several versions of one source (one format) only the
   newest is current, the others are history.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from rapidfuzz import fuzz, process

from tasks.parsers.records import TrialRecord
from tasks.parsers.text import REGISTRY_ID

# Lower ranks win. API JSON and the website's JSON download are one structure (ctgov_json).
PRECEDENCE: dict[str, int] = {
    "ctgov_json": 0,
    "ctgov_xml": 1,
    "ctgov_v1": 1,
    "ctgov_csv": 2,
    "ctgov_tsv": 2,
    "ctgov_flat": 3,
    "ctgov_classic_page": 4,
    "clinicaltrialexchange": 5,
    "medpath": 5,
    "registry_page": 6,
}
UNRANKED = 9

# A title this similar (rapidfuzz token_sort_ratio on normalised titles, 0-100) matches on its
# own; down to SUPPORTED_TITLE_THRESHOLD it needs one agreeing condition, intervention or sponsor.
TITLE_THRESHOLD = 95.0
SUPPORTED_TITLE_THRESHOLD = 85.0
# Summaries are long, so near-equality is demanded (see opening_ratio), with one agreeing item below 97.
SUMMARY_THRESHOLD = 90.0
UNSUPPORTED_SUMMARY_THRESHOLD = 97.0
# A summary is compared over the shorter one's length when both have at least this many chars.
MIN_OPENING = 120
# Lookups compare a title with those sharing one of its rarest words, a summary with those that
# open with the same words (see MatchIndex).
BLOCK_TOKENS = 3
OPENING_WORDS = 6
# A block holding more texts than this is too common to tell trials apart (a word in every
# title, a summary opening shared by a generated series): only equal texts are looked up there.
MAX_BLOCK = 500
TOP_SCORES = 16  # candidates kept per lookup before the numbers check
NUMBERED = re.compile(r"\S*\d\S*")  # a word holding a digit
NUMBERS_OPENING = 400  # characters of two summaries whose numbers must agree
# Two different trials scoring within this margin of each other make a match ambiguous: no match.
AMBIGUITY_MARGIN = 2.0
SUMMARY_CHARS = 1500
CONTEXT_CHARS = 80

# Trial fields compared across sources in ``source_conflict``.
CONFLICT_FIELDS = (
    "title",
    "phase",
    "overall_status",
    "study_type",
    "enrollment",
    "lead_sponsor",
    "start_date_value",
    "completion_date_value",
)
# Child tables that move together: thresholds are numbered by their criterion's position.
TABLE_GROUPS: dict[str, tuple[str, ...]] = {
    "condition": ("condition",),
    "intervention": ("intervention",),
    "arm": ("arm",),
    "endpoint": ("endpoint",),
    "criterion": ("criterion", "criterion_threshold"),
    "site": ("site",),
}
# Tables that gather the rows of every current source rather than the best one's.
UNION_TABLES = ("trial_reference", "parse_warning")


def document_id_for(sha256: str) -> str:
    """A document's id: the first 20 hex digits of its content's sha256."""
    return sha256[:20]


def is_content_trial(trial_id: str) -> bool:
    """Whether ``trial_id`` was derived from content (no source states a registry id)."""
    return trial_id.startswith("DOC-")


def source_rank(source_format: str | None) -> int:
    """The precedence rank of a format (lower wins)."""
    return PRECEDENCE.get(source_format or "", UNRANKED)


def prose_references(record: TrialRecord) -> list[tuple[str, str]]:
    """Registry ids mentioned in the record's prose, with the text around each, in order.

    The trial's own stated id is left out.
    """
    found: dict[str, str] = {}
    for text in (record.title, record.official_title, record.brief_summary, record.detailed_description):
        for match in REGISTRY_ID.finditer(text or ""):
            registry_id = match.group(0)
            if registry_id != record.registry_id and registry_id not in found:
                start, end = max(0, match.start() - CONTEXT_CHARS), match.end() + CONTEXT_CHARS
                found[registry_id] = " ".join(text[start:end].split())
    return list(found.items())


# ---- matching ----


def normalise(text: str | None) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


@dataclass(frozen=True)
class Features:
    """What matching compares of a document or a trial."""

    key: str  # the trial id (a candidate) or the document id (a query)
    titles: tuple[str, ...] = ()
    summary: str = ""  # the brief summary and the detailed description, as one normalised text
    sponsor: str = ""
    conditions: frozenset[str] = frozenset()
    interventions: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        key: str,
        titles: Iterable[str | None],
        summary: str | None,
        sponsor: str | None,
        conditions: Iterable[str],
        interventions: Iterable[str],
    ) -> Features:
        """Normalise the raw values into features.

        ``summary`` is the brief summary followed by the detailed description: layouts cut the
        two at different places (a registry page keeps the summary's first paragraph as its
        summary, the rest as its description), and the joined text is the same.
        """
        return cls(
            key,
            tuple(t for t in dict.fromkeys(normalise(t) for t in titles) if t),
            normalise(summary)[:SUMMARY_CHARS],
            normalise(sponsor),
            frozenset(n for n in (normalise(c) for c in conditions) if n),
            frozenset(n for n in (normalise(i) for i in interventions) if n),
        )


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
        merged = features if known is None else _merged(known, features)
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


def opening_ratio(a: str, b: str, **_: object) -> float:
    """How alike two summaries are over the length of the shorter (from :data:`MIN_OPENING` chars).

    A page that splits the summary into paragraphs keeps only the first as its summary: it is
    the opening of the full summary that another source gives.
    """
    shorter = min(len(a), len(b))
    return fuzz.ratio(a, b) if shorter < MIN_OPENING else fuzz.ratio(a[:shorter], b[:shorter])


def openings_disagree(a: str, b: str) -> bool:
    """Whether two texts hold different numbers over the words of the shorter (see :func:`numbers_disagree`).

    For two titles that is usually every word; summaries are compared over their first
    :data:`NUMBERS_OPENING` characters at most, whose last word may be cut, so it is left out.
    """
    words_a, words_b = a[:NUMBERS_OPENING].split(), b[:NUMBERS_OPENING].split()
    whole = min(len(words_a), len(words_b)) - (len(words_a) != len(words_b))
    return numbers_disagree(" ".join(words_a[:whole]), " ".join(words_b[:whole]))


def _merged(a: Features, b: Features) -> Features:
    """One candidate's features gathered from two of its documents."""
    return Features(
        a.key,
        tuple(dict.fromkeys(a.titles + b.titles)),
        a.summary or b.summary,
        a.sponsor or b.sponsor,
        a.conditions | b.conditions,
        a.interventions | b.interventions,
    )


def numbers_disagree(a: str, b: str) -> bool:
    """Whether two titles each hold a numbered token the other lacks ("STUDY 1" and "STUDY 2").

    Trials of one series share all their words but a number (a part, a study, a cohort, a
    product code); a token added on one side only (an acronym in brackets) is no contradiction.
    """
    numbered_a, numbered_b = _numbered(a), _numbered(b)
    return bool(numbered_a - numbered_b) and bool(numbered_b - numbered_a)


@lru_cache(maxsize=65_536)
def _numbered(text: str) -> Counter[str]:
    """The words of ``text`` that hold a digit, counted (cached: an indexed title is checked again and again).

    Callers must not change the returned counter.
    """
    return Counter(NUMBERED.findall(text))


# (scorer, cutoff, contradiction) of each lookup.
TITLE_SCORING = (fuzz.token_sort_ratio, SUPPORTED_TITLE_THRESHOLD, numbers_disagree)
SUMMARY_SCORING = (opening_ratio, SUMMARY_THRESHOLD, openings_disagree)


def support(query: Features, candidate: Features, with_summary: bool = True) -> int:
    """How many of conditions, interventions, sponsor (and summary) agree; -1 when they contradict.

    A contradiction is a different sponsor together with disjoint conditions, both stated
    on both sides: two trials of one generic title ("Long-term follow-up") by two sponsors.
    A matching summary is support for a title match (two studies of one sponsor often share a
    title), never for a summary match, whose score it already is.
    """
    conditions = _agree(query.conditions, candidate.conditions)
    interventions = _agree(query.interventions, candidate.interventions)
    sponsor = None if not (query.sponsor and candidate.sponsor) else query.sponsor == candidate.sponsor
    if sponsor is False and conditions is False:
        return -1
    summary = with_summary and bool(query.summary and candidate.summary)
    summary = summary and opening_ratio(query.summary, candidate.summary) >= SUMMARY_THRESHOLD
    return sum(1 for agreed in (conditions, interventions, sponsor, summary) if agreed)


def _agree(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Whether two name sets share a name (``None`` when either is empty)."""
    return None if not (a and b) else bool(a & b)


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


# ---- precedence ----


@dataclass(frozen=True)
class Source:
    """One document of a trial, as the merge sees it."""

    document_id: str
    source_format: str
    valid_from: datetime
    order: int = 0  # ties on valid_from: the later seen wins


def current_sources(sources: Iterable[Source]) -> list[Source]:
    """The newest version of each format, best first (by precedence, then newest)."""
    newest: dict[str, Source] = {}
    for source in sources:
        known = newest.get(source.source_format)
        if known is None or (source.valid_from, source.order) > (known.valid_from, known.order):
            newest[source.source_format] = source
    return sorted(newest.values(), key=lambda s: (source_rank(s.source_format), -s.valid_from.timestamp(), -s.order))


@dataclass
class MergeDecision:
    """What each current source of one trial contributes.

    ``fields`` maps each trial column to the document that supplies it; ``tables`` each child
    table to the document whose rows it keeps; ``primary`` is the best source.
    """

    primary: str
    fields: dict[str, str]
    tables: dict[str, str]
    conflicts: list[tuple[str, str, str]]  # field, value, document_id


def merge_decision(
    ranked: Sequence[Source], trial_rows: dict[str, dict], row_counts: dict[str, dict[str, int]]
) -> MergeDecision:
    """Decide, for one trial, which source supplies each field and each child table.

    Args:
        ranked: the trial's current sources, best first (see :func:`current_sources`).
        trial_rows: each source's ``trial`` row (column to value).
        row_counts: per source, the number of rows it has in each child table.
    """
    primary = ranked[0].document_id
    columns = [c for c in trial_rows[primary] if c not in ("trial_id", "document_id", "source_format")]
    fields = {}
    for column in columns:
        owner = next((s.document_id for s in ranked if _filled(trial_rows[s.document_id].get(column))), None)
        if owner is not None:
            fields[column] = owner
    tables = {}
    for group, members in TABLE_GROUPS.items():
        owner = next((s.document_id for s in ranked if row_counts.get(s.document_id, {}).get(group, 0)), None)
        if owner is not None:
            tables.update({table: owner for table in members})
    return MergeDecision(primary, fields, tables, _conflicts(ranked, trial_rows))


def _filled(value: object) -> bool:
    """Whether a field holds a value (not None, NaN, NaT or blank)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    try:
        return value == value  # NaN and NaT are unequal to themselves
    except (TypeError, ValueError):
        return True


def _conflicts(ranked: Sequence[Source], trial_rows: dict[str, dict]) -> list[tuple[str, str, str]]:
    """Fields on which the current sources state different values."""
    found = []
    for column in CONFLICT_FIELDS:
        stated = [(s.document_id, _comparable(trial_rows[s.document_id].get(column))) for s in ranked]
        stated = [(d, v) for d, v in stated if v]
        if len({v.casefold() for _, v in stated}) > 1:
            found += [(column, value, document_id) for document_id, value in stated]
    return found


def _comparable(value: object) -> str:
    """A field value as text for comparison ('' when empty); dates without their time."""
    if not _filled(value):
        return ""
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value).strip()
