"""Legacy ClinicalTrials.gov XML (``<clinical_study>``, the registry's full public archive format).

The XML is read with defusedxml: no entity expansion, no external entities, no
network. Values are display text ("Phase 1/Phase 2", "Single Group Assignment")
and go through :mod:`tasks.parsers.legacy_record`, which maps them to the API v2
enums. ``textblock`` elements are wrapped at about 100 columns and indented; the
summaries are unwrapped into paragraphs, the eligibility text goes to the
criteria splitter as written.
"""

from __future__ import annotations

import re
import textwrap
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XmlSyntaxError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tasks.parsers.legacy_record import LegacyStudy, build_record
from tasks.parsers.records import ParseError, TrialRecord

FORMAT = "ctgov_xml"
ROOT = "clinical_study"
# Where each scalar value sits under <clinical_study> (first path that holds text wins).
SCALARS = {
    "nct_id": ("id_info/nct_id",),
    "brief_title": ("brief_title",),
    "official_title": ("official_title",),
    "acronym": ("acronym",),
    "overall_status": ("overall_status",),
    "study_type": ("study_type",),
    "enrollment": ("enrollment",),
    "gender": ("eligibility/gender",),
    "minimum_age": ("eligibility/minimum_age",),
    "maximum_age": ("eligibility/maximum_age",),
    "lead_sponsor": ("sponsors/lead_sponsor/agency",),
    "allocation": ("study_design_info/allocation",),
    "intervention_model": ("study_design_info/intervention_model",),
    "observational_model": ("study_design_info/observational_model",),
    "masking": ("study_design_info/masking",),
    "primary_purpose": ("study_design_info/primary_purpose",),
    "start_date": ("start_date",),
    "completion_date": ("completion_date",),
    "last_update_posted": ("last_update_posted", "lastchanged_date"),
}
TEXTBLOCKS = {"brief_summary": "brief_summary", "detailed_description": "detailed_description"}
OUTCOMES = (("primary_outcome", "primary"), ("secondary_outcome", "secondary"), ("other_outcome", "other"))
# The design keys of XML written before 2017, which held the design as one line of text.
OLD_DESIGN_KEYS = {
    "allocation": "allocation",
    "intervention model": "intervention_model",
    "observational model": "observational_model",
    "masking": "masking",
    "primary purpose": "primary_purpose",
}
_OLD_DESIGN_ITEM = re.compile(r"(?P<key>[A-Z][A-Za-z ]+):\s*(?P<value>.*?)(?=,\s*[A-Z][A-Za-z ]+:|$)")
_ROOT_TAG = re.compile(r"<clinical_study[\s>]")
DETECT_CHARS = 5000


def detect(text: str) -> bool:
    """Tell whether ``text`` is markup whose root element is ``<clinical_study>``."""
    head = text.lstrip("\ufeff \t\r\n")[:DETECT_CHARS]
    return head.startswith("<") and bool(_ROOT_TAG.search(head))


def parse(text: str) -> TrialRecord:
    """Parse one ``<clinical_study>`` document.

    Raises:
        ParseError: for malformed XML, XML that declares entities, or another root element.
    """
    root = _parse_xml(text)
    if root.tag != ROOT:
        raise ParseError(f"XML root <{root.tag}> is not <{ROOT}>")
    return build_record(_study(root))


def _parse_xml(text: str) -> Element:
    """Parse with entity expansion and external access refused."""
    try:
        # Encoding declarations refer to bytes; the text is already decoded.
        return fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff")), forbid_dtd=True)
    except DefusedXmlException as error:
        raise ParseError(f"XML refused ({type(error).__name__}): no DTDs or entities are read") from None
    except XmlSyntaxError as error:
        raise ParseError(f"invalid XML: {error}") from None


def _study(root: Element) -> LegacyStudy:
    """Collect the display values of a ``<clinical_study>``."""
    study = LegacyStudy(
        scalars={key: _first_text(root, paths) for key, paths in SCALARS.items()},
        phases=[p for p in re.split(r"\s*/\s*", _text(root.find("phase")) or "") if p],
        conditions=[_text(c) or "" for c in root.findall("condition")],
        arms=[_arm(a) for a in root.findall("arm_group")],
        interventions=[_intervention(i) for i in root.findall("intervention")],
        outcomes=[_outcome(o, kind) for tag, kind in OUTCOMES for o in root.findall(tag)],
        criteria=_dedent(root.find("eligibility/criteria/textblock")),
        sites=[_site(location) for location in root.findall("location")],
    )
    for key, tag in TEXTBLOCKS.items():
        study.scalars[key] = unwrap(_dedent(root.find(f"{tag}/textblock")))
    for key, value in _old_design(_text(root.find("study_design"))).items():
        study.scalars[key] = study.scalars.get(key) or value
    return study


def _old_design(text: str | None) -> dict[str, str]:
    """Read the one-line design of XML written before 2017.

    ``Allocation: Randomized, Intervention Model: Parallel Assignment, Masking: Double Blind
    (Subject, Investigator), Primary Purpose: Treatment`` (a comma also occurs inside a value).
    """
    found: dict[str, str] = {}
    for match in _OLD_DESIGN_ITEM.finditer(text or ""):
        key = OLD_DESIGN_KEYS.get(match.group("key").strip().lower())
        if key:
            found[key] = match.group("value").strip()
    return found


def _arm(element: Element) -> dict:
    """One ``<arm_group>`` (the XML does not list an arm's interventions)."""
    return {
        "label": _text(element.find("arm_group_label")),
        "type": _text(element.find("arm_group_type")),
        "description": _text(element.find("description")),
    }


def _intervention(element: Element) -> dict:
    """One ``<intervention>`` with the labels of the arms that receive it."""
    return {
        "type": _text(element.find("intervention_type")),
        "name": _text(element.find("intervention_name")),
        "description": _text(element.find("description")),
        "arm_labels": [_text(label) for label in element.findall("arm_group_label") if _text(label)],
    }


def _outcome(element: Element, kind: str) -> tuple[str, str | None, str | None, str | None]:
    """One outcome element as ``(kind, measure, description, time_frame)``."""
    return kind, _text(element.find("measure")), _text(element.find("description")), _text(element.find("time_frame"))


def _site(location: Element) -> tuple[str | None, ...]:
    """One ``<location>`` as ``(facility, city, state, country)``."""
    address = "facility/address/"
    return tuple(
        _text(location.find(path)) for path in ("facility/name", *(address + p for p in ("city", "state", "country")))
    )


def _first_text(root: Element, paths: tuple[str, ...]) -> str | None:
    """The text of the first path that holds some."""
    return next((value for value in (_text(root.find(p)) for p in paths) if value), None)


def _text(element: Element | None) -> str | None:
    """An element's stripped text, or ``None``."""
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _dedent(element: Element | None) -> str:
    """A ``textblock``'s text without the indentation the XML writer added."""
    if element is None or not element.text:
        return ""
    return textwrap.dedent(element.text.strip("\n")).strip()


def unwrap(text: str) -> str | None:
    """Join the lines of each paragraph (the XML writer wrapped them); keep blank lines between paragraphs."""
    paragraphs = [" ".join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p) or None
