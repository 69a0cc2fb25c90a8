"""The window's exports: masked for staf without a question; whole NIK asked with a reason."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from desktop.assignment.page import PenugasanPage
from desktop.nik_choice import NikChoiceDialog
from models.access import Actor
from models.assignment.assign import assign, sls_versions
from models.schema.users import AuditLog, UserRole
from tests.builders import SmallCity, nik, set_office_codes
from tests.conftest import FakeDialogs, make_window

REASON = "Padanan data petugas dengan Dukcapil"


def _window(qtbot, db, settings_file: Path, dialogs: FakeDialogs, role: UserRole):  # type: ignore[no-untyped-def]
    with db.session() as session:
        city = SmallCity(session)
        set_office_codes(session)
        assign(session, {city.sls_ids[0]: city.ppl_ids[0]},
               sls_versions(session, [city.sls_ids[0]]), "sari")
    acting = db.acting_as(Actor(role.value, role.value.title(), role))
    window = make_window(qtbot, acting, settings_file, dialogs)
    page: PenugasanPage = window.show_page("penugasan")  # type: ignore[assignment]
    return page


def _nik_of_ahmad(path: Path) -> str:
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    return next(str(r[8]) for r in rows[1:] if r[9] == "Ahmad")


def test_staf_exports_masked_without_a_question(qtbot, db, settings_file: Path,  # type: ignore[no-untyped-def]
                                                dialogs: FakeDialogs, tmp_path: Path) -> None:
    page = _window(qtbot, db, settings_file, dialogs, UserRole.STAF)
    dialogs.path = tmp_path / "p.xlsx"
    page.export()
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10_000)
    assert not any(isinstance(d, NikChoiceDialog) for d in dialogs.shown)
    assert _nik_of_ahmad(tmp_path / "p.xlsx") == f"{nik(10)[:4]}{'*' * 10}{nik(10)[-2:]}"


def test_supervisor_chooses_whole_nik_with_a_reason(qtbot, db, settings_file: Path,  # type: ignore[no-untyped-def]
                                                    dialogs: FakeDialogs,
                                                    tmp_path: Path) -> None:
    page = _window(qtbot, db, settings_file, dialogs, UserRole.SUPERVISOR)

    def choose_whole(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, NikChoiceDialog) and dialog.masked.isChecked()
        dialog.whole.setChecked(True)
        accept = dialog.buttons.buttons()[0]
        assert not accept.isEnabled()  # no reason yet
        qtbot.keyClicks(dialog.reason, REASON)
        assert accept.isEnabled()
        return True

    dialogs.fill = choose_whole
    dialogs.path = tmp_path / "lengkap.xlsx"
    page.export()
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10_000)
    assert dialogs.errors == []
    assert _nik_of_ahmad(tmp_path / "lengkap.xlsx") == nik(10)
    with db.session() as session:
        entry = session.scalars(select(AuditLog).where(
            AuditLog.action == "ekspor NIK lengkap")).one()
    assert entry.username == "supervisor" and entry.after["alasan"] == REASON

    dialogs.fill, dialogs.answer = None, False  # cancelled: nothing written
    dialogs.path = tmp_path / "batal.xlsx"
    assert page.export() is None
    assert not (tmp_path / "batal.xlsx").exists()
