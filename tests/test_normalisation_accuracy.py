"""Precision and recall of the normalisers on the labelled sets hold today's figures (README)."""

import pytest

from benchmarks.normalisation_accuracy import measure, measure_csv_items, measure_splits, same_quantity

# Measured on 2026-12-03 (python -m benchmarks.normalisation_accuracy), rounded down; never lower than this.
FLOORS = {
    "endpoint.domain": (0.952, 0.952),
    "endpoint.categories": (0.940, 0.956),
    "endpoint.horizon_days": (1.0, 1.0),
    "criterion.category": (0.951, 0.951),
    "criterion_threshold": (0.87, 0.95),  # window labels rewritten to events as written (schema 11)
    "arm.dose": (0.986, 0.986),
    "arm.dose_unit": (0.993, 0.993),
}
# The hand-labelled sets of issue 15 (dev, and dev2 from later draws: rules were written against them;
# heldout: never read),
# a small margin below what they reach; "right" counts a NULL horizon labelled NULL as right too.
SPLIT_FLOORS = {
    "timeframe.horizon[dev]": (0.98, 0.98),
    "timeframe.horizon[dev2]": (0.99, 0.99),
    # first score of the time frames drawn from the open splits' studies (175 from 97), before any rule
    "timeframe.horizon[dev3]": (0.99, 0.99),
    "timeframe.horizon[heldout]": (0.97, 0.93),
    "threshold[dev]": (0.90, 0.88),
    # with the fourth draw (200 lines, first score 0.723 / 0.533) and the fifth (202, first score 0.701 / 0.599)
    "threshold[dev2]": (0.83, 0.78),  # 0.811 / 0.731 -> 0.828 / 0.780 -> 0.842 / 0.796 (2026-12-05, two rounds)
    # 0.779 -> 0.756 precision with the windows without "within" (2026-12-05): three more limits found
    # on this half with the right comparator and value, named otherwise than its labels (threshold~ below)
    # 0.767 / 0.616 -> 0.792 / 0.679 with this round's readers (2026-12-05)
    # 0.784 / 0.679 -> 0.794 / 0.688 with the second round's naming and review readers (2026-12-05)
    # first score of the sixth draw (300 lines of dev and dev2 studies), before any rule: 0.685 / 0.613
    "threshold[dev3]": (0.73, 0.69),  # 0.685 / 0.613 -> 0.739 / 0.697 with the rules written against it
    # first score of the seventh draw (300 more lines), before any rule: 0.764 / 0.667 (this session's
    # starting code: 0.761 / 0.664)
    # then 0.757 / 0.691 with the rules written against it (more limits found, some named otherwise)
    "threshold[dev4]": (0.75, 0.69),
    # first score of the eighth draw (223 lines), after every rule of that session: 0.728 / 0.650 (the
    # session's starting code: 0.721 / 0.626)
    # 0.728 -> 0.716 precision when a steroid dose is named by its steroid ("prednisone", as the dev3 and dev4
    # labels name it): two dev5 labels name the same sentence's dose "systemic steroid dose" (2026-12-06, third)
    "threshold[dev5]": (0.71, 0.64),
    # first score of the ninth draw (the last 89 unlabelled lines of the open studies), after every rule of
    # its session: 0.640 / 0.579 (that session's starting code: 0.631 / 0.556)
    "threshold[dev6]": (0.63, 0.57),
    # the tenth draw (the last 98 unlabelled lines of the open studies, 15 studies, no cap per study), first
    # score after every rule of its session: 0.729 / 0.614, the same as that session's starting code
    "threshold[dev7]": (0.71, 0.60),
    # the legacy XML and API v1 records' lines (41 lines, 4 studies no API v2 record holds), first score
    # 0.778 / 0.737 (28 right); 0.789 / 0.789 with "Zubrod" read as ECOG, the one shape written from it
    "threshold[legacy]": (0.76, 0.76),
    "threshold[heldout]": (0.78, 0.67),
}
# the loose reading (comparator and value equal, free-phrase variables whose head words agree)
LOOSE_FLOORS = {
    "threshold~[dev]": (0.98, 0.96),
    "threshold~[dev2]": (0.91, 0.86),
    "threshold~[dev3]": (0.85, 0.80),
    "threshold~[dev4]": (0.92, 0.83),
    "threshold~[dev5]": (0.87, 0.78),
    "threshold~[dev6]": (0.83, 0.75),
    "threshold~[dev7]": (0.87, 0.73),
    "threshold~[legacy]": (0.90, 0.90),
    "threshold~[heldout]": (0.92, 0.80),
}
HORIZON_RIGHT_FLOORS = {
    "timeframe.horizon[dev]": 0.98,
    "timeframe.horizon[dev2]": 0.99,
    "timeframe.horizon[dev3]": 0.99,  # 174 of 175, first score
    # 87 -> 90 of 93 with hyphenated number words (2026-12-05), three texts of this half seen by accident (README)
    "timeframe.horizon[heldout]": 0.96,
}


