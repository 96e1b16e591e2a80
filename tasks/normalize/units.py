"""A threshold's value in a canonical unit, so limits written in different units compare.

Units as written are read by pint; each dimension has one canonical unit
(:data:`CANONICAL`). Cell counts go to 10^9/L, "x ULN" stays its own unit, and creatinine and
bilirubin, whose limits are written in mg/dL or µmol/L, go to µmol/L through their molar
masses. A unit pint cannot read, or a dimension without a canonical unit, gives ``None``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tasks.normalize.lazy_patterns import lazy_re

# pint dimensionality -> canonical unit (pint spelling, shown spelling)
CANONICAL = {
    "[mass] / [length] ** 3": ("g/L", "g/L"),
    "[substance] / [length] ** 3": ("mmol/L", "mmol/L"),
    "[time]": ("day", "days"),
    "[mass]": ("kg", "kg"),
    "[length]": ("cm", "cm"),
    "[mass] / [length] ** 2": ("kg/m**2", "kg/m2"),
    "[length] ** 3 / [time]": ("mL/min", "mL/min"),
    "[mass] / [length] / [time] ** 2": ("mmHg", "mmHg"),
}
# variables whose canonical unit differs from their dimension's
VARIABLE_UNITS = {
    "age": ("year", "years"),
    "creatinine": ("umol/L", "µmol/L"),
    "bilirubin": ("umol/L", "µmol/L"),
    "weight": ("kg", "kg"),  # a birth weight in grams too
}
MOLAR_MASS_G_PER_MOL = {"creatinine": 113.12, "bilirubin": 584.66}
_DOSE_RATES = {"[mass] / [time]": ("mg/day", "mg/day"), "[mass] / [length] ** 2": ("mg/m**2", "mg/m2")}
_CELSIUS = lazy_re(r"°\s*C\b|℃|Celsius|degrees?\s*C\b", re.I)
_FAHRENHEIT = lazy_re(r"°\s*F\b|℉|Fahrenheit|degrees?\s*F\b", re.I)
_METRIC_DOSE = lazy_re(r"(?:m|[µμu]|mc)?g|gm|(?:milli|micro)?grams?", re.I)
MONOVALENT_IONS = frozenset({"sodium", "potassium", "chloride", "bicarbonate"})
# units kept as they are (already canonical) and cell counts per volume, as factors to 10^9/L
KEPT = {"x ULN": "x ULN", "mL/min/1.73 m2": "mL/min/1.73 m2", "%": "%"}
CELLS_PER_VOLUME = (
    (r"x\s*10\^9/L", 1.0),
    (r"x\s*10\^12/L", 1000.0),
    (r"x\s*10\^3/(?:uL|mm3)", 1.0),
    (r"(?:cells\s*)?(?:/|per)\s*(?:mm\s*\^?3|mm³|[µμu]L|cu\.?\s*mm)|cells\s*/\s*[µμu]L", 0.001),
)
_SPELLINGS = (
    (r"[µμ]", "u"),
    (r"\bmm\s*Hg\b", "mmHg"),
    (r"\bm\s*\^?2\b|m²", "m**2"),
    (r"\bd[lL]\b", "dL"),
    (r"\bm[lL]\b", "mL"),
    (r"\bmsec\b", "ms"),
    (r"\b(?:percent|per\s*cent)\b", "%"),
    (r"\blbs\b", "lb"),
    (r"\bgm\b", "g"),  # "gm/dl"
    (r"(?i)\bdecilit(?:er|re)s?\b", "dL"),
    (r"(?i)\s+per\s+", "/"),  # "9 grams per deciliter"
    (r"\bmcg\b", "ug"),
    # "kilograms per square meter", "kilogram per meter square"
    (
        r"(?i)\bper\s+square\s+met(?:er|re)s?\b|/\s*square\s+met(?:er|re)s?\b|\bper\s+met(?:er|re)\s+squared?\b",
        "/m**2",
    ),
)


def to_canonical(variable: str, value: float, unit: str | None) -> tuple[float | None, str | None]:
    """``value`` ``unit`` of ``variable`` in its canonical unit, or ``(None, None)``."""
    if unit and _FAHRENHEIT.search(unit):
        return round((value - 32) * 5 / 9, 6), "°C"  # a temperature has an offset, not a factor
    if unit and _CELSIUS.search(unit):
        return value, "°C"
    factor, canonical = _factor(variable, unit) if unit else (None, None)
    return (round(value * factor, 6), canonical) if factor is not None else (None, None)


# A 2,000-document chunk asks for about 1,350 variable and unit pairs: with room for 1,024 the
# cache evicted what the chunk asked for next (a fifth of the calls missed, each a pint lookup).
@lru_cache(maxsize=8192)
def _factor(variable: str, unit: str) -> tuple[float | None, str | None]:
    """The factor from ``unit`` to ``variable``'s canonical unit, and that unit's name."""
    if unit.lower() in ("%", "percent") or unit in KEPT:
        return 1.0, KEPT.get(unit, "%")
    for pattern, factor in CELLS_PER_VOLUME:
        if re.fullmatch(pattern, unit.strip(), re.I):
            return factor, "10^9/L"
    if re.fullmatch(r"mEq\s*/\s*L", unit.strip(), re.I):  # one milliequivalent is one millimole of a monovalent ion
        return (1.0, "mmol/L") if variable.split()[-1] in MONOVALENT_IONS else (None, None)
    if re.fullmatch(r"points?|score|grade", unit.strip(), re.I):
        return None, None  # pint reads "point" as a printer's length
    return (None, None) if _quantity(unit) is None else _convert(variable, unit)


@lru_cache(maxsize=1024)
def _quantity(unit: str):
    """One ``unit`` as pint reads it, ``None`` when it cannot (read once per spelling, not per variable)."""
    written = unit
    for pattern, spelling in _SPELLINGS:
        written = re.sub(pattern, spelling, written)
    try:
        return _registry().Quantity(1.0, written.replace(" ", ""))
    except Exception:  # noqa: BLE001 - pint raises many kinds of errors for text it cannot read
        return None


def _convert(variable: str, unit: str) -> tuple[float | None, str | None]:
    dimension = str(_quantity(unit).dimensionality)
    if variable in MOLAR_MASS_G_PER_MOL and dimension == "[mass] / [length] ** 3":
        return _magnitude_in(unit, "g/L") / MOLAR_MASS_G_PER_MOL[variable] * 1e6, "µmol/L"
    target = VARIABLE_UNITS.get(variable) if variable in VARIABLE_UNITS else CANONICAL.get(dimension)
    if dimension == "[time]" and _magnitude_in(unit, "s") < 60:
        target = ("ms", "ms")  # intervals (QTc) in milliseconds, durations in days
    if _METRIC_DOSE.fullmatch(unit.strip()) and dimension == "[mass]" and variable not in VARIABLE_UNITS:
        target = ("mg", "mg")  # doses in milligrams (grams too); body weights in kilograms (pounds too)
    if _METRIC_DOSE.match(unit.strip()) and dimension in _DOSE_RATES:
        target = _DOSE_RATES[dimension]  # "25 mg per week" is 3.57 mg/day; "mg/m2" stays a dose per area
    if target is None:
        return None, None
    magnitude = _magnitude_in(unit, target[0])
    return (None, None) if magnitude is None else (magnitude, target[1])


@lru_cache(maxsize=1024)
def _magnitude_in(unit: str, target: str) -> float | None:
    """One ``unit`` in ``target`` units; ``None`` across dimensions (a variable's own unit: "age ≥ 18 kg")."""
    try:
        return float(_quantity(unit).to(target).magnitude)
    except Exception:  # noqa: BLE001 - pint raises its own errors for units of another dimension
        return None


@lru_cache(maxsize=1)
def _registry():
    """The pint unit registry, built once (it takes most of a second)."""
    import pint

    return pint.UnitRegistry()
