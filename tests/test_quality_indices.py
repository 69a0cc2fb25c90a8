"""The quality indices on hand-computed populations: perfect heaping, none, a worked table."""
from __future__ import annotations

import math
from collections import Counter
from datetime import date

import pytest

from models.quality.indices import (
    completed_age,
    mean_household_size,
    myers,
    myers_shares,
    sex_ratio,
    share,
    whipple,
    whipple_reading,
)
from models.quality.measures import Measure, Thresholds, is_flagged


def test_perfect_heaping() -> None:
    """Everyone aged 10-89 on an age ending in 0: Whipple 500 (only 0/5 ages in 23-62) and
    Myers 90 (one digit holds 100 % of the blended total, nine hold 0: (90 + 9 x 10) / 2)."""
    ages = Counter({age: 37 for age in range(10, 90, 10)})
    assert whipple(ages) == pytest.approx(500)
    assert myers(ages) == pytest.approx(90)
    assert whipple_reading(whipple(ages)) == "sangat kasar"


def test_no_heaping_uniform() -> None:
    """The same number at every age: 8 of the 40 ages 23-62 end in 0 or 5, so Whipple is
    5 x 8/40 x 100 = 100; every digit gets 7 ages of 10-79 and 7 of 20-89, so each blended
    share is 10 % and Myers 0."""
    ages = Counter({age: 25 for age in range(0, 100)})
    assert whipple(ages) == pytest.approx(100)
    assert myers(ages) == pytest.approx(0, abs=1e-9)
    assert myers_shares(ages) == pytest.approx([10.0] * 10)
    assert whipple_reading(whipple(ages)) == "sangat akurat"


def test_linear_decline_is_no_heaping_for_myers() -> None:
    """What the blending is for (Myers 1940): in a population falling by one person per
    year of age (100 - age), low digits naturally outnumber high ones within each decade,
    yet the blended sums are all equal. Digit d: ages 10-79 sum to 420 - 7d, ages 20-89 to
    350 - 7d, and (d + 1)(420 - 7d) + (9 - d)(350 - 7d) = 3570 for every d: Myers 0.
    Whipple: ages 23-62 hold 4000 - 1700 = 2300 persons, the 0/5 ages 800 - 340 = 460,
    5 x 460 / 2300 x 100 = 100."""
    ages = Counter({age: 100 - age for age in range(0, 100)})
    assert myers(ages) == pytest.approx(0, abs=1e-9)
    assert whipple(ages) == pytest.approx(100)


def test_worked_table() -> None:
    """A small worked table (computed by hand, as in the steps of Shryock & Siegel's Methods
    and Materials of Demography): 20 persons at each age ending in 0, 10 at every other age.

    Whipple, ages 23-62: the 0/5 ages are 25, 30 ... 60, four ending in 0 (20 each) and four
    in 5 (10 each) = 120; all 40 ages hold 4 x 20 + 36 x 10 = 440; 5 x 120 / 440 x 100 =
    136.36 ("kasar", 125-174.9).
    Myers, ages 10-89: digit 0 sums 7 x 20 = 140 at 10-70 and at 20-80, blended 1 x 140 +
    9 x 140 = 1400; every other digit 70 and 70, blended (d + 1) 70 + (9 - d) 70 = 700.
    Total 1400 + 9 x 700 = 7700: digit 0 has 18.18 %, the others 9.09 % each; half the sum
    of distances from 10 is (8.18 + 9 x 0.91) / 2 = 8.18."""
    ages = Counter({age: 20 if age % 10 == 0 else 10 for age in range(0, 100)})
    assert whipple(ages) == pytest.approx(5 * 120 / 440 * 100)
    assert whipple(ages) == pytest.approx(136.36, abs=0.01)
    assert whipple_reading(whipple(ages)) == "kasar"
    shares = myers_shares(ages)
    assert shares is not None
    assert shares[0] == pytest.approx(1400 / 7700 * 100)
    assert shares[1:] == pytest.approx([700 / 7700 * 100] * 9)
    assert myers(ages) == pytest.approx(100 * 1400 / 7700 - 10)
    assert myers(ages) == pytest.approx(8.18, abs=0.01)


def test_published_survey_reading() -> None:
    """Pardeshi (2010, Indian J. Community Med. 35:391) reports Whipple 382.74 for a survey
    in Yavatmal: by the UN classes that is "very rough"."""
    assert whipple_reading(382.74) == "sangat kasar"


def test_no_heaping_on_zero_five_at_all() -> None:
    ages = Counter({age: 3 for age in range(23, 63) if age % 5})
    assert whipple(ages) == 0


