"""Reminders per team: the PPL lines worked out by hand, the chat text, the one-page PDF."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from models.assignment.assign import assign, sls_versions
from models.office.profile import get_profile, role_labels
from models.overview.reminder_pdf import write_reminder_pdf, write_reminder_pdfs
from models.overview.reminders import (
    SheetKind,
    TeamSheet,
    chat_safe,
    chat_text,
    team_sheets,
)
from models.persons.day_counts import recount
from models.persons.recap import RecapEntry, save_recaps
from models.recon.run import run_reconciliation
from models.schedule.calendar import Window
from models.schedule.settings import load_calendar, save_calendar
from models.schedule.standing import ScheduleStatus as S
from models.schema.batches import FieldResult, ImportKind, OnlineSubmission
from models.schema.office import OfficeProfile
from models.schema.officers import Assignment, Officer, OfficerRole, Team, TeamMember
from tests.builders import SmallCity, nik, set_office_codes
from tests.recon_cases import P, add_batch

# March 2026, Mon-Sat working days: the window's 10 are the 2nd-7th and 9th-12th
WINDOW = Window(date(2026, 3, 2), date(2026, 3, 12))
DAY = date(2026, 3, 7)  # the last day with data: 6 of 10 working days, 60 % planned


def d(day: int) -> date:
    return date(2026, 3, day)


def _recap(code: str, day: date, households: int) -> tuple[RecapEntry, None]:
    persons = households * 3
    return RecapEntry(code, day, households, persons, persons - persons // 2, persons // 2), None


def _person(serial: int, sls: int) -> P:
    return P(serial, f"WARGA {'ABCDEFG'[serial - 1]}", born=date(1970 + serial, 1, serial),
             kk=f"637104010120000{serial}", sls=sls)


def build(session, *, names: dict[str, str] | None = None) -> SmallCity:  # type: ignore[no-untyped-def]
    """Two teams. Tim 01 (Siti): Ahmad SLS 1-2, Budi SLS 3, Citra SLS 4; Tim 02 (Rudi):
    Dewi SLS 5. Every SLS expects 10 households; one Koseka over the kecamatan."""
    set_office_codes(session)
    city = SmallCity(session, households=(10, 10, 10, 10, 10))
    pml2 = Officer(nik=nik(2), name="Rudi Pengawas", role=OfficerRole.PML,
                   kecamatan_id=city.kec.id)
    dewi = Officer(nik=nik(20), name="Dewi", role=OfficerRole.PPL, kecamatan_id=city.kec.id)
    koseka = Officer(nik=nik(30), name="Koseka Utara", role=OfficerRole.KOSEKA,
                     kecamatan_id=city.kec.id)
    session.add_all([pml2, dewi, koseka])
    session.flush()
    team2 = Team(code="T02", name="Tim 02", kecamatan_id=city.kec.id, pml_id=pml2.id)
    session.add(team2)
    session.flush()
    session.add_all([TeamMember(team_id=team2.id, officer_id=dewi.id),
                     Assignment(officer_id=koseka.id, kecamatan_id=city.kec.id)])
    for officer in (*city.ppl, city.pml):
        officer.name = (names or {}).get(officer.name, officer.name)
    session.commit()
    city.dewi_id, city.pml2_id, city.koseka_id = dewi.id, pml2.id, koseka.id  # type: ignore[attr-defined]
    s = city.sls_ids
    ahmad, budi, citra = city.ppl_ids
    assign(session, {s[0]: ahmad, s[1]: ahmad, s[2]: budi, s[3]: citra, s[4]: dewi.id},
           sls_versions(session, s), "uji")
    save_calendar(session, replace(load_calendar(session), field=WINDOW, inactive_days=3))
    code = [area.bps_code for area in city.sls]
    save_recaps(session, [
        _recap(code[0], d(3), 3), _recap(code[0], d(6), 5),  # Ahmad: 5 + 5 of 20
        _recap(code[1], d(7), 5),
        _recap(code[2], d(2), 2),  # Budi: 2 on Monday, nothing since
        _recap(code[3], d(7), 10),  # Citra: done
        _recap(code[4], d(5), 5), _recap(code[4], d(7), 7),  # Dewi: 7
    ], entered_by="uji")
    # online: 4 persons in SLS 1 (one of them found in the field), 1 in SLS 2, 2 in SLS 3
    online = [_person(n, sls) for n, sls in ((1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (6, 2),
                                               (7, 2))]
    add_batch(session, ImportKind.ONLINE, online, s, code)
    add_batch(session, ImportKind.LAPANGAN, [_person(1, 0)], s, code)
    session.execute(update(OnlineSubmission).values(submitted_at=datetime(2026, 3, 5, 10)))
    session.execute(update(FieldResult).values(visited_at=datetime(2026, 3, 3, 15)))
    recount(session, ImportKind.ONLINE)
    recount(session, ImportKind.LAPANGAN)
    session.commit()
    run_reconciliation(session, by="uji")
    return city


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return build(session)


def _by_name(sheet: TeamSheet) -> dict[str, object]:
    return {line.name: line for line in sheet.lines}


def test_team_lines_worked_out_by_hand(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        sheets = team_sheets(session)
    assert [(s.kind, s.title) for s in sheets] == [
        (SheetKind.TEAM, "Tim 01"), (SheetKind.TEAM, "Tim 02"),
        (SheetKind.KOSEKA, "Kecamatan Banjarmasin Utara")]
    one = sheets[0]
    assert one.day == DAY and one.leader == "Siti Pengawas"
    # worst first: Budi far behind (2 of 10 against 6: 40 points), Ahmad behind (10 of 20
    # against 12: 10 points), Citra done
    assert [line.name for line in one.lines] == ["Budi", "Ahmad", "Citra"]
    budi, ahmad, citra = one.lines
    assert (budi.status, budi.households_found, budi.households_target,
            budi.expected_today) == (S.JAUH_TERTINGGAL, 2, 10, 6)
    # nothing new since Monday: the 3rd-7th are five working days
    assert (budi.idle_days, budi.last_gain) == (5, d(2))
    assert (ahmad.status, ahmad.households_found, ahmad.expected_today) == (S.TERTINGGAL, 10, 12)
    assert (ahmad.sls_count, ahmad.sls_done, ahmad.inactive) == (2, 0, False)
    assert (citra.status, citra.sls_done, citra.households_left) == (S.SELESAI, 1, 0)
    # hanya online: SLS 1 three (person 1 was found), SLS 2 one; Budi's SLS 3 two
    assert (ahmad.online_only, budi.online_only, citra.online_only) == (4, 2, 0)
    # the team: 22 of 40 against 24, 5 points: exactly at the threshold is still on track
    assert (one.households_found, one.households_target, one.expected_today) == (22, 40, 24)
    assert one.status is S.SESUAI and (one.sls_done, one.sls_count, one.online_only) == (1, 4, 6)
    # gains 2, 3, 0, 0, 2, 15 on the 2nd-7th: 18 to go at 22 per 6 days is 5 working days,
    # the 13th, a day after the window
    assert one.forecast is not None and one.forecast.day == d(13)
    assert not one.forecast.finishes_in_window
    two = sheets[1]
    assert [(line.name, line.status) for line in two.lines] == [("Dewi", S.SESUAI)]
    koseka = sheets[2]
    assert koseka.leader == "Koseka Utara"
    assert [line.name for line in koseka.lines] == ["Budi", "Ahmad", "Dewi", "Citra"]
    assert koseka.households_found == 29 and koseka.online_only == 6


def test_one_pml_or_one_koseka(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        mine = team_sheets(session, pml_id=city.pml2_id)
        koseka = team_sheets(session, koseka_id=city.koseka_id)
        nobody = team_sheets(session, pml_id=city.ppl_ids[0])
    assert [s.title for s in mine] == ["Tim 02"]
    assert [(s.kind, s.leader) for s in koseka] == [(SheetKind.KOSEKA, "Koseka Utara")]
    assert nobody == []


def test_chat_text_has_the_figures_and_no_nik(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        sheets = team_sheets(session)
        labels = role_labels(get_profile(session))
        niks = [o.nik for o in session.query(Officer)]
    text = chat_text(sheets[0], labels=labels, day=sheets[0].day)
    assert text.splitlines() == [
        "*Tim 01 — PML: Siti Pengawas*",
        "Keadaan 7 Mar 2026: 22 dari 40 ruta (55 %), seharusnya 60 %.",
        "SLS selesai: 1 dari 4.",
        "Jauh tertinggal: Budi (20 %, target hari ini 60 %).",
        "Tertinggal: Ahmad (50 %, target hari ini 60 %).",
        "Tidak aktif: Budi 5 hari (terakhir 2 Mar 2026).",
        "Hanya online, perlu dikunjungi: 6 orang (Ahmad 4, Budi 2).",
        "Sesuai jadwal atau selesai: 1 dari 3 PPL.",
        "Perkiraan selesai: 13 Mar 2026 (lewat jadwal).",
        "Mohon yang tertinggal dan tidak aktif segera melapor ke PML.",
    ]
    assert all(n not in text for n in niks if n)
    koseka = chat_text(sheets[2], labels=labels)
    assert koseka.startswith("*Koseka Koseka Utara — Kecamatan Banjarmasin Utara*\n")
    assert "Keadaan 7 Mar 2026: 29 dari 50 ruta (58 %), seharusnya 60 %." in koseka


def test_without_a_field_window_the_lowest_shares_are_named(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        save_calendar(session, replace(load_calendar(session), field=None))
        sheet = team_sheets(session)[0]
        text = chat_text(sheet, labels=role_labels(get_profile(session)))
    assert not sheet.scheduled and sheet.lines[0].status is S.TIDAK_DIJADWALKAN
    assert text.splitlines() == [
        "*Tim 01 — PML: Siti Pengawas*",
        "Keadaan 7 Mar 2026: 22 dari 40 ruta (55 %).",
        "SLS selesai: 1 dari 4.",
        "Capaian terendah: Budi (20 %), Ahmad (50 %).",
        "Hanya online, perlu dikunjungi: 6 orang (Ahmad 4, Budi 2).",
        "Selesai: 1 dari 3 PPL.",
    ]


def test_thousands_and_a_long_team_stay_short(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        sheet = team_sheets(session)[0]
        labels = role_labels(get_profile(session))
    many = [replace(sheet.lines[0], officer_id=900 + n, name=f"Petugas {n:02d}") for n in range(12)]
    big = replace(sheet, lines=many, households_found=1234, households_target=1500)
    text = chat_text(big, labels=labels)
    assert "1.234 dari 1.500 ruta" in text
    assert "Petugas 04 (20 %, target hari ini 60 %), dan 7 lainnya." in text
    assert len(text.splitlines()) <= 15


def test_sp2020_labels_name_the_roles(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        profile = session.get(OfficeProfile, 1)
        profile.label_ppl, profile.label_pml = "PCL", "Koordinator Tim"
        session.commit()
        sheet = team_sheets(session)[0]
        labels = role_labels(get_profile(session))
    text = chat_text(sheet, labels=labels)
    assert text.startswith("*Tim 01 — Koordinator Tim: Siti Pengawas*")
    assert "1 dari 3 PCL." in text and " PPL" not in text


def test_hostile_names_do_not_break_the_message(db) -> None:  # type: ignore[no-untyped-def]
    hostile = {"Budi": "Budi\n*Santoso*_~`", "Ahmad": f"Ahmad {nik(77)}\r\n> kutip",
               "Siti Pengawas": "Siti *Aminah*\u2028baris"}
    with db.session() as session:
        build(session, names=hostile)
        sheet = team_sheets(session)[0]
        text = chat_text(sheet, labels=role_labels(get_profile(session)))
    lines = text.splitlines()
    assert lines[0] == "*Tim 01 — PML: Siti Aminah baris*"
    assert "Jauh tertinggal: Budi Santoso (20 %, target hari ini 60 %)." in lines
    assert "Tertinggal: Ahmad … > kutip (50 %, target hari ini 60 %)." in lines
    assert len(lines) == 10 and text.count("*") == 2 and not set("_~`") & set(text)
    assert nik(77) not in text
    assert chat_safe("A\tB\u200bC\x00") == "A BC"


def _pages_text(path: Path) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_pdf_is_a_page_per_sheet(db, city, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "status.pdf"
    with db.session() as session:
        sheets = team_sheets(session)
        write_reminder_pdf(session, sheets, target)
    pages = _pages_text(target)
    assert len(pages) == 3
    assert "STATUSTIM01" in pages[0] and "7Maret2026" in pages[0]
    assert "22dari40ruta(55%)" in pages[0] and "sesuaijadwal" in pages[0]
    assert pages[0].index("Budi") < pages[0].index("Ahmad") < pages[0].index("Citra")
    assert "Yangperludilakukan" in pages[0] and "Kunjungidanverifikasi6orang" in pages[0]
    assert "STATUSTIM02" in pages[1] and "Dewi" in pages[1] and "Budi" not in pages[1]
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))


def test_a_team_of_ten_fits_one_page(db, city, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        sheet = team_sheets(session)[0]
        many = [replace(line, officer_id=900 + n, name=f"{line.name} Nama Panjang Sekali {n}")
                for n in range(4) for line in sheet.lines][:11]
        write_reminder_pdf(session, [replace(sheet, lines=many)], tmp_path / "sepuluh.pdf")
    assert len(PdfReader(tmp_path / "sepuluh.pdf").pages) == 1


def test_a_long_sheet_goes_on_without_the_kop(db, city, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        sheets = team_sheets(session)
        many = [replace(sheets[0].lines[0], officer_id=900 + n, name=f"Petugas {n}")
                for n in range(40)]
        write_reminder_pdf(session, [replace(sheets[0], lines=many), sheets[1]],
                           tmp_path / "panjang.pdf")
    pages = _pages_text(tmp_path / "panjang.pdf")
    kop = "BADANPUSATSTATISTIK"
    assert len(pages) >= 3 and kop in pages[0] and "STATUSTIM01" in pages[0]
    [last_rows] = [page for page in pages if "Petugas39" in page]
    assert kop not in last_rows and "SLSselesai" in last_rows  # the table's header again
    assert all(kop not in page for page in pages[1:-1])
    assert kop in pages[-1] and "STATUSTIM02" in pages[-1]


def test_pdf_shows_markup_in_names_as_text(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        build(session, names={"Budi": "Budi <b>Santoso", "Siti Pengawas": "Siti <i>& Co"})
        sheets = team_sheets(session)
        paths = write_reminder_pdfs(session, sheets, tmp_path / "per-tim")
    assert [p.name for p in paths] == [
        "Status Tim 01 PML Siti i Co 2026-03-07.pdf",
        "Status Tim 02 PML Rudi Pengawas 2026-03-07.pdf",
        "Status Koseka Koseka Utara Kecamatan Banjarmasin Utara 2026-03-07.pdf"]
    first = _pages_text(paths[0])
    assert len(first) == 1
    assert "Budi<b>Santoso" in first[0] and "Siti<i>&Co" in first[0]
