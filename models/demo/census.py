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

A few PPL have a habit (Quirk) that the data quality page exists to catch: they round
ages, invent birth dates or copy them down the household, list mostly men, give members a
No. KK of their own, leave NIKs out, list people twice, work from an old map of the RT
boundaries, rush through their households in a few days, or stop for a week and catch up.
The residents' SP Online rows stay what the residents filled; only the PPL's rows (and
their recaps, which count what they listed) carry the habit. Each habit draws from its
own Random, so the rest of the city is told as without it.
"""
from __future__ import annotations

import enum
import random
import zlib
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
# Households whose family card was reissued after the registry's December 2019 cut-off: online
# they typed the old No. KK, the PPL copied the new card. In percent, by the number itself,
# so no draw of the generator moves and the rest of the story stays as it was.
OLD_CARD_PERCENT = 6
LISTED_TWICE = 0.0015  # field members listed a second time, without NIK
NO_BIRTH = 0.0006  # field members without NIK whose birth date was left blank
LODGERS = 0.0012  # visited households with a lodger listed without NIK and No. KK
DAMAGED = 0.0003  # field members whose NIK Excel turned into a number (rejected)
WRONG_CODE = 0.0001  # field members whose NIK starts with a code Kemendagri never gave
CAPITALS = 0.3  # PPL who write names in capitals
# online_submission columns of SlsStory.online, after batch_id and source_row
ONLINE_COLUMNS = ("natural_key", "nik", "kk", "name", "sex", "birth_date", "area_code",
                  "address", "sls_id", "content_hash", "submitted_at")


class Quirk(enum.Enum):
    """A PPL's habit, and what it does to the rows it lists (shares of those it could)."""

    ROUNDED_AGES = "rounded_ages"  # ages from 15 rounded to 0 or 5: Whipple, Myers
    NEW_YEAR = "new_year"  # birth dates not known written as 1 January
    INDEPENDENCE_DAY = "independence_day"  # ...as 17 August
    FIRST_OF_MONTH = "first_of_month"  # the day not known written as the 1st
    COPIED_BIRTHS = "copied_births"  # a birth date filled down to the next member of an age
    MOSTLY_MEN = "mostly_men"  # women other than the head left out
    SPLIT_HOUSEHOLDS = "split_households"  # members listed under their NIK as No. KK
    NO_NIK = "no_nik"  # the NIK not asked for
    UNUSABLE = "unusable"  # neither NIK nor birth date written: nothing to match by
    LISTED_TWICE = "listed_twice"  # listed again without NIK on a later visit
    OTHER_RT = "other_rt"  # households across the RT boundary listed as this RT's
    RUSHED = "rushed"  # a dozen days of households visited in three
    AWAY = "away"  # away for a working week in the middle, then caught up


# The share of rows (households for COPIED_BIRTHS and SPLIT_HOUSEHOLDS, online households
# for OTHER_RT) each habit changes: well over the quality thresholds of models.quality.
QUIRK_SHARE: dict[Quirk, float] = {
    Quirk.ROUNDED_AGES: 0.45, Quirk.NEW_YEAR: 0.12, Quirk.INDEPENDENCE_DAY: 0.06,
    Quirk.FIRST_OF_MONTH: 0.2, Quirk.COPIED_BIRTHS: 0.5, Quirk.MOSTLY_MEN: 0.3,
    Quirk.SPLIT_HOUSEHOLDS: 0.25, Quirk.NO_NIK: 0.25, Quirk.UNUSABLE: 0.05,
    Quirk.LISTED_TWICE: 0.05, Quirk.OTHER_RT: 0.85, Quirk.RUSHED: 1.0, Quirk.AWAY: 1.0,
}
QUIRKY_PPL = 3  # PPL per habit
# Recap days (0 is 1 September 2020): a RUSHED PPL visits on 3, 7 and 12 September; an
# AWAY PPL visits none from 4 to 10 September, six working days.
RUSHED_DAYS = (2, 6, 11)
AWAY_DAYS = range(3, 10)
SAME_AGE = timedelta(days=10 * 365)  # members this close in age get a copied birth date

