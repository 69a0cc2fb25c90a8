"""Pictures of every page, the main dialogs and each letter kind on the demo data.

    python tools/screenshots.py [FOLDER]   # docs/screenshots unless a folder is given
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# Before any Qt import: no screen needed, and no user folders touched.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_SANDBOX = Path(tempfile.mkdtemp(prefix="kendali-screenshots-"))
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ.pop("KENDALI_SENSUS_DB", None)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QDialog,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from desktop import tasks  # noqa: E402
from desktop.app import make_application  # noqa: E402
from desktop.context import AppContext, DataBus  # noqa: E402
from desktop.dialogs import Dialogs  # noqa: E402
from desktop.letters.dialog import LetterDialog  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.officers.dialogs import OfficerDialog  # noqa: E402
from desktop.progress.reminder_dialog import ReminderDialog  # noqa: E402
from desktop.recon.page import REVIEW_TAB, RekonsiliasiPage  # noqa: E402
from desktop.settings import AppSettings  # noqa: E402
from desktop.sign_in.login_dialog import LoginDialog  # noqa: E402
from models.access import SYSTEM, Actor  # noqa: E402
from models.demo.accounts import DEMO_PASSWORD, create_demo_accounts  # noqa: E402
from models.demo.city import load_demo  # noqa: E402
from models.launch.opening import open_database  # noqa: E402
from models.letters import surat_tugas  # noqa: E402
from models.letters.issue import draft_number, render_draft  # noqa: E402
from models.letters.progress import AreaScope  # noqa: E402
from models.letters.requests import OPD, LetterRequest, compose, recipients  # noqa: E402
from models.office.profile import get_profile, role_labels  # noqa: E402
from models.overview.reminder_pdf import write_reminder_pdf  # noqa: E402
from models.overview.reminders import team_sheets  # noqa: E402
from models.recon.printing import render_online_only  # noqa: E402
from models.schema.areas import Kecamatan  # noqa: E402
from models.schema.officers import Officer, OfficerRole  # noqa: E402
from models.schema.recon import ReconCategory  # noqa: E402
from models.schema.users import UserRole  # noqa: E402
from models.store.db import Database  # noqa: E402

OUT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else \
    Path(__file__).resolve().parents[1] / "docs" / "screenshots"
WIDTH, HEIGHT = 1366, 768
ADMIN = Actor("admin", "Admin Contoh", UserRole.ADMIN)
LETTERS = {"surat-kota": AreaScope.KOTA.value, "surat-kecamatan": AreaScope.KECAMATAN.value,
           "surat-kelurahan": AreaScope.KELURAHAN.value, "surat-opd": OPD}


class RecordingDialogs(Dialogs):
    """Never blocks: dialogs are recorded and declined, messages are only printed."""

    def __init__(self) -> None:
        self.shown: list[QDialog] = []

    def run(self, dialog: QDialog) -> bool:
        self.shown.append(dialog)
        return False

    def ask(self, parent: QWidget | None, title: str, question: str) -> bool:
        return False

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        print(f"info: {title}: {text}", file=sys.stderr)

    def error(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        print(f"error: {title}: {text} {detail}", file=sys.stderr)

    def show_error(self, parent: QWidget | None, error: BaseException) -> None:
        print(f"error: {error!r}", file=sys.stderr)


def settle(app: QApplication, *, timeout: float = 60.0, quiet: float = 0.4) -> None:
    """Process events until no background task has run for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    calm_since = time.monotonic()
    while time.monotonic() < deadline:
        app.processEvents()
        if tasks._running:
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            break
        time.sleep(0.02)
    app.processEvents()


def save(widget: QWidget, name: str) -> None:
    path = OUT / f"{name}.png"
    widget.grab().save(str(path), "PNG")
    print(f"{path.name}: {path.stat().st_size // 1024} KB")


def demo_database(folder: Path) -> Database:
    database, _ = open_database(str(folder / "demo.sqlite"))
    database = database.acting_as(ADMIN)
    with database.session() as session:
        load_demo(session)
    with database.acting_as(SYSTEM).session() as session:  # the Admin page's users
        create_demo_accounts(session)
    return database  # reconciled: the demo's last step is its first matching run


