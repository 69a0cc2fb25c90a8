"""Pengingat tim: each team's (and Koseka's) status as a chat message to copy, or as a PDF."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.tasks import Op, Reads
from desktop.widgets import size_to_screen
from models.letters.issue import safe_file_name
from models.overview.reminder_pdf import sheet_file_name, write_reminder_pdf
from models.overview.reminders import (
    SheetKind,
    TeamSheet,
    chat_text,
    office_labels,
    team_sheets,
)
from models.schema.officers import OfficerRole

log = logging.getLogger(__name__)

Loaded = tuple[list[TeamSheet], dict[OfficerRole, str]]


def load_sheets(session: Session) -> Loaded:
    """What the dialog shows, read in the background: every sheet and the role names."""
    return team_sheets(session), office_labels(session)


def sheet_label(sheet: TeamSheet, labels: dict[OfficerRole, str]) -> str:
    """The sheet in the list: who leads it, and how many of its PPL need a reminder."""
    if sheet.kind is SheetKind.TEAM:
        text = f"{sheet.title} — {sheet.leader or '(belum ada ' + labels[OfficerRole.PML] + ')'}"
    else:
        text = f"{labels[OfficerRole.KOSEKA]} {sheet.leader} — {sheet.title}"
    late = len({line.officer_id for line in (*sheet.behind, *sheet.inactive)})
    return f"{text} ({late} perlu diingatkan)" if late else text


class ReminderDialog(QDialog):
    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.dialogs = ctx, dialogs or Dialogs()
        self.setWindowTitle("Pengingat tim")
        size_to_screen(self, 980, 600, "reminder_dialog")
        self.sheets: list[TeamSheet] = []
        self.labels: dict[OfficerRole, str] = {}
        self.reads = Reads(self, ctx)
        self.list = QListWidget()
        self.list.setAccessibleName("Tim dan Koseka")
        self.list.currentRowChanged.connect(self._show_sheet)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Pesan untuk grup")
        self.note = QLabel("Memuat…")
        self.note.setWordWrap(True)
        self.copy_button = QPushButton("Salin ke papan klip")
        self.copy_button.setToolTip("Salin pesan untuk grup WhatsApp tim (Ctrl+Shift+C)")
        self.copy_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_button.clicked.connect(self.copy)
        self.pdf_button = QPushButton("Simpan PDF…")
        self.pdf_button.setToolTip("Status tim satu halaman, untuk dicetak atau dikirim")
        self.pdf_button.clicked.connect(self.save_pdf)
        close = QPushButton("Tutup")
        close.clicked.connect(self.reject)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Tim dan Koseka"))
        column.addWidget(self.list, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Pesan untuk grup WhatsApp"))
        column.addWidget(self.text, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        for button in (self.copy_button, self.pdf_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._enable()
        self.load()

    def load(self) -> None:
        self.reads.start(load_sheets, self._loaded, self.dialogs)

    def _loaded(self, loaded: Loaded) -> None:
        self.sheets, self.labels = loaded
        self.list.clear()
        for sheet in self.sheets:
            item = QListWidgetItem(sheet_label(sheet, self.labels))
            self.list.addItem(item)
        if self.sheets:
            self.list.setCurrentRow(0)
            self.note.setText("Pilih tim, salin pesannya, lalu tempel di grup.")
        else:
            self.note.setText("Belum ada tim atau Koseka. Susun tim di halaman Penugasan.")
        self._enable()

    def current_sheet(self) -> TeamSheet | None:
        row = self.list.currentRow()
        return self.sheets[row] if 0 <= row < len(self.sheets) else None

    def _show_sheet(self, _row: int = -1) -> None:
        sheet = self.current_sheet()
        self.text.setPlainText(chat_text(sheet, labels=self.labels) if sheet else "")
        self._enable()

    def _enable(self) -> None:
        chosen = self.current_sheet() is not None
        self.copy_button.setEnabled(chosen)
        self.pdf_button.setEnabled(chosen)

    def copy(self) -> None:
        text = self.text.toPlainText()
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self.note.setText("Pesan disalin. Tempel di grup WhatsApp tim.")

    def save_pdf(self) -> Op | None:
        sheet = self.current_sheet()
        if sheet is None:
            return None
        suggested = sheet_file_name(sheet, self.labels) if self.labels else \
            f"{safe_file_name(sheet.title)}.pdf"
        target = self.dialogs.save_file(self, "Simpan status tim sebagai", suggested,
                                        "PDF (*.pdf)")
        if target is None:
            return None
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        return (Op(self, self.ctx, lambda s, _p: write_reminder_pdf(s, [sheet], target),
                   write=False, dialogs=self.dialogs)
                .with_progress("Menyimpan PDF…")
                .on_success(self._saved)
                .start())

    def _saved(self, path: Path) -> None:
        self.note.setText(f"PDF disimpan: {path}")
        self.dialogs.open_document(path)


def open_reminder_dialog(parent: QWidget, ctx: AppContext, dialogs: Dialogs) -> ReminderDialog:
    dialog = ReminderDialog(ctx, dialogs, parent)
    dialogs.run(dialog)
    dialog.reads.forget()  # closed: a late answer has nowhere to go
    return dialog