@pytest.mark.parametrize(("value", "reading"), [
    (99.9, "sangat akurat"), (104.99, "sangat akurat"), (105, "cukup akurat"),
    (109.9, "cukup akurat"), (110, "kurang akurat"), (124.9, "kurang akurat"),
    (125, "kasar"), (174.9, "kasar"), (175, "sangat kasar"), (500, "sangat kasar"),
    (None, ""),
])
def test_un_reading(value: float | None, reading: str) -> None:
    assert whipple_reading(value) == reading


def test_empty_and_out_of_range() -> None:
    assert whipple({}) is None
    assert myers({}) is None
    assert whipple({5: 10, 70: 10}) is None  # nobody aged 23-62
    assert myers({5: 10, 95: 3}) is None


def test_ratios_and_shares() -> None:
    assert sex_ratio(102, 100) == pytest.approx(102)
    assert sex_ratio(50, 0) == math.inf
    assert sex_ratio(0, 0) is None
    assert mean_household_size(39, 10) == pytest.approx(3.9)
    assert mean_household_size(0, 0) is None
    assert share(1, 365) == pytest.approx(0.274, abs=0.001)
    assert share(3, 0) is None


def test_completed_age() -> None:
    census = date(2020, 9, 15)
    assert completed_age(date(1990, 9, 15), census) == 30
    assert completed_age(date(1990, 9, 16), census) == 29
    assert completed_age(date(2000, 2, 29), date(2021, 2, 28)) == 20
    assert completed_age(date(2000, 2, 29), date(2021, 3, 1)) == 21


def test_flag_directions() -> None:
    t = Thresholds()
    assert is_flagged(Measure.WHIPPLE, 125.1, None, t.whipple)
    assert not is_flagged(Measure.WHIPPLE, 125.0, None, t.whipple)  # over, not at
    assert is_flagged(Measure.SEX_RATIO, 80, 101, t.sex_ratio)
    assert is_flagged(Measure.SEX_RATIO, 117, 101, t.sex_ratio)
    assert not is_flagged(Measure.SEX_RATIO, 116, 101, t.sex_ratio)
    assert is_flagged(Measure.SEX_RATIO, math.inf, 101, t.sex_ratio)
    assert not is_flagged(Measure.SEX_RATIO, 150, None, t.sex_ratio)
    assert is_flagged(Measure.ONE_PERSON_SHARE, 26, 10, t.one_person_share)
    assert not is_flagged(Measure.ONE_PERSON_SHARE, 0, 20, t.one_person_share)  # below: fine
    assert is_flagged(Measure.PACE, 20.1, 10, t.pace)
    assert not is_flagged(Measure.PACE, 20, 10, t.pace)
    assert not is_flagged(Measure.PACE, 50, None, t.pace)
    assert not is_flagged(Measure.NO_NIK, None, 3, t.no_nik)


# Males by single year 0-99 of the US Census Bureau's PAS workbook SINGAGE, the example of
# DemoTools' Whipple() and Myers() documentation: "Whipple(Value, Age, 25, 60) # 2.34,
# replicates SINGAGE males" and "Myers(Value, Age, 10, 90) * 2 # 47.46, replicates SINGAGE".
SINGAGE_MALES = [
    80626, 95823, 104315, 115813, 100796, 105086, 97266, 116328, 75984, 89982, 95525, 56973,
    78767, 65672, 53438, 85014, 47600, 64363, 42195, 42262, 73221, 30080, 34391, 29072, 20531,
    66171, 24029, 44227, 24128, 23599, 82088, 16454, 22628, 17108, 12531, 57325, 17220, 28425,
    16206, 17532, 65976, 11593, 15828, 13541, 8133, 44696, 11165, 18543, 12614, 12041, 55798,
    9324, 10772, 10453, 6773, 28358, 9916, 13348, 8039, 7583, 42470, 5288, 5317, 6582, 3361,
    17949, 3650, 5873, 3279, 3336, 27368, 1965, 2495, 2319, 1335, 12022, 1401, 1668, 1360, 1185,
    9167, 424, 568, 462, 282, 6206, 343, 409, 333, 291, 4137, 133, 169, 157, 89, 2068, 68, 81,
    66, 57]


def test_the_published_singage_example() -> None:
    """Whipple 2.34 (as a ratio) is PAS's own figure. PAS's Myers (47.46 / 2 = 23.73) sums
    ages 10-89 in its first tabulation; Shryock & Siegel's, used here, sums 10-79: 23.63."""
    ages = dict(enumerate(SINGAGE_MALES))
    assert round(whipple(ages) / 100, 2) == 2.34
    assert whipple_reading(whipple(ages)) == "sangat kasar"
    assert round(myers(ages), 2) == 23.63