def shoot_pages(app: QApplication, window: MainWindow) -> None:
    """Every page, and each further tab of a page made of tabs (Pengaturan › Jadwal)."""
    for old in OUT.glob("halaman-*.png"):  # pages renumbered or renamed leave none behind
        old.unlink()
    for row, page in enumerate(window.pages):
        window.navigation.setCurrentRow(row)
        settle(app)
        name = f"halaman-{row + 1:02d}-{file_part(page.title)}"
        save(window, name)
        tabs = page.findChildren(QTabWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        for tab in tabs:
            for number in range(1, tab.count()):
                tab.setCurrentIndex(number)
                settle(app)
                save(window, f"{name}-{file_part(tab.tabText(number).split('(')[0])}")
            tab.setCurrentIndex(0)


def shoot_review_case(app: QApplication, window: MainWindow) -> None:
    """Rekonsiliasi › Tinjauan with a case of the second pass chosen: its reasons shown."""
    row = next(n for n, page in enumerate(window.pages) if isinstance(page, RekonsiliasiPage))
    page = window.pages[row]
    assert isinstance(page, RekonsiliasiPage)
    window.navigation.setCurrentRow(row)
    settle(app)
    page.tabs.setCurrentIndex(REVIEW_TAB)
    found = next((n for n, line in enumerate(page.queue_model.rows())
                  if line.category is ReconCategory.MUNGKIN), None)
    if found is None:
        print("no mungkin case in the demo: Tinjauan not shot with one", file=sys.stderr)
        return
    index = page.queue_proxy.mapFromSource(page.queue_model.index(found, 0))
    page.queue_view.selectRow(index.row())
    page.queue_view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    settle(app)
    save(window, f"halaman-{row + 1:02d}-{file_part(page.title)}-tinjauan-mungkin-sama")
    page.tabs.setCurrentIndex(0)


def file_part(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def show_dialog(app: QApplication, dialog: QDialog, name: str, *, parent: QWidget) -> None:
    dialog.setParent(parent, dialog.windowFlags())
    dialog.show()
    settle(app)
    save(dialog, name)
    dialog.close()


def shoot_dialogs(app: QApplication, window: MainWindow, database: Database) -> None:
    login = LoginDialog(lambda _user, _password: None, "demo.sqlite", "admin",  # type: ignore[arg-type, return-value]
                        f"Data contoh: masuk sebagai admin, supervisor atau staf; kata sandi "
                        f"{DEMO_PASSWORD}.")
    show_dialog(app, login, "dialog-masuk", parent=window)

    def recipients_for(kind: str, deliver):  # type: ignore[no-untyped-def]
        with database.session() as session:
            deliver(recipients(session, kind))

    show_dialog(app, LetterDialog(AreaScope.KECAMATAN.value, recipients_for), "dialog-surat",
                parent=window)
    with database.session() as session:
        labels = role_labels(get_profile(session))
        kecamatan = [(k.id, k.name) for k in session.scalars(select(Kecamatan)
                                                              .order_by(Kecamatan.bps_code))]
    show_dialog(app, OfficerDialog(labels, kecamatan), "dialog-petugas", parent=window)
    reminders = ReminderDialog(window.ctx, window.dialogs, window)
    reminders.show()
    settle(app)
    wanted = next((row for row, sheet in enumerate(reminders.sheets) if sheet.inactive), 0)
    reminders.list.setCurrentRow(wanted)  # a team with someone behind or gone quiet
    show_dialog(app, reminders, "dialog-pengingat", parent=window)


def render_letters(database: Database, folder: Path) -> None:
    day = date.today()
    pdfs: dict[str, Path] = {}
    with database.session() as session:
        for name, kind in LETTERS.items():
            pdfs[name] = render_draft(session, compose(session, LetterRequest(kind, None, day)),
                                      day, folder / f"{name}.pdf")
        profile = get_profile(session)
        data = first_officer_with_areas(session, role_labels(profile))
        pdfs["surat-tugas"] = folder / "surat-tugas.pdf"
        surat_tugas.render(data, profile, draft_number(profile.satker_code, day), day,
                           target=pdfs["surat-tugas"])
        pdfs["daftar-hanya-online"] = folder / "daftar-hanya-online.pdf"
        render_online_only(session, pdfs["daftar-hanya-online"], day)
        sheets = [s for s in team_sheets(session) if s.inactive and s.behind][:1]
        pdfs["pengingat-tim"] = write_reminder_pdf(session, sheets, folder / "pengingat.pdf")
    for name, pdf in pdfs.items():
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(OUT / name)], check=True)
        print(f"{name}.png: {(OUT / f'{name}.png').stat().st_size // 1024} KB")


def first_officer_with_areas(session: Session, labels: dict[OfficerRole, str]
                             ) -> surat_tugas.SuratTugasData:
    for role in (OfficerRole.PPL, OfficerRole.PML, OfficerRole.KOSEKA):
        for officer_id in session.scalars(select(Officer.id).where(Officer.role == role)
                                          .order_by(Officer.id)):
            try:
                return surat_tugas.gather(session, officer_id, labels)
            except surat_tugas.SuratTugasError:
                continue
    raise SystemExit("Tidak ada petugas dengan wilayah tugas di data contoh.")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = make_application()
    database = demo_database(_SANDBOX)
    settings = AppSettings(QSettings(str(_SANDBOX / "pengaturan.ini"), QSettings.Format.IniFormat))
    window = MainWindow(AppContext(database, settings, DataBus()), RecordingDialogs())
    window.resize(WIDTH, HEIGHT)
    window.show()
    settle(app)
    window.resize(WIDTH, HEIGHT)
    shoot_pages(app, window)
    shoot_review_case(app, window)
    shoot_dialogs(app, window, database)
    window.close()
    settle(app)
    render_letters(database, _SANDBOX)
    database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
