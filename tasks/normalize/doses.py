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

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_MANTISSA = r"\d+(?:[.,]\d+)?"
_POWER = r"\s*(?:[x×X*·]|\\\*)\s*10\s*(?:\\?\^|\*\*|E|e)?\s*(?P<{name}>[+-]?\d{{1,2}})"
_SCI = rf"(?P<m1>{_MANTISSA})(?:{_POWER.format(name='e1')})?"
_RANGE = rf"(?:\s*(?:-|–|~|to)\s*(?P<m2>{_MANTISSA})(?:{_POWER.format(name='e2')})?)?"
_UNIT = (
    r"(?P<unit>(?:(?:CAR[+-]?\s*)?(?:T[- ]?)?cells?|CAR[+-]?\s*T(?:[- ]cells?)?|viable\s+cells?|"
    r"(?:transduced\s+)?(?:CAR\+?\s*)?T\s+cells|cells)\s*(?:/|per\s+)\s*kg|/\s*kg|per\s+kg|"
    r"(?:CAR[+-]?\s*)?(?:T[- ]?)?cells?|CAR[+-]?\s*T(?:[- ]cells?)?|"
    r"mg\s*/\s*m\s*\^?2|mg/m²|mg\s*/\s*kg|µg\s*/\s*kg|mcg\s*/\s*kg|mg|µg|mcg|g\b|mL|Gy)"
)
DOSE = re.compile(rf"(?<![\w.\-/]){_SCI}{_RANGE}\s*(?:\(\s*[±+-][^)]{{0,10}}\)\s*)?{_UNIT}", re.IGNORECASE)


@dataclass(frozen=True)
class Dose:
    """A dose: one value, or a range, with its unit."""

    value: float | None
    unit: str | None
    minimum: float | None
    maximum: float | None


NO_DOSE = Dose(None, None, None, None)


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
        low = _number(match.group("m1"), match.group("e1") or match.group("e2"))
        if unit.startswith("cells") and low < 1000 and not (match.group("e1") or match.group("e2")):
            continue  # "3 CAR-T cells" or a product number is not a cell dose
        values = [low]
        if match.group("m2"):
            values.append(_number(match.group("m2"), match.group("e2") or match.group("e1")))
        found.append((unit, values))
    if not found:
        return NO_DOSE
    units = [u for u, _ in found]
    unit = max(set(units), key=units.count)
    values = [v for u, vs in found if u == unit for v in vs]
    single = [vs for u, vs in found if u == unit]
    value = single[0][0] if len(single) == 1 and len(single[0]) == 1 else None
    return Dose(value, unit, min(values), max(values))


def _number(mantissa: str, exponent: str | None) -> float:
    """``2.0`` and ``6`` → 2000000.0."""
    value = float(mantissa.replace(",", "."))
    return value * 10 ** int(exponent) if exponent else value


def normalise_unit(unit: str) -> str:
    """Map a dose unit as written to its canonical spelling."""
    squashed = re.sub(r"\s+", "", unit.lower())
    if squashed.endswith("/kg") or squashed.endswith("perkg"):
        if squashed.startswith(("mg", "µg", "mcg")):
            return squashed.replace("mcg", "µg")
        return "cells/kg"
    if "cell" in squashed or squashed.startswith("car"):
        return "cells"
    if squashed in {"mg/m^2", "mg/m2", "mg/m²"}:
        return "mg/m2"
    return {"mcg": "µg", "ml": "mL", "gy": "Gy"}.get(squashed, squashed)
