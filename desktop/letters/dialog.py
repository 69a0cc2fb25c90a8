"""Buat surat: kind, recipients to tick, date and output; draft preview or issue."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.qt_texts import DATE_FORMAT
from desktop.widgets import size_to_screen
from models.letters.progress import AreaScope
from models.letters.requests import KIND_LABELS, LetterRequest, Recipient

# (kind, deliver): reads the kind's recipients in the background, then calls deliver with them
RecipientsFor = Callable[[str, Callable[[list[Recipient]], None]], None]


class LetterDialog(QDialog):
    """Stays open while the user previews drafts; `on_draft` / `on_issue` do the work."""

    def __init__(self, kind: str, recipients_for: RecipientsFor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Buat surat")
        size_to_screen(self, 620, 560, "letter_dialog")
        self.recipients_for = recipients_for
        self.on_draft: Callable[[LetterRequest, bool], None] = lambda request, one: None
        self.on_issue: Callable[[LetterRequest, bool], None] = lambda request, one: None
        self.kind = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.currentIndexChanged.connect(self._fill_recipients)
        self.all = QCheckBox("Semua penerima")
        self.all.setChecked(True)
        self.all.toggled.connect(self._tick_all)
        self.list = QListWidget()
        self.list.itemChanged.connect(self._update_count)
        self.count = QLabel()
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DATE_FORMAT)
        self.one_pdf = QRadioButton("Satu PDF berisi semua surat")
        self.each = QRadioButton("Satu berkas PDF per surat (ke satu folder)")
        self.one_pdf.setChecked(True)
        self.quality = QCheckBox("Lampirkan mutu data (piramida penduduk, sebaran ukuran per PPL)")
        self.quality.setToolTip("Lampiran surat camat: piramida umur dan jenis kelamin hasil "
                                "lapangan di samping SP Online, serta sebaran beberapa ukuran "
                                "kewajaran per PPL dengan PPL yang ditandai")
        output = QButtonGroup(self)
        output.addButton(self.one_pdf)
        output.addButton(self.each)
        form = QFormLayout()
        form.addRow("Jenis surat", self.kind)
        form.addRow("Tanggal surat", self.day)
        outputs = QVBoxLayout()
        outputs.addWidget(self.one_pdf)
        outputs.addWidget(self.each)
        form.addRow("Keluaran", outputs)
        self.quality_label = QLabel("Lampiran")
        form.addRow(self.quality_label, self.quality)
        self.draft_button = QPushButton("Pratinjau draf")
        self.draft_button.setToolTip("Lihat surat tanpa nomor; tidak dicatat (Ctrl+D)")
        self.draft_button.setShortcut(QKeySequence("Ctrl+D"))
        self.draft_button.clicked.connect(lambda: self.on_draft(self.request(), self.one_file))
        self.issue_button = QPushButton("Terbitkan…")
        self.issue_button.setToolTip("Beri nomor, simpan PDF dan catat di register surat")
        self.issue_button.setDefault(True)
        self.issue_button.clicked.connect(lambda: self.on_issue(self.request(), self.one_file))
        close = QPushButton("Tutup")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        for button in (self.draft_button, self.issue_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.all)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._fill_recipients()

    @property
    def one_file(self) -> bool:
        return self.one_pdf.isChecked()

    @property
    def annex_possible(self) -> bool:
        """Only the kecamatan letter carries the quality annex."""
        return self.kind.currentData() == AreaScope.KECAMATAN.value

    def _fill_recipients(self) -> None:
        for widget in (self.quality_label, self.quality):
            widget.setVisible(self.annex_possible)
        self.list.clear()  # until the chosen kind's recipients come
        self._update_count()
        self.recipients_for(self.kind.currentData(), self._show_recipients)

    def _show_recipients(self, recipients: list[Recipient]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for recipient in recipients:
            item = QListWidgetItem(f"{recipient.code}  {recipient.label}")
            item.setData(Qt.ItemDataRole.UserRole, recipient.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if self.all.isChecked()
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_count()

    def _tick_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)
        self.list.blockSignals(False)
        self._update_count()

    def chosen(self) -> list[str]:
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())
                if self.list.item(r).checkState() == Qt.CheckState.Checked]

    def _update_count(self) -> None:
        chosen = len(self.chosen())
        self.count.setText(f"{chosen} dari {self.list.count()} penerima dipilih"
                           if self.list.count() else "Belum ada penerima untuk surat ini.")
        for button in (self.draft_button, self.issue_button):
            button.setEnabled(chosen > 0)

    def request(self) -> LetterRequest:
        codes = self.chosen()
        every = len(codes) == self.list.count()
        day: date = self.day.date().toPython()  # type: ignore[assignment]
        return LetterRequest(self.kind.currentData(), None if every else codes, day,
                             quality_annex=self.annex_possible and self.quality.isChecked())
