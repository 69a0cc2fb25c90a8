"""The demographic indices of data quality, as pure functions over counts (no database)."""
from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

WHIPPLE_AGES = range(23, 63)  # 23 to 62: the ages of the standard Whipple's index
MYERS_AGES = range(10, 90)  # 10 to 89: the ages of Myers' blended index

# The UN reading of Whipple's index, as Shryock & Siegel give it (The Methods and Materials
# of Demography, 1976, ch. 8, after the United Nations): below 105 "highly accurate",
# 105-109.9 "fairly accurate", 110-124.9 "approximate", 125-174.9 "rough", 175 and over
# "very rough". Lower bound of each class, its Indonesian name.
WHIPPLE_READINGS: tuple[tuple[float, str], ...] = (
    (175.0, "sangat kasar"),
    (125.0, "kasar"),
    (110.0, "kurang akurat"),
    (105.0, "cukup akurat"),
    (-math.inf, "sangat akurat"),
)


def whipple(age_counts: Mapping[int, int]) -> float | None:
    """Whipple's index of heaping on 0 and 5: ages 23-62, 5 x (ages ending in 0 or 5) /
    (all of them) x 100. 100: no preference; 500: every age ends in 0 or 5; 0: none does.
    None without anyone aged 23-62."""
    total = sum(age_counts.get(age, 0) for age in WHIPPLE_AGES)
    if total <= 0:
        return None
    heaped = sum(age_counts.get(age, 0) for age in WHIPPLE_AGES if age % 5 == 0)
    return 5 * heaped / total * 100


def myers_shares(age_counts: Mapping[int, int]) -> list[float] | None:
    """The blended share (%) of each terminal digit 0-9 (Myers 1940; the steps of Shryock &
    Siegel): for digit d, (d + 1) x the persons aged 10-79 ending in d plus (9 - d) x those
    aged 20-89 ending in d, as a share of the blended total. Without heaping each is 10 %."""
    blended = []
    for digit in range(10):
        low = sum(age_counts.get(age, 0) for age in range(10 + digit, 80, 10))
        high = sum(age_counts.get(age, 0) for age in range(20 + digit, 90, 10))
        blended.append((digit + 1) * low + (9 - digit) * high)
    total = sum(blended)
    if total <= 0:
        return None
    return [value / total * 100 for value in blended]


def myers(age_counts: Mapping[int, int]) -> float | None:
    """Myers' blended index: half the sum of the digits' distances from 10 %, 0 (no heaping)
    to 90 (every age on one digit); None without anyone aged 10-89."""
    shares = myers_shares(age_counts)
    if shares is None:
        return None
    return sum(abs(share - 10.0) for share in shares) / 2


def whipple_reading(value: float | None) -> str:
    """The UN class of a Whipple's index, in Indonesian ('' when there is no index)."""
    if value is None or math.isnan(value):
        return ""
    for lower, name in WHIPPLE_READINGS:
        if value >= lower:
            return name
    return WHIPPLE_READINGS[-1][1]  # pragma: no cover - the last class has no lower bound


def sex_ratio(men: int, women: int) -> float | None:
    """Men per 100 women; infinite when only men were listed, None when nobody was."""
    if women > 0:
        return men / women * 100
    return math.inf if men > 0 else None


def mean_household_size(persons: int, households: int) -> float | None:
    return persons / households if households > 0 else None


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`; None when `whole` is 0."""
    return part / whole * 100 if whole > 0 else None


def completed_age(birth: date, reference: date) -> int:
    """Age in completed years on `reference` (29 February: a year older on 1 March)."""
    years = reference.year - birth.year
    return years - 1 if (birth.month, birth.day) > (reference.month, reference.day) else years
