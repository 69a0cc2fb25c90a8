"""Every question or message box goes through here, so tests can answer them."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from models.errors import KendaliError

SPREADSHEETS = "Lembar kerja (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt)"
XLSX = "Buku kerja Excel (*.xlsx)"


class Dialogs:
    def run(self, dialog: QDialog) -> bool:
        """Show one of the app's own dialogs; True when the user confirmed it."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def open_file(self, parent: QWidget | None, title: str, filters: str = SPREADSHEETS
                  ) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(name) if name else None

    def save_file(self, parent: QWidget | None, title: str, suggested: str,
                  filters: str = XLSX) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return Path(name) if name else None

    def choose_folder(self, parent: QWidget | None, title: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, title)
        return Path(name) if name else None

    def ask(self, parent: QWidget | None, title: str, question: str) -> bool:
        box = message_box(parent, QMessageBox.Icon.Question, title, question)
        yes = box.addButton("Ya", QMessageBox.ButtonRole.YesRole)
        no = box.addButton("Tidak", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)  # Enter by habit never replaces or deletes
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        message_box(parent, QMessageBox.Icon.Information, title, text, closing=True).exec()

    def open_document(self, path: Path) -> None:
        """Open a written file (a PDF to print) in the program Windows has for it."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def error(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        message_box(parent, QMessageBox.Icon.Critical, title, text, detail, closing=True).exec()

    def show_error(self, parent: QWidget | None, error: BaseException) -> None:
        """Domain errors carry their Indonesian text; anything else is unexpected."""
        if isinstance(error, KendaliError):
            self.error(parent, "Kendali Sensus", error.message, error.detail)
        else:
            self.error(parent, "Kesalahan tak terduga",
                       "Terjadi kesalahan tak terduga. Data tidak diubah. Rinciannya tercatat "
                       "di berkas log; kirimkan kepada admin bila berulang.",
                       f"{type(error).__name__}: {error}")


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                detail: str = "", *, closing: bool = False) -> QMessageBox:
    """A message box in Indonesian: Qt's own button texts (OK, Show Details...) are English."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copy a path
    if closing:
        box.setEscapeButton(box.addButton("Tutup", QMessageBox.ButtonRole.AcceptRole))
    if detail:
        box.setDetailedText(detail)  # its Tampilkan/Sembunyikan rincian: desktop/qt_texts.py
    return box


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """The app's form buttons: a named confirm button and Batal."""
    buttons = QDialogButtonBox()
    buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
