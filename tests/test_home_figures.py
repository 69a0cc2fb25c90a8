"""The Beranda's figures, each worked out by hand on a small office, and held against the
Progres rows they must agree with."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from models.assignment.assign import assign, sls_versions
from models.officers.queries import assignment_summary
from models.overview.home import BEHIND_LEVELS, BehindRow, HomeFigures, home_figures
from models.persons.day_counts import recount
from models.progress.facts import load_facts
from models.progress.summary import ProgressLevel, progress_view
from models.recon.run import run_reconciliation
from models.schedule.calendar import Window
from models.schedule.settings import load_calendar, save_calendar
from models.schedule.standing import ScheduleStatus as S
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import FieldResult, ImportBatch, ImportKind, OnlineSubmission, SlsRecap
from models.schema.officers import Officer, OfficerRole, OfficerStatus, Team, TeamMember
from tests.builders import SmallCity, nik, set_office_codes
from tests.recon_cases import P, add_batch, nik_of

# March 2026, Monday to Saturday, Wednesday the 11th a holiday. The office's field window
# has 10 working days (2-13 March), Dua's own 10 (9-20 March); data up to Tuesday the 10th:
# 8 of the office's days (share 0.8), 2 of Dua's (0.2).
OFFICE = Window(date(2026, 3, 2), date(2026, 3, 13))
DUA = Window(date(2026, 3, 9), date(2026, 3, 20))
HOLIDAY = date(2026, 3, 11)


def d(day: int) -> date:
    return date(2026, 3, day)


@dataclass
class Office:
    satu: int
    dua: int
    kel_s1: int
    kel_s2: int
    kel_d1: int
    sls: list[int]
    teams: list[int]


def _batch(session: Session, kind: ImportKind) -> int:
    batch = ImportBatch(kind=kind, file_name=f"{kind.value}.xlsx", file_sha256="0" * 64,
                        imported_at=datetime(2026, 3, 10, 18))
    session.add(batch)
    session.flush()
    return batch.id


def _households(session: Session, batch: int, sls_id: int, day: date, count: int,
                first: int) -> None:
    """`count` households found on `day`, one person each (serials from `first`)."""
    session.execute(insert(FieldResult), [{
        "batch_id": batch, "natural_key": nik_of(serial), "nik": nik_of(serial),
        "kk": f"63710{serial:011d}", "name": f"Warga {serial}", "sls_id": sls_id,
        "visited_at": datetime(day.year, day.month, day.day, 14)}
        for serial in range(first, first + count)])


def _online(session: Session, batch: int, sls_id: int | None, day: date, count: int,
            first: int) -> None:
    session.execute(insert(OnlineSubmission), [{
        "batch_id": batch, "natural_key": nik_of(serial, female=True),
        "nik": nik_of(serial, female=True), "name": f"Daring {serial}", "sls_id": sls_id,
        "submitted_at": datetime(day.year, day.month, day.day, 9)}
        for serial in range(first, first + count)])


@pytest.fixture
def office(db) -> Office:  # type: ignore[no-untyped-def]
    """Satu: kelurahan S1 (SLS 1: 20 households, SLS 2: 10) and S2 (SLS 3: 10); Dua, with
    its own window: D1 (SLS 4: 10, SLS 5: 20, and SLS 6, no longer in the master).
    Tim 01: Ahmad (SLS 1) and Budi (SLS 2); Tim 02: Citra (SLS 3) and Dedi (SLS 4); SLS 5
    has nobody. Eka is a PPL no longer active."""
    with db.session() as session:
        set_office_codes(session)
        satu = Kecamatan(bps_code="6371010", name="Satu")
        dua = Kecamatan(bps_code="6371020", name="Dua")
        session.add_all([satu, dua])
        session.flush()
        s1 = Kelurahan(kecamatan_id=satu.id, bps_code="6371010001", name="Kel S1")
        s2 = Kelurahan(kecamatan_id=satu.id, bps_code="6371010002", name="Kel S2")
        d1 = Kelurahan(kecamatan_id=dua.id, bps_code="6371020001", name="Kel D1")
        session.add_all([s1, s2, d1])
        session.flush()
        sls = [Sls(kelurahan_id=kel.id, bps_code=f"{kel.bps_code}{n:04d}00", name=f"RT {n:03d}",
                   expected_households=hh, expected_population=hh * 4, active=n != 6)
               for n, kel, hh in ((1, s1, 20), (2, s1, 10), (3, s2, 10), (4, d1, 10),
                                  (5, d1, 20), (6, d1, 10))]
        session.add_all(sls)
        ppl = [Officer(nik=nik(10 + i), name=name, role=OfficerRole.PPL)
               for i, name in enumerate(["Ahmad", "Budi", "Citra", "Dedi"])]
        gone = Officer(nik=nik(20), name="Eka", role=OfficerRole.PPL,
                       status=OfficerStatus.NONAKTIF)
        pml = [Officer(nik=nik(30 + i), name=f"Pengawas {i + 1}", role=OfficerRole.PML)
               for i in range(2)]
        session.add_all([*ppl, gone, *pml])
        session.flush()
        teams = [Team(code=f"T0{i + 1}", name=f"Tim 0{i + 1}", pml_id=pml[i].id)
                 for i in range(2)]
        session.add_all(teams)
        session.flush()
        session.add_all(TeamMember(team_id=teams[i // 2].id, officer_id=o.id)
                        for i, o in enumerate(ppl))
        session.commit()
        ids = [s.id for s in sls]
        assign(session, {ids[i]: ppl[i].id for i in range(4)}, sls_versions(session, ids[:4]),
               "uji")
        field = _batch(session, ImportKind.LAPANGAN)
        # SLS 1 by recap: 6 on the 4th, 12 on the 9th, 14 on the 10th (risen that day)
        session.add_all([SlsRecap(sls_id=ids[0], report_date=d(day), households_found=n)
                         for day, n in ((4, 6), (9, 12), (10, 14))])
        _households(session, field, ids[1], d(3), 10, 100)  # SLS 2: all 10 on the 3rd
        # SLS 3: results 2 on the 5th and 1 on the 10th, but a recap of 4 on the 9th is
        # larger on both days: nothing rose on the 10th
        _households(session, field, ids[2], d(5), 2, 200)
        _households(session, field, ids[2], d(10), 1, 210)
        session.add(SlsRecap(sls_id=ids[2], report_date=d(9), households_found=4))
        _households(session, field, ids[3], d(10), 2, 300)  # SLS 4: 2 on the 10th
        _households(session, field, ids[5], d(12), 5, 600)  # SLS 6: not in the master
        online = _batch(session, ImportKind.ONLINE)
        _online(session, online, ids[0], d(3), 20, 1)
        _online(session, online, ids[3], d(10), 10, 100)
        _online(session, online, None, d(6), 1, 500)  # area unknown: counts in the total
        recount(session, ImportKind.LAPANGAN)
        recount(session, ImportKind.ONLINE)
        session.commit()
        return Office(satu.id, dua.id, s1.id, s2.id, d1.id, ids, [t.id for t in teams])


def _schedule(db, office: Office) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        save_calendar(session, replace(
            load_calendar(session), online=OFFICE, field=OFFICE,
            kecamatan_field={office.dua: DUA}, holidays=frozenset({HOLIDAY}),
            behind_pct=5.0, far_behind_pct=15.0))


def _figures(db) -> HomeFigures:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return home_figures(session)


def test_figures_against_the_schedule(db, office) -> None:  # type: ignore[no-untyped-def]
    _schedule(db, office)
    home = _figures(db)
    # the last day with data among the SLS of the master: SLS 6's 12th does not count
    assert home.day == d(10)
    # found: 14 (recap) + 10 + 4 (the recap beats the results' 3) + 2 + 0 of 70
    assert (home.field_target, home.households_found) == (70, 30)
    # expected: 0.8 of 20, 10, 10 in Satu (16 + 8 + 8) and 0.2 of 10, 20 in Dua (2 + 4)
    assert home.expected_today == 38 and home.scheduled
    assert home.field_gap == 8 and home.field_gap_points == pytest.approx(800 / 70)
    assert home.field_status is S.TERTINGGAL and home.on_schedule is False  # 11.4 points
    # online: 20 % of 280 persons is 56, 0.8 of it 44.8; 31 filled, one of them outside
    assert (home.online_target, home.online_persons, home.expected_online_today) == (56, 31, 45)
    assert home.online_status is S.JAUH_TERTINGGAL  # 14 of 56: 25 points
    # Ahmad's SLS 1 rose on the 10th (12 -> 14), Dedi's SLS 4 (0 -> 2); not Citra's SLS 3
    assert (home.ppl_active_today, home.ppl_total) == (2, 4)  # Eka is not active
    assert (home.sls_unassigned, home.sls_total) == (1, 5)  # SLS 5; SLS 6 is not counted
    # furthest behind, worst first within each level, in points of each row's target:
    # Dua 2 of 30 against 6 (13.3), Satu 28 of 40 against 32 (10); S2 4 of 10 against 8
    # (40), D1 as Dua; Tim 02 6 of 20 against 10 (20). S1 (24 of 30 against 24) and
    # Tim 01 (the same SLS) are on schedule.
    assert [(r.level, r.name, r.status) for r in home.behind] == [
        (ProgressLevel.KECAMATAN, "Dua", S.TERTINGGAL),
        (ProgressLevel.KECAMATAN, "Satu", S.TERTINGGAL),
        (ProgressLevel.KELURAHAN, "Kel S2", S.JAUH_TERTINGGAL),
        (ProgressLevel.KELURAHAN, "Kel D1", S.TERTINGGAL),
        (ProgressLevel.TIM, "Tim 02", S.JAUH_TERTINGGAL)]
    dua, satu, s2 = home.behind[:3]
    assert (dua.code, dua.level_label, dua.status_label) == ("6371020", "Kecamatan", "tertinggal")
    assert dua.achieved_pct == pytest.approx(200 / 30) and dua.expected_pct == pytest.approx(20)
    assert dua.gap_points == pytest.approx(400 / 30)
    assert satu.gap_points == pytest.approx(10) and s2.gap_points == pytest.approx(40)
    assert home.behind[-1] == BehindRow(ProgressLevel.TIM, office.teams[1], "T02", "Tim 02",
                                        30.0, 50.0, S.JAUH_TERTINGGAL)


def test_the_same_as_the_progres_rows(db, office) -> None:  # type: ignore[no-untyped-def]
    _schedule(db, office)
    _agrees_with_progres(db)


def test_the_demo_city_agrees_with_progres(demo_db) -> None:  # type: ignore[no-untyped-def]
    """1,233 SLS of many sizes against the demo's calendar: the database's sums and rounding
    are Python's."""
    home = _agrees_with_progres(demo_db)
    assert home.scheduled and home.day is not None and home.expected_today > 0
    with demo_db.session() as session:  # and with Penugasan's counts
        assigned = assignment_summary(session)
    assert (home.sls_unassigned, home.sls_total, home.ppl_total) == (
        assigned.sls_unassigned, assigned.sls_total, assigned.ppl_active)


