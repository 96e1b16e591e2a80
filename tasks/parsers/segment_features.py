"""Features of one candidate cut of an outcome into measure, description and time frame.

The segmenter ranks candidate cuts by a learned weighted sum of these features: how much
each part reads like its field under the character models, what the characters and words
at each boundary are, how long each part is, whether brackets balance, and the older
hand-written plausibility scores (kept as evidence, no longer as the decision).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from tasks.parsers.timeframe_text import is_time_point, time_frame_score

if TYPE_CHECKING:
    from tasks.parsers.segmenter import Segmenter

Features = dict[str, float]
SEPARATOR = ", "
Memo = tuple[tuple[str, float], ...]  # features frozen for a memo, in their order (it fixes a score's sum)
# Cuts and parts memoised per model: enough for the items of the longest list; each entry holds
# its texts (an item is at most 2,000 characters), so the memos stay a few MB.
MEMO_SIZE = 2048
_WORD = re.compile(r"[A-Za-z]+|\d+|\S")
_DIGIT = re.compile(r"\d")
_PERIOD_COMMA = re.compile(r"[.。],\s")
_ENDS_WITH_NUMBER = re.compile(r"(?:\b(?:weeks?|days?|months?|years?|hours?|visits?|cycles?|at|and|or|to)\s*|,\s*)"
                               r"[+-]?\d{1,3}(?:\.\d+)?\s*$", re.IGNORECASE)  # fmt: skip
_STARTS_WITH_NUMBER = re.compile(r"^(?:and |or |& )?\d")
_OPENERS, _CLOSERS = "([{（［", ")]}）］"
LIST_ITEM_WORDS = 4  # "VKA and NOAC", "NR or PR": the items of a serial list are a few words each
_LIST_JOIN = re.compile(r"(?:^|\s)(?:and|or|&)\s", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;:](?:\s|$)")
LIST_PIECE_WORDS = 3  # "Potassium", "AUC0-12h", "Alkaline Phosphatase (ALP)": one item of a list, brackets aside
_BRACKETED = re.compile(r"\([^()]*\)")
# "in minutes", "compared to baseline", "across treatment groups": a measure's closing qualifier opens so
_QUALIFIER_WORDS = frozenset(
    "across among as between by compared for in on over per related relative versus vs with".split()
)
QUALIFIER_WORDS = 4
RESTART_HEAD_WORDS = 5  # "Baseline, Week 12" restarts nothing: the head of a merged time frame is longer
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Title Case leaves articles, conjunctions and short prepositions in lower case ("Number of Days With…").
_MINOR_WORDS = frozenset(
    "a an and as at by during for from in into of on or over per the to via vs with within".split()
)


def char_class(char: str) -> str:
    """A coarse class of one character: upper, lower, digit, or the character itself."""
    if char.isupper():
        return "U"
    if char.islower():
        return "l"
    if char.isdigit():
        return "9"
    return char


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (digits folded)."""
    return [folded_word(w) for w in _WORD.findall(text)]


def folded_word(word: str) -> str:
    """One word lower-cased, its digits folded to ``0``."""
    return _DIGIT.sub("0", word.lower())


def length_bucket(text: str | None) -> str:
    """A logarithmic bucket of the word count (0, 1, 2-3, 4-7, …)."""
    if not text:
        return "0"
    return str(len(_WORD.findall(text)).bit_length())


def unbalanced(text: str | None) -> bool:
    """Whether ``text`` opens more brackets than it closes or vice versa."""
    return bool(text) and bracket_balance(text) != 0


def bracket_balance(text: str) -> int:
    """How many more brackets ``text`` opens than it closes (negative: closes more)."""
    # Counting each bracket character is counting the matches of its one-character class, only faster.
    return sum(map(text.count, _OPENERS)) - sum(map(text.count, _CLOSERS))


def closes_list(text: str) -> bool:
    """Whether ``text`` opens with the last items of a serial list ("VKA and NOAC", "NR or PR, …").

    A description that does reads as the rest of a list cut at one of its commas ("…types of
    LMWH, VKA and NOAC", "…achieving CR, ICR I, ICR II or PR"): its ``", "``-separated pieces up to
    the one joined by "and"/"or" are a few words each and end no clause. 10 of the 3,498 real
    descriptions open so, against 409 of the wrong cuts of the real outcomes.
    """
    for piece in text.split(SEPARATOR):
        if len(piece.split()) > LIST_ITEM_WORDS or _CLAUSE_END.search(piece):
            return False
        if _LIST_JOIN.search(piece):
            return True
    return False


