"""Progres, Kepatuhan ASN and Surat pages: levels and charts, ASN import, letters to preview."""
from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import delete, func, select

from desktop.letters.dialog import LetterDialog
from desktop.letters.preview import PdfPreviewDialog
from models.progress.summary import ProgressLevel
from models.schema.asn import AsnEmployee
from models.schema.letters import Letter
from tests.builders import set_office_codes, write_xlsx
from tests.recon_cases import nik_of


def test_progres_levels_and_charts(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    page = demo_window.show_page("progres")
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=20000)
    assert "target 20 %" in page.total.text()
    assert len(page.bars.chart().series()) == 2  # bars and the target line
    assert page.days.chart().series()[0].count() > 40  # a point per day online came in
    page.level.setCurrentIndex(page.level.findData(ProgressLevel.TIM))
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Tim"
    assert page.model.rowCount() > 20


def test_asn_import_with_opd_named_in_the_dialog(qtbot, empty_window, dialogs, tmp_path: Path,
                                                 db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
    dialogs.path = write_xlsx(tmp_path / "dinsos.xlsx", [
        ["Nama", "NIP", "NIK", "Unit Kerja"],
        ["Rina", "198001012005012001", nik_of(1, female=True), "Sekretariat"],
        ["Budi", "198001012005011002", nik_of(2), "Bidang"]])

    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        if hasattr(dialog, "agency"):
            assert dialog.agency.isEnabled()  # no OPD column: the user names the OPD
            dialog.agency.setEditText("Dinas Sosial")
        return True

    dialogs.fill = fill
    page = empty_window.show_page("asn")
    page.import_list()
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=20000)
    assert "2 baru" in dialogs.infos[-1][1] and not dialogs.errors
    qtbot.waitUntil(lambda: page.agency_model.rowCount() == 1, timeout=20000)
    assert page.agency_model.row_at(0).name == "Dinas Sosial"
    qtbot.waitUntil(lambda: page.employee_model.rowCount() == 2)  # nobody has filled: both
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AsnEmployee)) == 2


def test_letters_issued_from_the_dialog_then_previewed_and_printed(  # type: ignore[no-untyped-def]
        qtbot, demo_window, dialogs, tmp_path: Path, demo_db) -> None:
    target = tmp_path / "camat.pdf"
    dialogs.path = target
    issued: list[LetterDialog] = []

    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        if isinstance(dialog, LetterDialog):
            dialog.kind.setCurrentIndex(dialog.kind.findData("kecamatan"))
            qtbot.waitUntil(lambda: dialog.list.count() == 5)  # read in the background
            dialog.all.setChecked(False)
            dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
            assert "1 dari 5" in dialog.count.text()
            dialog.issue_button.click()
            issued.append(dialog)
        return False

    dialogs.fill = fill
    page = demo_window.show_page("surat")
    before = _letters(demo_db)
    try:
        _issue_and_preview(qtbot, page, dialogs, demo_db, target, issued, before, tmp_path)
    finally:  # the demo database is shared by the session's tests: leave it as it was
        with demo_db.session() as session:
            session.execute(delete(Letter))
            session.commit()


def _issue_and_preview(qtbot, page, dialogs, demo_db, target: Path,  # type: ignore[no-untyped-def]
                       issued: list[LetterDialog], before: int, tmp_path: Path) -> None:
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Buat surat
    qtbot.waitUntil(lambda: any(isinstance(d, PdfPreviewDialog) for d in dialogs.shown),
                    timeout=30000)
    assert issued and _letters(demo_db) == before + 1
    preview = next(d for d in dialogs.shown if isinstance(d, PdfPreviewDialog))
    assert preview.path == target and preview.document.pageCount() == 2
    assert "Yth. Camat Banjarmasin Selatan" in PdfReader(target).pages[0].extract_text()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "dicetak.pdf"))
    assert preview.print_to(printer) == 2
    assert len(PdfReader(tmp_path / "dicetak.pdf").pages) == 2
    # the register lists it; Enter on it opens its file again
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=10000)
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    page.preview_selected()
    assert dialogs.shown[-1].path == target


def _letters(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Letter)) or 0
