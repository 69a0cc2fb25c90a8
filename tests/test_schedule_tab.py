"""Pengaturan › Jadwal: edited in the window, saved and read back through the worker."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit

from desktop.office.page import PengaturanPage
from desktop.office.schedule import CUSTOM_PACE, ScheduleTab
from models.schedule.calendar import EVEN_PACE, Window
from models.schedule.settings import PACE_PRESETS, load_calendar, save_calendar
from models.schema.areas import Kecamatan
from models.store.db import Database
from tests.conftest import wait_idle


def _kecamatan(db: Database) -> tuple[int, int]:
    with db.session() as session:
        rows = [Kecamatan(bps_code="6371010", name="Banjarmasin Selatan"),
                Kecamatan(bps_code="6371020", name="Banjarmasin Timur")]
        session.add_all(rows)
        session.commit()
        return rows[0].id, rows[1].id


def _open(qtbot, window) -> ScheduleTab:  # type: ignore[no-untyped-def]
    page: PengaturanPage = window.show_page("pengaturan")  # type: ignore[assignment]
    wait_idle(qtbot)
    page.tabs.setCurrentWidget(page.schedule)
    wait_idle(qtbot)
    assert page.tabs.tabText(0) == "Kantor" and page.tabs.tabText(1) == "Jadwal"
    assert page.schedule.form.isEnabled()
    return page.schedule


def _set(edit: QDateEdit, day: date) -> None:
    edit.setDate(QDate(day))


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_schedule_is_saved_and_read_back(qtbot, empty_window, db) -> None:  # type: ignore[no-untyped-def]
    selatan, timur = _kecamatan(db)
    tab = _open(qtbot, empty_window)
    assert not tab.field.enabled.isChecked() and not tab.field.start.isEnabled()
    tab.field.enabled.setChecked(True)
    _set(tab.field.start, date(2026, 7, 1))
    _set(tab.field.end, date(2026, 7, 31))
    tab.weekdays[5].setChecked(False)  # Saturday off
    _click(qtbot, tab.add_holiday)
    _set(tab.holidays.cellWidget(0, 0), date(2026, 7, 17))
    qtbot.keyClicks(tab.holidays.cellWidget(0, 1), "Tahun Baru Islam")
    _click(qtbot, tab.add_window)
    combo = tab.windows.cellWidget(0, 0)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(n) for n in range(combo.count())] == [
        "Banjarmasin Selatan", "Banjarmasin Timur"]
    assert tab.windows.cellWidget(0, 1).date().toPython() == date(2026, 7, 1)  # the office's
    combo.setCurrentIndex(1)
    _set(tab.windows.cellWidget(0, 1), date(2026, 7, 13))
    _set(tab.windows.cellWidget(0, 2), date(2026, 8, 14))
    tab.preset.setCurrentIndex(tab.preset.findText("Lambat di awal"))
    tab.preset.activated.emit(tab.preset.currentIndex())
    assert tab.pace[0].value() == 3.0
    tab.behind.setValue(7.5)
    tab.far_behind.setValue(20)
    tab.inactive.setValue(4)
    _click(qtbot, tab.save_button)
    wait_idle(qtbot)
    assert tab.status.text() == "Tersimpan.", tab.errors.text()
    with db.session() as session:
        calendar = load_calendar(session)
    assert calendar.field == Window(date(2026, 7, 1), date(2026, 7, 31))
    assert calendar.online is None
    assert calendar.working_weekdays == frozenset(range(5))
    assert calendar.holiday_names == {date(2026, 7, 17): "Tahun Baru Islam"}
    assert calendar.kecamatan_field == {timur: Window(date(2026, 7, 13), date(2026, 8, 14))}
    assert calendar.pace == PACE_PRESETS["Lambat di awal"]
    assert (calendar.behind_pct, calendar.far_behind_pct, calendar.inactive_days) == (7.5, 20, 4)
    assert selatan not in calendar.kecamatan_field

    # Another PC changes it; the tab reloads when the change is announced.
    with db.session() as session:
        save_calendar(session, replace(calendar, kecamatan_field={}, pace=EVEN_PACE))
    empty_window.ctx.changed("schedule")
    wait_idle(qtbot)
    assert tab.windows.rowCount() == 0 and tab.preset.currentText() == "Merata"
    holiday_name = tab.holidays.cellWidget(0, 1)
    assert isinstance(holiday_name, QLineEdit) and holiday_name.text() == "Tahun Baru Islam"
    assert tab.field.enabled.isChecked()
    assert tab.field.end.date().toPython() == date(2026, 7, 31)


def test_problems_are_shown_at_the_form_and_nothing_is_saved(qtbot, empty_window, db) -> None:  # type: ignore[no-untyped-def]
    tab = _open(qtbot, empty_window)
    tab.field.enabled.setChecked(True)
    _set(tab.field.start, date(2026, 7, 31))
    _set(tab.field.end, date(2026, 7, 1))
    tab.pace[3].setValue(1.0)  # falls below the 30 % before it
    assert tab.preset.currentText() == CUSTOM_PACE
    tab.far_behind.setValue(2)  # below "behind" (5)
    _click(qtbot, tab.save_button)
    wait_idle(qtbot)
    assert tab.status.text() == "Belum tersimpan."
    assert "sebelum tanggal mulainya" in tab.errors.text()
    assert "tidak boleh turun" in tab.errors.text()
    assert "tidak boleh lebih kecil" in tab.errors.text()
    assert tab.field.start.property("invalid") is True
    assert tab.pace[0].property("invalid") is True and tab.far_behind.property("invalid")
    assert tab.behind.property("invalid") is False
    with db.session() as session:
        assert load_calendar(session).version_id == 0  # nothing stored


def test_a_day_listed_twice_is_refused_in_the_form(qtbot, empty_window, db) -> None:  # type: ignore[no-untyped-def]
    tab = _open(qtbot, empty_window)
    for _ in range(2):
        _click(qtbot, tab.add_holiday)
        _set(tab.holidays.cellWidget(tab.holidays.rowCount() - 1, 0), date(2026, 8, 17))
    _click(qtbot, tab.save_button)
    wait_idle(qtbot)
    assert "17 Agustus 2026 tercantum dua kali" in tab.errors.text()
    assert tab.holidays.property("invalid") is True
    tab.holidays.selectRow(1)
    _click(qtbot, tab.remove_holiday)
    assert tab.holidays.rowCount() == 1
    _click(qtbot, tab.save_button)
    wait_idle(qtbot)
    assert tab.status.text() == "Tersimpan."
    with db.session() as session:
        assert load_calendar(session).holidays == {date(2026, 8, 17)}


def test_a_stale_save_is_refused_with_a_message(qtbot, empty_window, db, dialogs) -> None:  # type: ignore[no-untyped-def]
    tab = _open(qtbot, empty_window)
    with db.session() as session:  # another PC saves first
        save_calendar(session, replace(load_calendar(session), inactive_days=9))
    tab.inactive.setValue(5)
    _click(qtbot, tab.save_button)
    wait_idle(qtbot)
    assert any("diubah di komputer lain" in text for _, text, _ in dialogs.errors)
    assert not tab.saving
    with db.session() as session:
        assert load_calendar(session).inactive_days == 9


def test_the_date_edits_speak_indonesian(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    tab = _open(qtbot, empty_window)
    _set(tab.online.start, date(2026, 8, 17))
    assert tab.online.start.text() == "17 Agustus 2026"
    assert tab.online.start.calendarPopup()


def test_ctrl_s_saves_the_tab_in_view(qtbot, empty_window, db) -> None:  # type: ignore[no-untyped-def]
    from models.schema.office import OfficeProfile

    tab = _open(qtbot, empty_window)
    tab.inactive.setValue(6)
    tab.inactive.setFocus()
    qtbot.keyClick(tab.inactive, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert tab.status.text() == "Tersimpan."
    page: PengaturanPage = empty_window.show_page("pengaturan")  # type: ignore[assignment]
    assert page.status.text() == ""  # the Kantor form was not saved meanwhile
    with db.session() as session:
        assert load_calendar(session).inactive_days == 6
        row = session.get(OfficeProfile, 1)
        assert row is None or row.office_name == ""
    page.tabs.setCurrentIndex(0)
    edit = page.edits["office_name"]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert page.status.text() == "Belum tersimpan."  # the Kantor form, empty: refused
