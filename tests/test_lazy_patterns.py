"""Patterns compiled on first use: the same answers as ``re``, no compile before use, none made at run time."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import tasks.normalize
from tasks.normalize import lazy_patterns
from tasks.normalize.lazy_patterns import LazyPattern, compile_all, lazy_re


def _normalisers() -> list:
    """Every module of :mod:`tasks.normalize`, imported."""
    return [importlib.import_module(f"tasks.normalize.{m.name}") for m in pkgutil.iter_modules(tasks.normalize.__path__)]


def test_every_normaliser_pattern_is_lazy_and_compiles() -> None:
    _normalisers()
    # a syntax error in any of them would surface here, not in the middle of a run
    assert compile_all() > 400


@pytest.mark.parametrize(
    ("source", "flags", "text"),
    [
        (r"(?P<num>\d+)\s*(?P<unit>mg|g)\b", re.I, "Dose 10 MG then 20 g, 3 mg"),
        (r"\bgrade\s+([0-5])", 0, "Grade 3 or grade 2; grade 4"),
    ],
)
def test_a_lazy_pattern_answers_as_the_compiled_one(source: str, flags: int, text: str) -> None:
    lazy, eager = lazy_re(source, flags), re.compile(source, flags)
    assert lazy.search(text).span() == eager.search(text).span()
    assert [m.groupdict() for m in lazy.finditer(text)] == [m.groupdict() for m in eager.finditer(text)]
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.sub("#", text) == eager.sub("#", text)
    assert lazy.fullmatch(text) is None and eager.fullmatch(text) is None
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (eager.pattern, eager.flags, eager.groups, eager.groupindex)


def test_nothing_is_compiled_before_first_use_and_then_calls_go_straight_to_re(monkeypatch) -> None:
    compiled = []
    real = re.compile
    monkeypatch.setattr(lazy_patterns.re, "compile", lambda *args: compiled.append(args) or real(*args))
    lazy = lazy_re(r"\bday\s+(\d+)", re.I)
    assert compiled == [] and lazy.pattern == r"\bday\s+(\d+)"  # its source is known without compiling
    assert lazy.search("Day 28").group(1) == "28"
    assert compiled == [(r"\bday\s+(\d+)", re.I)]
    # the slot now holds the compiled pattern's own bound method: later calls add no Python frame
    assert isinstance(lazy.search.__self__, re.Pattern) and "search" in vars(LazyPattern)
    lazy.match("day 1"), lazy.sub("", "day 2")
    assert len(compiled) == 1


def test_a_lazy_pattern_can_be_built_from_another() -> None:
    inner = lazy_re(r"\d+")
    assert lazy_re(inner, re.I).fullmatch("42") is not None


def test_normalising_makes_no_pattern_at_run_time() -> None:
    from tasks.normalize.criteria import categorize_criterion, extract_thresholds
    from tasks.normalize.endpoints import classify_endpoint
    from tasks.normalize.time_frames import parse_time_frame

    _normalisers()
    before = len(lazy_patterns._MADE)
    extract_thresholds("Creatinine clearance ≥ 60 mL/min within 28 days before enrolment; ECOG 0-1")
    categorize_criterion("Platelets ≥ 75,000/µL")
    classify_endpoint("Overall response rate (ORR) per IMWG")
    parse_time_frame("Cycle 5 Day 1 (each cycle is 21 days)")
    # patterns made while normalising would pile up in the registry of every long-running worker
    assert len(lazy_patterns._MADE) == before
    assert all(isinstance(p, LazyPattern) for p in lazy_patterns._MADE)