def _agrees_with_progres(db) -> HomeFigures:  # type: ignore[no-untyped-def]
    home = _figures(db)
    with db.session() as session:
        facts = load_facts(session)
    total = progress_view(facts, ProgressLevel.KECAMATAN).total
    assert progress_view(facts, ProgressLevel.KECAMATAN).day == home.day
    assert (total.field_target, total.households_found, total.expected_households_today,
            total.field_status) == (home.field_target, home.households_found,
                                    home.expected_today, home.field_status)
    assert (total.online_target, total.online_persons, total.expected_online_today,
            total.online_status) == (home.online_target, home.online_persons,
                                     home.expected_online_today, home.online_status)
    behind = {(r.level, r.key): r for r in home.behind}
    for level, limit in BEHIND_LEVELS:
        rows = [r for r in progress_view(facts, level).rows
                if r.key != 0 and r.field_status.behind]  # key 0: SLS without a team
        # the most points below the plan first
        rows.sort(key=lambda r: (100 * r.households_found / r.field_target
                                 - 100 * r.expected_households_today / r.field_target, r.key))
        assert [r.key for r in home.behind if r.level is level] == [
            r.key for r in rows[:limit]], level
        for row in rows[:limit]:
            listed = behind[level, row.key]
            assert (listed.status, listed.code, listed.name) == (
                row.field_status, row.code, row.name)
            assert listed.achieved_pct == pytest.approx(
                100 * row.households_found / row.field_target)
            assert listed.expected_pct == pytest.approx(
                100 * row.expected_households_today / row.field_target)
    rose = {ppl.id for sls_id, ppl in facts.ppl_of_sls.items()
            if home.day and sls_id in facts.field
            and facts.field[sls_id].last_rise(home.day) == home.day}
    assert home.ppl_active_today == len(rose)
    return home


