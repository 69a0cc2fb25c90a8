"""Ekspor Stata/SPSS in the window: masked unless an admin gives a reason, in the background."""
from __future__ import annotations

from pathlib import Path

import pyreadstat
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from desktop import tasks
from desktop.analysis import stat_export_dialog
from desktop.analysis.page import LaporanPage
from desktop.analysis.stat_export_dialog import StatExportDialog, run_stat_export
from desktop.context import AppContext, DataBus
from desktop.settings import AppSettings
from models.access import Actor
from models.analysis.stat_formats import StatFormat
from models.schema.users import AuditLog, UserRole
from models.store.db import Database
from tests.conftest import FakeDialogs, make_window, wait_idle
from tests.recon_cases import nik_of
from tests.test_stat_export import (
    REASON,
    city,  # noqa: F401 - the reconciled small city
    masked,
)

FULL_EXPORTS = select(AuditLog).where(AuditLog.action == "ekspor NIK lengkap")


def context(db: Database, settings_file: Path, role: UserRole) -> AppContext:
    settings = AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    return AppContext(db.acting_as(Actor(role.value, role.value.title(), role)), settings,
                      DataBus())


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    yield widget
    wait_idle(qtbot)


@pytest.mark.parametrize("role", [UserRole.STAF, UserRole.SUPERVISOR])
def test_only_an_admin_can_uncheck_the_masking(qtbot, db: Database, settings_file: Path,  # type: ignore[no-untyped-def]
                                               role: UserRole) -> None:
    dialog = StatExportDialog(context(db, settings_file, role))
    qtbot.addWidget(dialog)
    assert dialog.masked.isChecked() and not dialog.masked.isEnabled()
    assert dialog.reason.isHidden() and "oleh Admin" in dialog.reason_hint.text()
    assert dialog.accept_button.isEnabled()
    dialog.formats[StatFormat.SAV].setChecked(True)
    choice = dialog.choice()
    assert (choice.fmt, choice.unmasked, choice.reason) == (StatFormat.SAV, False, "")


def test_an_admin_unchecking_the_masking_must_give_a_reason(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                            settings_file: Path) -> None:
    dialog = StatExportDialog(context(db, settings_file, UserRole.ADMIN))
    qtbot.addWidget(dialog)
    assert dialog.masked.isChecked() and dialog.masked.isEnabled()
    assert not dialog.reason.isEnabled()
    dialog.masked.setChecked(False)
    assert dialog.reason.isEnabled() and not dialog.accept_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "singkat")  # shorter than a reason
    assert not dialog.accept_button.isEnabled()
    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, REASON)
    assert dialog.accept_button.isEnabled()
    choice = dialog.choice()
    assert (choice.fmt, choice.unmasked, choice.reason) == (StatFormat.DTA, True, REASON)


def test_staf_exports_masked_in_the_background(qtbot, db: Database, city, parent: QWidget,  # type: ignore[no-untyped-def]  # noqa: F811
                                               settings_file: Path, tmp_path: Path) -> None:
    dialogs = FakeDialogs()

    def choose_spss(dialog: StatExportDialog) -> bool:
        dialog.formats[StatFormat.SAV].setChecked(True)
        return True

    dialogs.fill = choose_spss
    dialogs.path = tmp_path / "orang"  # the picker left the extension off
    op = run_stat_export(parent, context(db, settings_file, UserRole.STAF), dialogs)
    assert op is not None and op.write is False  # masked: a read, beside other writes
    qtbot.waitUntil(lambda: bool(dialogs.infos or dialogs.errors), timeout=20_000)
    assert dialogs.errors == []
    assert "5 orang ditulis" in dialogs.infos[0][1] and "tersamar" in dialogs.infos[0][1]
    frame, meta = pyreadstat.read_sav(tmp_path / "orang.sav")
    assert masked(nik_of(1)) in set(frame["nik"])
    assert meta.variable_value_labels["jk_online"] == {1.0: "Laki-laki", 2.0: "Perempuan"}


def test_an_admin_exports_whole_numbers_with_a_reason_logged(qtbot, db: Database, city,  # type: ignore[no-untyped-def]  # noqa: F811
                                                             parent: QWidget,
                                                             settings_file: Path,
                                                             tmp_path: Path) -> None:
    dialogs = FakeDialogs()

    def whole(dialog: StatExportDialog) -> bool:
        dialog.masked.setChecked(False)
        qtbot.keyClicks(dialog.reason, REASON)
        return True

    dialogs.fill = whole
    dialogs.path = tmp_path / "lengkap.dta"
    op = run_stat_export(parent, context(db, settings_file, UserRole.ADMIN), dialogs)
    assert op is not None and op.write is True  # the audit entry: through the one writer
    qtbot.waitUntil(lambda: bool(dialogs.infos or dialogs.errors), timeout=20_000)
    assert dialogs.errors == [] and "log audit" in dialogs.infos[0][1]
    frame, _ = pyreadstat.read_dta(tmp_path / "lengkap.dta")
    assert nik_of(1) in set(frame["nik"])
    with db.session() as session:
        entry = session.scalars(FULL_EXPORTS).one()
    assert entry.username == "admin" and entry.after is not None
    assert entry.after["alasan"] == REASON and entry.after["berkas"] == str(
        tmp_path / "lengkap.dta")


def test_batal_leaves_no_file_and_no_message(qtbot, db: Database, city, parent: QWidget,  # type: ignore[no-untyped-def]  # noqa: F811
                                             settings_file: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    class CancelledAtOnce(tasks.Op):
        def start(self) -> tasks.Op:
            self.cancel_flag.set()  # Batal of the progress dialog, before the first row
            return super().start()

    monkeypatch.setattr(stat_export_dialog, "Op", CancelledAtOnce)
    dialogs = FakeDialogs()
    out = tmp_path / "keluar"
    out.mkdir()
    dialogs.path = out / "batal.dta"
    assert run_stat_export(parent, context(db, settings_file, UserRole.ADMIN), dialogs)
    wait_idle(qtbot)
    assert dialogs.infos == [] and dialogs.errors == []
    assert list(out.iterdir()) == []

    dialogs.answer = False  # the dialog itself closed with Batal: nothing asked, nothing run
    assert run_stat_export(parent, context(db, settings_file, UserRole.ADMIN), dialogs) is None


def test_the_laporan_page_has_the_button(qtbot, db: Database, settings_file: Path,  # type: ignore[no-untyped-def]
                                         dialogs: FakeDialogs) -> None:
    window = make_window(qtbot, db, settings_file, dialogs)
    page = window.show_page("laporan")
    assert isinstance(page, LaporanPage)
    wait_idle(qtbot)
    dialogs.fill = lambda dialog: False
    qtbot.mouseClick(page.stat_button, Qt.MouseButton.LeftButton)
    assert isinstance(dialogs.shown[-1], StatExportDialog)
    assert page.stat_button.text() == "Ekspor Stata/SPSS…"
    wait_idle(qtbot)
