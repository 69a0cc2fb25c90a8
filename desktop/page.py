"""The base of every page: refresh on data_changed (only when visible), reads and edits in the
background worker, never a query on the UI thread."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.tasks import Op, Reads

T = TypeVar("T")


class Page(QWidget):
    key = ""
    title = ""
    watches: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialogs = dialogs or Dialogs()  # the window's, so tests can answer them
        self._dirty = True
        self._reads = Reads(self, ctx)
        ctx.bus.data_changed.connect(self._on_data_changed)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_data_changed(self, kinds: set[str]) -> None:
        if kinds & self.watches:
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        self.load()

    def load(self) -> None:
        """Start reading the page's rows (with self.read); the old rows stay until they come."""
        raise NotImplementedError

    @property
    def loading(self) -> bool:
        """Whether a read of this page is still on its way."""
        return self._reads.pending

    def read(self, work: Callable[[Session], T], show: Callable[[T], None],
             slot: str = "load", write: bool = False) -> Op:
        """Run `work` in the read pool (the write pool if it may write) and hand its result
        to `show` on the UI thread; of the reads of one slot only the newest is shown."""
        return self._reads.start(work, show, self.dialogs, slot, write)

    def apply_edit(self, work: Callable[[Session], Any], *changed: str,
                   then: Callable[[Any], None] | None = None) -> Op:
        """A small edit in one session in the write pool; an error becomes a message and
        nothing half-saved. `then` gets the edit's result once it is saved."""
        def saved(result: Any) -> None:
            self.ctx.changed(*changed)
            if then is not None:
                then(result)

        return (Op(self, self.ctx, lambda session, _progress: work(session),
                   dialogs=self.dialogs)
                .on_success(saved)
                .on_failure(lambda _error: self.ctx.changed(*changed))  # show what is saved
                .start())