# Each category's share of all reconciliation outcomes: (low, high), in %.
SHARES: dict[ReconCategory, tuple[float, float]] = {
    ReconCategory.HANYA_LAPANGAN: (70.0, 82.0),
    ReconCategory.COCOK: (12.0, 22.0),
    ReconCategory.BEDA: (0.8, 3.0),
    ReconCategory.HANYA_ONLINE: (1.5, 5.0),
    ReconCategory.PINDAH: (0.5, 2.0),
    ReconCategory.GANDA: (0.05, 0.5),
    ReconCategory.TIDAK_VALID: (0.03, 0.3),
    # The second pass's review band: a few pairs whose name and birth date both drifted.
    ReconCategory.MUNGKIN: (0.005, 0.2),
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


@dataclass(frozen=True)
class Habit:
    """A PPL's quirk and the Random its changes draw from (never the city's)."""

    quirk: Quirk
    rng: random.Random

    def draw(self, quirk: Quirk) -> bool:
        """Whether this row (or household) gets the habit, when it is `quirk`."""
        return self.quirk is quirk and self.rng.random() < QUIRK_SHARE[quirk]


def rescheduled(found: list[int], quirk: Quirk | None) -> list[int]:
    """`found` (households visited by the end of each recap day) when the PPL is RUSHED or
    AWAY: each day's households visited on the next day the PPL works; the same total."""
    if not found:
        return found
    if quirk is Quirk.RUSHED:
        days = [next((d for d in RUSHED_DAYS if d >= day), RECAP_DAYS - 1)
                for day in range(len(found))]
    elif quirk is Quirk.AWAY:
        days = [AWAY_DAYS.stop if day in AWAY_DAYS else day for day in range(len(found))]
    else:
        return found
    moved = [0] * (max(days) + 1)
    for day, households in zip(days, found, strict=True):
        moved[day] = households
    for day in range(1, len(moved)):
        moved[day] = max(moved[day], moved[day - 1])
    return moved


def tell(rng: random.Random, place: Place, households: list[Household], *, near: list[Place],
         everywhere: list[Place], issuer: NikIssuer, ppl_nik: str | None,
         entered_by: str, stopped_after: int | None = None,
         habit: Habit | None = None) -> SlsStory:
    """The online rows, field rows (when a PPL is assigned) and recaps of one SLS; a PPL who
    `stopped_after` that many days reported nothing later; a PPL with a `habit` lists (and
    counts in the recaps) as the habit has it.

    `near` are the SLS of its kelurahan, `everywhere` those of the city: where a household
    that moved here may have given its address online.
    """
    story = SlsStory()
    online_rate = ONLINE_SHARE * rng.uniform(0.4, 1.6)
    found = visits(rng, len(households))
    if stopped_after is not None:
        found = found[:stopped_after]
    found = rescheduled(found, habit.quirk if habit else None)
    capitals = rng.random() < CAPITALS
    across = _across_boundary(place, near) if habit and habit.quirk is Quirk.OTHER_RT else None
    day = 0
    counted = [0]  # households in the PPL's counts after each household (split: more)
    for index, home in enumerate(households):
        while day < len(found) and found[day] <= index:
            day += 1
        online = rng.random() < online_rate
        if online:
            given = place if rng.random() >= MOVED else _elsewhere(rng, place, near, everywhere)
            if given is place and across is not None and habit is not None \
                    and habit.draw(Quirk.OTHER_RT):
                given = across  # where the household lives, by the RT's real boundary
            _fill_online(rng, story, home, given, issuer)
        written = 1
        if day < len(found) and ppl_nik is not None:  # visited by the last recap
            moment = datetime.combine(CENSUS_START + timedelta(days=day), datetime.min.time())
            moment += timedelta(minutes=rng.randrange(8 * 60, 17 * 60))
            written = _list_in_field(rng, story, home, place, online=online, moment=moment,
                                     officer=ppl_nik, capitals=capitals, habit=habit)
        counted.append(counted[-1] + written)
    persons = [0]  # persons and men in the first n households
    men = [0]
    for home in households:
        persons.append(persons[-1] + len(home.members))
        men.append(men[-1] + sum(not m.female for m in home.members))
    for day, households_found in enumerate(found):
        story.recaps.append({
            "sls_id": place.id, "report_date": CENSUS_START + timedelta(days=day),
            "households_found": counted[households_found],
            "persons_found": persons[households_found],
            "male": men[households_found],
            "female": persons[households_found] - men[households_found],
            "entered_by": entered_by, "version_id": 1})
    return story


def _across_boundary(place: Place, near: list[Place]) -> Place | None:
    """The RT next to `place` in its kelurahan, whose households an old map gives to it."""
    index = next((i for i, p in enumerate(near) if p.id == place.id), None)
    if index is None or len(near) < 2:
        return None
    return near[index + 1] if index + 1 < len(near) else near[index - 1]


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
    kk = old_card(home.kk)
    for member in home.members:
        if member.born > ONLINE_END:
            continue
        _online_row(story, member.nik, kk, member.name, member, member.born, given, submitted)
        if rng.random() < FILLED_TWICE:  # filled again, the NIK's serial mistyped
            typo = issuer.nik(member.nik[:6], member.born, member.female)
            _online_row(story, typo, kk, member.name, member, member.born, given,
                        submitted + timedelta(minutes=rng.randrange(5, 600)))


def old_card(kk: str) -> str:
    """The No. KK a household typed online: the card before its reissue, for a few."""
    if zlib.crc32(kk.encode()) % 100 >= OLD_CARD_PERCENT:
        return kk
    # same kecamatan, issued in 2012, the serial of the new card mirrored
    return f"{kk[:6]}010712{kk[12:][::-1]}"


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
                   online: bool, moment: datetime, officer: str, capitals: bool,
                   habit: Habit | None = None) -> int:
    """The PPL's rows for one visited household, with the slips of real field data (and
    the PPL's habit); returns how many households the PPL wrote it as (No. KK)."""
    copied = habit is not None and habit.draw(Quirk.COPIED_BIRTHS)
    split = habit is not None and len(home.members) > 1 and habit.draw(Quirk.SPLIT_HOUSEHOLDS)
    written: set[str] = set()
    above: date | None = None  # the birth date written in the row above
    for position, member in enumerate(home.members):
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
        twice = not filled and nik != "" and rng.random() < LISTED_TWICE
        kk = home.kk
        if habit is not None:
            if habit.quirk is Quirk.MOSTLY_MEN and member.female and position > 0 \
                    and habit.draw(Quirk.MOSTLY_MEN):
                continue
            born = _written_birth(habit, born, above if copied else None)
            if nik == member.nik:
                if split and position > 0:
                    kk = member.nik  # the member's own number written as No. KK
                if habit.draw(Quirk.NO_NIK):
                    nik = ""
                elif not filled and habit.draw(Quirk.UNUSABLE):
                    nik, born = "", None
            twice = twice or (not filled and nik != "" and habit.draw(Quirk.LISTED_TWICE))
        above = born
        if nik == member.nik or nik == "":  # a row the import stores
            written.add(kk)
        story.listed.append(_field_row(nik, kk, name, member.female, born, place, moment,
                                      officer, capitals))
        if twice:
            story.listed.append(_field_row("", kk, name, member.female, born, place,
                                          moment + timedelta(days=1), officer, capitals))
    if rng.random() < LODGERS:
        female = rng.random() < 0.4
        story.listed.append(_field_row("", "", person_name(rng, female), female,
                                      birth(rng, 18, 30), place, moment, officer, capitals))
    return max(1, len(written))


