"""Mapping an SP Online or field-results file, with the preview's problems marked per cell."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from desktop.imports.mapping_dialog import PREVIEW_ROWS, ImportMappingDialog
from models.errors import ImportProblem
from models.persons.importing import OnError
from models.sheets.columns import ColumnMapping, FieldSpec
from models.sheets.importing import FilePreview

# (preview, mapping, deliver): checks the preview's rows in the background, then calls deliver
ProblemFinder = Callable[[FilePreview, ColumnMapping, Callable[[list[ImportProblem]], None]],
                         None]


class PersonImportDialog(ImportMappingDialog):
    """Adds: problems of the first rows marked red/amber, the on-error choice, "check only"."""

    def __init__(self, preview: FilePreview, fields: list[FieldSpec],
                 reinspect: Callable[[str], FilePreview], title: str,
                 find_problems: ProblemFinder, parent: QWidget | None = None) -> None:
        # Set before the base class shows the preview, which already calls mapping_changed.
        self.find_problems = find_problems
        self._checks = 0  # mappings checked so far: only the newest one's problems are marked
        self.check_only = False
        self.preview_note = QLabel()
        super().__init__(preview, fields, reinspect, title, parent)
        self.preview_note.setWordWrap(True)
        self.extra.addWidget(self.preview_note)
        choice = QHBoxLayout()
        choice.addWidget(QLabel("Bila ada baris yang salah:"))
        self.nothing = QRadioButton("jangan simpan apa pun")
        self.valid_only = QRadioButton("simpan baris yang valid saja")
        self.nothing.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.nothing, self.valid_only):
            group.addButton(button)
            choice.addWidget(button)
        choice.addStretch()
        self.extra.addLayout(choice)
        self.check_button = self.buttons.addButton("Periksa saja",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.setToolTip("Periksa seluruh berkas tanpa menyimpan; laporan masalah "
                                     "dapat disimpan sesudahnya.")
        self.check_button.clicked.connect(self._check_only)
        self.set_ready(self.ok.isEnabled())

    def set_ready(self, ready: bool) -> None:
        super().set_ready(ready)
        # Not while the base class builds: the note has no parent yet and would be a window.
        if hasattr(self, "check_button"):
            self.check_button.setEnabled(ready)  # a refused mapping is refused when checked
            self.preview_note.setVisible(ready)  # mapping_changed words it when ready

    @property
    def on_error(self) -> OnError:
        return OnError.VALID_ONLY if self.valid_only.isChecked() else OnError.NOTHING

    def _check_only(self) -> None:
        if not self.check_button.isEnabled():
            return
        self.check_only = True
        self.accept()

    def mapping_changed(self) -> None:
        self.clear_marks()
        mapping, preview = self.mapping, self.preview
        self._checks += 1
        number = self._checks
        self.preview_note.setText("Memeriksa pratinjau…")
        self.find_problems(preview, mapping, lambda problems: self._mark(
            number, preview, mapping, problems))

    def _mark(self, number: int, preview: FilePreview, mapping: ColumnMapping,
              problems: list[ImportProblem]) -> None:
        if number != self._checks:  # the mapping or sheet changed since it was asked
            return
        first = mapping.header_row + 2  # spreadsheet row shown in the table's first line
        for problem in problems:
            column = (mapping.headers.index(problem.column)
                      if problem.column in mapping.headers else -1)
            if 0 <= problem.row - first < PREVIEW_ROWS and column >= 0:
                self.mark_cell(problem.row - first, column, problem.reason, problem.error)
        errors = sum(1 for p in problems if p.error)
        shown = min(PREVIEW_ROWS, max(len(preview.rows) - mapping.header_row - 1, 0))
        first_reasons = "".join(f"<br>• baris {p.row}, {p.column}: {p.reason}"
                                for p in sorted(problems, key=lambda p: (not p.error, p.row))[:3])
        self.preview_note.setText(
            f"Pratinjau {shown} baris pertama: <b>{errors} kesalahan</b> (merah), "
            f"{len(problems) - errors} peringatan (kuning); sel bertanda menjelaskan alasannya. "
            f"Seluruh berkas diperiksa saat diimpor.{first_reasons}"
            if problems else f"Pratinjau {shown} baris pertama: tidak ada masalah.")
