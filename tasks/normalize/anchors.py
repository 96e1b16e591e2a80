"""The anchor a time frame counts from: the first event it names ("Day 28 after infusion": infusion)."""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re

ANCHORS = (
    ("infusion", lazy_re(r"\binfusion|\binfused\b", re.I)),
    ("enrollment", lazy_re(r"\benrol+(?:ment|ed)?\b|\benrolment\b", re.I)),
    ("randomization", lazy_re(r"\brandomi[sz]", re.I)),
    ("consent", lazy_re(r"\b(?:informed\s+)?consent\b|\bICF\b", re.I)),
    ("transplant", lazy_re(r"\btransplant|\bH?S?CT\b|\bASCT\b", re.I)),
    (
        "first_dose",
        lazy_re(
            r"\bfirst\s+(?:dose|administration)|\bdosing\b|\bvaccination\b|\binjection\b|"
            r"\b(?:post|pre)[- ]?dose\b|\blast\s+dose\b",
            re.I,
        ),
    ),
    (
        "treatment_start",
        lazy_re(r"\b(?:start|initiation|beginning)\s+of\s+(?:study\s+)?(?:treatment|therapy)\b", re.I),
    ),
    ("diagnosis", lazy_re(r"\bdiagnosis\b", re.I)),
)


def anchor_of(text: str) -> str | None:
    """The first named anchor event in ``text``."""
    found = [(m.start(), name) for name, pattern in ANCHORS for m in [pattern.search(text)] if m]
    return min(found)[1] if found else None
