"""Surat Tugas names its assignment period: the kecamatan's field window, else the office's."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from models.assignment.assign import assign, sls_versions
from models.letters.issue import draft_number
from models.letters.surat_tugas import SuratTugasError, gather, issue_surat_tugas, render
from models.office.profile import get_profile, role_labels
from models.schedule.calendar import Window
from models.schedule.settings import load_calendar, save_calendar
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.letters import Letter
from models.store.db import Database
from tests.builders import SmallCity, set_office_codes
from tests.schedule_helpers import FIELD_WINDOW, set_field_window

DAY = date(2026, 6, 24)
OWN = Window(date(2026, 7, 13), date(2026, 8, 14))


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _city(db: Database) -> tuple[SmallCity, int, int]:
    """SmallCity, a second kecamatan with one SLS; Ahmad has an SLS in each, Budi one."""
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        other = Kecamatan(bps_code="6371030", name="Banjarmasin Tengah")
        session.add(other)
        session.flush()
        kel = Kelurahan(kecamatan_id=other.id, bps_code="6371030001", name="Teluk Dalam")
        session.add(kel)
        session.flush()
        sls = Sls(kelurahan_id=kel.id, bps_code="6371030001000100", name="RT 001",
                  expected_households=70)
        session.add(sls)
        session.commit()
        ahmad, budi = city.ppl_ids[:2]
        plan = {city.sls_ids[0]: budi, city.sls_ids[1]: ahmad, sls.id: ahmad}
        assign(session, plan, sls_versions(session, list(plan)), "sari")
        return city, other.id, sls.id


def _save(db: Database, **changes: object) -> None:
    with db.session() as session:
        save_calendar(session, replace(load_calendar(session), **changes))


def _issue(db: Database, officer: int, folder: Path) -> str:
    with db.session() as session:
        (issued,) = issue_surat_tugas(session, [officer], folder, "sari", day=DAY)
    return _text(issued.path)


def test_the_office_field_window_is_the_period(db: Database, tmp_path: Path) -> None:
    city, _, _ = _city(db)
    with db.session() as session:
        set_field_window(session)
    text = _issue(db, city.ppl_ids[1], tmp_path)  # Budi, one kecamatan without its own
    assert ("untuk melaksanakan pencacahan lapangan (door to door) Sensus Penduduk, termasuk "
            "verifikasi penduduk yang telah mengisi secara online, pada tanggal 1 Juli s.d. "
            "31 Juli 2026 di Kecamatan Banjarmasin Utara") in text


def test_a_kecamatan_with_its_own_window_gives_its_period(db: Database, tmp_path: Path) -> None:
    city, _, _ = _city(db)
    _save(db, field=FIELD_WINDOW, kecamatan_field={city.kec.id: OWN})
    text = _issue(db, city.ppl_ids[1], tmp_path)
    assert "pada tanggal 13 Juli s.d. 14 Agustus 2026" in text
    assert "1 Juli" not in text


def test_areas_in_several_kecamatan_take_the_office_window(db: Database,
                                                           tmp_path: Path) -> None:
    city, _, _ = _city(db)
    _save(db, field=FIELD_WINDOW, kecamatan_field={city.kec.id: OWN})
    text = _issue(db, city.ppl_ids[0], tmp_path)  # Ahmad: Utara and Tengah
    assert "pada tanggal 1 Juli s.d. 31 Juli 2026" in text and "13 Juli" not in text


def test_a_pml_and_a_koseka_get_their_kecamatan_window(db: Database, tmp_path: Path) -> None:
    from models.schema.officers import Assignment, Officer, OfficerRole

    city, _, _ = _city(db)
    with db.session() as session:
        koseka = Officer(nik="6371040101900099", name="Koseka Utara", role=OfficerRole.KOSEKA,
                         kecamatan_id=city.kec.id)
        session.add(koseka)
        session.flush()
        session.add(Assignment(officer_id=koseka.id, kecamatan_id=city.kec.id))
        session.commit()
        koseka_id = koseka.id
    _save(db, kecamatan_field={city.kec.id: OWN})
    assert "pada tanggal 13 Juli s.d. 14 Agustus 2026" in _issue(db, koseka_id, tmp_path / "k")
    # The PML's team works in both kecamatan (Ahmad's SLS in Tengah): no window of its own.
    with db.session() as session, pytest.raises(SuratTugasError, match="Siti Pengawas"):
        issue_surat_tugas(session, [city.pml.id], tmp_path / "p", "sari", day=DAY)


def test_no_field_window_refuses_a_numbered_letter(db: Database, tmp_path: Path) -> None:
    city, _, _ = _city(db)
    _save(db, online=Window(date(2026, 5, 15), date(2026, 6, 15)))  # online only
    with db.session() as session:
        with pytest.raises(SuratTugasError, match="Pengaturan › Jadwal") as caught:
            issue_surat_tugas(session, [city.ppl_ids[1]], tmp_path, "sari", day=DAY)
        assert "Periode pencacahan lapangan belum diatur" in caught.value.message
        assert session.scalar(select(func.count(Letter.id))) == 0
    assert list(tmp_path.rglob("*.pdf")) == []


def test_officers_outside_the_kecamatan_windows_are_named(db: Database, tmp_path: Path) -> None:
    city, tengah, _ = _city(db)
    _save(db, kecamatan_field={tengah: OWN})  # no office window; Utara has none of its own
    with db.session() as session:
        with pytest.raises(SuratTugasError) as caught:
            issue_surat_tugas(session, city.ppl_ids[:2], tmp_path, "sari", day=DAY)
        assert "Ahmad, Budi" in caught.value.message
        assert "Pengaturan › Jadwal" in caught.value.message
        assert session.scalar(select(func.count(Letter.id))) == 0
    assert list(tmp_path.rglob("*.pdf")) == []


def test_a_draft_without_a_period_says_so(db: Database, tmp_path: Path) -> None:
    city, _, _ = _city(db)
    with db.session() as session:
        profile = get_profile(session)
        data = gather(session, city.ppl_ids[1], role_labels(profile))
        assert data.period is None
        render(data, profile, draft_number(profile.satker_code, DAY), DAY,
               target=tmp_path / "draf.pdf")
    text = _text(tmp_path / "draf.pdf")
    assert "secara online, (periode belum diatur) di Kecamatan Banjarmasin Utara" in text


def test_the_penugasan_page_explains_a_missing_period(qtbot, db, settings_file, dialogs,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path) -> None:
    from tests.conftest import make_window, wait_idle
    from tests.test_penugasan_page import _choose_ppl

    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        first = city.sls_ids[0]
        assign(session, {first: city.ppl_ids[1]}, sls_versions(session, [first]), "sari")
    window = make_window(qtbot, db, settings_file, dialogs)
    page = window.show_page("penugasan")
    wait_idle(qtbot)
    dialogs.path = tmp_path / "surat"
    _choose_ppl(page, "Budi")
    page.surat_tugas()
    wait_idle(qtbot)
    assert any("Pengaturan › Jadwal" in text for _, text, _ in dialogs.errors), dialogs.errors
    assert not list(tmp_path.rglob("*.pdf"))
    with db.session() as session:
        assert session.scalar(select(func.count(Letter.id))) == 0