def list_piece(piece: str) -> bool:
    """Whether ``piece`` reads as one item of a list: a few words (brackets aside) ending no clause."""
    piece = piece.strip()
    return (
        bool(piece)
        and piece[0].isalnum()  # a bullet or a dash opens a description, not a list item
        and len(_BRACKETED.sub("", piece).split()) <= LIST_PIECE_WORDS
        and not _CLAUSE_END.search(piece)
    )


def inside_list(before: str, after: str) -> bool:
    """Whether a cut between ``before`` and ``after`` falls between two items of one list.

    "…following SC injection: Glucose, Potassium" + "Sodium, Blood urea nitrogen, …": the
    text before the cut ends with a list item opened by ``", "`` or ``": "``, and the text after
    opens with another. 31 of the 4,059 real descriptions open so, against 2,459 wrong cuts.
    """
    opened = max(before.rfind(SEPARATOR), before.rfind(": "))
    return opened != -1 and list_piece(before[opened + 2 :]) and list_piece(after.split(SEPARATOR, 1)[0])


def title_cased(text: str, least: int = 1) -> bool:
    """Whether every word of ``text`` but the minor ones opens with a capital (at least ``least`` words)."""
    major = [w for w in _TITLE_WORD.findall(text) if w.lower() not in _MINOR_WORDS]
    return len(major) >= least and all(w[0].isupper() for w in major)


def continues_title(description: str) -> bool:
    """Whether the first piece of ``description`` is in Title Case and ends no sentence.

    Measures are often written as titles and descriptions as sentences, so after a Title Case
    measure a Title Case piece is most often the measure's own closing qualifier ("…Number of
    Weekly Attacks, Averaged Over Weeks 1-4", "…(URP-IR), Feasibility Subscale"): 53 of the
    3,494 real descriptions open so after such a measure, against 249 wrong cuts. An acronym
    alone ("LIPID PROFILE", "CNS DOR") is no title.
    """
    piece = description.split(SEPARATOR, 1)[0].rstrip()
    return not piece.endswith(".") and not piece.isupper() and title_cased(piece)


def closing_qualifier(description: str) -> bool:
    """Whether ``description`` is only a qualifier of the measure before it ("in minutes", "compared to baseline").

    A few words opened by a lower-case preposition and ending no clause: none of the 3,494 real
    descriptions is one, 53 wrong cuts of the real outcomes are.
    """
    words = description.split(maxsplit=QUALIFIER_WORDS)
    return 0 < len(words) <= QUALIFIER_WORDS and words[0] in _QUALIFIER_WORDS and not _CLAUSE_END.search(description)


def restarts_time_frame(time_frame: str) -> str | None:
    """How a time frame's last ``", "`` piece opens when it restarts one after a longer text ("U" or "9").

    A description merged into its time frame ("Patients are seen on day 1 of each cycle …, Every
    two weeks up to 12 weeks") ends in a piece that is a time frame of its own, opening as a field
    opens (a capital or a digit), after text that is no time frame or is long. Of the real time
    frames 7 end so, of the description-and-time-frame texts of the real outcomes 2,431 do; a time
    frame continued in lower case ("Time from enrolment to death, assessed up to 2 years") is left out.
    """
    head, separator, last = time_frame.rpartition(SEPARATOR)
    if not separator or not (last[:1].isupper() or last[:1].isdigit()) or time_frame_score(last.strip()) <= 0:
        return None
    if is_time_point(head.rsplit(SEPARATOR, 1)[-1]):
        return None  # "Week 1, Week 2, …, Week 12 (Follow-up)": one list of time points
    length = len(head.split())
    if length < RESTART_HEAD_WORDS or (length < 2 * RESTART_HEAD_WORDS and time_frame_score(head.strip()) > 0):
        return None
    return char_class(last[0])


