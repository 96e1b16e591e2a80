r"""Doses from arm and intervention text: a value (or range) and a unit.

Scientific notation in any of its registry spellings is read as a number:
``2.0×10^6``, ``2.0x10^6``, ``2×10⁶``, ``2.0 × 10\\^6``, ``2*10^6``, ``2e6``,
``2.0 x 10E6``. Units are normalised to ``cells/kg``, ``cells``, ``mg/m2``, ``mg/kg``,
``mg``, ``µg``, ``g``, ``mL``, ``Gy``. A range (``1.0-3.0 × 10^6/kg``) gives
``dose_min``/``dose_max``; several fixed doses in one text give their minimum and
maximum, and ``dose_value`` only when there is exactly one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.normalize import CACHE_SIZE
from tasks.normalize.lazy_patterns import lazy_re

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻μ", "0123456789-µ")
_MANTISSA = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
_POWER = r"\s*(?:[x×X*·]|\\\*)\s*10\s*(?:\\?\^|\*\*|E|e)?\s*(?P<{name}>[+-]?\d{{1,2}})"
_SCI = rf"(?P<m1>{_MANTISSA})(?:{_POWER.format(name='e1')})?"
_RANGE = rf"(?:\s*(?:-|–|~|to)\s*(?P<m2>{_MANTISSA})(?:{_POWER.format(name='e2')})?)?"
_CELLS = (
    r"(?:(?:CAR[+-]?\s*)?(?:T[- ]?)?cells?|CAR[+-]?\s*T(?:[- ]cells?)?(?![A-Za-z0-9])|viable\s+cells?|"
    r"(?:transduced\s+)?T\s+cells)"
)
_UNIT = (
    rf"(?P<unit>(?:{_CELLS}|cells)\s*(?:/|per\s+)\s*kg|/\s*kg|per\s+kg|{_CELLS}|"
    r"mg\s*/\s*\(?\s*m\s*\^?2|mg/m²|g\s*/\s*\(?\s*m\s*\^?2|g/m²|(?:µg|mcg|ug)\s*/\s*\(?\s*m\s*\^?2|"
    r"mg\s*/\s*kg|(?:µg|mcg|ug)\s*/\s*kg|mg(?!\s*/\s*(?:m?L|dL|ml)\b)|(?:µg|mcg|ug)(?!\s*/\s*(?:m?L|ml)\b)|"
    r"g(?!\s*/\s*(?:m?L|dL|ml)\b)\b|mL\b|Gy)"
)
# A product name may stand between a cell count and its unit ("1x10^6 CART22 cells/kg").
_PRODUCT = r"(?:\s+(?=[A-Za-z0-9+-]*\d)[A-Za-z0-9+-]{2,15}(?=\s+(?:CAR|T\s|cells)))?"
DOSE = lazy_re(
    rf"(?:(?<![\w.\-/])|(?<=\d[x×]))\s?{_SCI}{_RANGE}\s*(?:\(\s*[±+-][^)]{{0,10}}\)\s*)?{_PRODUCT}\s*{_UNIT}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dose:
    """A dose: one value, or a range, with its unit."""

    value: float | None
    unit: str | None
    minimum: float | None
    maximum: float | None


NO_DOSE = Dose(None, None, None, None)


@lru_cache(maxsize=CACHE_SIZE)
def parse_dose(text: str | None) -> Dose:
    r"""Read the doses named in ``text``; the most frequent unit wins when several appear.

    Args:
        text: Arm or intervention description ("single dose of 2.0×10\\^6 CAR-T cells/kg").

    Returns:
        The dose, or :data:`NO_DOSE` when the text names none.
    """
    if not text:
        return NO_DOSE
    clean = text[:5000].translate(_SUPERSCRIPTS).replace("\\^", "^")
    found: list[tuple[str, list[float]]] = []
    for match in DOSE.finditer(clean):
        unit = normalise_unit(match.group("unit"))
        exponents = (match.group("e1"), match.group("e2"))
        values = [_number(match.group("m1"), exponents[0] or exponents[1], unit)]
        if match.group("m2"):
            values.append(_number(match.group("m2"), exponents[1] or exponents[0], unit))
        if unit.startswith("cells") and values[0] < 1000 and not any(exponents):
            continue  # "3 CAR-T cells" or a product number is not a cell dose
        found.append((unit, values))
    if not found:
        return NO_DOSE
    units = [u for u, _ in found]
    unit = max(dict.fromkeys(units), key=units.count)  # the most frequent; a tie goes to the first named
    values = [v for u, vs in found if u == unit for v in vs]
    ranges = [vs for u, vs in found if u == unit and len(vs) > 1]
    value = values[0] if not ranges and len(set(values)) == 1 else None
    return Dose(value, unit, min(values), max(values))


def _number(mantissa: str, exponent: str | None, unit: str) -> float:
    """``2.0`` and ``6`` → 2000000.0; ``1,000`` is a thousand, ``2,5`` two and a half."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", mantissa):
        mantissa = mantissa.replace(",", "")
    value = float(mantissa.replace(",", "."))
    if not exponent:
        return value
    power = int(exponent)
    if unit.startswith("cells") and power < 0:
        power = -power  # "1-3×10-7/kg" lost its caret: no cell dose is a fraction of a cell
    return value * 10**power


def normalise_unit(unit: str) -> str:
    """Map a dose unit as written to its canonical spelling."""
    squashed = re.sub(r"[\s()^]+", "", unit.lower()).replace("mcg", "µg").replace("ug", "µg").replace("²", "2")
    if squashed.endswith("/kg") or squashed.endswith("perkg"):
        if squashed.startswith(("mg", "µg")):
            return squashed
        return "cells/kg"
    if "cell" in squashed or squashed.startswith("car"):
        return "cells"
    if re.fullmatch(r"(mg|g|µg)/m2", squashed):
        return squashed
    return {"ml": "mL", "gy": "Gy"}.get(squashed, squashed)
