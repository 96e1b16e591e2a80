"""Site locations: "City, State, Country" lines told apart from prose by their country.

ClinicalTrials.gov writes a site's place as city, optional state and country, the country always
last and always one of a fixed list. Text layouts print it as one comma-separated line, which prose
also produces ("ORR, Objective Response Rate"): a line is a location only when it ends with a
country, so descriptions with commas are never taken for sites. Several country names hold a comma
themselves ("Korea, Republic of"), so the country is matched as a whole suffix, never by splitting.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

# Names ClinicalTrials.gov uses (or used) that ISO 3166 spells otherwise.
REGISTRY_COUNTRY_NAMES = (
    "Bolivia",
    "Brunei",
    "Burma",
    "Cape Verde",
    "Côte D'Ivoire",
    "Czech Republic",
    "Former Serbia and Montenegro",
    "Holy See (Vatican City State)",
    "Iran",
    "Korea, Democratic People's Republic of",
    "Kosovo",
    "Laos",
    "Libyan Arab Jamahiriya",
    "Macedonia, The Former Yugoslav Republic of",
    "Moldova",
    "Netherlands Antilles",
    "North Korea",
    "Palestinian Territories",
    "Palestinian Territory, occupied",
    "Russia",
    "Serbia and Montenegro",
    "South Korea",
    "Swaziland",
    "Syria",
    "Taiwan",
    "Tanzania",
    "Turkey",
    "Turkey (Türkiye)",
    "United States Minor Outlying Islands",
    "Venezuela",
    "Vietnam",
    "Virgin Islands (U.S.)",
    "Yugoslavia",
)
MAX_PART = 80  # a city or state name longer than this is prose


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Return every known country name, lower-cased (ISO 3166 names plus the registry's own)."""
    names = set(REGISTRY_COUNTRY_NAMES)
    for country in pycountry.countries:
        names.update(getattr(country, field, None) or "" for field in ("name", "official_name", "common_name"))
    return frozenset(name.lower() for name in names if name)


def is_country(text: str) -> bool:
    """Tell whether ``text`` is a country's name."""
    return " ".join(text.split()).lower() in country_names()


def split_location(line: str) -> tuple[str, str | None, str] | None:
    """Split "City, Country" or "City, State[, …], Country" into its parts.

    Args:
        line: One line of text.

    Returns:
        ``(city, state, country)`` with ``state`` ``None`` when absent, or ``None`` when the line
        does not end with a known country after one to three short parts.
    """
    parts = [part.strip() for part in line.split(",")]
    for start in range(1, len(parts)):
        country = ", ".join(parts[start:])
        if not is_country(country):
            continue
        place = parts[:start]
        if len(place) > 3 or not all(0 < len(part) <= MAX_PART for part in place):
            return None
        return place[0], ", ".join(place[1:]) or None, country
    return None


def parse_location(line: str) -> tuple[str | None, str | None, str | None]:
    """Split "City, State, Country" or "City, Country" into its parts.

    A line ending with a known country is split before it (so "Seoul, Korea, Republic of" keeps its
    country whole); any other line is split at its commas, the last part taken as the country.
    """
    known = split_location(line)
    if known:
        return known
    parts = [p.strip() for p in line.split(",") if p.strip()]
    if not parts:
        return None, None, None
    if len(parts) == 1:
        return None, None, parts[0]
    if len(parts) == 2:
        return parts[0], None, parts[1]
    return parts[0], ", ".join(parts[1:-1]), parts[-1]
