"""The demo city's residents: households under one No. KK, names that fit sex and family.

Banjar naming: most people have one or two given names and no family name; a name such as
"Siti" or "Muhammad" comes with a second one; a child may carry the father's name last
("Aulia Rusdi", daughter of Rusdi Hamdani). Given and second names are drawn from the list
of the person's own sex, so no man is called "Rahmawati".
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from models.demo.names import (
    FEMALE_NAMES,
    FEMALE_SECOND,
    MALE_NAMES,
    MALE_SECOND,
    NEEDS_SECOND,
    SONS_ONLY,
)
from models.ids.nik import compose_kk, compose_nik

CENSUS_START = date(2020, 9, 1)  # door-to-door phase of SP2020
PERSONS_PER_HOUSEHOLD = 3.6
FATHERS_NAME = 0.3  # children who carry their father's name last


def birth(rng: random.Random, min_age: int, max_age: int) -> date:
    """A birth date that makes someone `min_age` to `max_age` years old at the census."""
    return CENSUS_START - timedelta(days=min_age * 365 + int(rng.random() * (max_age - min_age)
                                                              * 365))


def person_name(rng: random.Random, female: bool, father: str | None = None) -> str:
    """A given name of the person's sex, mostly with a second name of the same sex."""
    given, seconds = (FEMALE_NAMES, FEMALE_SECOND) if female else (MALE_NAMES, MALE_SECOND)
    first = rng.choice(given)
    roll = rng.random()
    if father is not None and roll < FATHERS_NAME:
        second = fathers_name(father, female)
    elif first in NEEDS_SECOND or roll < 0.7:
        second = rng.choice(given if rng.random() < 0.4 else seconds)
    else:
        return first
    if second == first or second in NEEDS_SECOND:
        second = rng.choice(seconds)
    return f"{first} {second}"


def fathers_name(father: str, female: bool) -> str:
    """The part of the father's name a child carries: his own given name, not a title-like
    first one ("Muhammad Noor" gives "Noor"), and never a son's name to a daughter."""
    words = father.split()
    name = words[-1] if words[0] in NEEDS_SECOND else words[0]
    return words[0] if female and name in SONS_ONLY else name


@dataclass(frozen=True, slots=True)
class Resident:
    nik: str
    name: str
    female: bool
    born: date


@dataclass(frozen=True, slots=True)
class Household:
    kk: str
    members: tuple[Resident, ...]


class NikIssuer:
    """NIKs and No. KK of one city, never the same twice (serials wrap per kecamatan)."""

    def __init__(self) -> None:
        self._serial: dict[str, int] = {}
        self._issued: set[str] = set()

    def _next(self, code: str) -> int:
        serial = self._serial.get(code, 0) % 9999 + 1
        self._serial[code] = serial
        return serial

    def nik(self, code: str, born: date, female: bool) -> str:
        while True:
            nik = compose_nik(code, born, female, self._next(code))
            if nik not in self._issued:
                self._issued.add(nik)
                return nik

    def kk(self, code: str, issued: date) -> str:
        while True:
            kk = compose_kk(code, issued, self._next(code))
            if kk not in self._issued:
                self._issued.add(kk)
                return kk


def household(rng: random.Random, code: str, issuer: NikIssuer) -> Household:
    """A head, mostly a spouse, and children born while their mother was 17 to 42."""
    size = max(1, round(rng.gauss(PERSONS_PER_HOUSEHOLD, 1.2)))
    female_head = rng.random() < 0.15  # widows and single mothers
    head_born = birth(rng, 22, 70)
    members = [_resident(rng, code, issuer, female_head, head_born)]
    mother = head_born if female_head else None
    if size > 1 and not female_head:
        age = (CENSUS_START - head_born).days // 365
        spouse_age = max(18, age - rng.randint(-3, 9))
        mother = birth(rng, spouse_age, spouse_age + 1)
        members.append(_resident(rng, code, issuer, True, mother))
    father = None if female_head else members[0].name
    if mother is not None:
        mother_age = (CENSUS_START - mother).days // 365
        oldest = max(1, min(mother_age - 17, 35))
        for _ in range(size - len(members)):
            female = rng.random() < 0.5
            members.append(_resident(rng, code, issuer, female, birth(rng, 0, oldest),
                                     father=father))
    return Household(issuer.kk(code, birth(rng, 0, 15)), tuple(members))


def _resident(rng: random.Random, code: str, issuer: NikIssuer, female: bool, born: date,
              *, father: str | None = None) -> Resident:
    return Resident(issuer.nik(code, born, female), person_name(rng, female, father), female,
                    born)
