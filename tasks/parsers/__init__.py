"""Pure parsers: text in, :class:`~tasks.parsers.records.TrialRecord` out.

Adding a format means adding its module and one line in :data:`~tasks.parsers.formats.FORMATS`.
Formats are tried in order and detected from the content, never from the file name.

The registry (and with it every format's module) is imported when one of its names is first
asked for: a run that reads no document, such as a rerun over unchanged files, needs only
:data:`PARSER_VERSION` and the record types.
"""

from __future__ import annotations

from typing import Any

from tasks.parsers.records import ParseError, TrialRecord
from tasks.parsers.segmenter import shipped_version

# The segmenter's model version is part of the parser version: a retrained model reparses everything.
# 1.5: the normalisers of schema 11 (window events as written, with their category).
# 1.6: MedPath arms without interventions, and glued time frames that open with a bare number.
# 1.7: MedPath rows without time frames, shared time frames, more lower-case openings.
# 1.8: a flat export's detailed description that ends like a time frame is not an outcome field;
#      MedPath rows cut between two known words glued into one token (the model ships its vocabulary).
# 1.8.1: MedPath word cuts keep brackets balanced.
# 1.8.2: no MedPath glue point inside a known word.
# 1.8.3: MedPath arm labels that end in their number or run into an acronym; list items stay in descriptions.
# 1.8.4: threshold rows change (windows without "within", a list's every item named; ages in months and
#        "within normal limits" before it), and horizons ("six-month follow-up"): documents are normalised again.
# 1.8.5: window events keep "another" and lose "diagnosis of", "suspected", a closing "diagnosed", "as defined by …".
# 1.8.6: a flat export's "|" list where an outcome field stands is one, whatever its time frames; an ending
#        every item of a list shares is (the end of) their time frame.
# 1.8.7: a MedPath name (or arm label) with "vs." or an initial ends no sentence there.
# 1.8.8: a MedPath number keeps its unit ("30mins before", "4weeks, 8weeks"); no opening inside a known word.
# 1.8.9: a MedPath cut the character models choose alone falls neither inside the name's brackets nor an acronym.
# 1.9: a MedPath time frame worded like another row's marks its row's cut (tables are read twice).
# 1.10: MedPath rows that end alike share their time frame; outcome tables read again knowing each other.
# 1.17: criterion thresholds read classifications, spinal levels, blasts by site, measurement windows, Snellen
#       fractions, spelled ages and roman toxicity grades (tasks/normalize).
# 1.19: a flat outcome field over paragraphs ends at the "|" list below it; thresholds of 2026-12-06 (signs,
#       restated units, titres, counts of prior things, person's two ages, ...).
# 1.20: thresholds of the open draws (windows that open a criterion or sit in brackets, courses, extremes,
#       an agent's longer window, "since"/"from" events, pregnancy-test timing in a contraception sentence).
# 1.23: a scale's value stated without a comparator ("ECOG PS of 2" is ecog = 2; "or better" follows the scale);
#       blood urea nitrogen is ``bun``; "18~75"; "younger than 80 years"; "ECOG grade 2" is no toxicity grade;
#       "at least 2 but no more than 4 prior lines";
#       time frames: a count of cycles with their length between ("6 x 21-day cycles"), a later duration past
#       cycles of unstated length, hundreds spelled, misspelt units.
# 1.29: a flat item's description that opens with the last items of a serial list ("VKA and NOAC") is
#       evidence of a cut inside that list (a segmenter feature; the shipped model is retrained).
# 1.30: flat outcome fields: a paragraph break glues no two fields, a time frame written as a sentence ending in a
#       time ends its field, a shared time frame is compared item by item, a later lone field whose measure holds a
#       sentence break is prose; a time frame that opens as its neighbours' do is segmenter evidence (retrained).
# 1.31: how much a flat item's description reads as a time frame is segmenter evidence against its cut
#       ("…, 10 minutes before stimulation and 10 minutes" is no description; retrained).
# 1.32: thresholds: superscript powers of ten before copies ("10 ³ copies/mL"), a person's age range in months,
#       limits below/above the normal range (x LLN / x ULN), NYHA classes written before the name, the noun of a
#       share ending at a verb, a bare grade of a named toxicity ("Any Grade 4 laboratory abnormality"), the first
#       of two ages after ", or", a limit in a bracket after its noun ("brain metastases (3 or more)").
# 1.33: thresholds: no limit in a period after the study's own treatment or a contraceptive's failure rate, an age
#       the law sets, a table of a classification's stages, a bracket naming the limit just stated ("(TPS ≥ 1%)"),
#       how long the study will follow its participants, a classification's whole scale ("skin type I to VI").
# 1.34: thresholds: a passive of what is allowed or achieved names the thing before it ("hydroxyurea is permitted
#       more than 24 hours before the first dose" is hydroxyurea > 24 hours); a window's anchor ends at its comma
#       ("within 4 weeks before the first dose, they have received more than 30% bone marrow irradiation").
# 1.35: thresholds: spelled comparators ("up to and including", "not below"), ranges "in the range of", windows
#       "in the prior year", "currently or within", "within N" after an amount; names as written (a disc's
#       height, "cd7+"), RECIST's measurable lesion, recovery "to at least grade 1" (<= 1), "N weeks or less prior to".
# 1.36: thresholds: an age group names no limit in another unit than time ("SBP above 150 mmHg if ≥ 60 years of
#       age"), pack-years are the smoking history, "GVHD > grade 0", "within N x ULN", "a malignancy that is progressing
#       or has required active treatment within 3 years"; a bare "dose" named by its drug, "X, X products" as X.
#       Flat exports: the segmenter weighs a cut inside a list, a Title Case qualifier and a prepositional one.
# 1.37: thresholds: a window "in N months" closing its clause ("stroke in 6 months."), a length of treatment with no
#       comparator is exact ("received six weeks of non-operative therapy"), a first length in words before "or N
#       half-lives". Flat exports: the line in the first outcome field's place, followed directly by the next
#       field, is the primary field when its last part names a time no rule reads as a time frame ("…, 2009",
#       "…, by May 2019"); a time frame that restarts after a longer text ("…, Every two weeks") is segmenter
#       evidence (retrained).
# 1.38: thresholds: "suffered from", "completed", "tried" open no name ("suffered from a disease" is the disease);
#       a qualifier after the event a time runs from ("... infusion without conditioning") is no part of its name;
#       a steroid limit written as a dose ("at a dose of > 10 mg of prednisone") is the dose ("prednisone dose");
#       "< less than 1+" is one comparator; "without the requirement of X" is "without X", the states listed before a
#       negated condition ("clinically stable and without ...") are no part of its name; a steroid dose bracketed
#       after the steroid therapy it doses is named by that therapy's class ("systemic steroid dose"); a bracket
#       defining a clinically significant thing ("clinically significant hemoptysis (≥ 2.5 mL)") bounds the thing;
#       a lesion its sentence says "can be accurately measured" is a measurable lesion, a length after it its diameter;
#       how long X was "discontinued" / is "no longer taken" is "off X".
# 1.39: flat exports: a description that opens with its whole measure ends the measure there.
# 1.40: flat exports: a one-item line right above a "|" list is a whole field.
# 1.41: flat exports: a one-item line followed directly by a line of text that opens no list item is a whole field.
# 1.42: flat exports: a "|" list is read with its neighbours twice, the second time knowing the first reading.
PARSER_VERSION = f"1.42+{shipped_version()}"
_REGISTRY = frozenset(
    {"FORMATS", "PAYLOAD_PARSERS", "UNRECOGNIZED", "MARKUP", "detect_format", "parse_text", "parse_payload"}
)


def __getattr__(name: str) -> Any:
    """A name of :mod:`tasks.parsers.formats`, which is imported on first use."""
    if name in _REGISTRY:
        from tasks.parsers import formats

        return getattr(formats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATS", "PARSER_VERSION", "ParseError", "TrialRecord", "detect_format", "parse_payload", "parse_text"]
