"""Choosing the sheet and fixing the column mapping of a file before it is imported."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import in_background
from desktop.widgets import size_to_screen
from models.errors import KendaliError
from models.ids.cells import text
from models.sheets.columns import ColumnMapping, FieldSpec
from models.sheets.importing import FilePreview

PREVIEW_ROWS = 12
NONE = -1


def shown(value: Any) -> str:
    """A cell as Excel shows it: a long number in a number cell appears as 6.37104E+15."""
    if isinstance(value, float) and abs(value) >= 1e11:
        return f"{value:.5E}"
    return text(value)


class ImportMappingDialog(QDialog):
    """Sheet picker, one combo per field (required ones marked *), and the first rows."""

    def __init__(self, preview: FilePreview, fields: list[FieldSpec],
                 reinspect: Callable[[str], FilePreview], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        size_to_screen(self, 900, 620, "import_mapping")
        self.fields = fields
        self.reinspect = reinspect
        self.preview = preview
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Berkas: <b>{preview.path.name}</b>"))
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(QLabel("Lembar:"))
        self.sheet = QComboBox()
        self.sheet.addItems(preview.sheets)
        self.sheet.setCurrentText(preview.sheet)
        self.sheet.currentTextChanged.connect(self._sheet_changed)
        sheet_row.addWidget(self.sheet, 1)
        self.header_note = QLabel()
        sheet_row.addWidget(self.header_note, 2)
        layout.addLayout(sheet_row)

        form_box = QWidget()
        self.form = QFormLayout(form_box)
        self.combos: dict[str, QComboBox] = {}
        for spec in fields:
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._check)
            self.combos[spec.key] = combo
            self.form.addRow(f"{spec.label}{' *' if spec.required else ''}", combo)
        columns = QHBoxLayout()
        columns.addWidget(form_box, 2)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        columns.addWidget(self.table, 3)
        layout.addLayout(columns, 1)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.remember = QCheckBox("Ingat pemetaan ini untuk berkas dengan susunan kolom yang sama")
        self.remember.setChecked(True)
        layout.addWidget(self.remember)
        self.extra = QVBoxLayout()  # subclasses add their options here
        layout.addLayout(self.extra)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("Impor", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show(preview)

    def _sheet_changed(self, name: str) -> None:
        # A large workbook takes seconds to read: keep the window alive meanwhile.
        self.setEnabled(False)
        self.header_note.setText(f"Membaca lembar {name}…")
        in_background(self, lambda: self.reinspect(name), self._sheet_read, self._sheet_failed)

    def _sheet_read(self, preview: FilePreview) -> None:
        self.setEnabled(True)
        self._show(preview)

    def _sheet_failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        self.header_note.setText("")
        self.problem.setText(error.message if isinstance(error, KendaliError) else str(error))
        self.set_ready(False)

    def set_ready(self, ready: bool) -> None:
        """Whether the mapping can go; subclasses with more confirm buttons follow it."""
        self.ok.setEnabled(ready)

    def _show(self, preview: FilePreview) -> None:
        self.preview = preview
        mapping = preview.mapping
        rows = (f"{mapping.header_row}–{mapping.header_row + 1} (judul dua baris)"
                if mapping.header_rows == 2 else str(mapping.header_row + 1))
        self.header_note.setText(f"Baris judul ditemukan di baris {rows}"
                                 + (" · pemetaan yang diingat dipakai" if preview.remembered
                                    else ""))
        for spec in self.fields:
            combo = self.combos[spec.key]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(tidak ada)", NONE)
            for index, header in enumerate(mapping.headers):
                combo.addItem(header or f"Kolom {index + 1}", index)
            combo.setCurrentIndex(max(combo.findData(mapping.columns.get(spec.key, NONE)), 0))
            combo.blockSignals(False)
        body = preview.rows[mapping.header_row + 1:mapping.header_row + 1 + PREVIEW_ROWS]
        self.table.clear()
        self.table.setColumnCount(len(mapping.headers))
        self.table.setHorizontalHeaderLabels(mapping.headers)
        self.table.setRowCount(len(body))
        # Row labels are the spreadsheet's own row numbers, as problems name them.
        self.table.setVerticalHeaderLabels(
            [str(mapping.header_row + 2 + r) for r in range(len(body))])
        for r, row in enumerate(body):
            for c in range(len(mapping.headers)):
                value: Any = row[c] if c < len(row) else ""
                self.table.setItem(r, c, QTableWidgetItem(shown(value)))
        self.table.resizeColumnsToContents()
        self._check()

    def mark_cell(self, table_row: int, column: int, text: str, error: bool) -> None:
        """Colour a preview cell and explain it in its tooltip (red: error, amber: warning)."""
        item = self.table.item(table_row, column)
        if item is None:
            return
        item.setBackground(QColor("#f9d6d3" if error else "#fdebc8"))
        item.setToolTip("\n".join(filter(None, (item.toolTip(), text))))

    def clear_marks(self) -> None:
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")

    def set_column(self, key: str, header: str) -> None:
        """Pick the column for a field by its header text (what the user does with the combo)."""
        combo = self.combos[key]
        combo.setCurrentIndex(combo.findText(header))

    @property
    def mapping(self) -> ColumnMapping:
        chosen = {key: combo.currentData() for key, combo in self.combos.items()
                  if combo.currentData() not in (None, NONE)}
        base = self.preview.mapping
        return ColumnMapping(base.header_row, base.headers, chosen, base.header_rows)

    @property
    def sheet_name(self) -> str:
        return self.sheet.currentText()

    def mapping_changed(self) -> None:
        """Called whenever the mapping or sheet changes; subclasses re-check the preview."""

    def _check(self) -> None:
        chosen = [c.currentData() for c in self.combos.values() if c.currentData() != NONE]
        missing = [f.label for f in self.fields
                   if f.required and self.combos[f.key].currentData() in (None, NONE)]
        twice = len(chosen) != len(set(chosen))
        problems = []
        if self.preview.no_data:
            problems.append("Tidak ada baris data di bawah baris judul; tidak ada yang dapat "
                            "diimpor dari lembar ini.")
        if missing:
            problems.append(f"Kolom wajib belum dipilih: {', '.join(missing)}.")
        if twice:
            problems.append("Satu kolom dipilih untuk dua isian.")
        self.problem.setText(" ".join(problems))
        self.set_ready(not problems)
        if not problems:
            self.mapping_changed()
