"""A PDF shown in the app (QtPdf), with printing (QPrinter) and saving a copy."""
from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.dialogs import Dialogs
from desktop.widgets import size_to_screen
from models.files.private import written_privately


class PdfPreviewDialog(QDialog):
    def __init__(self, path: Path, dialogs: Dialogs, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.dialogs = path, dialogs
        self.setWindowTitle(title)
        size_to_screen(self, 900, 1000, "pdf_preview")  # its buttons in view on a laptop
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        bar = QHBoxLayout()
        self.pages = QLabel(f"{self.document.pageCount()} halaman — {path.name}")
        buttons = []
        for text, shortcut, slot in (("Cetak…", QKeySequence.StandardKey.Print, self.print),
                                     ("Simpan salinan…", QKeySequence.StandardKey.Save,
                                      self.save_copy),
                                     ("Buka di aplikasi lain", None, self.open_outside),
                                     ("Tutup", None, self.accept)):
            button = QPushButton(text)
            if shortcut is not None:
                button.setShortcut(QKeySequence(shortcut))
            button.clicked.connect(slot)
            buttons.append(button)
        self.print_button, self.save_button, self.open_button, close = buttons
        bar.addWidget(self.pages, 1)
        for button in buttons:
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)

    def print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.dialogs.run(QPrintDialog(printer, self)):
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Each page as an image at the printer's resolution, fitted to its page; pages sent."""
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        try:
            dpi = printer.resolution()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = self.document.render(page, size)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(target.x(), target.y(), image.scaled(scaled))
        finally:
            painter.end()
        return self.document.pageCount()

    def save_copy(self) -> None:
        target = self.dialogs.save_file(self, "Simpan salinan surat", self.path.name,
                                        "PDF (*.pdf)")
        if target is not None and target != self.path:
            try:
                with written_privately(target) as temporary:  # 0600, whole or absent
                    shutil.copyfile(self.path, temporary)
            except OSError as exc:
                self.dialogs.error(self, "Simpan salinan surat",
                                   f"Salinan tidak dapat disimpan ke {target}. Periksa izin "
                                   "folder dan ruang disk.", str(exc))

    def open_outside(self) -> None:
        self.dialogs.open_document(self.path)