# the CSV download's unseen heme CAR-T studies, split and read end to end; first score (2026-12-06):
# time frame 193/200, horizon 191/200; 196 and 194 with the rules written from its misses. csv2, the
# download's other studies: first score 197/200 and 194/200 (the session's starting code: 196, 190);
# 198 horizons with the cycle rules written from its misses
CSV_ITEM_RIGHT_FLOORS = {
    "csv_item.time_frame[csv]": 0.975,
    "csv_item.horizon[csv]": 0.965,
    "csv_item.time_frame[csv2]": 0.98,
    "csv_item.horizon[csv2]": 0.985,
}


@pytest.fixture(scope="module")
def csv_scores():
    return measure_csv_items()


@pytest.fixture(scope="module")
def scores():
    return measure()


@pytest.fixture(scope="module")
def split_scores():
    return measure_splits()


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_precision_and_recall_hold_their_floor(scores, field):
    precision_floor, recall_floor = FLOORS[field]
    assert scores[field].precision >= max(0.85, precision_floor - 1e-9)
    assert scores[field].recall >= max(0.85, recall_floor - 1e-9)


@pytest.mark.parametrize("field", sorted(SPLIT_FLOORS))
def test_each_half_of_the_new_labels_holds_its_floor(split_scores, field):
    precision_floor, recall_floor = SPLIT_FLOORS[field]
    assert split_scores[field].precision >= precision_floor
    assert split_scores[field].recall >= recall_floor


@pytest.mark.parametrize("field", sorted(LOOSE_FLOORS))
def test_the_loose_reading_holds_its_floor(split_scores, field):
    precision_floor, recall_floor = LOOSE_FLOORS[field]
    assert split_scores[field].precision >= precision_floor
    assert split_scores[field].recall >= recall_floor


@pytest.mark.parametrize(
    ("predicted", "labelled", "same"),
    [
        ("detectable human immunodeficiency virus viral load", "detectable hiv viral load", True),
        ("headaches", "headache", True),
        ("interventional study", "another interventional study", True),
        ("creatinine_clearance", "creatinine clearance", False),  # a canonical name must be equal
        ("creatinine", "increase in serum creatinine", False),
        ("conventional ct", "maximum diameter", False),
    ],
)
def test_the_loose_reading_compares_head_words(predicted, labelled, same):
    assert same_quantity(predicted, labelled) is same


@pytest.mark.parametrize("field", sorted(CSV_ITEM_RIGHT_FLOORS))
def test_unseen_csv_outcomes_are_split_and_read(csv_scores, field):
    score = csv_scores[field]
    assert score.items == 200
    assert score.right / score.items >= CSV_ITEM_RIGHT_FLOORS[field]


@pytest.mark.parametrize("field", sorted(HORIZON_RIGHT_FLOORS))
def test_horizons_are_right_null_included(split_scores, field):
    score = split_scores[field]
    assert score.right / score.items >= HORIZON_RIGHT_FLOORS[field]


def test_the_labelled_sets_are_large_enough(scores, split_scores):
    assert scores["endpoint.horizon_days"].labelled >= 150
    assert scores["criterion.category"].labelled >= 150
    assert scores["arm.dose"].labelled >= 100
    assert all(split_scores[f"timeframe.horizon[{split}]"].items >= 80 for split in ("dev", "heldout"))
    assert all(split_scores[f"threshold[{split}]"].labelled >= 80 for split in ("dev", "heldout"))
