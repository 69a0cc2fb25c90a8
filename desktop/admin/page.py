"""Admin: accounts, the audit log and backups, for the admin role only."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from desktop.admin.audit_tab import AuditTab
from desktop.admin.backup_tab import BackupTab
from desktop.admin.users_tab import USERS, UsersTab
from desktop.context import ALL_KINDS, AppContext
from desktop.dialogs import Dialogs
from desktop.page import Page
from desktop.widgets import page_layout

AUDIT = "audit"


class AdminPage(Page):
    key = "admin"
    title = "Admin"
    restored = Signal(object)

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.watches = frozenset(ALL_KINDS | {USERS, AUDIT})  # every change is logged
        layout = page_layout(self, "Administrasi",
                             "Pengguna dan perannya, log audit setiap perubahan, dan cadangan "
                             "database. Data pribadi (NIK, KK) dilindungi UU PDP No. 27/2022.")
        self.tabs = QTabWidget()
        self.users = UsersTab(ctx, self.dialogs,
                              lambda work, then: self.apply_edit(work, USERS, AUDIT, then=then))
        self.audit = AuditTab(ctx, self.dialogs)
        self.backup = BackupTab(ctx, self.dialogs)
        self.backup.restored.connect(self.restored)
        self.tabs.addTab(self.users, "Pengguna")
        self.tabs.addTab(self.audit, "Log audit")
        self.tabs.addTab(self.backup, "Cadangan")
        self.tabs.currentChanged.connect(lambda _: self.load())
        layout.addWidget(self.tabs, 1)

    def load(self) -> None:
        current = self.tabs.currentWidget()
        current.load()  # type: ignore[attr-defined]
