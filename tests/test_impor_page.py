"""The Impor page: import with marked preview, progress strip and cancel, rollback, recap grid."""
from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QSpinBox
from sqlalchemy import func, select

from desktop.imports import person_flow as person_import_flow
from desktop.imports.page import ImporPage
from desktop.imports.person_dialog import PersonImportDialog
from models.ids.nik import compose_nik
from models.schema.batches import BatchStatus, ImportBatch, ImportKind, OnlineSubmission, SlsRecap
from tests.builders import SmallCity, set_office_codes, write_csv
from tests.conftest import FakeDialogs, make_window, wait_idle
from tests.test_person_import import HEADER, KK, SLS_A, person, sheet


def _page(qtbot, db, settings_file: Path, dialogs: FakeDialogs) -> ImporPage:  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
    window = make_window(qtbot, db, settings_file, dialogs)
    return window.show_page("impor")  # type: ignore[return-value]


def _count(db, model=OnlineSubmission) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_preview_marks_the_damaged_cell_then_valid_rows_are_stored(qtbot, db, settings_file,  # type: ignore[no-untyped-def]
                                                                   dialogs, tmp_path) -> None:
    page = _page(qtbot, db, settings_file, dialogs)
    damaged = person(2)
    damaged[0] = 6371041708900002.0
    dialogs.path = sheet(tmp_path, "online.xlsx", [person(1), damaged, person(3)])
    seen: dict[str, object] = {}

    def user(dialog: PersonImportDialog) -> bool:
        # the preview's rows are checked in the background
        qtbot.waitUntil(lambda: "Pratinjau" in dialog.preview_note.text(), timeout=10_000)
        nik_cell = dialog.table.item(1, 0)  # second data row, NIK column
        seen["tooltip"] = nik_cell.toolTip()
        seen["note"] = dialog.preview_note.text()
        seen["cell"] = nik_cell.text()
        dialog.valid_only.setChecked(True)
        return True

    dialogs.fill = user
    dialogs.answer = False  # no error report this time
    page.import_persons(ImportKind.ONLINE)
    qtbot.waitUntil(page.progress.isVisible, timeout=10_000)  # after the file was read
    qtbot.waitUntil(lambda: bool(dialogs.questions), timeout=15_000)
    assert "Teks" in str(seen["tooltip"]) and "1 kesalahan" in str(seen["note"])
    assert "baris 4, NIK" in str(seen["note"]) and seen["cell"] == "6.37104E+15"
    assert "2 valid, 1 ditolak" in dialogs.questions[-1]
    assert _count(db) == 2
    qtbot.waitUntil(lambda: not page.progress.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)


def test_cancel_in_the_progress_strip_stores_nothing(qtbot, db, settings_file, dialogs,  # type: ignore[no-untyped-def]
                                                     tmp_path, monkeypatch) -> None:
    page = _page(qtbot, db, settings_file, dialogs)
    rows = [[compose_nik("637104", date(1960, 1, 1 + n % 28), False, n % 9999 + 1), KK, f"W {n}",
             "L", "", SLS_A, "", ""] for n in range(5_000)]
    dialogs.path = write_csv(tmp_path / "besar.csv", [HEADER, *rows])
    dialogs.fill = lambda dialog: True
    # The import's first progress report waits until the click: otherwise a fast machine
    # finishes the file before the click lands, and the test would race the worker.
    clicked = threading.Event()
    real_import = person_import_flow.import_persons

    def import_after_click(session, kind, path, mapping, *, progress,  # type: ignore[no-untyped-def]
                           **options):
        def held(done: int, total: int) -> bool:
            clicked.wait(15)
            return progress(done, total)
        return real_import(session, kind, path, mapping, progress=held, **options)

    monkeypatch.setattr(person_import_flow, "import_persons", import_after_click)
    assert page.import_persons(ImportKind.ONLINE) is not None
    qtbot.waitUntil(page.progress.isVisible, timeout=10_000)
    qtbot.mouseClick(page.progress.cancel, Qt.MouseButton.LeftButton)
    clicked.set()
    qtbot.waitUntil(lambda: not page.progress.isVisible(), timeout=15_000)
    assert not dialogs.errors and not dialogs.infos  # a cancel is not an error
    assert _count(db) == 0 and _count(db, ImportBatch) == 0


def test_rollback_from_the_history(qtbot, db, settings_file, dialogs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, settings_file, dialogs)
    dialogs.path = sheet(tmp_path, "online.xlsx", [person(1), person(2)])
    dialogs.fill = lambda dialog: True
    page.import_persons(ImportKind.ONLINE)
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=15_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    page.view.selectRow(0)
    assert page.rollback_button.isEnabled()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "dibatalkan" in dialogs.infos[-1][1], timeout=10_000)
    assert "2 baris dihapus" in dialogs.infos[-1][1] and _count(db) == 0
    qtbot.waitUntil(lambda: page.model.row_at(0).status is BatchStatus.DIBATALKAN, timeout=5_000)
    page.view.selectRow(0)
    assert not page.rollback_button.isEnabled()


def test_recap_grid_typed_and_saved(qtbot, db, settings_file, dialogs) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, settings_file, dialogs)
    page.tabs.setCurrentWidget(page.recap)
    grid = page.recap
    grid.day.setDate(QDate(2020, 9, 3))
    wait_idle(qtbot)  # the kecamatan and their SLS are read in the background
    model = grid.model
    assert model.rowCount() == 5 and not grid.save_button.isEnabled()
    for column, value in zip(range(model.COL_HOUSEHOLDS, model.COL_FEMALE + 1),
                             (10, 35, 18, 16), strict=True):
        model.setData(model.index(0, column), value)
    assert model.problems(0) and grid.save_button.isEnabled()  # 18 + 16 is not 35
    grid.save()
    wait_idle(qtbot)
    assert "harus sama dengan penduduk" in dialogs.errors[-1][1]
    assert _count(db, SlsRecap) == 0
    cell = model.index(0, model.COL_FEMALE)
    grid.view.setCurrentIndex(cell)
    grid.view.edit(cell)  # what typing or F2 does
    editor = grid.view.findChild(QSpinBox)  # the default editor of a whole number
    editor.selectAll()
    qtbot.keyClicks(editor, "17")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # commits on the next turn of the event loop
    qtbot.waitUntil(lambda: model.data(cell) == "17", timeout=5_000)
    assert not model.problems(0)
    qtbot.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    with db.session() as session:
        recap = session.scalars(select(SlsRecap)).one()
        assert (recap.report_date, recap.households_found, recap.female) == (date(2020, 9, 3),
                                                                              10, 17)
    assert "1 baru" in grid.note.text()


def test_a_header_only_file_can_neither_be_imported_nor_checked(qtbot, db, settings_file,  # type: ignore[no-untyped-def]
                                                                dialogs, tmp_path) -> None:
    page = _page(qtbot, db, settings_file, dialogs)
    dialogs.path = sheet(tmp_path, "judul-saja.xlsx", [])
    seen: list[PersonImportDialog] = []

    def user(dialog: PersonImportDialog) -> bool:
        seen.append(dialog)
        dialog.check_button.click()  # disabled: nothing happens
        return False

    dialogs.fill = user
    page.import_persons(ImportKind.ONLINE)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    [dialog] = seen
    assert not dialog.ok.isEnabled() and not dialog.check_button.isEnabled()
    assert not dialog.check_only and "Tidak ada baris data" in dialog.problem.text()
    assert dialog.header_note.text() == "Baris judul ditemukan di baris 2"
