"""The closed vocabularies the trial tables accept: declared here, read by the parsers and normalisers.

``schemas/`` sits below every other room, so the models can check a column against its
vocabulary without importing the code that produces the values.
"""

from __future__ import annotations

# ClinicalTrials.gov's enumerations (API v2 field rules).
STATUSES = (
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
    "ENROLLING_BY_INVITATION",
    "NOT_YET_RECRUITING",
    "RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "WITHDRAWN",
    "AVAILABLE",
    "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE",
    "APPROVED_FOR_MARKETING",
    "WITHHELD",
    "UNKNOWN",
)
STUDY_TYPES = ("INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS")
INTERVENTION_TYPES = (
    "BEHAVIORAL",
    "BIOLOGICAL",
    "COMBINATION_PRODUCT",
    "DEVICE",
    "DIAGNOSTIC_TEST",
    "DIETARY_SUPPLEMENT",
    "DRUG",
    "GENETIC",
    "PROCEDURE",
    "RADIATION",
    "OTHER",
)
ARM_TYPES = (
    "EXPERIMENTAL",
    "ACTIVE_COMPARATOR",
    "PLACEBO_COMPARATOR",
    "SHAM_COMPARATOR",
    "NO_INTERVENTION",
    "OTHER",
)

# What an endpoint measures (tasks.normalize.endpoints assigns it).
DOMAINS = (
    "efficacy",
    "safety",
    "pharmacokinetics",
    "pharmacodynamics",
    "immunogenicity",
    "quality_of_life",
    "resource_use",
    "other",
)

# What an eligibility criterion is about, in the order tasks.normalize.criteria tries its patterns.
CRITERION_CATEGORIES = (
    "consent",
    "pregnancy",
    "age",
    "performance_status",
    "life_expectancy",
    "transplant_gvhd",
    "allergy",
    "other_malignancy",
    "infection",
    "cardiac",
    "pulmonary",
    "cns",
    "autoimmune",
    "washout",
    "prior_therapy",
    "measurable_disease",
    "organ_function",
    "other",
)
# Every document format the parsers read (each parser module's FORMAT).
SOURCE_FORMATS = (
    "ctgov_json",
    "ctgov_v1",
    "ctgov_xml",
    "ctgov_csv",
    "ctgov_tsv",
    "ctgov_classic_page",
    "clinicaltrialexchange",
    "medpath",
    "registry_page",
    "ctgov_flat",
)
