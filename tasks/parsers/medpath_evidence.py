"""What the other rows of a MedPath document say about where a glued row is cut.

The outcomes of one study word their time frames alike: they open the same way ("Patients are
followed up from the index date …", "MRI conducted at …") or are the very same text
("2019.7-2022.7", "retrospective data analysis from 2013 to 2020"), also where neither the
time-frame rules nor the character models read them as time frames. A row glued to such a
time frame is cut where the other rows show it begins.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tasks.parsers import segmenter
from tasks.parsers.known_words import inside_a_known_word
from tasks.parsers.medpath_glue import inside_brackets, number_and_unit
from tasks.parsers.records import Endpoint

MEASURE_MAX = 255
# A sentence ends before the capital, unless the point closes an abbreviation ("Game 1 vs. Game 2", "e.g. MRI",
# "et al. Scale") or an initial ("Dr C. Smith"): 8 of the 14 real measures that "break" do so only there.
SENTENCE_BREAK = re.compile(r"(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\bal)(?<!\b[A-Z])[.!?]\s+[A-Z]")
OPENING_WORDS = 3  # a time frame recognised by how it opens: its first three words ...
MIN_OPENING_CHARS = 12  # ... when they are not short and common ("Up to 2")
MIN_ENDING_CHARS = 8  # a shared ending shorter than this ("1 year") says little
MIN_NAME_CHARS = 3
MIN_WORD_CHARS = 4  # shorter words are as often the end of another ("Progressio|nup to")
_WORD = re.compile(r"[A-Za-z]+")
_CLOSERS = ")]}.,;:"
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)

Split = tuple[str, str | None]


@dataclass(frozen=True)
class Evidence:
    """The other rows of the document: how their time frames open, and their lines (name and time frame)."""

    openings: frozenset[str] = frozenset()
    rows: tuple[str, ...] = ()

    def better_cut(self, row: str, split: Split | None) -> Split | None:
        """``split`` unless the other rows show where the row's time frame begins."""
        # the rows that end otherwise share no ending with it (see _glued_start): not tried one by one
        sharing = _rows_by_ending(self.rows).get(row[-MIN_ENDING_CHARS:])
        ending = shared_ending(row, sharing) if sharing else None
        if ending is not None and _cut_inside_a_token(row, split, ending):
            return row[:ending].strip(), row[ending:].strip()
        if self.openings and (split is None or opening(split[1]) not in self.openings):
            return cut_at_opening(row, self.openings) or split
        return split


NO_EVIDENCE = Evidence()


def per_line(evidence: Evidence, openings: dict[int, str]) -> tuple[Evidence, dict[int, Evidence]]:
    """What each line of a table knows, built once per reading: the table's openings but the one it gave itself.

    Returns:
        ``evidence`` with all the table's ``openings`` (what most lines know), and by line where
        it differs: without the opening that line alone gave (not in ``evidence``, no other line's).
    """
    every = Evidence(evidence.openings | set(openings.values()), evidence.rows)
    counts = Counter(openings.values())
    alone = {phrase for phrase, count in counts.items() if count == 1 and phrase not in evidence.openings}
    without = {phrase: Evidence(every.openings - {phrase}, evidence.rows) for phrase in alone}
    return every, {line: without[phrase] for line, phrase in openings.items() if phrase in alone}


