"""Progress per area, officer and day: online share against target, field completion, week."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from models.assignment.assign import assign, sls_versions
from models.persons.day_counts import recount
from models.progress.facts import load_facts
from models.progress.summary import OUTSIDE, ProgressLevel, daily_series, progress_view
from models.schema.batches import (
    FieldResult,
    ImportBatch,
    ImportKind,
    OnlineSubmission,
    SlsRecap,
)
from models.schema.officers import Assignment, Officer, OfficerRole
from tests.builders import SmallCity, set_office_codes
from tests.recon_cases import nik_of

DAY = date(2020, 3, 20)


def _batch(session: Session, kind: ImportKind) -> int:
    batch = ImportBatch(kind=kind, file_name=f"{kind.value}.xlsx", file_sha256="0" * 64,
                        imported_at=datetime(2020, 3, 25, 9))
    session.add(batch)
    session.flush()
    return batch.id


def _online(session: Session, batch: int, serial: int, sls_id: int | None,
            day: date | None) -> None:
    key = nik_of(serial)
    session.execute(insert(OnlineSubmission), [{
        "batch_id": batch, "natural_key": key, "nik": key, "name": f"Orang {serial}",
        "sls_id": sls_id, "submitted_at": datetime(day.year, day.month, day.day, 10)
        if day else None}])


def _field(session: Session, batch: int, serial: int, kk: str, sls_id: int, day: date) -> None:
    key = nik_of(serial)
    session.execute(insert(FieldResult), [{
        "batch_id": batch, "natural_key": key, "nik": key, "kk": kk, "name": f"Orang {serial}",
        "sls_id": sls_id, "visited_at": datetime(day.year, day.month, day.day, 15)}])


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        city = SmallCity(session, households=(10, 10, 10, 10, 10))  # 40 persons per SLS
        set_office_codes(session)
        s = city.sls_ids
        online = _batch(session, ImportKind.ONLINE)
        # SLS 1: 9 persons, 3 of them in the last week; SLS 2: 2 persons; SLS 4: 8 persons
        for serial in range(1, 7):
            _online(session, online, serial, s[0], date(2020, 3, 5))
        for serial in range(7, 10):
            _online(session, online, serial, s[0], date(2020, 3, 18))
        for serial in (10, 11):
            _online(session, online, serial, s[1], date(2020, 3, 10))
        for serial in range(20, 28):
            _online(session, online, serial, s[3], date(2020, 3, 12))
        _online(session, online, 40, None, None)  # area unknown; no submission time either
        # a newer export of person 1: the old row is kept, replaced, and must not count twice
        newer = _batch(session, ImportKind.ONLINE)
        session.execute(update(OnlineSubmission).where(OnlineSubmission.natural_key == nik_of(1))
                        .values(replaced_by_batch_id=newer))
        _online(session, newer, 1, s[0], date(2020, 3, 5))
        # field: SLS 1 recaps 4 then 6 households; SLS 2's results find 3 households
        session.add_all([SlsRecap(sls_id=s[0], report_date=date(2020, 3, 11), households_found=4),
                         SlsRecap(sls_id=s[0], report_date=date(2020, 3, 19), households_found=6),
                         SlsRecap(sls_id=s[1], report_date=date(2020, 3, 19), households_found=1)])
        field = _batch(session, ImportKind.LAPANGAN)
        for serial, kk, day in ((50, "1", date(2020, 3, 9)), (51, "1", date(2020, 3, 16)),
                                (52, "2", date(2020, 3, 16)), (53, "3", date(2020, 3, 19))):
            _field(session, field, serial, kk.rjust(16, "6"), s[1], day)
        recount(session, ImportKind.ONLINE)  # as an import does after storing its rows
        recount(session, ImportKind.LAPANGAN)
        session.commit()
        assign(session, {s[0]: city.ppl_ids[0], s[1]: city.ppl_ids[0], s[3]: city.ppl_ids[1]},
               sls_versions(session, [s[0], s[1], s[3]]), "uji")
        koseka = Officer(nik=nik_of(99), name="Koseka Utara", role=OfficerRole.KOSEKA)
        session.add(koseka)
        session.flush()
        session.add(Assignment(officer_id=koseka.id, kecamatan_id=city.kec.id))
        session.commit()
    return city


def test_each_area_level_against_target_and_the_week(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        facts = load_facts(session)
    kel = progress_view(facts, ProgressLevel.KELURAHAN, day=DAY)
    alalak_utara, alalak_tengah = kel.rows  # the unknown-area row counts from 25 March on
    assert (alalak_utara.name, alalak_tengah.name) == ("Alalak Utara", "Alalak Tengah")
    # 11 of 120 persons online: below the 20 % target, 13 more are needed
    assert (alalak_utara.online_persons, alalak_utara.expected_population) == (11, 120)
    assert not alalak_utara.online_on_target and alalak_utara.online_short == 13
    assert (alalak_tengah.online_persons, alalak_tengah.expected_population) == (8, 80)
    assert alalak_tengah.online_pct == pytest.approx(10.0)
    # SLS 1's recap (6) plus SLS 2, where the results' 3 households beat the recap's 1
    assert alalak_utara.households_found == 9 and alalak_utara.field_pct == pytest.approx(30.0)
    # a week before 20 March: SLS 1 had 6 online, SLS 2 had 2; SLS 1 recap 4, SLS 2 1 KK
    assert alalak_utara.online_persons_week_ago == 8 and alalak_utara.online_week_change == 3
    assert alalak_utara.households_found_week_ago == 5 and alalak_utara.field_week_change == 4
    assert kel.total.online_persons == 19  # person 1 once
    latest = progress_view(facts, ProgressLevel.KELURAHAN)
    outside = latest.rows[-1]
    assert outside.key == OUTSIDE.id and outside.online_persons == 1
    assert outside.expected_population == 0 and latest.total.online_persons == 20
    sls = progress_view(facts, ProgressLevel.SLS, day=DAY)
    assert [r.sls_count for r in sls.rows] == [1] * 5
    first = progress_view(facts, ProgressLevel.SLS, kelurahan_id=city.kel_a.id, day=DAY)
    assert [r.online_persons for r in first.rows] == [9, 2, 0]  # no outside row inside an area


def test_officer_levels_group_their_areas(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        facts = load_facts(session)
    ppl = {r.name: r for r in progress_view(facts, ProgressLevel.PPL, day=DAY).rows}
    assert ppl["Ahmad"].sls_count == 2 and ppl["Ahmad"].online_persons == 11
    assert ppl["Budi"].online_persons == 8
    assert ppl["(belum ada PPL)"].sls_count == 2
    team = {r.name: r for r in progress_view(facts, ProgressLevel.TIM, day=DAY).rows}
    assert team["Tim 01"].online_persons == 19 and team["Tim 01"].households_found == 9
    assert team["Tim 01"].pml == "Siti Pengawas"  # a column of its own, not in the name
    koseka = progress_view(facts, ProgressLevel.KOSEKA, day=DAY).rows
    assert koseka[0].name == "Koseka Utara" and koseka[0].sls_count == 5


def test_daily_series_accumulates_and_latest_day_is_the_default(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        facts = load_facts(session)
    series = {p.day: p for p in daily_series(facts)}
    assert series[date(2020, 3, 5)].online_persons == 6
    assert series[date(2020, 3, 12)].online_persons == 16
    assert series[date(2020, 3, 16)].households_found == 4 + 2
    # the row without submission time counts from its import day (25 March)
    assert series[date(2020, 3, 25)].online_persons == 20
    assert progress_view(facts, ProgressLevel.KECAMATAN).day == date(2020, 3, 25)
    inside = daily_series(facts, kelurahan_id=city.kel_b.id)
    assert inside[-1].online_persons == 8 and inside[-1].households_found == 0
