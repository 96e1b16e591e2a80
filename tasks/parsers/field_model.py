"""Character n-gram models of what one kind of field looks like (a measure, a time frame, …).

Each model is an interpolated Witten-Bell character language model with start and end
marks, trained by counting: what text of its kind looks like at its start, inside and at
its end. Comparing the log-probability of a text under the models of several fields is
how the segmenter decides where one field ends and the next begins. Digits are folded to
``0`` so that "Week 12" and "Week 16" share their statistics.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import TypeVar

ORDER = 5  # four characters of context
START, END = "\x02", "\x03"
VOCABULARY = 256  # the uniform floor spreads over this many symbols
_DIGIT = re.compile(r"\d")
MIN_COUNT = 2  # contexts of the longest orders seen once are pruned (smaller model, same accuracy)
# Log-probabilities are summed as integers of 2**-32 nats: exact sums, so a field scored on its
# own or as a span of the item that holds it gets the same value to the last bit.
SCALE = float(2**32)
MAX_SPANNED_ITEMS = 64  # items whose running sums are kept
# The memos grow with the distinct n-grams of the input and a worker reads 100,000 documents, so
# each is emptied when it reaches this size (about 12 MB; what it returns never depends on it).
MAX_MEMO = 100_000
V = TypeVar("V")


def fold(text: str) -> str:
    """Fold digits to ``0`` (numbers differ, their shape does not)."""
    return _DIGIT.sub("0", text)


@dataclass
class FieldModel:
    """A character language model of one field kind.

    ``counts`` maps a context (0 to ``ORDER - 1`` characters) to the counts of the
    characters that followed it.
    """

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    _totals: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)
    _memo: dict[str, float] = field(default_factory=dict, repr=False)
    _units_memo: dict[str, int] = field(default_factory=dict, repr=False)
    _sums: dict[str, tuple[int, list[int]]] = field(default_factory=dict, repr=False)

    @classmethod
    def train(cls, texts: Iterable[str]) -> FieldModel:
        """Count the character n-grams of ``texts``."""
        counts: dict[str, dict[str, int]] = {}
        for text in texts:
            padded = START * (ORDER - 1) + fold(text) + END
            for index in range(ORDER - 1, len(padded)):
                char = padded[index]
                for width in range(ORDER):
                    context = padded[index - width : index]
                    following = counts.setdefault(context, {})
                    following[char] = following.get(char, 0) + 1
        return cls(_pruned(counts))

    def totals(self, context: str) -> tuple[int, int]:
        """Return ``(count of context, distinct followers)``, memoised."""
        cached = self._totals.get(context)
        if cached is None:
            following = self.counts.get(context)
            cached = (sum(following.values()), len(following)) if following else (0, 0)
            _remember(self._totals, context, cached)
        return cached

    def probability(self, context: str, char: str) -> float:
        """Interpolated Witten-Bell probability of ``char`` after ``context`` (memoised)."""
        key = context + char
        cached = self._memo.get(key)
        if cached is None:
            cached = _remember(self._memo, key, self._interpolated(context, char))
        return cached

    def _interpolated(self, context: str, char: str) -> float:
        """The probability, from the longest known context down to the uniform floor."""
        probability, totals, counts = 1.0 / VOCABULARY, self._totals, self.counts
        for cut in range(len(context), -1, -1):  # the empty context first, the whole one last
            history = context[cut:]
            total, distinct = totals.get(history) or self.totals(history)
            if total == 0:
                break
            probability = (counts[history].get(char, 0) + distinct * probability) / (total + distinct)
        return probability

    def log_prob(self, text: str, *, start: bool = True, end: bool = True, within: str | None = None) -> float:
        """Natural-log probability of ``text`` as a whole field (or its start/end only).

        With ``within``, a text that holds ``text`` (the item a candidate field was cut from),
        the inside of a long field is read off the item's running sums: a field costs a few
        lookups instead of one per character, whatever its length.
        """
        folded = fold(text)
        if within is not None and start and end and len(folded) >= 2 * ORDER:
            offset = within.find(text)
            if offset >= 0:
                return self._span_units(folded, offset, within) / SCALE
        padded = (START * (ORDER - 1) if start else "") + folded + (END if end else "")
        offset = ORDER - 1 if start else min(ORDER - 1, len(padded))
        # A character's key is its context and itself: one slice and one lookup per character.
        keys = [padded[max(0, index - ORDER + 1) : index + 1] for index in range(offset, len(padded))]
        return sum(self._units_of(keys)) / SCALE

    def _key_units(self, key: str) -> int:
        """``log(probability(key[:-1], key[-1]))`` in units of 2**-32 (memoised).

        The key is a character's context and the character itself: one string, one lookup.
        """
        units = self._units_memo.get(key)
        if units is None:
            # Not through probability(): its memo serves the glued-row scans; one memo per key here.
            units = round(math.log(self._interpolated(key[:-1], key[-1])) * SCALE)
            _remember(self._units_memo, key, units)
        return units

    def _units_of(self, keys: Sequence[str]) -> list[int]:
        """The units of every key of ``keys``, looked up in one pass (computed where not yet known)."""
        units = list(map(self._units_memo.get, keys))
        if None in units:
            units = [self._key_units(key) if unit is None else unit for key, unit in zip(keys, units, strict=True)]
        return units

    def _span_units(self, folded: str, offset: int, within: str) -> int:
        """The units of the field ``folded`` found at ``offset`` of the item ``within``.

        Past its first ``ORDER - 1`` characters a field sees the same contexts as the item
        does; those first characters see the start mark, and the end mark follows its last.
        """
        head = START * (ORDER - 1) + folded[: ORDER - 1]
        keys = [head[i : i + ORDER] for i in range(ORDER - 1)] + [folded[-(ORDER - 1) :] + END]
        return sum(self._units_of(keys)) + self._inside_units(within, offset + ORDER - 1, offset + len(folded))

    def _inside_units(self, within: str, start: int, stop: int) -> int:
        """The units of ``within``'s characters ``start`` to ``stop - 1``, each with a full context.

        Read off running sums over the part of the item this model's fields have covered so
        far: a measure lies in the item's first 255 characters and a time frame in its last
        255, so in a long item most characters are never read by most models.
        """
        window = self._sums.get(within)
        if window is None or start < window[0]:  # none yet, or a field before it: begin at this field
            window = (start, [0])
        first, sums = window
        covered = first + len(sums) - 1
        if stop > covered:
            keys = _item_keys(within)[covered - ORDER + 1 : stop - ORDER + 1]  # a key per character from ORDER - 1 on
            units = self._units_of(keys)
            # Extend a copy: another thread may be reading the stored window.
            sums = sums[:-1]
            sums.extend(accumulate(units, initial=window[1][-1]))
            if len(self._sums) >= MAX_SPANNED_ITEMS:
                self._sums.clear()
            self._sums[within] = (first, sums)
        return sums[stop - first] - sums[start - first]

    def prefix_scores(self, text: str) -> list[float]:
        """``scores[i]``: log-probability of ``text[:i]`` as a whole field (end mark included).

        One pass over ``text`` instead of one per prefix: the context of a character does not
        depend on where the field ends.
        """
        padded = START * (ORDER - 1) + fold(text)
        scores, running = [], 0.0
        for index in range(ORDER - 1, len(padded) + 1):
            context = padded[max(0, index - ORDER + 1) : index]
            scores.append(running + math.log(self.probability(context, END)))
            if index < len(padded):
                running += math.log(self.probability(context, padded[index]))
        return scores

    def suffix_scores(self, text: str) -> list[float]:
        """``scores[i]``: log-probability of ``text[i:]`` as a whole field (start and end marks).

        Beyond its first ``ORDER - 1`` characters a suffix sees the same context as the whole
        text does, so one pass plus a short correction per start gives every suffix.
        """
        folded = fold(text)
        natural = [0.0]
        for index, char in enumerate(folded):
            context = folded[max(0, index - ORDER + 1) : index]
            natural.append(natural[-1] + math.log(self.probability(context, char)))
        tail = math.log(self.probability(folded[-(ORDER - 1) :], END)) if folded else 0.0
        scores = []
        for start in range(len(folded)):
            if len(folded) - start < ORDER - 1:  # a short suffix ends inside its start context
                scores.append(self.log_prob(folded[start:]))
                continue
            head_end = min(len(folded), start + ORDER - 1)
            head = self.log_prob(folded[start:head_end], start=True, end=False)
            scores.append(head + natural[-1] - natural[head_end] + tail)
        return scores

    def to_json(self) -> dict[str, dict[str, int]]:
        """The counts, as stored in the shipped model file."""
        return self.counts

    @classmethod
    def from_json(cls, counts: dict[str, dict[str, int]]) -> FieldModel:
        """Rebuild a model from :meth:`to_json`'s output."""
        return cls(counts)


def _pruned(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Drop the longest contexts seen fewer than ``MIN_COUNT`` times."""
    kept = {}
    for context, following in counts.items():
        if len(context) >= ORDER - 2 and sum(following.values()) < MIN_COUNT:
            continue
        kept[context] = following
    return kept


def _remember(memo: dict[str, V], key: str, value: V) -> V:
    """Store ``value`` under ``key``, emptying ``memo`` first when it is full (it stays bounded)."""
    if len(memo) >= MAX_MEMO:
        memo.clear()
    memo[key] = value
    return value


@lru_cache(maxsize=MAX_SPANNED_ITEMS)
def _item_keys(within: str) -> tuple[str, ...]:
    """The key (context and character) of every character of ``within`` that has a full context.

    Shared by the models: each reads the same item's keys in its own table.
    """
    folded = fold(within)
    return tuple([folded[stop - ORDER : stop] for stop in range(ORDER, len(folded) + 1)])
