"""Importing a boundary file from the Peta page: pick, check the code column, import, report."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.context import BOUNDARIES, AppContext
from desktop.dialogs import Dialogs, ok_cancel
from desktop.tasks import Op
from desktop.widgets import size_to_screen
from models.formatting import format_number
from models.maps.codes import CodeMapping, parts_mapping
from models.maps.importing import (
    LEVEL_NAMES,
    BoundaryPreview,
    BoundaryReport,
    import_boundaries,
    inspect_boundaries,
)
from models.schema.maps import BoundaryLevel

FILTERS = "Batas wilayah (*.shp *.zip *.geojson *.json)"
LISTED = 300  # lines of each list in the report; the count says how many more


class BoundaryImportFlow:
    def __init__(self, page: QWidget, ctx: AppContext, dialogs: Dialogs) -> None:
        self.page, self.ctx, self.dialogs = page, ctx, dialogs
        self.last_report: BoundaryReport | None = None

    def start(self, path: Path | None = None) -> None:
        path = path or self.dialogs.open_file(self.page, "Impor batas wilayah", FILTERS)
        if path is None:
            return
        (Op(self.page, self.ctx, lambda _s, _p: inspect_boundaries(path), write=False,
            dialogs=self.dialogs)
         .with_progress("Membaca berkas batas…").on_success(self._inspected).start())

    def _inspected(self, preview: BoundaryPreview) -> None:
        dialog = BoundaryMappingDialog(preview, self.page)
        if not self.dialogs.run(dialog):
            return
        level, mapping = dialog.level(), dialog.mapping()
        path = preview.path
        (Op(self.page, self.ctx,
            lambda s, p: import_boundaries(s, path, level=level, mapping=mapping, progress=p),
            dialogs=self.dialogs)
         .with_progress("Mengimpor batas wilayah…")
         .on_success(self._imported).start())

    def _imported(self, report: BoundaryReport) -> None:
        self.last_report = report
        self.ctx.changed(BOUNDARIES)
        self.dialogs.run(BoundaryReportDialog(report, self.page))


class BoundaryMappingDialog(QDialog):
    """The level and the column(s) holding the BPS code, guessed and shown for a check."""

    def __init__(self, preview: BoundaryPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Impor batas wilayah")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{preview.path.name}: {format_number(preview.shapes)} bentuk, sistem koordinat "
            f"{preview.crs_name}. Pilih tingkat wilayah dan kolom kode BPS-nya.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.level_box = QComboBox()
        for level in (BoundaryLevel.SLS, BoundaryLevel.KELURAHAN, BoundaryLevel.KECAMATAN):
            self.level_box.addItem(LEVEL_NAMES[level], level)
        self.level_box.setCurrentIndex(self.level_box.findData(preview.level))
        self.level_box.currentIndexChanged.connect(lambda _i: self._fill_columns())
        form.addRow("Tingkat:", self.level_box)
        self.column_box = QComboBox()
        form.addRow("Kolom kode:", self.column_box)
        self.sample = QLabel("")
        self.sample.setWordWrap(True)
        self.sample.setObjectName("pageHint")
        form.addRow("Contoh isi:", self.sample)
        self.column_box.currentIndexChanged.connect(lambda _i: self._show_sample())
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Impor"))
        self.setMinimumWidth(520)
        self._fill_columns()

    def _fill_columns(self) -> None:
        level = self.level()
        guess = self.preview.mappings.get(level)
        self.column_box.clear()
        parts = parts_mapping(self.preview.columns, level)
        if parts is not None:
            self.column_box.addItem(f"Gabungan kolom {parts.label()}", parts)
        for column in self.preview.columns:
            self.column_box.addItem(column, CodeMapping((column,)))
        if guess is not None:
            index = self.column_box.findData(guess)
            self.column_box.setCurrentIndex(max(index, 0))

    def _show_sample(self) -> None:
        mapping = self.mapping()
        if mapping is None:
            self.sample.setText("")
            return
        values = [" ".join(self.preview.samples.get(c, [""] * 5)[i] for c in mapping.columns)
                  for i in range(min(3, self.preview.shapes))]
        self.sample.setText(", ".join(values))

    def level(self) -> BoundaryLevel:
        return self.level_box.currentData()

    def mapping(self) -> CodeMapping | None:
        return self.column_box.currentData()


class BoundaryReportDialog(QDialog):
    """What matched, which shapes found no area, and which areas got no shape."""

    def __init__(self, report: BoundaryReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hasil impor batas wilayah")
        size_to_screen(self, 640, 480, "boundary_report")
        n = format_number
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"{n(report.matched)} dari {n(report.shapes_read)} bentuk cocok dengan "
            f"{LEVEL_NAMES[report.level]} di master wilayah. Master wilayah tidak diubah.")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        lines = [f"Bentuk tanpa wilayah di master ({n(len(report.unmatched_shapes))}):"]
        lines += [f"  bentuk ke-{u.number}: {u.reason}" for u in
                  report.unmatched_shapes[:LISTED]]
        if len(report.unmatched_shapes) > LISTED:
            lines.append(f"  … dan {n(len(report.unmatched_shapes) - LISTED)} lainnya")
        lines += ["", f"Wilayah master tanpa bentuk ({n(len(report.areas_without_shape))}):"]
        lines += [f"  {a.code} {a.name}" for a in report.areas_without_shape[:LISTED]]
        if len(report.areas_without_shape) > LISTED:
            lines.append(f"  … dan {n(len(report.areas_without_shape) - LISTED)} lainnya")
        problems = report.problems
        if problems:
            lines += ["", f"Bentuk yang dilewati ({n(len(problems))}):"]
            lines += [f"  {p.reason}" for p in problems[:LISTED]]
        self.text.setPlainText("\n".join(lines))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
