"""Ekspor Stata/SPSS: the persons' outcomes as a labelled .dta or .sav, NIK masked unless an
admin gives a reason; written in the background with a progress dialog and Batal."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.context import AppContext
from desktop.dialogs import Dialogs, ok_cancel
from desktop.tasks import Op
from models.analysis.stat_export import StatExportReport, export_persons
from models.analysis.stat_formats import FORMAT_LABELS, StatFormat
from models.audit.nik_disclosure import MIN_REASON
from models.formatting import format_number
from models.schema.users import UserRole
from models.work import ProgressCallback

log = logging.getLogger(__name__)

FILTERS = {StatFormat.DTA: "Stata (*.dta)", StatFormat.SAV: "SPSS (*.sav)"}
SUGGESTED = "rekonsiliasi-per-orang"


@dataclass(frozen=True)
class StatChoice:
    fmt: StatFormat = StatFormat.DTA
    unmasked: bool = False
    reason: str = ""


class StatExportDialog(QDialog):
    """Format and NIK masking; only an admin can uncheck the masking, then with a reason."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ekspor Stata/SPSS")
        self.admin = ctx.actor.role is UserRole.ADMIN
        layout = QVBoxLayout(self)
        intro = QLabel("Satu baris per orang hasil rekonsiliasi, dengan label variabel dan label "
                       "nilai berbahasa Indonesia (kategori, sumber, jenis kelamin, kecamatan, "
                       "kelurahan) untuk diolah di Stata atau SPSS.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.formats = {fmt: QRadioButton(FORMAT_LABELS[fmt]) for fmt in StatFormat}
        self.formats[StatFormat.DTA].setChecked(True)
        for button in self.formats.values():
            layout.addWidget(button)
        self.masked = QCheckBox("Samarkan NIK dan No. KK (6371**********01)")
        self.masked.setChecked(True)
        self.masked.setEnabled(self.admin)  # the core refuses whole numbers to others anyway
        layout.addWidget(self.masked)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Alasan")
        self.reason.setPlaceholderText("Alasan NIK lengkap, mis. padanan data dengan Dukcapil")
        self.reason.setVisible(self.admin)
        self.reason_hint = QLabel(
            f"Tanpa samaran hanya dengan alasan (paling sedikit {MIN_REASON} karakter), yang "
            "dicatat di log audit bersama nama Anda, nama berkas dan jumlah barisnya."
            if self.admin else
            "NIK dan No. KK lengkap hanya dapat diekspor ke berkas statistik oleh Admin.")
        self.reason_hint.setObjectName("pageHint")
        self.reason_hint.setWordWrap(True)
        layout.addWidget(self.reason)
        layout.addWidget(self.reason_hint)
        self.buttons = ok_cancel(self, "Pilih berkas…")
        layout.addWidget(self.buttons)
        self.masked.toggled.connect(self._update)
        self.masked.toggled.connect(lambda on: on or self.reason.setFocus())
        self.reason.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(540)

    @property
    def accept_button(self) -> QAbstractButton:
        return next(b for b in self.buttons.buttons()
                    if self.buttons.buttonRole(b) is QDialogButtonBox.ButtonRole.AcceptRole)

    def _update(self) -> None:
        whole = not self.masked.isChecked()
        self.reason.setEnabled(whole)
        self.accept_button.setEnabled(not whole or len(self.reason.text().strip()) >= MIN_REASON)

    def choice(self) -> StatChoice:
        fmt = next(f for f, button in self.formats.items() if button.isChecked())
        if self.masked.isChecked():
            return StatChoice(fmt)
        return StatChoice(fmt, True, self.reason.text().strip())


def with_suffix(target: Path, fmt: StatFormat) -> Path:
    """The chosen name with the format's extension (a file picker may leave it off)."""
    suffix = f".{fmt.value}"
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)


def run_stat_export(parent: QWidget, ctx: AppContext, dialogs: Dialogs) -> Op | None:
    """Ask format and masking, then the file; export in the background. None: cancelled."""
    dialog = StatExportDialog(ctx, parent)
    if not dialogs.run(dialog):
        return None
    choice = dialog.choice()
    chosen = dialogs.save_file(parent, f"Ekspor {FORMAT_LABELS[choice.fmt]}",
                               f"{SUGGESTED}.{choice.fmt.value}", FILTERS[choice.fmt])
    if chosen is None:
        return None
    target = with_suffix(chosen, choice.fmt)

    def work(session: Session, progress: ProgressCallback) -> StatExportReport:
        return export_persons(session, target, fmt=choice.fmt, unmasked=choice.unmasked,
                              reason=choice.reason, progress=progress)

    def done(report: StatExportReport) -> None:
        numbers = "tersamar" if report.masked else "lengkap (dicatat di log audit)"
        dialogs.inform(parent, "Ekspor selesai",
                       f"{format_number(report.rows)} orang ditulis ke {report.target} "
                       f"({FORMAT_LABELS[report.fmt]}); NIK dan No. KK {numbers}.")

    # Whole numbers write an audit entry: through the one writer.
    return (Op(parent, ctx, work, write=choice.unmasked, dialogs=dialogs)
            .with_progress(f"Mengekspor ke {FORMAT_LABELS[choice.fmt]}…")
            .on_success(done).start())


def stat_export_button(page: QWidget, ctx: AppContext, dialogs: Dialogs) -> QPushButton:
    """The page button that starts the export (Laporan's export bar)."""
    button = QPushButton("Ekspor Stata/SPSS…")
    button.setToolTip("Hasil rekonsiliasi per orang sebagai berkas Stata (.dta) atau SPSS "
                      "(.sav) berlabel")
    button.clicked.connect(lambda: run_stat_export(page, ctx, dialogs))
    return button