def _written_birth(habit: Habit, born: date | None, above: date | None) -> date | None:
    """The birth date as a PPL with a habit of dates writes it; `above` is the date written
    in the row above when the PPL fills dates down in this household."""
    if born is None:
        return born
    if habit.quirk is Quirk.ROUNDED_AGES and _age(born) >= 15 \
            and habit.draw(Quirk.ROUNDED_AGES):
        born = _rounded(born)
    elif habit.draw(Quirk.NEW_YEAR):
        born = born.replace(month=1, day=1)
    elif habit.draw(Quirk.INDEPENDENCE_DAY):
        born = born.replace(month=8, day=17)
    elif habit.draw(Quirk.FIRST_OF_MONTH):
        born = born.replace(day=1)
    elif above is not None and abs(born - above) <= SAME_AGE:
        born = above  # the date filled down from the member above
    return born


def _age(born: date) -> int:
    """Completed years on CENSUS_START."""
    return CENSUS_START.year - born.year - ((born.month, born.day)
                                             > (CENSUS_START.month, CENSUS_START.day))


def _rounded(born: date) -> date:
    """A birth date whose age on CENSUS_START ends in 0 or 5, the nearest one."""
    age = _age(born)
    years = age - (age + 2) // 5 * 5
    if born.month == 2 and born.day == 29:
        born = born.replace(day=28)
    return born.replace(year=born.year + years)


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
