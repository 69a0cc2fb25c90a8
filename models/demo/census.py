"""What happened in one SLS of the demo: who filled SP Online, what the PPL listed, the recaps.

The same households feed all three sources, so they tell one story. SP Online (15 February
to 31 March 2020) was filled by about a fifth of the households; the PPL visits households
at the pace of the daily recaps, and lists every member of each one visited as a field
result, with the slips real field data has. Reconciliation then finds, of all outcome rows
(SHARES gives the band each lies in; tests/test_demo_story.py checks them):

- hanya lapangan, ~80 %: the four fifths who did not fill online, found by the PPL;
- cocok, ~15 %: filled online and found with the same data (a PPL who writes names in
  capitals, or a field record without NIK paired by No. KK, name and birth date, is still
  cocok);
- beda, ~1.2 %: found, but the PPL dropped or added a second name, or wrote the birth date
  differently (day and month swapped; the import warns that it differs from the NIK);
- hanya online, ~2.9 %: filled online, but in an SLS or household not yet visited, or not
  listed by the PPL (moved out, died, missed);
- pindah, ~0.8 %: a household that filled online under another RT (moved since February, or
  chose the wrong RT online) and was found here;
- ganda, ~0.2 %: a resident who filled twice under a mistyped NIK, or a PPL who listed
  someone a second time without NIK;
- tidak valid, ~0.1 %: field records with no NIK and no usable No. KK or birth date
  (lodgers without papers, a birth date left blank).

A few field rows carry a NIK that Excel turned into a number, or a Kemendagri code that
does not exist: the import rejects those rows (the batch shows them as ditolak), as it
would in an office.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from models.demo.names import FAMILY_NAMES, NEEDS_SECOND
from models.demo.population import (
    CENSUS_START,
    Household,
    NikIssuer,
    Resident,
    birth,
    person_name,
)
from models.persons.check import content_hash
from models.schema.recon import ReconCategory

ONLINE_START = datetime(2020, 2, 15, 7)
ONLINE_DAYS = 44  # SP Online ran until the end of March 2020
ONLINE_END = date(2020, 3, 31)  # babies born later were never filled online
ONLINE_SHARE = 0.19  # share of households that filled SP Online, on average per SLS
RECAP_DAYS = 12  # daily field recaps of the first days of the door-to-door phase
IDLE_SHARE = 0.03  # PPL who stopped reporting (ill, or gone quiet): the reminders show them
IDLE_AFTER = 8  # ...after this many days of recaps: idle 4 working days by the last recap

MOVED = 0.05  # online households found in another SLS than the one they gave
NOT_LISTED = 0.025  # online members the PPL did not list
DIFFERENT = 0.075  # online members found with a name or birth date written differently
NO_NIK = 0.03  # field members listed without NIK (No. KK, name and birth date only)
FILLED_TWICE = 0.004  # online members filled a second time under a mistyped NIK
LISTED_TWICE = 0.0015  # field members listed a second time, without NIK
NO_BIRTH = 0.0006  # field members without NIK whose birth date was left blank
LODGERS = 0.0012  # visited households with a lodger listed without NIK and No. KK
DAMAGED = 0.0003  # field members whose NIK Excel turned into a number (rejected)
WRONG_CODE = 0.0001  # field members whose NIK starts with a code Kemendagri never gave
CAPITALS = 0.3  # PPL who write names in capitals
# online_submission columns of SlsStory.online, after batch_id and source_row
ONLINE_COLUMNS = ("natural_key", "nik", "kk", "name", "sex", "birth_date", "area_code",
                  "address", "sls_id", "content_hash", "submitted_at")

# Each category's share of all reconciliation outcomes: (low, high), in %.
SHARES: dict[ReconCategory, tuple[float, float]] = {
    ReconCategory.HANYA_LAPANGAN: (70.0, 82.0),
    ReconCategory.COCOK: (12.0, 22.0),
    ReconCategory.BEDA: (0.8, 3.0),
    ReconCategory.HANYA_ONLINE: (1.5, 5.0),
    ReconCategory.PINDAH: (0.5, 2.0),
    ReconCategory.GANDA: (0.05, 0.5),
    ReconCategory.TIDAK_VALID: (0.03, 0.3),
}


@dataclass(frozen=True)
class Place:
    """An SLS as the sources write it."""

    id: int
    code: str  # BPS code, 16 digits
    address: str  # "RT 003, Kelayan Selatan"
    kemendagri: str  # kecamatan code in its residents' NIKs


@dataclass
class SlsStory:
    online: list[tuple[Any, ...]] = field(default_factory=list)  # in ONLINE_COLUMNS order
    listed: list[list[Any]] = field(default_factory=list)  # rows of a field-results sheet
    recaps: list[dict[str, Any]] = field(default_factory=list)  # sls_recap rows


def visits(rng: random.Random, households: int) -> list[int]:
    """Households visited by the end of each recap day (cumulative), until all are."""
    pace = rng.uniform(0.05, 0.14)  # share of households visited per day
    found = []
    for day in range(RECAP_DAYS):
        share = min(1.0, pace * (day + 1))
        found.append(round(households * share))
        if share >= 1.0:
            break
    return found


def tell(rng: random.Random, place: Place, households: list[Household], *, near: list[Place],
         everywhere: list[Place], issuer: NikIssuer, ppl_nik: str | None,
         entered_by: str, stopped_after: int | None = None) -> SlsStory:
    """The online rows, field rows (when a PPL is assigned) and recaps of one SLS; a PPL who
    `stopped_after` that many days reported nothing later.

    `near` are the SLS of its kelurahan, `everywhere` those of the city: where a household
    that moved here may have given its address online.
    """
    story = SlsStory()
    online_rate = ONLINE_SHARE * rng.uniform(0.4, 1.6)
    found = visits(rng, len(households))
    if stopped_after is not None:
        found = found[:stopped_after]
    capitals = rng.random() < CAPITALS
    day = 0
    for index, home in enumerate(households):
        while day < len(found) and found[day] <= index:
            day += 1
        online = rng.random() < online_rate
        if online:
            given = place if rng.random() >= MOVED else _elsewhere(rng, place, near, everywhere)
            _fill_online(rng, story, home, given, issuer)
        if day < len(found) and ppl_nik is not None:  # visited by the last recap
            moment = datetime.combine(CENSUS_START + timedelta(days=day), datetime.min.time())
            moment += timedelta(minutes=rng.randrange(8 * 60, 17 * 60))
            _list_in_field(rng, story, home, place, online=online, moment=moment,
                           officer=ppl_nik, capitals=capitals)
    persons = [0]  # persons and men in the first n households
    men = [0]
    for home in households:
        persons.append(persons[-1] + len(home.members))
        men.append(men[-1] + sum(not m.female for m in home.members))
    for day, households_found in enumerate(found):
        story.recaps.append({
            "sls_id": place.id, "report_date": CENSUS_START + timedelta(days=day),
            "households_found": households_found, "persons_found": persons[households_found],
            "male": men[households_found],
            "female": persons[households_found] - men[households_found],
            "entered_by": entered_by, "version_id": 1})
    return story


def _elsewhere(rng: random.Random, place: Place, near: list[Place],
               everywhere: list[Place]) -> Place:
    """Where a household that moved here gave its address online: mostly a nearby RT."""
    while True:
        other = rng.choice(near if rng.random() < 0.75 else everywhere)
        if other.id != place.id:
            return other


def _fill_online(rng: random.Random, story: SlsStory, home: Household, given: Place,
                 issuer: NikIssuer) -> None:
    submitted = ONLINE_START + timedelta(minutes=rng.randrange(0, ONLINE_DAYS * 24 * 60))
    for member in home.members:
        if member.born > ONLINE_END:
            continue
        _online_row(story, member.nik, home.kk, member.name, member, member.born, given,
                    submitted)
        if rng.random() < FILLED_TWICE:  # filled again, the NIK's serial mistyped
            typo = issuer.nik(member.nik[:6], member.born, member.female)
            _online_row(story, typo, home.kk, member.name, member, member.born, given,
                        submitted + timedelta(minutes=rng.randrange(5, 600)))


def _online_row(story: SlsStory, nik: str, kk: str, name: str, member: Resident, born: date,
                given: Place, submitted: datetime) -> None:
    sex = "P" if member.female else "L"
    when, day = submitted.isoformat(" ", "seconds"), born.isoformat()
    # As an import stores it (ONLINE_COLUMNS after the batch id and row), with the digest an
    # import computes, so re-importing the same data is recognised as unchanged.
    story.online.append((nik, nik, kk, name, sex, day, given.code, given.address, given.id,
                         content_hash(nik, kk, name, sex, day, given.code, given.address, when,
                                      None), when))


def _list_in_field(rng: random.Random, story: SlsStory, home: Household, place: Place, *,
                   online: bool, moment: datetime, officer: str, capitals: bool) -> None:
    """The PPL's rows for one visited household, with the slips of real field data."""
    for member in home.members:
        filled = online and member.born <= ONLINE_END
        if filled and rng.random() < NOT_LISTED:
            continue
        nik: Any = member.nik
        name, born = member.name, member.born
        if filled and rng.random() < DIFFERENT:
            if rng.random() < 0.6:
                name = _other_name(rng, name)
            else:
                born = _typed_differently(born)
        slip = rng.random()
        if slip < NO_NIK or (member.born > date(2020, 6, 1) and slip < 0.5):
            nik = ""  # a baby not yet registered, or the NIK not at hand
            if not filled and rng.random() < NO_BIRTH / NO_NIK:
                born = None  # type: ignore[assignment]
        elif slip < NO_NIK + DAMAGED:
            nik = float(member.nik)  # Excel made it a number: the import rejects the row
        elif slip < NO_NIK + DAMAGED + WRONG_CODE:
            nik = "637199" + member.nik[6:]  # no such kecamatan: rejected
        story.listed.append(_field_row(nik, home.kk, name, member.female, born, place, moment,
                                      officer, capitals))
        if not filled and nik != "" and rng.random() < LISTED_TWICE:
            story.listed.append(_field_row("", home.kk, name, member.female, born, place,
                                          moment + timedelta(days=1), officer, capitals))
    if rng.random() < LODGERS:
        female = rng.random() < 0.4
        story.listed.append(_field_row("", "", person_name(rng, female), female,
                                      birth(rng, 18, 30), place, moment, officer, capitals))


def _field_row(nik: Any, kk: str, name: str, female: bool, born: date | None, place: Place,
               moment: datetime, officer: str, capitals: bool) -> list[Any]:
    return [nik, kk, name.upper() if capitals else name, "P" if female else "L",
            born if born is not None else "", place.code, place.address, moment, officer]


def _other_name(rng: random.Random, name: str) -> str:
    """The name as the other source wrote it: a second name dropped or a family name added
    ("Siti" never stands alone)."""
    words = name.split()
    if len(words) > 1 and words[0] not in NEEDS_SECOND:
        return words[0]
    family = rng.choice([f for f in FAMILY_NAMES if f not in words])
    return f"{name} {family}"


def _typed_differently(born: date) -> date:
    """Day and month swapped where that is a date; else the next day."""
    if born.day <= 12 and born.day != born.month:
        return born.replace(day=born.month, month=born.day)
    return born + timedelta(days=1)
