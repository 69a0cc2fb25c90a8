"""Every question or message box goes through here, so tests can answer them."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
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
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(parent, title, question, buttons.Yes | buttons.No,
                                      buttons.No)
        return answer == buttons.Yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def open_document(self, path: Path) -> None:
        """Open a written file (a PDF to print) in the program Windows has for it."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def error(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                          parent)
        if detail:
            box.setDetailedText(detail)
        box.exec()

    def show_error(self, parent: QWidget | None, error: BaseException) -> None:
        """Domain errors carry their Indonesian text; anything else is unexpected."""
        if isinstance(error, KendaliError):
            self.error(parent, "Kendali Sensus", error.message, error.detail)
        else:
            self.error(parent, "Kesalahan tak terduga",
                       "Terjadi kesalahan tak terduga. Data tidak diubah. Rinciannya tercatat "
                       "di berkas log; kirimkan kepada admin bila berulang.",
                       f"{type(error).__name__}: {error}")


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """The app's form buttons: a named confirm button and Batal."""
    buttons = QDialogButtonBox()
    buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
