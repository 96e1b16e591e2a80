"""What the sample holds: how many real outcomes fall in each failure class of issue 11.

The harness does not invent outcome text; these counts show that the real records
already carry the hard cases (and how many), so that a figure speaks of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from benchmarks.layouts.studies import ExpectedEndpoint, expected_endpoints

# A last token that looks like a boundary: gene/antigen names, PK terms, dose abbreviations.
_BOUNDARY_TOKEN = re.compile(
    r"(?:\b[A-Z]{1,5}\d[\w/.+-]*|\bC(?:max|min|trough)\b|\bT(?:max|1/2)\b|\bAUC\S*|\bRP2D\b)\)?\.?$"
)
_NUMBERED = re.compile(r"(?:^|\n)\s*(?:\d{1,2}|[a-z])[.)]\s")
CLASSES: dict[str, Callable[[ExpectedEndpoint], bool]] = {
    "time_frame_lower_case": lambda e: bool(e.time_frame) and e.time_frame[0].islower(),
    "time_frame_starts_with_number": lambda e: bool(e.time_frame) and e.time_frame[0].isdigit(),
    "measure_ends_in_boundary_token": lambda e: bool(_BOUNDARY_TOKEN.search(e.measure)),
    "no_description": lambda e: not e.description,
    "description_paragraphs": lambda e: "\n\n" in (e.description or ""),
    "description_numbered_list": lambda e: bool(_NUMBERED.search(e.description or "")),
    "comma_in_measure": lambda e: "," in e.measure,
    "comma_in_time_frame": lambda e: "," in (e.time_frame or ""),
    "no_time_frame": lambda e: not e.time_frame,
}


def coverage(studies: list[dict]) -> dict[str, int]:
    """Count the outcomes of ``studies`` in each class, and the very long and very short records."""
    counts: Counter = Counter()
    for study in studies:
        endpoints = expected_endpoints(study)
        counts["outcomes"] += len(endpoints)
        counts["studies_without_outcomes"] += not endpoints
        counts["studies_with_20_or_more_outcomes"] += len(endpoints) >= 20
        for name, test in CLASSES.items():
            counts[name] += sum(1 for endpoint in endpoints if test(endpoint))
    return dict(counts)
