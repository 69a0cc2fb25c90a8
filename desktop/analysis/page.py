"""Laporan: choose rows, a column, a measure and a filter; see the pivot, export it, save it."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton
from sqlalchemy.orm import Session

from desktop.analysis.save_dialog import SaveReportDialog
from desktop.analysis.stat_export_dialog import stat_export_button
from desktop.analysis.table import PivotTableModel
from desktop.context import AREAS, ASSIGNMENTS, IMPORTS, OFFICERS, RECON, AppContext
from desktop.dialogs import Dialogs
from desktop.page import Page
from desktop.tasks import Op
from desktop.widgets import fit_columns, make_table, page_layout
from models.analysis.pivot import PivotTable, run_pivot, spec_name, validate
from models.analysis.pivot_export import export_pivot
from models.analysis.pivot_values import dimension_values
from models.analysis.saved import SavedReportRow, delete_report, list_reports, save_report
from models.analysis.spec import Dimension, Header, Key, PivotMeasure, PivotSpec
from models.errors import ValidationError
from models.formatting import format_number
from models.letters.issue import safe_file_name

# What the simple filter offers (an SLS is one of a thousand: chosen as rows instead).
FILTERS = (Dimension.KECAMATAN, Dimension.KELURAHAN, Dimension.TIM, Dimension.PPL,
           Dimension.KOSEKA, Dimension.CATEGORY, Dimension.SEX, Dimension.AGE_GROUP,
           Dimension.SOURCE)
DEFAULT = PivotSpec((Dimension.KECAMATAN,), (Dimension.SEX,))
NONE_CHOSEN = "—"


@dataclass(frozen=True)
class _Shown:
    table: PivotTable
    title: str  # the saved report's name, or the spec's own title


def _dimension_combo(optional: bool) -> QComboBox:
    combo = QComboBox()
    if optional:
        combo.addItem(NONE_CHOSEN, None)
    for dimension in Dimension:
        combo.addItem(dimension.label, dimension)
    return combo


class LaporanPage(Page):
    key = "laporan"
    title = "Laporan"
    watches = frozenset({IMPORTS, RECON, AREAS, OFFICERS, ASSIGNMENTS})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.shown: _Shown | None = None
        self.saved: list[SavedReportRow] = []
        self._wanted_value: Key | None = None  # a filter value to choose once its list is in
        self._wanted_pending = False
        layout = page_layout(self, "Laporan tabel silang",
                             "Hitung orang atau rumah tangga per wilayah, petugas, kategori "
                             "rekonsiliasi, jenis kelamin, kelompok umur atau sumber. Pilih "
                             "baris, kolom dan ukuran, lalu Tampilkan; laporan yang disimpan "
                             "hanya terlihat oleh Anda.")
        choose = QHBoxLayout()
        self.row_first, self.row_second = _dimension_combo(False), _dimension_combo(True)
        self.row_first.setAccessibleName("Baris")
        self.row_second.setAccessibleName("Baris kedua")
        self.column = _dimension_combo(True)
        self.column.setAccessibleName("Kolom")
        self.measure = QComboBox()
        self.measure.setAccessibleName("Ukuran")
        for measure in PivotMeasure:
            self.measure.addItem(measure.label, measure)
        for label, combo in (("Baris:", self.row_first), ("lalu:", self.row_second),
                             ("Kolom:", self.column), ("Ukuran:", self.measure)):
            choose.addWidget(QLabel(label))
            choose.addWidget(combo)
        choose.addStretch(1)
        layout.addLayout(choose)

        filters = QHBoxLayout()
        self.filter_dimension = QComboBox()
        self.filter_dimension.setAccessibleName("Filter")
        self.filter_dimension.addItem("Tanpa filter", None)
        for dimension in FILTERS:
            self.filter_dimension.addItem(dimension.label, dimension)
        self.filter_dimension.currentIndexChanged.connect(self._filter_dimension_chosen)
        self.filter_value = QComboBox()
        self.filter_value.setAccessibleName("Nilai filter")
        self.filter_value.setMinimumContentsLength(24)
        self.filter_value.setEnabled(False)
        self.show_button = QPushButton("Tampilkan")
        self.show_button.setToolTip("Hitung tabel dengan pilihan ini (Ctrl+Enter)")
        self.show_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_pivot)
        filters.addWidget(QLabel("Filter:"))
        filters.addWidget(self.filter_dimension)
        filters.addWidget(self.filter_value)
        filters.addSpacing(12)
        filters.addWidget(self.show_button)
        filters.addStretch(1)
        layout.addLayout(filters)

        saved = QHBoxLayout()
        self.saved_combo = QComboBox()
        self.saved_combo.setAccessibleName("Laporan tersimpan")
        self.saved_combo.setMinimumContentsLength(24)
        self.saved_combo.activated.connect(self._saved_chosen)
        self.save_button = QPushButton("Simpan laporan…")
        self.save_button.setToolTip("Simpan pilihan ini dengan sebuah nama (Ctrl+S)")
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.clicked.connect(self.save_current)
        self.delete_button = QPushButton("Hapus")
        self.delete_button.setToolTip("Hapus laporan tersimpan yang dipilih")
        self.delete_button.clicked.connect(self.delete_current)
        saved.addWidget(QLabel("Laporan tersimpan:"))
        saved.addWidget(self.saved_combo)
        saved.addWidget(self.save_button)
        saved.addWidget(self.delete_button)
        saved.addStretch(1)
        # The exports of the table shown: further formats are added to this bar.
        self.export_bar = QHBoxLayout()
        self.export_button = QPushButton("Ekspor xlsx…")
        self.export_button.setToolTip("Simpan tabel yang tampil sebagai buku kerja Excel "
                                      "(Ctrl+E)")
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.clicked.connect(self.export_xlsx)
        self.export_bar.addWidget(self.export_button)
        self.stat_button = stat_export_button(self, ctx, self.dialogs)  # persons: .dta/.sav
        self.export_bar.addWidget(self.stat_button)
        saved.addLayout(self.export_bar)
        layout.addLayout(saved)

        self.status = QLabel("Pilih baris dan kolom, lalu Tampilkan.")
        self.status.setObjectName("summary")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.model = PivotTableModel(self)
        self.view, self.proxy = make_table(self.model, self)
        self.view.setSortingEnabled(False)  # the pivot's own order, the totals last
        layout.addWidget(self.view, 1)
        self.set_spec(DEFAULT)
        self._update_buttons()

    # -- the spec on screen ----------------------------------------------------------------
    def current_spec(self) -> PivotSpec:
        rows = [self.row_first.currentData()]
        second = self.row_second.currentData()
        if second is not None:
            rows.append(second)
        column = self.column.currentData()
        filters: dict[Dimension, frozenset[Key]] = {}
        dimension = self.filter_dimension.currentData()
        if dimension is not None:
            if self._wanted_pending:
                filters[dimension] = frozenset({self._wanted_value})
            elif self.filter_value.currentIndex() >= 0:
                header = self.filter_value.currentData()
                filters[dimension] = frozenset({header.key if header else None})
        return PivotSpec(tuple(rows), (column,) if column is not None else (),
                         self.measure.currentData(), filters)

    def set_spec(self, spec: PivotSpec) -> None:
        """Show `spec` in the selectors; its filter (the first one) once its values are in."""
        def choose(combo: QComboBox, value: object) -> None:
            found = combo.findData(value)
            combo.setCurrentIndex(max(found, 0))

        choose(self.row_first, spec.rows[0])
        choose(self.row_second, spec.rows[1] if len(spec.rows) > 1 else None)
        choose(self.column, spec.column)
        choose(self.measure, spec.measure)
        filtered = next(((d, v) for d, v in spec.filters.items() if d in FILTERS), None)
        if filtered is None:
            self._wanted_pending = False
            choose(self.filter_dimension, None)
            return
        dimension, values = filtered
        self._wanted_value = next(iter(sorted(values, key=str)), None)
        self._wanted_pending = True
        if self.filter_dimension.currentData() is dimension:
            self._load_filter_values()
        else:
            choose(self.filter_dimension, dimension)

    def _filter_dimension_chosen(self) -> None:
        if not self._wanted_pending:
            self._wanted_value = None
        self._load_filter_values()

    def _load_filter_values(self) -> None:
        dimension = self.filter_dimension.currentData()
        self.filter_value.clear()
        self.filter_value.setEnabled(False)
        if dimension is None:
            self._wanted_pending = False
            return
        self.read(lambda session: dimension_values(session, dimension), self._filter_values,
                  slot="filter")

    def _filter_values(self, values: list[Header]) -> None:
        self.filter_value.clear()
        for header in values:
            self.filter_value.addItem(header.label, header)
        if self._wanted_pending:
            keys = [h.key for h in values]
            if self._wanted_value in keys:
                self.filter_value.setCurrentIndex(keys.index(self._wanted_value))
            self._wanted_pending = False
        self.filter_value.setEnabled(bool(values))

    # -- loading ------------------------------------------------------------------------
    def load(self) -> None:
        self.read(list_reports, self._saved_listed, slot="saved")
        if self.filter_dimension.currentData() is not None and not self._wanted_pending:
            self._wanted_value = self._chosen_filter_key()
            self._wanted_pending = True
            self._load_filter_values()
        self.show_pivot()

    def _chosen_filter_key(self) -> Key | None:
        header = self.filter_value.currentData()
        return header.key if isinstance(header, Header) else None

    def show_pivot(self, _checked: bool = False, title: str = "") -> None:
        spec = self.current_spec()
        try:
            validate(spec)
        except ValidationError as error:
            self.status.setText("; ".join(p.reason for p in error.problems))
            return
        self.status.setText("Menghitung…")
        name = title or spec_name(spec)
        self.read(lambda session: _Shown(run_pivot(session, spec), name), self._shown,
                  slot="pivot")

    def _shown(self, shown: _Shown) -> None:
        self.shown = shown
        table = shown.table
        self.model.set_table(table)
        fit_columns(self.view)
        rows = f"{format_number(len(table.row_headers))} baris"
        if table.empty:
            rows = "tidak ada data untuk pilihan ini"
        notes = "; ".join(table.description[2:])  # rows and column: on screen already
        self.status.setText(f"<b>{escape(shown.title)}</b> — {rows}. {escape(notes)}")
        self._update_buttons()

    def _saved_listed(self, reports: list[SavedReportRow], chosen: int | None = None) -> None:
        self.saved = reports
        current = chosen if chosen is not None else self.saved_combo.currentData()
        self.saved_combo.clear()
        self.saved_combo.addItem("(pilih laporan)", None)
        for report in reports:
            self.saved_combo.addItem(report.name if report.spec else f"{report.name} (rusak)",
                                     report.id)
        found = self.saved_combo.findData(current) if current is not None else 0
        self.saved_combo.setCurrentIndex(max(found, 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.saved_combo.currentData() is not None)
        self.export_button.setEnabled(self.shown is not None and not self.shown.table.empty)

    # -- saved reports ------------------------------------------------------------------
    def selected_report(self) -> SavedReportRow | None:
        wanted = self.saved_combo.currentData()
        return next((r for r in self.saved if r.id == wanted), None)

    def _saved_chosen(self) -> None:
        self._update_buttons()
        report = self.selected_report()
        if report is None:
            return
        if report.spec is None:
            self.dialogs.error(self, "Laporan tersimpan", report.problem)
            return
        self.set_spec(report.spec)
        self.show_pivot(title=report.name)

    def save_current(self) -> None:
        spec = self.current_spec()
        try:
            validate(spec)
        except ValidationError as error:
            self.dialogs.show_error(self, error)
            return
        report = self.selected_report()
        dialog = SaveReportDialog(report.name if report else spec_name(spec),
                                  [r.name for r in self.saved], self)
        if not self.dialogs.run(dialog):
            return
        name = dialog.chosen_name()

        def work(session: Session) -> tuple[int, list[SavedReportRow]]:
            report_id = save_report(session, name, spec)
            return report_id, list_reports(session)

        self.apply_edit(work, then=lambda result: self._saved_listed(result[1], result[0]))

    def delete_current(self) -> None:
        report = self.selected_report()
        if report is None:
            return
        if not self.dialogs.ask(self, "Hapus laporan",
                                f"Hapus laporan tersimpan \u201c{report.name}\u201d?"):
            return

        def work(session: Session) -> list[SavedReportRow]:
            delete_report(session, report.id)
            return list_reports(session)

        self.apply_edit(work, then=self._saved_listed)

    # -- export -------------------------------------------------------------------------
    def export_xlsx(self) -> None:
        shown = self.shown
        if shown is None or shown.table.empty:
            self.dialogs.inform(self, "Ekspor laporan", "Tampilkan laporan yang berisi data "
                                                        "dahulu.")
            return
        target = self.dialogs.save_file(self, "Ekspor laporan ke xlsx",
                                        f"{safe_file_name(shown.title)}.xlsx")
        if target is None:
            return
        table, title = shown.table, shown.title
        Op(self, self.ctx, lambda _session, progress: export_pivot(table, target, title,
                                                                   progress),
           write=False, dialogs=self.dialogs).with_progress("Mengekspor laporan…").on_success(
            lambda rows: self.dialogs.inform(
                self, "Ekspor selesai",
                f"{format_number(rows)} baris dan jumlahnya ditulis ke {target}.")).start()
