"""Starting the window: logging, the database (explained if it fails), the main window."""
from __future__ import annotations

import argparse
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.context import AppContext, DataBus
from desktop.dialogs import Dialogs
from desktop.main_window import MainWindow
from desktop.qt_texts import IndonesianQtTexts
from desktop.qt_texts import install as install_qt_texts
from desktop.settings import APPLICATION, ORGANIZATION, AppSettings
from desktop.sign_in.flow import sign_in
from desktop.sign_in.server_password_dialog import ServerPasswordPrompt
from models.access import SYSTEM
from models.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from models.errors import KendaliError
from models.launch.opening import open_database
from models.resources import resource_path
from models.store import config
from models.store.db import Database
from models.store.gc_pause import freeze_long_lived

log = logging.getLogger(__name__)


def setup_logging(verbose: bool = False) -> Path:
    folder = config.data_dir() / "log"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kendali-sensus.log"
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path


def open_or_explain(raw_url: str, dialogs: Dialogs) -> Database | None:
    """Open and upgrade; on failure tell the user why in Indonesian and return None."""
    try:
        db, result = open_database(raw_url)
    except KendaliError as exc:
        log.warning("database not opened: %s (%s)", exc.message, exc.detail)
        dialogs.error(None, "Database tidak dapat dibuka", exc.message, exc.detail)
        return None
    if result.backup:
        log.info("database copied to %s before the upgrade", result.backup)
    return db


def open_chosen(args: argparse.Namespace, dialogs: Dialogs) -> Database | None:
    """The database of this start: a server's password asked in a dialog when neither the
    credential store nor KENDALI_DB_PASSWORD has it; the URL remembered once it opened (the
    password in the credential store when the user ticked it). Without a credential store
    the user is told once that the password is not kept."""
    if args.demo:
        return open_or_explain(fresh_demo_database(), dialogs)
    prompt = ServerPasswordPrompt(dialogs)
    url = config.choose_url(args.db, ask=prompt)
    db = open_or_explain(url, dialogs)
    if db is None:
        return None
    remember = url if prompt.keep else args.db  # a wrong password is never kept
    if remember and not config.remember_url(remember):
        dialogs.inform(None, "Kata sandi server", config.NO_KEYRING)
    return db


def fresh_demo_database() -> str:
    """A new, empty demo file beside the office database, never the office database."""
    path = config.data_dir() / "demo.sqlite"
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return str(path)


def install_excepthook(dialogs: Dialogs) -> None:
    """An unexpected error becomes a calm message and a log entry, not a crash."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, error, tb))
        dialogs.show_error(QApplication.activeWindow(), error)

    sys.excepthook = hook


def make_application() -> QApplication:
    """The one QApplication, named (QSettings keys) and styled."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Kendali Sensus")
    if not app.findChildren(IndonesianQtTexts):
        install_qt_texts(app)
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    app.setWindowIcon(QIcon(str(resource_path("icons", "kendali-sensus.png"))))
    return app


def run_gui(args: argparse.Namespace, dialogs: Dialogs | None = None) -> int:
    setup_logging(args.verbose)
    app = make_application()
    dialogs = dialogs or Dialogs()
    install_excepthook(dialogs)

    db = open_chosen(args, dialogs)
    if db is None:
        return 2
    hint = ""
    if args.demo:
        with db.acting_as(SYSTEM).session() as session:
            create_demo_accounts(session)
        hint = (f"Data contoh: masuk sebagai admin, supervisor atau staf; kata sandi "
                f"{DEMO_PASSWORD}.")
    settings = AppSettings()
    code, demo_pending = 0, args.demo
    while True:  # a sign-out (or a restore) comes back here to sign in again
        actor = sign_in(db, dialogs, settings, hint)
        if actor is None:
            break
        try:
            window = MainWindow(AppContext(db.acting_as(actor), settings, DataBus()), dialogs)
        except Exception as exc:  # noqa: BLE001 - never leave a process running without a window
            log.exception("main window could not be built")
            dialogs.show_error(None, exc)
            code = 1
            break
        freeze_long_lived()  # after the window is built: see models/store/gc_pause.py
        window.show()
        if demo_pending:
            window.load_demo(as_system=True)
            demo_pending = False
        window.start_auto_backup()
        code = app.exec()
        again = window.sign_out_requested
        window.deleteLater()
        if not again:
            break
    db.dispose()
    return code
