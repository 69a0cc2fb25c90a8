"""Editing the office profile through the Pengaturan page, checked in the database."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.office.page import PengaturanPage
from models.schema.office import OfficeProfile, PaperSize
from tests.conftest import wait_idle


def retype(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def fill_valid(qtbot, page: PengaturanPage) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, page.edits["office_name"], "Badan Pusat Statistik Kota Banjarmasin")
    retype(qtbot, page.edits["region_code"], "6371")
    retype(qtbot, page.edits["satker_code"], "63710")
    retype(qtbot, page.edits["head_nip"], "198001012005011002")


def test_profile_edited_through_the_ui_is_saved(qtbot, empty_window, db) -> None:  # type: ignore[no-untyped-def]
    page: PengaturanPage = empty_window.show_page("pengaturan")  # type: ignore[assignment]
    wait_idle(qtbot)  # the profile is read in the background; the form waits for it
    fill_valid(qtbot, page)
    retype(qtbot, page.edits["city"], "Banjarmasin")
    retype(qtbot, page.online_target.lineEdit(), "25")
    page.preset.setCurrentIndex(page.preset.findText("SP2020: PCL / Koordinator Tim / Koseka"))
    page.preset.activated.emit(page.preset.currentIndex())
    page.paper.setCurrentIndex(page.paper.findData(PaperSize.F4))
    assert page.nip_preview.text() == "19800101 200501 1 002"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert page.status.text() == "Tersimpan."
    with db.session() as session:
        row = session.get(OfficeProfile, 1)
        assert row is not None
        assert row.office_name == "Badan Pusat Statistik Kota Banjarmasin"
        assert row.satker_code == "63710" and row.head_nip == "198001012005011002"
        assert row.online_target_pct == Decimal("25.00")
        assert (row.label_ppl, row.label_pml) == ("PCL", "Koordinator Tim")
        assert row.paper_size is PaperSize.F4
    petugas = empty_window.show_page("petugas")
    wait_idle(qtbot)
    assert petugas.role_filter.findText("PCL") > 0


def test_invalid_nip_is_shown_and_nothing_is_saved(qtbot, empty_window, db) -> None:  # type: ignore[no-untyped-def]
    page: PengaturanPage = empty_window.show_page("pengaturan")  # type: ignore[assignment]
    wait_idle(qtbot)  # the profile is read in the background; the form waits for it
    fill_valid(qtbot, page)
    retype(qtbot, page.edits["head_nip"], "19800101200501100")  # 17 digits
    qtbot.keyClick(page.edits["head_nip"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert "NIP harus 18 angka" in page.errors.text()
    assert page.edits["head_nip"].property("invalid") is True
    assert page.status.text() == "Belum tersimpan."
    with db.session() as session:
        row = session.get(OfficeProfile, 1)
        assert row is None or row.office_name == ""


def test_digit_fields_refuse_letters(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    page: PengaturanPage = empty_window.show_page("pengaturan")  # type: ignore[assignment]
    wait_idle(qtbot)  # the profile is read in the background; the form waits for it
    edit: QLineEdit = page.edits["head_nip"]
    retype(qtbot, edit, "19a80")
    assert edit.text() == "1980"
