"""What each compared field says about a candidate pair, and how much it weighs.

Fellegi–Sunter: every field compares at one level, and a level weighs log2(m / u), where m
is how often a true pair shows that level and u how often two different persons of one
block do. The shares below are set from what SP2020 data looks like (each noted), not fit
to the test city; the labelled city of tests/bench measures where they land. A pair's
match weight is the sum of its levels' weights; +1 doubles the odds that it is one person.

The levels of a pair are stored with it as a short code ("n3b1s1k0l1h0i9"): one letter per
field, one digit per level, so the review can show the reasons without recomputing them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

NEUTRAL = 9  # a side lacks the value: the field says nothing


@dataclass(frozen=True)
class Level:
    code: int
    m: float
    u: float
    text: str  # Indonesian, as the review shows it

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class Field:
    letter: str
    label: str
    levels: tuple[Level, ...]

    def level(self, code: int) -> Level | None:
        for level in self.levels:
            if level.code == code:
                return level
        return None

    def weights(self) -> list[float]:
        """Weight by level code (NEUTRAL weighs 0); indexable by the codes 0-9."""
        table = [0.0] * 10
        for level in self.levels:
            table[level.code] = level.weight
        return table


NAME = Field("n", "Nama", (
    # Equal once folded: most true pairs; two persons of one SLS and birth year rarely.
    Level(3, 0.82, 0.004, "sama (setelah ejaan diseragamkan)"),
    Level(2, 0.11, 0.01, "hampir sama (salah ketik)"),
    Level(1, 0.04, 0.04, "sebagian sama (kata hilang atau bertambah)"),
    Level(0, 0.03, 0.946, "berbeda"),
))
BIRTH = Field("b", "Tanggal lahir", (
    Level(5, 0.86, 0.004, "sama"),
    Level(4, 0.02, 0.0004, "tanggal dan bulan tertukar"),
    Level(3, 0.05, 0.04, "tahun dan bulan sama, tanggal beda (tanggal tak diketahui)"),
    Level(2, 0.03, 0.004, "tanggal dan bulan sama, tahun beda 1"),
    Level(1, 0.02, 0.25, "tahun sama saja"),
    Level(0, 0.02, 0.70, "berbeda"),
))
SEX = Field("s", "Jenis kelamin", (
    Level(1, 0.985, 0.5, "sama"),
    Level(0, 0.015, 0.5, "berbeda"),
))
KK = Field("k", "No. KK", (
    # Different in a true pair when the card was reissued after the registry's cut-off.
    Level(1, 0.80, 0.03, "sama"),
    Level(0, 0.20, 0.97, "berbeda"),
))
SLS = Field("l", "SLS", (
    Level(1, 0.93, 0.35, "sama"),
    Level(0, 0.07, 0.65, "lain SLS, satu kelurahan"),
))
HOUSEHOLD = Field("h", "Anggota ruta", (
    # Other members of the two households already paired: the KK changed, not the family.
    Level(1, 0.60, 0.004, "anggota lain kedua ruta sudah berpasangan"),
))
NIK = Field("i", "NIK", (
    Level(1, 0.50, 0.002, "sama"),
    Level(0, 0.20, 0.90, "berbeda (keduanya punya NIK)"),
))
FIELDS = (NAME, BIRTH, SEX, KK, SLS, HOUSEHOLD, NIK)


def encode(levels: dict[str, int]) -> str:
    """{'n': 3, 'b': 5, ...} -> 'n3b5...' in FIELDS order; a field left out is neutral."""
    return "".join(f"{f.letter}{levels.get(f.letter, NEUTRAL)}" for f in FIELDS)


def decode(code: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for at in range(0, len(code) - 1, 2):
        letter, digit = code[at], code[at + 1]
        if "0" <= digit <= "9":
            found[letter] = ord(digit) - ord("0")
    return found


@dataclass(frozen=True)
class Reason:
    label: str
    text: str
    weight: float


def reasons(code: str) -> list[Reason]:
    """Each compared field of a stored pair: what it showed and what it weighed."""
    levels = decode(code)
    found = []
    for field in FIELDS:
        level = field.level(levels.get(field.letter, NEUTRAL))
        if level is not None:
            found.append(Reason(field.label, level.text, round(level.weight, 1)))
    return found
