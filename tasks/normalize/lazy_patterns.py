"""Regular expressions compiled the first time they are used.

The normalisers hold about 600 patterns, and compiling them all costs about half a second of
CPU in every process that imports them: most of what a one-document ingest spends beyond a bare
flow. A document uses a fraction of them (one flat export, about a sixth), since most readers
look for their words before they scan. :func:`lazy_re` is ``re.compile`` deferred to first
use; a pattern that is never used is never compiled.

A :class:`LazyPattern` answers the methods of :class:`re.Pattern`. After its first use they are the
compiled pattern's own bound methods, held in slots, so a call costs what it did before. It is
not an ``re.Pattern``: pass it to its own methods, not to ``re.search(pattern, …)``.
"""

from __future__ import annotations

import re
from typing import Any

# The methods a compiled pattern answers; after the first use each slot holds the bound method.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")
_MADE: list[LazyPattern] = []  # every lazy pattern of the process, for compile_all()


class LazyPattern:
    """``re.compile(source, flags)``, done the first time a method or attribute is asked for."""

    __slots__ = ("pattern", "_flags", "_compiled", *_METHODS)

    def __init__(self, source: str, flags: int = 0) -> None:
        """Keep the source and flags; compile nothing yet."""
        self.pattern = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern, compiled (and its methods bound into the slots) on the first call only."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        # Called only for a slot not yet filled (a method before the first use) or an attribute
        # kept by the compiled pattern alone (flags, groups, groupindex).
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        """As ``re.Pattern`` shows itself, marked lazy."""
        return f"lazy_re({self.pattern!r}, {self._flags!r})"


def lazy_re(source: str, flags: int = 0) -> LazyPattern:
    """``re.compile`` deferred until the pattern is first used.

    Args:
        source: The regular expression.
        flags: ``re`` flags, as for ``re.compile``.
    """
    if isinstance(source, LazyPattern):
        source = source.pattern
    pattern = LazyPattern(source, flags)
    _MADE.append(pattern)
    return pattern


def compile_all() -> int:
    """Compile every lazy pattern made so far (a syntax error shows here); return how many there are."""
    for pattern in _MADE:
        pattern.compiled()
    return len(_MADE)
