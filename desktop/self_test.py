"""`kendali-sensus --self-test`: proves a build (frozen or not) has every part it needs.

It opens a database (a new SQLite file in a temporary folder, or --db), upgrades it, builds
the main window off screen, runs the core checks, then shows and prints the letter it
rendered through QtPdf and QPrinter. Each step prints one line as soon as it is done, so a
caller can time the start-up from the "Jendela utama" line. Exit 0 when every step passed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QEventLoop, QSettings, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop import tasks
from desktop.app import make_application
from desktop.context import AppContext, DataBus
from desktop.dialogs import Dialogs
from desktop.letters.preview import PdfPreviewDialog
from desktop.main_window import MainWindow
from desktop.settings import AppSettings
from models.access import Actor
from models.audit import trail
from models.formatting import format_number
from models.launch.self_check import CheckResult, core_checks, failure_text, report_file, run_check
from models.schema.users import UserRole
from models.store.db import Database, connect

WINDOW_STEP = "Jendela utama"
TESTER = Actor("uji-mandiri", "Uji mandiri", UserRole.ADMIN)  # sees every page


def _report_stream() -> tuple[TextIO, Path | None]:
    """stdout; a windowed Windows build has none, so a file in the log folder instead."""
    if sys.stdout is not None:
        return sys.stdout, None
    path = report_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8"), path


def check_window(app: QApplication, db: Database, folder: Path) -> str:
    """The window every user sees, with all ten pages, laid out and painted off screen."""
    settings = AppSettings(QSettings(str(folder / "jendela.ini"), QSettings.Format.IniFormat))
    window = MainWindow(AppContext(db.acting_as(TESTER), settings, DataBus()), Dialogs())
    try:
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.resize(1366, 768)
        window.show()
        _wait_for_pages(app)
        picture = window.grab()
        if picture.isNull():
            raise RuntimeError("jendela tidak dapat digambar")
        if app.windowIcon().isNull():
            raise RuntimeError("ikon aplikasi tidak ditemukan di resources/icons")
        return f"{len(window.pages)} halaman, {picture.width()}×{picture.height()} piksel"
    finally:
        window.close()
        window.deleteLater()


def _wait_for_pages(app: QApplication, seconds: float = 60.0) -> None:
    """The pages read in the background: their rows must have come back (and been shown)
    before the picture is taken and the database closed under them."""
    deadline = time.monotonic() + seconds
    while tasks._running:
        if time.monotonic() > deadline:
            raise RuntimeError("halaman tidak selesai memuat data")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _inked_share(image: QImage) -> float:
    """Share of pixels darker than mid-grey on white paper: a blank render is ~0."""
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)  # QtPdf leaves the page background transparent
    painter.end()
    grey = paper.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(grey.constBits())[: grey.sizeInBytes()]
    return sum(1 for value in data[::7] if value < 128) / max(1, len(data[::7]))


def check_letter_preview(letter: Path, folder: Path) -> str:
    """The letter as the Surat page previews it (QtPdf) and prints it (QPrinter)."""
    preview = PdfPreviewDialog(letter, Dialogs(), "Uji mandiri")
    try:
        document = preview.document
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise RuntimeError(f"QtPdf tidak dapat membuka surat ({document.error().name})")
        inked = _inked_share(document.render(0, document.pagePointSize(0).toSize()))
        if inked < 0.005:
            raise RuntimeError("halaman pertama surat kosong")
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(folder / "cetak.pdf"))
        pages = preview.print_to(printer)
        if pages != document.pageCount() or (folder / "cetak.pdf").stat().st_size == 0:
            raise RuntimeError("surat tidak tercetak")
        return (f"{document.pageCount()} halaman, {format_number(inked * 100, 1)} % bertinta, "
                f"tercetak ke PDF")
    finally:
        preview.deleteLater()


def _run(db: Database, app: QApplication, folder: Path,
         report: Callable[[CheckResult], None]) -> list[CheckResult]:
    letter = folder / "surat-uji.pdf"
    checks = core_checks(db, folder, letter)
    results = [run_check(*checks[0])]  # the database: nothing else can run without it
    report(results[-1])
    if not results[-1].ok:
        return results
    steps = [(WINDOW_STEP, lambda: check_window(app, db, folder)), *checks[1:],
             ("Pratinjau dan cetak surat (QtPdf, QPrinter)",
              lambda: check_letter_preview(letter, folder))]
    for name, check in steps:
        results.append(run_check(name, check))
        report(results[-1])
    return results


def run_self_test(args: argparse.Namespace) -> int:
    """0 when every check passed, 1 otherwise; the database given by --db is kept as it was,
    apart from its schema being brought up to date."""
    started = time.perf_counter()
    out, report_file = _report_stream()
    folder = Path(tempfile.mkdtemp(prefix="kendali-uji-"))
    results: list[CheckResult] = []
    db: Database | None = None

    def report(result: CheckResult) -> None:
        print(result.line(), file=out, flush=True)

    try:
        app = make_application()
        trail.install()  # as open_database does: the checks write audited rows
        db = connect(args.db or str(folder / "uji-mandiri.sqlite"))
        results = _run(db, app, folder, report)
    except Exception as exc:  # noqa: BLE001 - e.g. an unreadable URL: still a clear verdict
        results.append(CheckResult("Persiapan", False, 0.0, failure_text(exc)))
        report(results[-1])
    finally:
        if db is not None:
            db.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    failed = [r for r in results if not r.ok]
    elapsed = format_number(time.perf_counter() - started, 2)
    if failed:
        print(f"Uji mandiri GAGAL: {len(failed)} dari {len(results)} pemeriksaan "
              f"({elapsed} s).", file=out, flush=True)
    else:
        print(f"Uji mandiri berhasil: {len(results)} pemeriksaan dalam {elapsed} s.",
              file=out, flush=True)
    if report_file is not None:
        out.close()
    return 1 if failed else 0
