"""The flows' decorator: Prefect's ``@flow``, with plain parameters sent to the server without FastAPI.

Prefect serialises a flow run's parameters with FastAPI's ``jsonable_encoder``, and importing it
costs about 0.2 s of CPU at the start of every run: a fifth of what a one-document ingest may spend
beyond a bare flow. The flows' parameters are paths, names, numbers, flags and dates, whose JSON
form is plain; only a value of any other kind (an API client's settings) goes through Prefect's
own serialiser, with FastAPI.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from prefect import Flow

_PLAIN = (str, int, float, bool, type(None))


class NotPlain(Exception):
    """A value whose JSON form :func:`plain_json` does not know."""


def plain_json(value: Any) -> Any:
    """The JSON form of a plain value, as ``jsonable_encoder`` gives it.

    Raises:
        NotPlain: ``value`` holds anything but text, numbers, flags, ``None``, paths, dates, and lists,
            tuples and string-keyed dicts of those.
    """
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):  # a datetime is a date
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain_json(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: plain_json(item) for key, item in value.items()}
    raise NotPlain(type(value).__name__)


class PlainFlow(Flow):
    """A Prefect flow whose plain parameters are serialised here (see the module's docstring)."""

    def serialize_parameters(self, parameters: dict[str, Any]) -> dict[str, Any]:
        """Each parameter's JSON form: plain values here, any other through Prefect's serialiser."""
        serialized, others = {}, {}
        for key, value in parameters.items():
            try:
                serialized[key] = plain_json(value)
            except NotPlain:
                others[key] = value
        if others:
            serialized |= super().serialize_parameters(others)
        return {key: serialized[key] for key in parameters if key in serialized}

    def with_options(self, **options: Any) -> PlainFlow:
        """Prefect's copy with other options, still a :class:`PlainFlow`."""
        copy = super().with_options(**options)
        copy.__class__ = type(self)
        return copy


def flow(**options: Any) -> Callable[[Callable], PlainFlow]:
    """``@prefect.flow(**options)``, making a :class:`PlainFlow`."""
    return lambda fn: PlainFlow(fn=fn, **options)
