"""Importing and editing the master through the Wilayah and Petugas pages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex
from sqlalchemy import func, select

from desktop.areas.dialogs import SplitSlsDialog
from desktop.areas.page import WilayahPage
from desktop.imports.mapping_dialog import ImportMappingDialog
from desktop.officers.dialogs import OfficerDialog, RetireDialog
from desktop.officers.page import PetugasPage
from models.areas import importing as wilayah_import
from models.schema.areas import Sls
from models.schema.officers import Officer, OfficerStatus
from models.sheets.importing import inspect_file
from tests.builders import SmallCity, nik, write_xlsx
from tests.conftest import FakeDialogs, make_window, wait_idle

ODD_HEADER = ["Rekap SLS"], ["Wilayah RT", "Ket", "Kode Kec", "Kec", "Kode Desa", "Kel", "Isian"]


def _odd_file(path: Path, code: object = "6371040001000100") -> Path:
    title, header = ODD_HEADER
    return write_xlsx(path, [title, header,
                             [code, "RT 001", "6371040", "Banjarmasin Utara", "6371040001",
                              "Alalak Utara", 40]], sheet="Rekap")


def _map_by_hand(dialog: ImportMappingDialog) -> bool:
    assert not dialog.ok.isEnabled()  # required columns not recognised yet
    assert "Kode SLS" in dialog.problem.text()
    dialog.set_column("sls_code", "Wilayah RT")
    dialog.set_column("sls_name", "Ket")
    dialog.set_column("households", "Isian")
    assert dialog.ok.isEnabled()
    return True


def test_import_with_mapping_dialog(qtbot, db, settings_file: Path, dialogs: FakeDialogs,  # type: ignore[no-untyped-def]
                                    tmp_path: Path) -> None:
    window = make_window(qtbot, db, settings_file, dialogs)
    page: WilayahPage = window.show_page("wilayah")  # type: ignore[assignment]
    dialogs.path = _odd_file(tmp_path / "rekap.xlsx")
    dialogs.fill = _map_by_hand
    page.import_master()
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10_000)
    assert "1 baru" in dialogs.infos[-1][1]
    wait_idle(qtbot)  # the import's reload
    assert page.model.rowCount() == 1 and page.tree.isVisible()
    with db.session() as session:
        assert session.scalar(select(Sls.expected_households)) == 40
    # the next file of the same shape needs no hand mapping
    again = inspect_file(_odd_file(tmp_path / "rekap2.xlsx"), wilayah_import.FIELDS,
                         wilayah_import.KIND)
    assert again.remembered and not again.missing


def test_refused_import_names_the_cell_and_keeps_data(qtbot, db, settings_file: Path,  # type: ignore[no-untyped-def]
                                                      dialogs: FakeDialogs, tmp_path: Path) -> None:
    window = make_window(qtbot, db, settings_file, dialogs)
    page: WilayahPage = window.show_page("wilayah")  # type: ignore[assignment]
    dialogs.path = _odd_file(tmp_path / "angka.xlsx", code=6371040001000100)
    dialogs.fill = _map_by_hand
    page.import_master()
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=10_000)
    message = dialogs.errors[-1][1]
    assert "angka.xlsx, lembar Rekap, baris 3, kolom Wilayah RT" in message
    with db.session() as session:
        assert session.scalar(select(func.count(Sls.id))) == 0


def _select_first_sls(page: WilayahPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    wait_idle(qtbot)  # the kecamatan are read in the background
    kec = page.model.index(0, 0, QModelIndex())
    page.tree.expand(kec)
    qtbot.waitUntil(lambda: page.model.rowCount(kec) > 0)
    kel = page.model.index(0, 0, kec)
    page.tree.expand(kel)
    qtbot.waitUntil(lambda: page.model.rowCount(kel) > 0)
    page.tree.setCurrentIndex(page.model.index(0, 0, kel))


def test_split_sls_from_the_tree(qtbot, db, settings_file: Path, dialogs: FakeDialogs) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        city = SmallCity(session)
    window = make_window(qtbot, db, settings_file, dialogs)
    page: WilayahPage = window.show_page("wilayah")  # type: ignore[assignment]
    _select_first_sls(page, qtbot)
    assert page.split_button.isEnabled()

    def three_parts(dialog: SplitSlsDialog) -> bool:
        dialog.parts.setValue(3)
        assert [p.households for p in dialog.values()] == [34, 33, 33]
        return True

    dialogs.fill = three_parts
    page.split()  # reads the SLS's version, opens the form, saves in the background
    wait_idle(qtbot)
    with db.session() as session:
        children = session.scalars(select(Sls).where(Sls.parent_id == city.sls_ids[0])).all()
        assert [c.name for c in children] == ["RT 001 A", "RT 001 B", "RT 001 C"]
        assert not session.get(Sls, city.sls_ids[0]).active


def test_add_and_retire_officer(qtbot, db, settings_file: Path, dialogs: FakeDialogs) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        city = SmallCity(session)
    window = make_window(qtbot, db, settings_file, dialogs)
    page: PetugasPage = window.show_page("petugas")  # type: ignore[assignment]
    wait_idle(qtbot)

    def new_ppl(dialog: OfficerDialog) -> bool:
        qtbot.keyClicks(dialog.nik, nik(77))
        qtbot.keyClicks(dialog.name, "Dewi Baru")
        dialog.role.setCurrentIndex(0)  # PPL
        return True

    dialogs.fill = new_ppl
    page.add()
    wait_idle(qtbot)
    assert page.model.rowCount() == 5
    ahmad_row = next(r for r in range(page.model.rowCount())
                     if page.model.row_at(r).name == "Ahmad")
    page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(ahmad_row, 0)))

    def hand_to_dewi(dialog: RetireDialog) -> bool:
        dialog.successor.setCurrentIndex(dialog.successor.findText("Dewi Baru"))
        return True

    dialogs.fill = hand_to_dewi
    page.retire()
    wait_idle(qtbot)
    with db.session() as session:
        ahmad = session.get(Officer, city.ppl_ids[0])
        assert ahmad.status is OfficerStatus.NONAKTIF
    assert not dialogs.errors


def test_edit_officer_details(qtbot, db, settings_file: Path, dialogs: FakeDialogs) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        city = SmallCity(session)
    window = make_window(qtbot, db, settings_file, dialogs)
    page: PetugasPage = window.show_page("petugas")  # type: ignore[assignment]
    wait_idle(qtbot)
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).name == "Budi")
    page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(row, 0)))

    def rename(dialog: OfficerDialog) -> bool:
        assert dialog.nik.text() == nik(11)  # the form opens with the stored values
        dialog.name.clear()
        qtbot.keyClicks(dialog.name, "Budi Santoso")
        qtbot.keyClicks(dialog.phone, "08123")
        return True

    dialogs.fill = rename
    page.edit()
    wait_idle(qtbot)
    with db.session() as session:
        budi = session.get(Officer, city.ppl_ids[1])
        assert (budi.name, budi.phone) == ("Budi Santoso", "08123")
    assert any(page.model.row_at(r).name == "Budi Santoso" for r in range(page.model.rowCount()))


def test_choosing_another_sheet_reads_it_in_the_background(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    title, header = ODD_HEADER
    path = write_xlsx(tmp_path / "dua.xlsx", [["Catatan"], ["isi lembar pertama"]],
                      sheet="Catatan",
                      extra_sheets={"Rekap": [title, header,
                                              ["6371040001000100", "RT 001", "", "", "", "", 4]]})
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND)
    dialog = ImportMappingDialog(
        preview, wilayah_import.FIELDS,
        lambda sheet: inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND, sheet),
        "Impor", None)
    qtbot.addWidget(dialog)
    dialog.sheet.setCurrentText("Rekap")
    assert not dialog.isEnabled() and "Membaca lembar Rekap" in dialog.header_note.text()
    qtbot.waitUntil(dialog.isEnabled, timeout=10_000)
    assert dialog.preview.sheet == "Rekap" and dialog.table.item(0, 0).text() == \
        "6371040001000100"
