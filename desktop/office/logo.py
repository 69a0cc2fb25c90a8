"""Pengaturan › Surat: the kop logo, shown small, chosen from a file or removed.

The chosen file is read, checked and stored by the write worker as soon as it is picked,
apart from the profile form (whose unsaved typing it leaves alone); the preview shows what
the database now holds.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desktop.context import LOGO, AppContext
from desktop.dialogs import Dialogs
from desktop.tasks import Op, Reads
from models.formatting import format_number
from models.office.logo import (
    FILE_FILTER,
    LogoImage,
    clear_logo,
    get_logo,
    read_logo_file,
    set_logo,
)

log = logging.getLogger(__name__)

PREVIEW_PX = 72


class LogoBox(QWidget):
    """Preview, "Pilih logo…" and "Hapus logo"; each change is saved at once."""

    def __init__(self, ctx: AppContext, dialogs: Dialogs, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx, self.dialogs = ctx, dialogs
        self._reads = Reads(self, ctx)
        self.busy = False  # a pick or a removal is on its way to the database
        self.logo: LogoImage | None = None
        self.preview = QLabel()
        self.preview.setObjectName("logoPreview")
        self.preview.setFixedSize(PREVIEW_PX, PREVIEW_PX)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.note = QLabel()
        self.note.setObjectName("logoNote")
        self.note.setWordWrap(True)
        self.pick_button = QPushButton("Pilih logo…")
        self.pick_button.setObjectName("pickLogo")
        self.pick_button.clicked.connect(self.pick)
        self.clear_button = QPushButton("Hapus logo")
        self.clear_button.setObjectName("clearLogo")
        self.clear_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.pick_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.note)
        side.addLayout(buttons)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(side, 1)
        self.show_logo(None)

    @property
    def loading(self) -> bool:
        return self._reads.pending

    def load(self) -> None:
        """Read the stored logo in the background; the preview stays until it comes."""
        self._reads.start(get_logo, self.show_logo, self.dialogs, slot="logo")

    def show_logo(self, logo: LogoImage | None) -> None:
        self.logo = logo
        pixmap = QPixmap()
        if logo is not None and pixmap.loadFromData(logo.data, "PNG"):
            self.preview.setPixmap(pixmap.scaled(
                PREVIEW_PX - 6, PREVIEW_PX - 6, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
            self.preview.setToolTip(logo.info.file_name)
            self.note.setText(f"{logo.info.file_name}\n{format_number(logo.width_px)} × "
                              f"{format_number(logo.height_px)} piksel, tampil di kiri kop.")
        else:
            self.preview.clear()
            self.preview.setText("Tanpa\nlogo")
            self.preview.setToolTip("")
            self.note.setText("Kop surat tanpa logo. Pilih gambar PNG atau JPEG (paling "
                              "besar 2 MB).")
        self._enable()

    def _enable(self) -> None:
        self.pick_button.setEnabled(not self.busy)
        self.clear_button.setEnabled(not self.busy and self.logo is not None)

    def pick(self) -> None:
        if self.busy:
            return
        path = self.dialogs.open_file(self, "Pilih logo kop surat", FILE_FILTER)
        if path is None:
            return
        self._run(lambda session: _store(session, path))

    def clear(self) -> None:
        if self.busy or self.logo is None:
            return
        if not self.dialogs.ask(self, "Hapus logo",
                                "Hapus logo dari kop surat? Surat berikutnya dibuat tanpa "
                                "logo; surat yang sudah terbit tidak berubah."):
            return
        self._run(_remove)

    def _run(self, work: Callable[[Session], LogoImage | None]) -> None:
        self.busy = True
        self._enable()
        self._reads.forget("logo")  # an older read must not replace what this one stores
        (Op(self, self.ctx, lambda session, _progress: work(session), dialogs=self.dialogs)
         .on_success(self._stored)
         .on_failure(self._refused)
         .start())

    def _stored(self, logo: LogoImage | None) -> None:
        self.busy = False
        self.show_logo(logo)
        self.ctx.changed(LOGO)

    def _refused(self, _error: BaseException) -> None:  # the op has shown the message
        self.busy = False
        self._enable()


def _store(session: Session, path: Path) -> LogoImage | None:
    set_logo(session, read_logo_file(path), file_name=path.name)
    return get_logo(session)


def _remove(session: Session) -> None:
    clear_logo(session)
