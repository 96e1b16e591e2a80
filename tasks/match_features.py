"""What matching compares of a document or a trial, and how two of them are compared.

:class:`Features` are the normalised texts and names; the functions below score two titles or
two summaries, tell when their numbers contradict, and count the details that support a match.
:mod:`tasks.matching` uses them to find a document's trial.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from tasks.identity import normalise

# A title this similar (rapidfuzz token_sort_ratio on normalised titles, 0-100) matches on its
# own; down to SUPPORTED_TITLE_THRESHOLD it needs one agreeing condition, intervention or sponsor.
TITLE_THRESHOLD = 95.0
SUPPORTED_TITLE_THRESHOLD = 85.0
# Summaries are long, so near-equality is demanded (see opening_ratio), with one agreeing item below 97.
SUMMARY_THRESHOLD = 90.0
UNSUPPORTED_SUMMARY_THRESHOLD = 97.0
# A summary is compared over the shorter one's length when both have at least this many chars.
MIN_OPENING = 120
NUMBERED = re.compile(r"\S*\d\S*")  # a word holding a digit
NUMBERS_OPENING = 400  # characters of two summaries whose numbers must agree
SUMMARY_CHARS = 1500


@dataclass(frozen=True)
class Features:
    """What matching compares of a document or a trial.

    Titles and summary are normalised at once (the index blocks on them); sponsor, conditions
    and interventions are kept as written and normalised on first use: only the few finalists
    of a lookup are checked for support, and a run that matches one document builds the
    features of every trial in the warehouse.
    """

    key: str  # the trial id (a candidate) or the document id (a query)
    titles: tuple[str, ...] = ()
    summary: str = ""  # the brief summary and the detailed description, as one normalised text
    sponsor_as_written: str | None = None
    conditions_as_written: tuple[str, ...] = ()
    interventions_as_written: tuple[str, ...] = ()

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
            normalised_opening(summary),
            sponsor,
            tuple(conditions),
            tuple(interventions),
        )

    @cached_property
    def sponsor(self) -> str:
        """The sponsor, normalised."""
        return normalise(self.sponsor_as_written)

    @cached_property
    def conditions(self) -> frozenset[str]:
        """The conditions, normalised."""
        return _names(self.conditions_as_written)

    @cached_property
    def interventions(self) -> frozenset[str]:
        """The interventions, normalised."""
        return _names(self.interventions_as_written)

    def same_as(self, other: Features) -> bool:
        """Whether two features hold the same texts and names (in any order)."""
        return (
            set(self.titles) == set(other.titles)
            and self.summary == other.summary
            and self.sponsor_as_written == other.sponsor_as_written
            and sorted(self.conditions_as_written) == sorted(other.conditions_as_written)
            and sorted(self.interventions_as_written) == sorted(other.interventions_as_written)
        )

    def merged(self, other: Features) -> Features:
        """One candidate's features gathered from two of its documents (this one's key)."""
        return Features(
            self.key,
            tuple(dict.fromkeys(self.titles + other.titles)),
            self.summary or other.summary,
            self.sponsor_as_written if self.sponsor else other.sponsor_as_written,
            self.conditions_as_written + other.conditions_as_written,
            self.interventions_as_written + other.interventions_as_written,
        )


def normalised_opening(text: str | None, chars: int = SUMMARY_CHARS) -> str:
    """``normalise(text)[:chars]``, normalising no more of ``text`` than that needs.

    A long description costs its whole length to normalise, and matching keeps its opening only.
    Normalising is word by word, so every word of a prefix of the text that a space follows is
    normalised as in the whole text: once those reach ``chars`` characters, the rest is not read.
    """
    if text and len(text) > 4 * chars:
        head = normalise(text[: 4 * chars])
        if head.rfind(" ") >= chars:
            return head[:chars]
    return normalise(text)[:chars]


def _names(written: tuple[str, ...]) -> frozenset[str]:
    """Names as written, normalised (empty ones left out)."""
    return frozenset(n for n in map(normalise, written) if n)


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


def sorted_tokens(title: str) -> str:
    """The words of a normalised title in sorted order, one space apart.

    rapidfuzz's ``token_sort_ratio`` of two titles is ``ratio`` of these forms: an index holds
    its titles so and sorts each once, not once per lookup (6x faster a lookup). Normalised
    titles hold only ASCII words and single spaces, which both sides split alike.
    """
    return " ".join(sorted(title.split()))


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
