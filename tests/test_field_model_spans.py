"""The segmenter's fast paths score exactly what scoring each field on its own does."""

import random

import pytest

from tasks.parsers import field_model, segmenter
from tasks.parsers.field_model import FieldModel
from tasks.parsers.outcome_split import flat_candidates
from tasks.parsers.segment_features import candidate_features

ITEMS = [
    "Overall survival (OS), Time from randomisation to death from any cause, Up to 5 years",
    "Number of participants with adverse events, graded by CTCAE v5.0, Day 1, 2, 3, Week 12",
    "Pharmacokinetics: Cmax of drug X, Maximum plasma concentration, Pre-dose, 1, 2, 4 hours post-dose "
    + "and " * 80
    + "at day 28",
    "Week ٣ response, ² units, Ｋ and İstanbul (day 1, 2), 12 months",
]


def parts_of(item: str) -> list[str]:
    """Every field of every candidate cut of ``item``."""
    return [part for candidate in flat_candidates(item) for part in candidate if part]


@pytest.mark.parametrize("item", ITEMS)
def test_a_field_scored_as_a_span_of_its_item_equals_it_scored_alone(item):
    model = segmenter.shipped().models["time_frame"]
    fresh = FieldModel(model.counts)  # no memo nor window yet
    parts = parts_of(item)
    random.Random(3).shuffle(parts)  # fields in any order: windows begin again and grow both ways
    for part in parts:
        assert fresh.log_prob(part, within=item) == model.log_prob(part)


def test_full_memos_are_emptied_without_changing_a_score(monkeypatch):
    model = segmenter.shipped().models["description"]
    expected = [model.log_prob(part) for item in ITEMS for part in parts_of(item)]
    monkeypatch.setattr(field_model, "MAX_MEMO", 7)
    monkeypatch.setattr(field_model, "MAX_SPANNED_ITEMS", 1)
    small = FieldModel(model.counts)
    assert [small.log_prob(part, within=item) for item in ITEMS for part in parts_of(item)] == expected
    assert len(small._units_memo) <= 7


def test_memoised_candidate_features_are_a_new_dict_each_time():
    model = segmenter.shipped()
    cut = flat_candidates(ITEMS[0])[-1]
    first = candidate_features(model, *cut)
    first["neighbours_describe"] = 1.0
    assert "neighbours_describe" not in candidate_features(model, *cut)
    assert list(candidate_features(model, *cut)) == list(first)[:-1]  # the same features, in the same order