@lru_cache(maxsize=256)  # the rows of one reading, asked for at each of its lines
def _rows_by_ending(rows: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The rows by their last characters: only a row that ends like another can share its ending."""
    by_ending: dict[str, list[str]] = {}
    for other in rows:
        by_ending.setdefault(other[-MIN_ENDING_CHARS:], []).append(other)
    return {ending: tuple(texts) for ending, texts in by_ending.items()}


def _cut_inside_a_token(row: str, split: Split | None, ending: int) -> bool:
    """Whether the shared ending at ``ending`` corrects ``split``: it found no time frame, or cut a token.

    A time frame the rules found inside the shared ending stands (the rows may share the end of
    their names too: "…(ORR)(Stage Two)up to 42 months"); one that begins a few letters before it,
    in the same token ("…of VT|Eretrospective data …"), is cut inside a word.
    """
    if split is None or not split[1]:
        return True
    start = len(row) - len(split[1])
    return start < ending and not any(char.isspace() for char in row[start:ending])


def evidence_of(endpoints: list[Endpoint]) -> Evidence:
    """What the rows of other tables show: how their time frames open, and their lines."""
    openings = frozenset(phrase for phrase in map(opening, (e.time_frame for e in endpoints)) if phrase)
    return Evidence(openings, row_texts(endpoints))


def row_texts(endpoints: list[Endpoint]) -> tuple[str, ...]:
    """The glued row lines the endpoints were read from (name and time frame)."""
    return tuple(e.measure + (e.time_frame or "") for e in endpoints)


def reads_as_name(name: str) -> bool:
    """Whether ``name`` can be a measure title: short, one sentence at most."""
    return len(name) <= MEASURE_MAX and not SENTENCE_BREAK.search(name)


@lru_cache(maxsize=8192)  # asked again for the same time frames at every reading of a table
def opening(time_frame: str | None) -> str | None:
    """The first words of a time frame, when they are distinctive enough to recognise it by."""
    words = (time_frame or "").split()[:OPENING_WORDS]
    phrase = " ".join(words)
    return phrase if len(words) == OPENING_WORDS and len(phrase) >= MIN_OPENING_CHARS else None


def cut_at_opening(row: str, openings: frozenset[str] | set[str]) -> Split | None:
    """Cut ``row`` where a time frame that opens like another row's is glued to a name (the last such point)."""
    cuts = [start for phrase in openings for start in _glued_occurrences(row, phrase) if _names(row[:start])]
    return (row[: max(cuts)].strip(), row[max(cuts) :].strip()) if cuts else None


def shared_ending(row: str, others: tuple[str, ...]) -> int | None:
    """Where the longest ending ``row`` shares with another row line begins, glued to the name in both.

    Two rows that end alike, each glued there to a different name ("…(PFS)2019.7-2022.7",
    "…(OS)2019.7-2022.7"), share their time frame: it begins at the first point of the shared
    ending that is glued in both rows, outside brackets, after a text that reads as a name.
    """
    starts = [_glued_start(row, other) for other in others]
    return min((start for start in starts if start is not None), default=None)


@lru_cache(maxsize=65_536)  # a table is read up to four times, with the same pairs of rows
def _glued_start(row: str, other: str) -> int | None:
    """Where the ending ``row`` shares with ``other`` begins as a time frame, if it can.

    The rows differ right before the shared ending; it is glued there in both. Its time frame
    opens there when a number opens it after a letter or a bracket ("…back8th weeks") or a
    word of the records that begins no longer word in either row, with more words after it
    ("…bleedingsretrospective data …"); else at the first token boundary inside its first
    token ("…Percentage|s24 weeks" is "24 weeks", "…(O|S)2019.7-2022.7" is "2019.7-2022.7").
    """
    if row[-MIN_ENDING_CHARS:] != other[-MIN_ENDING_CHARS:]:
        return None  # most rows differ in their last characters: no search
    size = _common_suffix(row, other)
    start, other_start = len(row) - size, len(other) - size
    if size < MIN_ENDING_CHARS or size >= len(other) or start < 1 or row[start].isspace():
        return None  # too short to say anything, the same line, or one line the end of the other
    if row[start - 1].isspace() or other[other_start - 1].isspace():
        return None
    points = [start] if _opens_there(row, start, other, other_start) else []
    for point in points + _boundaries(row, start):
        if len(row) - point < MIN_ENDING_CHARS:
            return None
        if not inside_brackets(row, point) and _names(row[:point]):
            return point
    return None


def _opens_there(row: str, start: int, other: str, other_start: int) -> bool:
    """Whether the shared ending can open right where the two rows stop differing."""
    if row[start].isdigit():  # not a number's continuation ("…Scale-18|4weeks") or decimals
        befores = (row[start - 1], other[other_start - 1])
        return not any(char.isdigit() or char in ".," for char in befores)
    word = _WORD.match(row, start)
    if not word or len(word.group()) < MIN_WORD_CHARS or word.group().lower() not in _vocabulary():
        return False
    inside = inside_a_known_word(row, start) or inside_a_known_word(other, other_start)
    return not inside and " " in row[start:]  # "Pre-|operative" and "Peri|operative" share a word's end only


def _boundaries(row: str, start: int) -> list[int]:
    """The token boundaries inside the first token from ``start`` where a time frame may open.

    A boundary follows a closing bracket or punctuation, or separates letters from digits or a
    lower-case letter from a capital ("Percentages24", "(OS)2019", "questionnaireAt"); a hyphen
    joins ("4-items"), and so do a number and its unit ("4weeks") or ordinal ("8th"). A time
    frame opens with a letter, a digit or a bracket.
    """
    points = []
    end = row.find(" ", start)
    for point in range(start + 1, len(row) if end == -1 else end):
        before, char = row[point - 1], row[point]
        letters_digits = (before.isalpha() and char.isdigit()) or (before.isdigit() and char.isalpha())
        boundary = before in _CLOSERS or letters_digits or (before.islower() and char.isupper())
        joined = number_and_unit(row, point) or (before.isdigit() and _ORDINAL.match(row, point))
        if boundary and (char.isalnum() or char in "([") and not joined:
            points.append(point)
    return points


def _vocabulary() -> frozenset[str]:
    """The lower-case words of the records the segmenter was trained on."""
    return segmenter.current().vocabulary


def _common_suffix(first: str, second: str) -> int:
    """How many characters two texts share at their ends (a binary search over whole-slice comparisons)."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[-middle:] == second[-middle:]:
            low = middle
        else:
            high = middle - 1
    return low


def _names(name: str) -> bool:
    """Whether the text before a cut can be the row's name."""
    return len(name.strip()) >= MIN_NAME_CHARS and reads_as_name(name)


def _glued_occurrences(row: str, phrase: str) -> list[int]:
    """Where ``phrase`` starts in ``row`` glued to what precedes it (no space between), outside brackets."""
    starts, start = [], row.find(phrase, 1)
    while start > 0:
        if not row[start - 1].isspace() and not inside_brackets(row, start):
            starts.append(start)
        start = row.find(phrase, start + 1)
    return starts
