"""Seeded variation: which documents of the harness depart from the base layouts, and how.

Every study gets its own ``random.Random`` seeded by its NCT id, so a run renders
the same documents on every machine. Text-level variations (a disclaimer spliced in)
leave the expected values alone; study-level ones change the study before it is
rendered, and the expected values are read from the changed study.
"""

from __future__ import annotations

import hashlib
import random

DISCLAIMER = (
    "This platform is for informational purposes only and does not constitute medical advice. "
    "Always consult a qualified healthcare professional."
)
COPYRIGHT = "© Copyright 2025. All Rights Reserved by MedPath"


def study_rng(nct: str, layout: str, seed: int = 0) -> random.Random:
    """Return the generator of one study's variations in one layout."""
    digest = hashlib.sha256(f"{seed}:{layout}:{nct}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def chance(rng: random.Random | None, share: float) -> bool:
    """Draw a variation applied to ``share`` of the documents (never without a generator)."""
    return rng is not None and rng.random() < share


def splice_disclaimer_lines(document: str, rng: random.Random) -> str:
    """Insert the disclaimer as a line of its own between two lines of ``document``."""
    lines = document.split("\n")
    at = rng.randrange(1, len(lines)) if len(lines) > 1 else 1
    return "\n".join(lines[:at] + [DISCLAIMER] + lines[at:])

# ISO 3166 codes of the countries the real records name (the page shows each as a flag emoji).
COUNTRY_CODES = {
    "Argentina": "AR", "Australia": "AU", "Austria": "AT", "Bangladesh": "BD", "Belarus": "BY", "Belgium": "BE",
    "Bosnia and Herzegovina": "BA", "Brazil": "BR", "Bulgaria": "BG", "Canada": "CA", "Chile": "CL", "China": "CN",
    "Colombia": "CO", "Croatia": "HR", "Czechia": "CZ", "Czech Republic": "CZ", "Denmark": "DK", "Egypt": "EG",
    "Estonia": "EE", "Finland": "FI", "France": "FR", "Georgia": "GE", "Germany": "DE", "Greece": "GR",
    "Hong Kong": "HK", "Hungary": "HU", "Iceland": "IS", "India": "IN", "Indonesia": "ID", "Iran": "IR", "Iraq": "IQ",
    "Ireland": "IE", "Israel": "IL", "Italy": "IT", "Japan": "JP", "Korea, Republic of": "KR", "South Korea": "KR",
    "Latvia": "LV", "Lithuania": "LT", "Malaysia": "MY", "Mexico": "MX", "Netherlands": "NL", "New Zealand": "NZ",
    "Norway": "NO", "Pakistan": "PK", "Paraguay": "PY", "Peru": "PE", "Philippines": "PH", "Poland": "PL",
    "Portugal": "PT", "Puerto Rico": "PR", "Romania": "RO", "Russia": "RU", "Russian Federation": "RU",
    "Saudi Arabia": "SA", "Serbia": "RS", "Singapore": "SG", "Slovakia": "SK", "Slovenia": "SI", "South Africa": "ZA",
    "Spain": "ES", "Sweden": "SE", "Switzerland": "CH", "Taiwan": "TW", "Thailand": "TH", "Turkey": "TR",
    "Turkey (Türkiye)": "TR", "Ukraine": "UA", "United Kingdom": "GB", "United States": "US", "Vietnam": "VN",
}


def flag(country: str | None) -> str | None:
    """Return the flag emoji of ``country`` (regional indicator letters), ``None`` when unknown."""
    code = COUNTRY_CODES.get(country or "")
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code) if code else None


def vary_study(study: dict, rng: random.Random, layout: str) -> dict:
    """Return ``study`` with its seeded content variations applied (the study itself when none applies)."""
    return study
