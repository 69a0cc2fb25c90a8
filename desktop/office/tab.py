"""What the Jadwal and Kualitas tabs share: read in the worker when shown, again on change."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.tasks import Reads


class SettingsTab(QWidget):
    """A Pengaturan tab saved on its own. Subclasses set `form` and `status` before the
    first load, and give `read` (the work, run in the worker) and `show_read`."""

    form: QWidget
    status: QLabel

    def __init__(self, ctx: AppContext, dialogs: Dialogs, *, watches: frozenset[str]) -> None:
        super().__init__()
        self.ctx, self.dialogs = ctx, dialogs
        self.reads = Reads(self, ctx)
        self.saving = False  # a save is on its way to the database
        self._dirty = True  # read when first shown: a hidden tab costs no query
        self._watches = watches
        ctx.bus.data_changed.connect(self._on_data_changed)

    def read(self, session: Session) -> Any:
        raise NotImplementedError

    def show_read(self, data: Any) -> None:
        raise NotImplementedError

    def _on_data_changed(self, kinds: set[str]) -> None:
        if kinds & self._watches:
            self._dirty = True
            if self.isVisible():
                self.load()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._dirty:
            self.load()

    @property
    def loading(self) -> bool:
        return self.reads.pending

    def load(self) -> None:
        self._dirty = False
        self.status.clear()
        self.form.setEnabled(False)  # the fields are about to be replaced
        work: Callable[[Session], Any] = self.read
        self.reads.start(work, self.show_read, self.dialogs)

    def saved_now(self) -> None:
        """After a save: the form shows what was saved, no reload is due."""
        self.saving = False
        self._dirty = False