def field_features(model: Segmenter, name: str, text: str | None) -> Features:
    """Features of one part: its character-model scores and its shape."""
    prefix = name[0]
    if not text:
        return {f"{prefix}_len={length_bucket(text)}": 1.0, f"{prefix}_absent": 1.0}
    tokens = _WORD.findall(text)  # read once for the length, the first and the last word
    features: Features = {f"{prefix}_len={len(tokens).bit_length()}": 1.0}
    score, prose = model.log_prob(name, text), model.log_prob("prose", text)
    features[f"{prefix}_lm"] = score / 100.0
    features[f"{prefix}_lm_vs_prose"] = (score - prose) / 10.0
    features[f"{prefix}_first={folded_word(tokens[0]) if tokens else ''}"] = 1.0
    features[f"{prefix}_firstc={char_class(text[0])}"] = 1.0
    features[f"{prefix}_lastc={char_class(text[-1])}"] = 1.0
    features[f"{prefix}_last={folded_word(tokens[-1]) if tokens else ''}"] = 1.0
    if unbalanced(text):
        features[f"{prefix}_unbalanced"] = 1.0
    if _PERIOD_COMMA.search(text):
        features[f"{prefix}_period_comma"] = 1.0
    if "\n" in text:
        features[f"{prefix}_newline"] = 1.0
    return features


def candidate_features(model: Segmenter, measure: str, description: str | None, time_frame: str | None) -> Features:
    """Every feature of the cut ``(measure, description, time_frame)`` (a new dict the caller may extend)."""
    return dict(_candidate_features(model, measure, description, time_frame))


@lru_cache(maxsize=MEMO_SIZE)
def _candidate_features(model: Segmenter, measure: str, description: str | None, time_frame: str | None) -> Memo:
    """The memo behind :func:`candidate_features`, frozen in the order the features were added.

    A list's items are scored alone, then again with their neighbours known: the same cuts recur.
    """
    return tuple(_cut_features(model, measure, description, time_frame).items())


@lru_cache(maxsize=MEMO_SIZE)
def _field_features(model: Segmenter, name: str, text: str | None) -> Memo:
    """The memo of :func:`field_features`: one part recurs in many cuts of its item."""
    return tuple(field_features(model, name, text).items())


def clear_memos() -> None:
    """Forget the features memoised under any model (a model trained for a while is let go)."""
    _candidate_features.cache_clear()
    _field_features.cache_clear()


def _cut_features(model: Segmenter, measure: str, description: str | None, time_frame: str | None) -> Features:
    """Every feature of the cut ``(measure, description, time_frame)``, computed."""
    features: Features = {"bias": 1.0}
    for name, text in (("measure", measure), ("description", description), ("time_frame", time_frame)):
        features.update(_field_features(model, name, text))
    if time_frame:
        features["t_rule"] = max(-5.0, min(8.0, time_frame_score(time_frame))) / 4.0
        before = description or measure
        features[f"t_boundary={char_class(before[-1])}>{char_class(time_frame[0])}"] = 1.0
        if _ENDS_WITH_NUMBER.search(before) and _STARTS_WITH_NUMBER.match(time_frame):
            features["t_number_list"] = 1.0
        restart = restarts_time_frame(time_frame)
        if restart:
            features[f"t_restarts={restart}"] = 1.0
    if description:
        features[f"d_boundary={char_class(measure[-1])}>{char_class(description[0])}"] = 1.0
        if _ENDS_WITH_NUMBER.search(measure) and _STARTS_WITH_NUMBER.match(description):
            features["d_number_list"] = 1.0
        if description.lower().split()[:1] == measure.lower().split()[:1]:
            features["d_repeats_measure"] = 1.0
        if closes_list(description):
            features["d_closes_list"] = 1.0
        if inside_list(measure, description):
            features["d_inside_list"] = 1.0
        if closing_qualifier(description):
            features["d_qualifier"] = 1.0
        if title_cased(measure, 2) and continues_title(description):  # two title words at least: "PFS" says nothing
            features["d_continues_title"] = 1.0
        # A description that reads as a time frame ("10 minutes before stimulation and 10 minutes") is most
        # often the head of a time frame cut too late: 6 % of the real descriptions score above 2, 19 % of
        # the wrong cuts' do; the rules' score, clipped as for the time frame, lets the weight say how much.
        features["d_rule"] = max(-5.0, min(8.0, time_frame_score(description))) / 4.0
    return features