def test_before_a_calendar_and_before_any_data(db, office) -> None:  # type: ignore[no-untyped-def]
    plain = _figures(db)  # no calendar saved: nothing is expected, nobody is behind
    assert (plain.households_found, plain.expected_today, plain.scheduled) == (30, 0, False)
    assert plain.field_status is S.TIDAK_DIJADWALKAN and plain.on_schedule is None
    assert plain.online_status is S.TIDAK_DIJADWALKAN and plain.behind == []
    assert plain.ppl_active_today == 2  # rising needs no calendar


def test_an_empty_office(db) -> None:  # type: ignore[no-untyped-def]
    home = _figures(db)
    assert home.day is None and home.behind == []
    assert (home.field_target, home.households_found, home.expected_today) == (0, 0, 0)
    assert home.field_status is S.TANPA_TARGET and home.on_schedule is None
    assert (home.ppl_active_today, home.ppl_total, home.sls_unassigned, home.sls_total) == (
        0, 0, 0, 0)
    assert (home.unreconciled, home.reconciled_before, home.open_reviews) == (0, False, 0)


def test_schedule_met_and_finished(db, office) -> None:  # type: ignore[no-untyped-def]
    # 20 more on SLS 5 and 6 more results on SLS 3 on the 10th (9, above its recap's 4):
    # Dua 22 of 30 against 6, Satu 33 of 40 against 32; the office 55 of 70 against 38
    with db.session() as session:
        field = _batch(session, ImportKind.LAPANGAN)
        _households(session, field, office.sls[4], d(10), 20, 700)
        _households(session, field, office.sls[2], d(10), 6, 800)
        recount(session, ImportKind.LAPANGAN)
        session.commit()
    _schedule(db, office)
    home = _figures(db)
    assert (home.households_found, home.expected_today) == (55, 38)
    assert home.field_status is S.SESUAI and home.on_schedule is True
    assert home.field_gap == -17  # ahead of the plan
    assert home.behind == []
    # Citra's SLS 3 rose too now (4 -> 9), and SLS 5 has nobody
    assert home.ppl_active_today == 3


