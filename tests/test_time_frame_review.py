"""Time frames a review of made-up texts in real shapes found misread (2026-12-05), one case per cause.

Each text was written for the review, not taken from the labelled sets; the expected horizon
follows the labelling guide in ``tests/data/labels/README.md`` (days; month 30.4375, year 365.25).
"""

import pytest

from tasks.normalize.time_frames import parse_time_frame


@pytest.mark.parametrize(
    ("text", "horizon"),
    [
        # counts and ordinals of time units spelled out
        ("Forty-eight weeks", 336),
        ("seventy-two hours", 3),
        ("one year and six months", 547.875),
        ("the sixth month after treatment", 182.625),
        ("Week twelve", 84),
        # the length of a cycle written per cycle, in weeks, or after its number
        ("Through 12 cycles (28 days per cycle)", 336),
        ("Cycle 6 Day 1; cycles are 3 weeks", 106),
        ("Cycles 1, 2 and 3 Day 1 (21 days per cycle)", 43),
        ("Day 8 of Cycle 2 (21-day cycles)", 29),
        ("Day 1 of Cycles 1-6 (cycle length 21 days)", 106),
        # points abbreviated by a letter, "mos", a thousands comma
        ("D1, D8, D15", 15),
        ("W4, W12, W24", 168),
        ("M6 and M12", 365.25),
        ("POD 1, POD 3", 3),
        ("2 yrs and 4 mos", 852.25),
        ("Up to 1,825 days", 1825),
        ("C3D1 (21-day cycles)", 43),
        # a list with commas is no compound; a tolerance in another unit keeps the point's unit
        ("6 months, 2 weeks, 3 months", 182.625),
        ("5 years and 2 months", 1887.125),
        ("Week 24 ± 7 days", 168),
        ("Week 52 +/- 2 weeks", 364),
        ("36 ± 3 days", 36),
        # a cycle's length is no time point
        ("Days 1, 8, 15 of each 21-day cycle", 15),
        # shapes the CSV draw of unseen CAR-T studies showed (2026-12-06): the first cycle's end with
        # its length in brackets, a length per cycle after a slash, every day of a cycle's list of days,
        # an offset after a length
        ("End of Cycle 1 (28 days)", 28),
        ("Up to the end of cycle 4 (21 days/cycle)", 84),
        ("Cycle 2 Day 1 or Day 8 (cycle = 21 days)", 29),
        ("Cycle 3 Days 1, 8 and 15 (each cycle is 28 days)", 71),
        ("84 days + 30 days post-treatment", 114),
        # how oncology records state a cycle's length and count: "average is", "=", "a minimum of", "max",
        # "has"; "completion of Cycle N"; "(up to 28 days)" after the first cycle; a restating count of
        # cycles; "the first treatment cycle"; spelled counts of cycles; a number glued to "to"
        ("At completion of Cycle 3 (each cycle average is 21 days)", 63),
        ("Up to Cycle 4 (cycle length=28 days)", 112),
        ("At the end of Cycle 2 (each cycle is a minimum of 29 days)", 58),
        ("Best response during up to 4 cycles (each cycle is max 35 days)", 140),
        ("Approximately 12 cycles (each cycle has 21 days)", 252),
        ("Baseline to the end of Cycle 1 (up to 28 days)", 28),
        ("Up to 42 days (1 cycle)", 42),
        ("Up to the first treatment cycle (21 days)", 21),
        ("Day 8 of the first cycle", 8),
        ("Up to three cycles (each cycle = 42 days)", 126),
        ("up to24 months after the last participant is enrolled", 730.5),
        ("Days 1 and 8 of Cycle 1 (cycle length = 21 days)", 8),
        # the second CSV draw's: "during / up to Cycle N" runs to the cycle's end; "end of" covers each
        # cycle of its list; "(1 cycle = 21 days)" states a length, not a count; the first cycle's end
        # without a length leaves the other points standing
        ("During cycle 1 (each cycle is 21 days)", 21),
        ("Up to cycle 10 (1 cycle = 21 days)", 210),
        ("At the end of Cycle 2 and Cycle 3 (each cycle is 21 days)", 63),
        ("Cycle 1: predose on Days 1 and 8 (1 cycle = 21 days)", 8),
        ("Determined during the first cycle of treatment (max. 35 days)", 35),
        # what a review of those rules found them misreading (2026-12-06): a count of cycles before a verb
        # still counts; hours after a cycle's day are no days; a bracket after a count of cycles is their
        # total when each would last a week or more; a spelled count leaves a stated total standing; "the
        # first cycle, 21 days" keeps its days; "up to Cycle N" names a day or a start when the text does;
        # a length too short for a cycle is dosing
        ("Until 6 cycles are completed (cycle length 21 days)", 126),
        ("After 2 cycles: each cycle is 28 days", 56),
        ("Cycle 2 Day 1, 24 hours post-dose (21-day cycles)", 22),
        ("Cycle 1 Day 8, 12 hours post-dose", 8),
        ("Up to 4 cycles (approximately 12 weeks)", 84),
        ("After two cycles (8 weeks)", 56),
        ("Up to 6 cycles (28 days)", 168),
        ("After one cycle of treatment (28 days)", 28),
        ("Up to three cycles, an average of 9 weeks", 63),
        ("DLT period: the first cycle, 21 days", 21),
        ("Day 1 of each cycle up to cycle 6 (each cycle is 21 days)", 106),
        ("Until Cycle 3 starts (each cycle is 21 days)", 43),
        ("Up to 6 months (up to 8 cycles)", 182.625),
        ("Up to 6 cycles (each cycle lasts approximately 28 days)", 168),
        ("Up to 6 cycles (cycle duration: 28 days)", 168),
        ("End of the second cycle (each cycle is 21 days)", 42),
        ("day 36-42 after the second cycle", 42),
        ("for12 weeks", 84),
        # a reading that begins inside a cycle point is read again after it
        ("Cycle 6 Day 1 or 2 years, whichever comes first (each cycle is 21 days)", 730.5),
        ("Cycle 1 Day 1, 21 days", 21),
        # a second review (2026-12-06): a usual cycle length in a bracket after a count is each cycle's, an
        # unusual one that divides into usual ones their total; "(cycle = 21 ± 3 days)", "equals", "each
        # lasting", "28 days each", "28-day treatment cycles", "6 treatment cycles"; the period of "every N
        # cycles" ends nothing, and a counted cycle's days are its dosing days
        ("Up to 2 cycles (28 days)", 56),
        ("After 2 cycles (3 weeks)", 42),
        ("Up to 8 cycles (cycle = 21 ± 3 days)", 168),
        ("At 2 cycles (1 cycle equals 28 days)", 56),
        ("Up to 6 cycles, each lasting 28 days", 168),
        ("Up to 6 cycles, 28 days each", 168),
        ("Up to 12 cycles (28-day treatment cycles)", 336),
        ("Up to 6 treatment cycles (each cycle is 28 days)", 168),
        ("Tumor assessment every 2 cycles (8 weeks) until progression, up to 24 months", 730.5),
        # a count with its cycles' length between: "6 x 21-day cycles", "four 28-day cycles"
        ("6 x 21-day cycles", 126),
        ("Up to 6 × 28-day cycles", 168),
        ("Four 28-day cycles", 112),
        ("Up to six 21-day treatment cycles", 126),
        ("After 4 x 4-week cycles", 112),
        # a later duration stands beside a cycle of unstated length that ends before it whatever the length
        # (cycles last 42 days at most): Cycle 3 starts by day 85
        ("Cycle 3 Day 1, up to 12 months", 365.25),
        ("Cycle 2 Day 1 and at 6 months", 182.625),
        # a bracket after such a cycle says when it is ("(28 days)" may be the cycle's length: no horizon)
        ("Cycle 4 (approximately 12 weeks)", 84),
        ("Cycle 3, Day 1 (Week 7)", 49),
        # a third review (2026-12-06): a range of a cycle's days, hundreds spelled, units misspelt after a
        # number, a spelled ordinal before "postoperative day"
        ("Cycle 1 Days 1-7", 7),
        ("Cycle 2 Days 1-7 (each cycle is 28 days)", 35),
        ("One hundred days post transplant", 100),
        ("one hundred and twenty days", 120),
        ("12 moths", 365.25),
        ("Up to 3 monthes after surgery", 91.3125),
        ("up to 2 yeras", 730.5),
        ("first, third and seventh postoperative day", 7),
        # a visit window does not end an open schedule, and leaves a bounded one bounded
        ("every 8 weeks (+/- 7 days) up to 2 years", 730.5),
        # a day's number, then a range's end in another unit: the end counts that unit
        ("Day 1-60 months after injection", 1826.25),
        ("From day 80 through 1 year post-transplant", 365.25),
        ("Day 0 to 2 years", 730.5),
        ("Day 28 to 12 months", 365.25),
        # in days throughout, the numbers stay days
        ("Days 1-28", 28),
        ("Day 1, 8, 15 and 22", 22),
        ("Day 14 months", 426.125),
    ],
)
def test_horizons(text, horizon):
    assert parse_time_frame(text).horizon_days == pytest.approx(horizon, abs=0.01)


@pytest.mark.parametrize(
    "text",
    [
        "Cycle 1 Day 1 and Day 1 of each subsequent cycle",
        "one of the visits",
        "Up to the first cycle",  # its length is not stated
        "End of Cycle 1",
        "During cycle 1",
        "At the end of each cycle (each cycle average is 28 days)",  # a schedule with no end
        "Up to 4 cycles (azacitidine 7 days/cycle)",  # dosing days, no cycle length
        "Through 2 cycles (each cycle has 7 days of dosing)",
        "Tumor assessments every 3 cycles (approximately 9 weeks) until progression",
        "Up to 6 cycles (venetoclax 400 mg Days 1-28)",
        "Cycle 12 Day 1 or 6 months",  # Cycle 12 may start after month 6
        "Cycle 4 end or week 20",  # the end of Cycle 4 may come after week 20
        "Cycle 4 (28 days)",
        "Every 9 weeks (±7 days) until PD",
        "Every 6 weeks (± 3 days) until disease progression",
        "Cycle 1: pre-dose and 24 hours after the infusion; subsequent cycles: pre-dose",
    ],
)
def test_no_horizon(text):
    assert parse_time_frame(text).horizon_days is None
