"""Laporan page (issue 22): choose, show, export through the worker; saved reports per user."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.analysis.table import PivotTableModel
from models.analysis.pivot import Dimension, Header, PivotMeasure, PivotSpec, PivotTable
from models.schema.analysis import SavedReport
from models.schema.batches import FieldResult, ImportBatch, ImportKind, Sex
from models.schema.recon import PersonMatch
from tests.builders import SmallCity
from tests.conftest import wait_idle

D = Dimension


def _choose(combo, value) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))


def test_table_model_shows_numbers_shares_and_bold_totals() -> None:
    table = PivotTable(PivotSpec((D.KECAMATAN,), (D.SEX,)),
                       [(Header(1, "Banjarmasin Utara"),)],
                       [Header("L", "Laki-laki"), Header("P", "Perempuan")],
                       [[1234, 5]], [1239], [1234, 5], 1239, date(2020, 9, 1), ())
    model = PivotTableModel()
    model.set_table(table)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Kecamatan", "Laki-laki", "Perempuan", "Jumlah"]
    assert model.rowCount() == 2  # the row and the totals
    assert model.index(0, 1).data() == "1.234"
    assert model.index(1, 0).data() == "Jumlah" and model.index(1, 3).data() == "1.239"
    assert model.index(1, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, 3).data(Qt.ItemDataRole.FontRole).bold()  # the row's total
    assert model.index(0, 1).data(Qt.ItemDataRole.FontRole) is None
    share = PivotTable(PivotSpec((D.SEX,), (), PivotMeasure.SHARE),
                       [(Header("L", "Laki-laki"),), (Header("P", "Perempuan"),)], [],
                       [[], []], [0.25, 0.75], [], 1.0, date(2020, 9, 1), ())
    model.set_table(share)
    assert model.columnCount() == 2
    assert [model.index(r, 1).data() for r in range(3)] == ["25,0 %", "75,0 %", "100,0 %"]


def test_show_kelurahan_by_category_and_export(qtbot, demo_window, demo_db, dialogs,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    page = demo_window.show_page("laporan")
    wait_idle(qtbot)
    assert page.model.rowCount() > 5  # Kecamatan × Jenis kelamin at once
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Laki-laki"
    _choose(page.row_first, D.KELURAHAN)
    _choose(page.column, D.CATEGORY)
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    with demo_db.session() as session:
        outcomes = session.scalar(select(func.count(PersonMatch.id)))
    last = page.model.rowCount() - 1
    assert page.model.rowCount() == 52 + 1  # every kelurahan and the totals
    assert page.model.index(last, page.model.columnCount() - 1).data() == \
        f"{outcomes:,}".replace(",", ".")
    assert not dialogs.errors

    dialogs.path = tmp_path / "laporan.xlsx"
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=20000)
    assert "52 baris" in dialogs.infos[-1][1]
    rows = list(load_workbook(dialogs.path).active.iter_rows(values_only=True))
    assert rows[-1][0] == "Jumlah" and rows[-1][-1] == outcomes
    assert rows[0][0] == "Jumlah orang menurut Kelurahan/Desa × Kategori rekonsiliasi"


def test_an_impossible_choice_is_explained_without_a_query(qtbot, demo_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    page = demo_window.show_page("laporan")
    wait_idle(qtbot)
    _choose(page.row_first, D.CATEGORY)
    _choose(page.column, D.SOURCE)
    page.show_pivot()
    assert not page.loading
    assert "tidak dapat digabung dengan Sumber" in page.status.text()


def _small_office(db) -> tuple[SmallCity, int]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        city = SmallCity(session)
        batch = ImportBatch(kind=ImportKind.LAPANGAN, file_name="lapangan.xlsx",
                            file_sha256="0" * 64)
        session.add(batch)
        session.flush()
        for number, (sls, sex) in enumerate([(0, "L"), (0, "P"), (3, "P"), (4, "L")]):
            session.add(FieldResult(batch_id=batch.id, natural_key=f"k{number}",
                                    name=f"WARGA {number}", sls_id=city.sls_ids[sls],
                                    sex=Sex(sex), kk=f"637104010120000{number}",
                                    birth_date=date(1990, 1, 1)))
        session.commit()
        return city, city.kel_b.id


def test_filter_save_open_and_delete_a_report(qtbot, empty_window, db, dialogs) -> None:  # type: ignore[no-untyped-def]
    city, kel_b = _small_office(db)
    page = empty_window.show_page("laporan")
    wait_idle(qtbot)
    _choose(page.row_first, D.SEX)
    _choose(page.column, None)
    _choose(page.filter_dimension, D.KELURAHAN)
    wait_idle(qtbot)
    assert page.filter_value.isEnabled()
    page.filter_value.setCurrentIndex(
        [page.filter_value.itemData(i).key for i in range(page.filter_value.count())]
        .index(kel_b))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    cells = {page.model.index(r, 0).data(): page.model.index(r, 1).data()
             for r in range(page.model.rowCount())}
    assert cells == {"Laki-laki": "1", "Perempuan": "1", "Jumlah": "2"}  # SLS 3 and 4 only
    assert "Filter Kelurahan/Desa: Alalak Tengah" in page.status.text()

    def name_it(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.name.setText("Per jenis kelamin, Alalak Tengah")
        return True

    dialogs.fill = name_it
    page.save_current()
    wait_idle(qtbot)
    with db.session() as session:
        (saved,) = session.scalars(select(SavedReport)).all()
        assert saved.username == "penguji" and saved.name == "Per jenis kelamin, Alalak Tengah"
    assert page.saved_combo.currentText() == "Per jenis kelamin, Alalak Tengah"

    _choose(page.row_first, D.KECAMATAN)
    _choose(page.filter_dimension, None)
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert page.model.rowCount() == 2  # one kecamatan and the totals
    page.saved_combo.setCurrentIndex(page.saved_combo.findData(saved.id))
    page.saved_combo.activated.emit(page.saved_combo.currentIndex())  # as a click does
    wait_idle(qtbot)
    assert page.row_first.currentData() is D.SEX
    assert page.filter_dimension.currentData() is D.KELURAHAN
    assert page.filter_value.currentData().key == kel_b
    assert page.model.index(page.model.rowCount() - 1, 1).data() == "2"
    assert page.current_spec() == PivotSpec((D.SEX,), (), PivotMeasure.PERSONS,
                                            {D.KELURAHAN: frozenset({kel_b})})

    page.delete_current()
    wait_idle(qtbot)
    assert dialogs.questions and "Per jenis kelamin" in dialogs.questions[-1]
    with db.session() as session:
        assert session.scalars(select(SavedReport)).all() == []
    assert page.saved_combo.count() == 1 and not page.delete_button.isEnabled()
    assert not dialogs.errors
