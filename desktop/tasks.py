"""Long work off the UI thread: one builder, a progress dialog whose Cancel really cancels.

    Op(self, ctx, lambda s, progress: load_demo(s, progress)) \
        .with_progress("Memuat data contoh…").on_success(self._loaded).start()

Each op opens its own session in the worker; results cross back as plain rows.
Writes run one at a time (SQLite has a single writer).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from models.store.errors import database_error
from models.errors import Cancelled, KendaliError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], bool]
Work = Callable[[Session, Progress], Any]

_write_pool: QThreadPool | None = None
_running: set[Op] = set()  # keeps ops alive until their signals have been delivered


def write_pool() -> QThreadPool:
    """One thread for every write, created after the QApplication."""
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


class _Signals(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


class _Runner(QRunnable):
    def __init__(self, op: Op) -> None:
        super().__init__()
        self._op = op

    def run(self) -> None:
        op = self._op
        try:
            with op.ctx.db.session() as session:
                result = op.work(session, op.report)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI
            error = database_error(exc) or exc  # another PC first, a full disk: explained
            if isinstance(error, KendaliError):  # expected, explained to the user
                log.info("operation refused: %s", error)
            elif not isinstance(error, Cancelled):
                log.exception("operation failed")
            op.signals.failed.emit(error)
        else:
            op.signals.succeeded.emit(result)
        op.signals.finished.emit()


class Op:
    def __init__(self, parent: QWidget, ctx: AppContext, work: Work, *, write: bool = True,
                 dialogs: Dialogs | None = None) -> None:
        self.parent = parent
        self.ctx = ctx
        self.work = work
        self.write = write
        self.dialogs = dialogs or Dialogs()
        self.signals = _Signals()
        self.cancel_flag = threading.Event()
        self._label: str | None = None
        self._dialog: QProgressDialog | None = None
        self.signals.failed.connect(self._show_failure)
        self.signals.finished.connect(self._finish)

    def report(self, done: int, total: int) -> bool:
        """The progress callback handed to the core; False asks it to stop."""
        self.signals.progressed.emit(done, total)
        return not self.cancel_flag.is_set()

    def with_progress(self, label: str) -> Op:
        self._label = label
        return self

    def on_success(self, callback: Callable[[Any], None]) -> Op:
        self.signals.succeeded.connect(callback)
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> Op:
        self.signals.failed.connect(callback)
        return self

    def start(self) -> Op:
        if self._label is not None:
            dialog = QProgressDialog(self._label, "Batal", 0, 0, self.parent)
            dialog.setWindowTitle("Kendali Sensus")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel_flag.set)
            self.signals.progressed.connect(self._update_dialog)
            self._dialog = dialog
        _running.add(self)
        pool = write_pool() if self.write else QThreadPool.globalInstance()
        pool.start(_Runner(self))
        return self

    def _update_dialog(self, done: int, total: int) -> None:
        if self._dialog is not None and not self.cancel_flag.is_set():
            if total <= 0:  # size not known yet: a moving busy bar
                self._dialog.setMaximum(0)
            else:
                self._dialog.setMaximum(total)
                self._dialog.setValue(min(done, total))

    def _show_failure(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        self.dialogs.show_error(self.parent, error)

    def _finish(self) -> None:
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
        _running.discard(self)


class _Outcome(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], Any], outcome: _Outcome) -> None:
        super().__init__()
        self._fn = fn
        self._outcome = outcome

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - handed to the caller's on_error
            self._outcome.failed.emit(exc)
        else:
            self._outcome.done.emit(result)


def in_background(owner: QObject, fn: Callable[[], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None]) -> None:
    """Run `fn` (no database) on a pool thread; its result comes back on the UI thread.

    For reading files, which calamine does whole even to show a few rows.
    """
    outcome = _Outcome(owner)  # parented: lives as long as the widget that asked
    outcome.done.connect(on_done)
    outcome.failed.connect(on_error)
    outcome.done.connect(outcome.deleteLater)
    outcome.failed.connect(outcome.deleteLater)
    QThreadPool.globalInstance().start(_Call(fn, outcome))
