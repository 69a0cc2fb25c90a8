"""Quality per PPL, team and area on a hand-made office, with the flags worked out by hand.

The office (tests.builders.SmallCity plus six PPL, all in team T01) has 400 background
households of 4 (2 men, 2 women, no known officer) and these PPL, each in one SLS:

  Ahmad  30 households of 4 over 10 days: normal          -> no flag
  Budi   the same, every age ending in 0 or 5             -> Whipple 500, Myers > 20
  Citra  the same, every birth on 1 January               -> 1 January 100 %, the 1st 100 %
  Dedi   the same, only men                               -> sex ratio infinite
  Eka    30 of 4 and 30 of 1 person over 20 days          -> one-person 50 %, size 2.5
  Fajar  30 households of 4 in one day                    -> 30 a day, colleagues 3
  Gita   normal, days 1-5 and 12-16                        -> a gap of 6 working days
  Hadi   10 persons all born 1 January                    -> too few persons: no flag
  Indah  normal, 5 ganda, 15 pindah, 3 NIK "1234"         -> ganda 4.2 %, pindah 12.5 %,
                                                              NIK tidak sah 2.5 %
Area (the kecamatan): 2,600 persons in 671 households (400 + 7 x 30 + 60 + Hadi's one),
1,360 men per 1,240 women (ratio 109.7), mean size 3.875, one-person share 4.5 %: the
normal PPL (ratio 100, size 4, one-person 0 %) stay within 15 points, 1 person and 15
points of it, while Dedi, Eka and Fajar do not.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from models.ids.nik import compose_nik
from models.quality.counts import reference_day
from models.quality.indices import myers, whipple
from models.quality.measures import Measure, Thresholds
from models.quality.officers import (
    QualityLevel,
    flag_count,
    flagged_records,
    quality_rows,
)
from models.quality.settings import load_thresholds, save_thresholds
from models.recon.run import run_reconciliation
from models.schedule.calendar import Calendar, Window
from models.schedule.settings import save_calendar
from models.schema.batches import FieldResult, ImportBatch, ImportKind
from models.schema.officers import Officer, OfficerRole, TeamMember
from models.schema.recon import PersonMatch, ReconCategory
from tests.builders import SmallCity, nik, set_office_codes

FIELD_START = date(2020, 9, 15)  # a Tuesday; working days Monday to Saturday
CENSUS = FIELD_START


def working_days(number: int) -> list[date]:
    days, day = [], FIELD_START
    while len(days) < number:
        if day.weekday() < 6:
            days.append(day)
        day += timedelta(days=1)
    return days


DAYS = working_days(30)


@dataclass
class Office:
    officers: dict[str, int] = field(default_factory=dict)
    ages: dict[str, Counter[int]] = field(default_factory=dict)
    persons: Counter[str] = field(default_factory=Counter)
    households: Counter[str] = field(default_factory=Counter)
    field_ids: dict[str, list[int]] = field(default_factory=dict)


class Writer:
    def __init__(self, session: Session, batch_id: int) -> None:
        self.session, self.batch_id = session, batch_id
        self.serial = count(1)
        self.kk_serial = count(1)
        self.rows: list[dict[str, object]] = []

    def household(self, officer: int | None, sls_id: int, members: list[tuple[str, date]],
                  day: date | None) -> None:
        kk = f"637104150920{next(self.kk_serial):04d}"
        for sex, born in members:
            serial = next(self.serial)
            key = f"T{serial:07d}"
            self.rows.append({
                "batch_id": self.batch_id, "natural_key": key,
                "nik": compose_nik("637104", born, sex == "P", serial % 9999 + 1), "kk": kk,
                "name": f"Orang {serial}", "sex": sex, "birth_date": born, "sls_id": sls_id,
                "officer_id": officer,
                "visited_at": datetime(day.year, day.month, day.day, 10) if day else None})

    def flush(self) -> None:
        for start in range(0, len(self.rows), 500):
            self.session.execute(insert(FieldResult), self.rows[start:start + 500])
        self.rows = []


def born(age: int, index: int, month_day: tuple[int, int] | None = None) -> date:
    """A birth date `age` completed years before the census day, never on a suspect day:
    2-15 of February to September (all on or before 15 September)."""
    month, day = month_day or (2 + index % 8, 2 + index % 14)
    return date(CENSUS.year - age, month, day)


def normal_members(first: int, *, heaped: bool = False, jan_1: bool = False,
                   men_only: bool = False) -> list[tuple[str, date]]:
    members = []
    for offset in range(4):
        index = first + offset
        age = (index % 16) * 5 if heaped else index % 80
        sex = "L" if men_only or offset % 2 == 0 else "P"
        members.append((sex, born(age, index, (1, 1) if jan_1 else None)))
    return members


def _add_ppl(session: Session, city: SmallCity, names: list[str]) -> list[int]:
    officers = [Officer(nik=nik(50 + i), name=name, role=OfficerRole.PPL,
                        kecamatan_id=city.kec.id) for i, name in enumerate(names)]
    session.add_all(officers)
    session.flush()
    session.add_all(TeamMember(team_id=city.team.id, officer_id=o.id) for o in officers)
    session.flush()
    return [o.id for o in officers]


def build(session: Session) -> Office:
    city = SmallCity(session)
    set_office_codes(session)
    save_calendar(session, Calendar(field=Window(FIELD_START, date(2020, 10, 31))))
    extra = _add_ppl(session, city, ["Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indah"])
    names = ["Ahmad", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indah"]
    office = Office(officers=dict(zip(names, city.ppl_ids + extra, strict=True)))
    batch = ImportBatch(kind=ImportKind.LAPANGAN, file_name="lapangan.xlsx",
                        file_sha256="0" * 64)
    session.add(batch)
    session.flush()
    writer = Writer(session, batch.id)
    sls = city.sls_ids
    for number in range(400):  # the background: 2 men, 2 women each, no known officer
        writer.household(None, sls[number % 5], normal_members(number * 4), None)
    gita_days = DAYS[0:5] + DAYS[11:16]
    for place, name in enumerate(names):
        officer = office.officers[name]
        ages: Counter[int] = Counter()
        households: list[tuple[list[tuple[str, date]], date]] = []
        if name == "Hadi":
            members = [("L" if i % 2 else "P", born(30 + i, i, (1, 1))) for i in range(10)]
            households.append((members, DAYS[0]))
        else:
            for number in range(30):
                members = normal_members(number * 4, heaped=name == "Budi",
                                         jan_1=name == "Citra", men_only=name == "Dedi")
                day = (DAYS[0] if name == "Fajar" else gita_days[number // 3] if name == "Gita"
                       else DAYS[number // 3])
                households.append((members, day))
            if name == "Eka":
                for number in range(30):
                    sex = "L" if number % 2 else "P"
                    households.append(([(sex, born(20 + number, number))],
                                       DAYS[10 + number // 3]))
        for members, day in households:
            writer.household(officer, sls[place % 5], members, day)
            for _sex, birth in members:
                age = CENSUS.year - birth.year - ((birth.month, birth.day) >
                                                   (CENSUS.month, CENSUS.day))
                ages[age] += 1
        office.ages[name] = ages
        office.persons[name] = sum(len(m) for m, _d in households)
        office.households[name] = len(households)
    writer.flush()
    indah = office.officers["Indah"]
    ids = session.scalars(select(FieldResult.id).where(FieldResult.officer_id == indah)
                          .order_by(FieldResult.id)).all()
    office.field_ids["Indah"] = list(ids)
    for field_id in ids[20:23]:  # stored before the NIK rules: the recon finds them
        session.get(FieldResult, field_id).nik = "1234"  # type: ignore[union-attr]
    session.commit()
    run_reconciliation(session, full=True, by="penguji")
    assert session.scalar(select(func.count()).select_from(PersonMatch).where(
        PersonMatch.category == ReconCategory.TIDAK_VALID)) == 3
    # no online source here: the ganda and pindah as a run with SP Online would mark them
    for position, field_id in enumerate(ids[:20]):
        session.execute(update(PersonMatch).where(PersonMatch.field_id == field_id).values(
            category=ReconCategory.GANDA if position < 5 else ReconCategory.PINDAH))
    session.commit()
    return office


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return build(session)


EXPECTED = {
    "Ahmad": set(),
    "Budi": {Measure.WHIPPLE, Measure.MYERS},
    "Citra": {Measure.JAN_1, Measure.FIRST_OF_MONTH},
    "Dedi": {Measure.SEX_RATIO},
    "Eka": {Measure.ONE_PERSON_SHARE, Measure.HOUSEHOLD_SIZE},
    "Fajar": {Measure.PACE},
    "Gita": {Measure.LONG_GAP},
    "Hadi": set(),
    "Indah": {Measure.DUPLICATES, Measure.PINDAH, Measure.INVALID_NIK},
}


def _by_name(rows):  # type: ignore[no-untyped-def]
    return {row.name: row for row in rows}


def test_flags_per_ppl(db, office: Office) -> None:
    with db.session() as session:
        rows = _by_name(quality_rows(session))
    assert set(rows) == set(EXPECTED)
    for name, flags in EXPECTED.items():
        assert set(rows[name].flags) == flags, name
    with db.session() as session:
        assert flag_count(session) == sum(len(flags) for flags in EXPECTED.values())


def test_values_per_ppl(db, office: Office) -> None:
    with db.session() as session:
        rows = _by_name(quality_rows(session))
    budi, citra, dedi, eka = rows["Budi"], rows["Citra"], rows["Dedi"], rows["Eka"]
    assert budi.values[Measure.WHIPPLE] == pytest.approx(500)
    assert budi.values[Measure.MYERS] == pytest.approx(myers(office.ages["Budi"]))
    assert budi.values[Measure.MYERS] > 20
    assert rows["Ahmad"].values[Measure.WHIPPLE] == pytest.approx(whipple(office.ages["Ahmad"]))
    assert rows["Ahmad"].values[Measure.WHIPPLE] < 105
    assert citra.values[Measure.JAN_1] == pytest.approx(100)
    assert citra.values[Measure.AUG_17] == pytest.approx(0)
    assert dedi.values[Measure.SEX_RATIO] == math.inf
    assert rows["Ahmad"].values[Measure.SEX_RATIO] == pytest.approx(100)
    # the kecamatan: background, six PPL of 2 + 2, Dedi, Eka's households and singles, Hadi
    men = 800 + 60 * 6 + 120 + 60 + 15 + 5
    women = 800 + 60 * 6 + 0 + 60 + 15 + 5
    assert dedi.area_values[Measure.SEX_RATIO] == pytest.approx(men / women * 100)
    assert eka.persons == 150 and eka.households == 60
    assert eka.values[Measure.HOUSEHOLD_SIZE] == pytest.approx(2.5)
    assert eka.values[Measure.ONE_PERSON_SHARE] == pytest.approx(50)
    households = 400 + 7 * 30 + 60 + 1
    persons = 1600 + 7 * 120 + 150 + 10
    assert eka.area_values[Measure.HOUSEHOLD_SIZE] == pytest.approx(persons / households)
    assert eka.area_values[Measure.ONE_PERSON_SHARE] == pytest.approx(30 / households * 100)
    assert rows["Fajar"].values[Measure.PACE] == pytest.approx(30)
    assert rows["Fajar"].area_values[Measure.PACE] == pytest.approx(3)
    assert rows["Gita"].values[Measure.LONG_GAP] == pytest.approx(6)
    assert rows["Ahmad"].values[Measure.LONG_GAP] == pytest.approx(0)
    indah = rows["Indah"]
    assert indah.values[Measure.DUPLICATES] == pytest.approx(5 / 120 * 100)
    assert indah.values[Measure.PINDAH] == pytest.approx(15 / 120 * 100)
    assert indah.values[Measure.INVALID_NIK] == pytest.approx(3 / 120 * 100)
    hadi = rows["Hadi"]
    assert hadi.values[Measure.JAN_1] == pytest.approx(100) and not hadi.flags
    assert rows["Ahmad"].team_name == "Tim 01"
    assert rows["Ahmad"].area_name == "Banjarmasin Utara"


def test_thresholds_edges(db, office: Office) -> None:
    """A value equal to its threshold does not flag; one point less does; the minimum of
    persons decides whether a small officer is judged at all."""
    with db.session() as session:
        at = _by_name(quality_rows(session, thresholds=Thresholds(jan_1=100.0)))
        below = _by_name(quality_rows(session, thresholds=Thresholds(jan_1=99.9)))
        small = _by_name(quality_rows(session, thresholds=Thresholds(min_persons=10)))
        fewer = _by_name(quality_rows(session, thresholds=Thresholds(min_persons=11)))
        pace = _by_name(quality_rows(session, thresholds=Thresholds(pace=10.0)))
        gap = _by_name(quality_rows(session, thresholds=Thresholds(long_gap=6.0)))
    assert Measure.JAN_1 not in at["Citra"].flags
    assert Measure.JAN_1 in below["Citra"].flags
    assert Measure.JAN_1 in small["Hadi"].flags
    assert Measure.JAN_1 not in fewer["Hadi"].flags
    assert Measure.PACE not in pace["Fajar"].flags  # 30 = 10 x 3: not over
    assert Measure.LONG_GAP not in gap["Gita"].flags


def test_roll_up_sums_counts(db, office: Office) -> None:
    """The team's indices come from its members' summed counts, not from their indices."""
    with db.session() as session:
        ppl = quality_rows(session)
        team = quality_rows(session, QualityLevel.TIM)
        kelurahan = quality_rows(session, QualityLevel.KELURAHAN)
        kecamatan = quality_rows(session, QualityLevel.KECAMATAN)
    assert len(team) == 1
    assert team[0].persons == sum(row.persons for row in ppl)
    assert team[0].households == sum(row.households for row in ppl)
    summed: Counter[int] = Counter()
    for ages in office.ages.values():
        summed.update(ages)
    assert team[0].values[Measure.WHIPPLE] == pytest.approx(whipple(summed))
    assert team[0].values[Measure.MYERS] == pytest.approx(myers(summed))
    assert team[0].values[Measure.WHIPPLE] != pytest.approx(
        sum(row.values[Measure.WHIPPLE] for row in ppl) / len(ppl))
    assert team[0].values[Measure.PACE] == pytest.approx(
        sum(office.households.values()) / (10 * 6 + 20 + 1 + 1))  # officer-days
    assert len(kecamatan) == 1 and kecamatan[0].persons == 1600 + 7 * 120 + 150 + 10
    assert sum(row.persons for row in kelurahan) == kecamatan[0].persons
    assert kecamatan[0].area_name == "seluruh wilayah"
    assert {row.code for row in kelurahan} == {"6371040001", "6371040002"}


def test_flagged_records(db, office: Office) -> None:
    with db.session() as session:
        ids = office.officers
        citra = flagged_records(session, officer_id=ids["Citra"], measure=Measure.JAN_1)
        assert len(citra) == 120
        assert all(r.birth_date and (r.birth_date.month, r.birth_date.day) == (1, 1)
                   for r in citra)
        assert citra[0].nik.count("*") == 10 and citra[0].kk.count("*") == 10
        budi = flagged_records(session, officer_id=ids["Budi"], measure=Measure.WHIPPLE)
        assert budi and all(r.age is not None and 23 <= r.age <= 62 and r.age % 5 == 0
                            for r in budi)
        assert len(budi) == sum(n for age, n in office.ages["Budi"].items() if 23 <= age <= 62)
        ahmad = flagged_records(session, officer_id=ids["Ahmad"], measure=Measure.WHIPPLE)
        assert len(ahmad) == sum(n for age, n in office.ages["Ahmad"].items()
                                 if 23 <= age <= 62 and age % 5 == 0)
        dedi = flagged_records(session, officer_id=ids["Dedi"], measure=Measure.SEX_RATIO)
        assert len(dedi) == 120 and {r.sex.value for r in dedi if r.sex} == {"L"}
        eka = flagged_records(session, officer_id=ids["Eka"], measure=Measure.ONE_PERSON_SHARE)
        assert len(eka) == 30
        indah = flagged_records(session, officer_id=ids["Indah"], measure=Measure.DUPLICATES)
        assert sorted(r.id for r in indah) == office.field_ids["Indah"][:5]
        invalid = flagged_records(session, officer_id=ids["Indah"],
                                  measure=Measure.INVALID_NIK)
        assert sorted(r.id for r in invalid) == office.field_ids["Indah"][20:23]
        gita = flagged_records(session, officer_id=ids["Gita"], measure=Measure.LONG_GAP)
        assert {r.visited_on for r in gita} == {DAYS[4], DAYS[11]}
        fast = flagged_records(session, officer_id=ids["Fajar"], measure=Measure.PACE, limit=7)
        assert len(fast) == 7 and {r.visited_on for r in fast} == {DAYS[0]}
        assert not flagged_records(session, officer_id=ids["Ahmad"],
                                   measure=Measure.SAME_BIRTH_IN_HOUSEHOLD)


def test_same_birth_in_household(db) -> None:
    """Four members of one household, three on the same date: two repeat a date already
    given, 2 of 4 members = 50 %."""
    with db.session() as session:
        city = SmallCity(session)
        batch = ImportBatch(kind=ImportKind.LAPANGAN, file_name="l.xlsx", file_sha256="0" * 64)
        session.add(batch)
        session.flush()
        writer = Writer(session, batch.id)
        same = date(1990, 5, 5)
        writer.household(city.ppl_ids[0], city.sls_ids[0],
                         [("L", same), ("P", same), ("L", same), ("P", date(1992, 3, 3))],
                         DAYS[0])
        writer.flush()
        session.commit()
        row = quality_rows(session)[0]
        assert row.values[Measure.SAME_BIRTH_IN_HOUSEHOLD] == pytest.approx(50)
        records = flagged_records(session, officer_id=city.ppl_ids[0],
                                  measure=Measure.SAME_BIRTH_IN_HOUSEHOLD)
        assert len(records) == 3 and {r.birth_date for r in records} == {same}


def test_reference_day_without_calendar(db) -> None:
    """No field window: ages count at the median visit day."""
    with db.session() as session:
        city = SmallCity(session)
        batch = ImportBatch(kind=ImportKind.LAPANGAN, file_name="l.xlsx", file_sha256="0" * 64)
        session.add(batch)
        session.flush()
        writer = Writer(session, batch.id)
        for number, day in enumerate([DAYS[0], DAYS[1], DAYS[5]]):
            writer.household(city.ppl_ids[0], city.sls_ids[0], [("L", born(30, number))], day)
        writer.flush()
        session.commit()
        assert reference_day(session) == DAYS[1]


def test_empty_office(db) -> None:
    with db.session() as session:
        assert quality_rows(session) == []
        assert quality_rows(session, QualityLevel.KECAMATAN) == []
        assert flag_count(session) == 0


def test_flag_count_follows_the_data(db, office: Office) -> None:
    """flag_count answers from memory only while nothing it depends on changed: a new
    thresholds version and a new import batch are both seen."""
    expected = sum(len(flags) for flags in EXPECTED.values())
    with db.session() as session:
        assert flag_count(session) == expected
        save_thresholds(session, replace(load_thresholds(session), whipple=500.0))
    with db.session() as session:
        assert flag_count(session) == expected - 1  # Budi's 500 is no longer over it
        batch = ImportBatch(kind=ImportKind.LAPANGAN, file_name="lagi.xlsx",
                            file_sha256="1" * 64)
        session.add(batch)
        session.flush()
        writer = Writer(session, batch.id)
        writer.serial = count(10_000)
        for number in range(25):
            writer.household(office.officers["Ahmad"], None,  # type: ignore[arg-type]
                             normal_members(number * 4, jan_1=True), None)
        writer.flush()
        session.commit()
    with db.session() as session:
        assert flag_count(session) > expected - 1
        ahmad = _by_name(quality_rows(session))["Ahmad"]
    assert ahmad.persons == 220 and Measure.JAN_1 in ahmad.flags
