"""Site furniture the pages carry: the disclaimer, the copyright line, flag emoji, and where they go."""

from __future__ import annotations

import random
import re

from benchmarks.layouts.variation import has

DISCLAIMER = (
    "This platform is for informational purposes only and does not constitute medical advice. "
    "Always consult a qualified healthcare professional."
)
COPYRIGHT = "© Copyright 2025. All Rights Reserved by MedPath"
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.;]) (?=\S)")

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


def splice_line(lines: list[str], rng: random.Random, line: str = DISCLAIMER) -> list[str]:
    """Insert ``line`` between two lines of a document (never before the first)."""
    at = rng.randrange(1, len(lines)) if len(lines) > 1 else 1
    return lines[:at] + [line] + lines[at:]


def splice_inline(lines: list[str], rng: random.Random, sentence: str = DISCLAIMER) -> list[str]:
    """Insert ``sentence`` after a sentence inside a paragraph, as sites splice it into a field."""
    spots = [(i, m.end()) for i, line in enumerate(lines) for m in _SENTENCE_END.finditer(line)]
    if not spots:
        return splice_line(lines, rng, sentence)
    index, at = rng.choice(spots)
    line = lines[index]
    return lines[:index] + [f"{line[:at]}{sentence} {line[at:]}"] + lines[index + 1 :]


def spliced(study: dict, lines: list[str], rng: random.Random | None) -> list[str]:
    """``lines`` with the disclaimer spliced in where a varied ``study`` draws it (``rng`` places it)."""
    if rng and has(study, "disclaimer_line"):
        lines = splice_line(lines, rng)
    if rng and has(study, "disclaimer_in_field"):
        lines = splice_inline(lines, rng)
    return lines
