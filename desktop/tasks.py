"""Long work off the UI thread: one builder, a progress dialog whose Cancel really cancels.

    Op(self, ctx, lambda s, progress: load_demo(s, progress)) \
        .with_progress("Memuat data contoh…").on_success(self._loaded).start()

Each op opens its own session in the worker; results cross back as plain rows.
Writes run one at a time (SQLite has a single writer).

The progress dialog belongs to its op alone: made in start(), it is hidden and its signals cut
as soon as the result (or the error) arrives, before any handler of the caller runs, and it is
deleted only once no update of it is on the stack. QProgressDialog.setValue of a shown modal
dialog runs the event loop, so the result, a handler's own modal dialog and the end of the op
can all happen inside an update; a progress signal still queued then finds no dialog.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from models.errors import Cancelled, KendaliError
from models.store.errors import database_error
from models.store.gc_pause import keep_survivors
from models.work import ProgressCallback

log = logging.getLogger(__name__)
T = TypeVar("T")

Work = Callable[[Session, ProgressCallback], Any]

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
            keep_survivors()  # the rows it made, out of later collections: see gc_pause.py
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
        self._updating = 0  # depth of _update_dialog calls on the stack (setValue nests)
        self._closing: QProgressDialog | None = None  # hidden, deleted when no update runs
        # Connected first, so the dialog is gone before the caller's handlers open theirs.
        self.signals.succeeded.connect(self._end_progress)
        self.signals.failed.connect(self._end_progress)
        self.signals.failed.connect(self._show_failure)
        self.signals.finished.connect(self._finish)

    def report(self, done: int, total: int) -> bool:
        """The progress callback handed to the core; False asks it to stop."""
        self.signals.progressed.emit(done, total)
        return not self.cancel_flag.is_set()

    def with_progress(self, label: str) -> Op:
        self._label = label
        return self

    def alive(self) -> bool:
        """Whether the widget that asked is still there. A window closed while the op ran
        (a sign-out) gets neither its result nor a message: its pages are gone."""
        return shiboken6.isValid(self.parent)

    def on_success(self, callback: Callable[[Any], None]) -> Op:
        self.signals.succeeded.connect(lambda result: self.alive() and callback(result))
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> Op:
        self.signals.failed.connect(lambda error: self.alive() and callback(error))
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
        dialog = self._dialog
        # Nested (setValue is running the event loop): the outer call shows the newest count.
        if dialog is None or self._updating or self.cancel_flag.is_set() or not self.alive():
            return
        self._updating += 1
        try:
            if total <= 0:  # size not known yet: a moving busy bar
                dialog.setMaximum(0)
            else:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))
        finally:
            self._updating -= 1
            self._dispose_closed()

    def _end_progress(self, _outcome: object = None) -> None:
        """The op's result is here: its dialog stops taking updates and goes away."""
        dialog, self._dialog = self._dialog, None
        if dialog is None:
            return
        self.signals.progressed.disconnect(self._update_dialog)
        if not shiboken6.isValid(dialog):  # went with the window that asked
            return
        dialog.canceled.disconnect(self.cancel_flag.set)  # closing it is not the user cancelling
        dialog.reset()  # stops its timer that would show it later
        shown = dialog.isVisible()
        dialog.hide()
        if shown and self.alive() and self.parent.window().isVisible():
            # A shown dialog took the activation (perhaps still on its way). Not every
            # platform hands it back: the window's shortcuts (Ctrl+P after an export) would
            # do nothing until the user clicked into it.
            self.parent.window().activateWindow()
        self._closing = dialog
        self._dispose_closed()

    def _dispose_closed(self) -> None:
        # Never delete the dialog while one of its setValue calls is still on the stack.
        if self._closing is not None and not self._updating:
            self._closing.deleteLater()
            self._closing = None

    def _show_failure(self, error: BaseException) -> None:
        if isinstance(error, Cancelled) or not self.alive():
            return
        self.dialogs.show_error(self.parent, error)

    def _finish(self) -> None:
        self._end_progress()  # a no-op after the result ended it; kept so no path leaks it
        _running.discard(self)


class Reads:
    """The background reads of one widget: of the reads of one slot only the newest is shown,
    so a slow answer to an old filter never replaces the rows of the current one."""

    def __init__(self, owner: QWidget, ctx: AppContext) -> None:
        self.owner, self.ctx = owner, ctx
        self._newest: dict[str, int] = {}  # per slot: the number of the newest read started
        self._pending: set[str] = set()  # slots whose newest read has not come back yet

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def forget(self, slot: str = "load") -> None:
        """What is on its way for `slot` is no longer wanted (the screen moved on without it)."""
        self._newest[slot] = self._newest.get(slot, 0) + 1
        self._pending.discard(slot)

    def start(self, work: Callable[[Session], Any], show: Callable[[Any], None],
              dialogs: Dialogs | None = None, slot: str = "load", write: bool = False) -> Op:
        number = self._newest[slot] = self._newest.get(slot, 0) + 1
        self._pending.add(slot)

        def newest() -> bool:
            return self._newest.get(slot) == number

        def arrived(result: Any) -> None:
            if newest():
                self._pending.discard(slot)
                show(result)

        def failed(_error: BaseException) -> None:  # the op shows the message
            if newest():
                self._pending.discard(slot)

        return (Op(self.owner, self.ctx, lambda session, _progress: work(session), write=write,
                   dialogs=dialogs)
                .on_failure(failed).on_success(arrived).start())


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
            keep_survivors()
        except Exception as exc:  # noqa: BLE001 - handed to the caller's on_error
            self._outcome.failed.emit(exc)
        else:
            self._outcome.done.emit(result)


def in_background(owner: QObject, fn: Callable[[], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None], *, write: bool = False) -> None:
    """Run `fn` on a pool thread; its result comes back on the UI thread.

    For reading files, which calamine does whole even to show a few rows, and for a form
    that hands in its own database call (`write` puts it in the one write thread).
    """
    outcome = _Outcome(owner)  # parented: lives as long as the widget that asked
    outcome.done.connect(on_done)
    outcome.failed.connect(on_error)
    outcome.done.connect(outcome.deleteLater)
    outcome.failed.connect(outcome.deleteLater)
    (write_pool() if write else QThreadPool.globalInstance()).start(_Call(fn, outcome))


def wait_for(fn: Callable[[], T]) -> T:
    """Call `fn` on a pool thread and wait here for its result (or its exception), the
    window painting and its timers running meanwhile; clicks and keys wait until it is done.

    For a read a dialog needs before it opens, where the caller goes on synchronously.
    """
    outcome = _Outcome()
    loop = QEventLoop()
    arrived: list[tuple[bool, Any]] = []
    outcome.done.connect(lambda result: (arrived.append((True, result)), loop.quit()))
    outcome.failed.connect(lambda error: (arrived.append((False, error)), loop.quit()))
    QThreadPool.globalInstance().start(_Call(fn, outcome))
    while not arrived:  # the result comes as a queued signal: only this loop delivers it
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    ok, value = arrived[0]
    if not ok:
        raise value
    return value
