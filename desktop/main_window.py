"""The main window: navigation on the left, one page at a time, database in the status bar."""
from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.admin.page import AdminPage
from desktop.analysis.page import LaporanPage
from desktop.areas.page import WilayahPage
from desktop.asn.page import AsnPage
from desktop.assignment.page import PenugasanPage
from desktop.context import ALL_KINDS, AppContext
from desktop.dialogs import Dialogs
from desktop.home.page import BerandaPage
from desktop.imports.page import ImporPage
from desktop.letters.page import SuratPage
from desktop.maps.page import PetaPage
from desktop.office.page import PengaturanPage
from desktop.officers.page import PetugasPage
from desktop.page import Page
from desktop.progress.page import ProgresPage
from desktop.quality.page import KualitasPage
from desktop.recon.page import RekonsiliasiPage
from desktop.sign_in.password_dialog import PasswordDialog
from desktop.tasks import Op
from desktop.widgets import fit_window, size_to_screen
from models.access import SYSTEM, Permission
from models.accounts.admin import change_own_password
from models.backup.copies import auto_backup
from models.demo.city import DemoSummary, load_demo
from models.formatting import format_number

log = logging.getLogger(__name__)


def _shortcut(number: int) -> str:
    """Ctrl+1 to Ctrl+9, then Ctrl+0, for the pages in their order; none after the tenth."""
    return f"Ctrl+{number % 10}" if number <= 10 else ""


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialogs = dialogs or Dialogs()
        self.setWindowTitle("Kendali Sensus")
        self.setMinimumSize(780, 520)

        self.sign_out_requested = False
        self.wilayah = WilayahPage(ctx, self.dialogs)
        self.wilayah.demo_requested.connect(self.load_demo)
        self.beranda = BerandaPage(ctx, self.dialogs)
        self.beranda.open_page.connect(self.show_page)
        self.pages: list[Page] = [
            self.beranda, self.wilayah, PetugasPage(ctx, self.dialogs),
            PenugasanPage(ctx, self.dialogs),
            ImporPage(ctx, self.dialogs), RekonsiliasiPage(ctx, self.dialogs),
            ProgresPage(ctx, self.dialogs), KualitasPage(ctx, self.dialogs),
            LaporanPage(ctx, self.dialogs),
            AsnPage(ctx, self.dialogs),
            SuratPage(ctx, self.dialogs),
            PetaPage(ctx, self.dialogs),  # last: the pages before it keep their Ctrl+number
        ]
        # Pages a role may not use are not built at all; the core refuses their work anyway.
        if ctx.can(Permission.EDIT_SETTINGS):
            self.pages.append(PengaturanPage(ctx, self.dialogs))
        if ctx.can(Permission.MANAGE_USERS):
            admin = AdminPage(ctx, self.dialogs)
            admin.restored.connect(lambda _report: self.sign_out())
            self.pages.append(admin)
        self.stack = QStackedWidget()
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(200)
        for number, page in enumerate(self.pages, start=1):
            item = QListWidgetItem(page.title)
            shortcut = _shortcut(number)
            item.setToolTip(f"{page.title} ({shortcut})" if shortcut else page.title)
            self.navigation.addItem(item)
            self.stack.addWidget(page)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        brand = QLabel("Kendali Sensus")
        brand.setObjectName("brand")
        sub = QLabel("Sensus Penduduk")
        sub.setObjectName("brandSub")
        side_layout.addWidget(brand)
        side_layout.addWidget(sub)
        side_layout.addWidget(self.navigation, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel(f"Pengguna: {ctx.actor.label}")
        self.statusBar().addPermanentWidget(self.user_label)
        self.db_label = QLabel(f"Database: {ctx.db.short_description}")
        self.db_label.setToolTip(ctx.db.description)
        self.statusBar().addPermanentWidget(self.db_label)
        self._menus()
        self._restore()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Berkas")
        demo = QAction("Muat data &contoh…", self)
        demo.triggered.connect(self.load_demo)
        file_menu.addAction(demo)
        demo.setVisible(self.ctx.can(Permission.EDIT_SETTINGS))
        file_menu.addSeparator()
        password = QAction("Ganti &kata sandi…", self)
        password.triggered.connect(self.change_password)
        file_menu.addAction(password)
        switch = QAction("&Ganti pengguna…", self)
        switch.setShortcut(QKeySequence("Ctrl+Shift+L"))
        switch.triggered.connect(self.sign_out)
        file_menu.addAction(switch)
        file_menu.addSeparator()
        quit_action = QAction("&Keluar", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&Tampilan")
        for number, page in enumerate(self.pages, start=1):
            action = QAction(page.title, self)
            if _shortcut(number):
                action.setShortcut(QKeySequence(_shortcut(number)))
            action.triggered.connect(lambda _=False, key=page.key: self.show_page(key))
            view_menu.addAction(action)
        refresh = QAction("&Muat ulang", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(lambda: self.ctx.changed(*ALL_KINDS))
        view_menu.addSeparator()
        view_menu.addAction(refresh)

    def show_page(self, key: str) -> Page:
        for row, page in enumerate(self.pages):
            if page.key == key:
                self.navigation.setCurrentRow(row)
                return page
        raise KeyError(key)

    def current_page(self) -> Page:
        return self.pages[self.stack.currentIndex()]

    def _restore(self) -> None:
        settings = self.ctx.settings
        if settings.window_geometry is not None:
            self.restoreGeometry(settings.window_geometry)
            fit_window(self)  # saved on a larger monitor: back inside this screen
        else:
            size_to_screen(self, 1440, 900)  # a 1366×768 laptop: 1350×688
        if settings.window_state is not None:
            self.restoreState(settings.window_state)
        try:
            self.show_page(settings.last_page)
        except KeyError:
            self.show_page(BerandaPage.key)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self.ctx.settings
        settings.window_geometry = self.saveGeometry()
        settings.window_state = self.saveState()
        settings.last_page = self.current_page().key
        settings.sync()
        super().closeEvent(event)

    def sign_out(self) -> None:
        """Close the window; the app shows the sign-in again (see desktop.app)."""
        self.sign_out_requested = True
        self.close()

    def change_password(self) -> None:
        def change(old: str, new: str) -> None:
            with self.ctx.db.session() as session:
                change_own_password(session, old, new)

        if self.dialogs.run(PasswordDialog(change, "Ganti kata sandi Anda.", parent=self,
                                           background=True)):
            self.statusBar().showMessage("Kata sandi diganti.", 5000)

    def start_auto_backup(self) -> Op | None:
        """Today's automatic copy of an SQLite database, in the background."""
        settings, db = self.ctx.settings, self.ctx.db
        if not settings.auto_backup or not db.is_sqlite:
            return None
        folder, keep = settings.backup_folder, settings.backup_keep_days
        return (Op(self, self.ctx, lambda _s, _p: auto_backup(db, folder, keep), write=False,
                   dialogs=self.dialogs)
                .on_success(lambda made: made and self.statusBar().showMessage(
                    f"Cadangan otomatis hari ini: {made}", 10000))
                .start())

    def load_demo(self, as_system: bool = False) -> Op:
        """Fill an empty database with the demo city, with a progress dialog. At a --demo
        start the app itself loads it, whoever signed in."""
        self.statusBar().showMessage("Memuat data contoh…")
        ctx = replace(self.ctx, db=self.ctx.db.acting_as(SYSTEM)) if as_system else self.ctx
        self.wilayah.set_demo_loading(True)
        return (
            Op(self, ctx, load_demo, dialogs=self.dialogs)
            .with_progress("Memuat data contoh Kota Banjarmasin…")
            .on_success(self._demo_loaded)
            .on_failure(lambda _error: self.wilayah.set_demo_loading(False))
            .start()
        )

    def _demo_loaded(self, summary: DemoSummary) -> None:
        self.wilayah.set_demo_loading(False)
        self.ctx.changed(*ALL_KINDS)
        self.statusBar().showMessage(
            f"Data contoh dimuat: {summary.kecamatan} kecamatan, {summary.kelurahan} kelurahan, "
            f"{format_number(summary.sls)} SLS, {format_number(summary.officers)} petugas.", 10000)