def test_reconciliation_figures(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
    ids, codes = city.sls_ids, [s.bps_code for s in city.sls]
    other_kk = "6371040202200002"
    with db.session() as session:
        add_batch(session, ImportKind.ONLINE, [
            P(1, "AHMAD FAUZI"), P(2, "RINA", female=True, sls=0),
            P(4, "ABDUL KADIR", kk=other_kk),
            P(9, "NIK RUSAK", nik="6371040101900000")], ids, codes)  # online: tidak valid
        add_batch(session, ImportKind.LAPANGAN, [
            P(1, "BUDIMAN SANTOSO"),  # beda
            P(2, "RINA", female=True, sls=3),  # pindah
            P(3, "TANPA IDENTITAS", nik=None, kk=None),  # tidak valid
            P(4, "ABDUL KADIR", kk=other_kk), P(4, "ABD KADIR", nik=None, sls=1, kk=other_kk),
        ], ids, codes)  # the second Abdul Kadir: ganda
    before = _figures(db)
    assert (before.unreconciled, before.reconciled_before) == (9, False)  # never matched
    assert before.open_reviews == 0
    with db.session() as session:
        report = run_reconciliation(session, by="uji")
    counts = {c.value: n for c, n in report.counts.items()}
    assert (counts["beda"], counts["pindah"], counts["ganda"], counts["tidak_valid"]) == (
        1, 1, 1, 2)
    after = _figures(db)
    assert (after.unreconciled, after.reconciled_before) == (0, True)
    assert after.open_reviews == 3  # beda, pindah, ganda
    with db.session() as session:
        add_batch(session, ImportKind.ONLINE, [P(20, "BARU SATU"), P(21, "BARU DUA")], ids,
                  codes, name="baru.xlsx")
    assert _figures(db).unreconciled == 2
