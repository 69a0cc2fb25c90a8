"""How alike two written names are, as officers and residents spell them.

rapidfuzz scores in C: the matching compares tens of thousands of name pairs per run, and
its token-sort ratio ignores word order ("SITI AMINAH" against "Aminah, Siti").
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

SAME_NAME = 90.0  # at or above: a spelling variant, not a conflicting name
SAME_PERSON = 85.0  # at or above (with No. KK and birth date equal): the same person
_NOT_LETTERS = re.compile(r"[^0-9A-Z]+")


def normalized(name: str) -> str:
    """Upper case, punctuation and repeated spaces removed."""
    return " ".join(_NOT_LETTERS.sub(" ", name.upper()).split())


def name_score(a: str, b: str) -> float:
    """0-100; 100 when the names are equal once normalised."""
    left, right = normalized(a), normalized(b)
    if left == right:
        return 100.0
    return round(fuzz.token_sort_ratio(left, right), 1)
