"""The background op's progress dialog: owned by the op, gone before the result is handled.

QProgressDialog.setValue of a shown modal dialog runs the event loop, so the result, a result
dialog the handler opens and the end of the op can all arrive inside one progress update.
The op used to delete its dialog there and keep the reference; the update still on the stack,
or one still queued, then called setValue on a deleted dialog and the process died (seen after
"Penugasan otomatis…"). A crash kills the interpreter, so the Qt test runs in a child pytest.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from desktop import tasks
from desktop.tasks import Op, Reads
from models.work import ProgressCallback

ROOT = Path(__file__).resolve().parent.parent
CHILD = "KENDALI_TASK_LIFETIME_CHILD"
UPDATES = 200  # queued behind the result; each one runs the event loop again


@pytest.mark.skipif(not os.environ.get(CHILD), reason="runs in a child process, see below")
def test_result_dialog_opened_while_progress_is_queued(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    ctx = SimpleNamespace(db=SimpleNamespace(session=contextlib.nullcontext))  # no database

    def work(_session: object, progress: ProgressCallback) -> int:
        time.sleep(0.5)  # past the dialog's minimum duration: it is shown, setValue pumps
        for done in range(1, UPDATES + 1):
            progress(done, UPDATES)
        return UPDATES

    seen: list[tuple[int, bool, int]] = []

    def show_result(count: int) -> None:
        progress_gone = op._dialog is None  # hidden and cut off before any handler runs
        result = QDialog(window)
        result.setModal(True)
        QTimer.singleShot(100, result.accept)
        seen.append((count, progress_gone, result.exec()))

    op = Op(window, ctx, work, write=False).with_progress(  # type: ignore[arg-type]
        "Penugasan otomatis…").on_success(show_result).start()
    qtbot.waitUntil(lambda: bool(seen) and not tasks._running, timeout=20_000)
    assert seen == [(UPDATES, True, QDialog.DialogCode.Accepted)]
    op._update_dialog(1, 2)  # an update already on its way after the end: ignored
    op.signals.progressed.emit(1, 2)  # and the signal no longer reaches the dialog
    qtbot.wait(50)
    assert op._dialog is None and op._closing is None


def test_result_dialog_while_progress_is_queued_does_not_crash() -> None:
    env = {**os.environ, CHILD: "1", "QT_QPA_PLATFORM": "offscreen"}
    test = f"tests/{Path(__file__).name}::test_result_dialog_opened_while_progress_is_queued"
    # os._exit skips the interpreter's shutdown: PySide6 6.12 on Python 3.11 drops a reference
    # to True at every Signal.emit, which a process this small only notices while finalizing.
    run = (f"import os, sys, pytest; rc = pytest.main(['-q', '-p', 'no:cacheprovider', {test!r}]);"
           " sys.stdout.flush(); os._exit(int(rc))")
    child = subprocess.run([sys.executable, "-c", run], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=120)
    # A segmentation fault shows as a negative return code and no summary line.
    assert child.returncode == 0 and "1 passed" in child.stdout, (
        f"return code {child.returncode}\n{child.stdout[-3000:]}\n{child.stderr[-3000:]}")


def test_a_read_overtaken_by_a_newer_one_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A page asks again (another filter, a reload after a save) before the first answer came:
    only the newest answer is shown, however late the old one arrives."""
    owner = QWidget()
    qtbot.addWidget(owner)
    ctx = SimpleNamespace(db=SimpleNamespace(session=contextlib.nullcontext))
    reads = Reads(owner, ctx)  # type: ignore[arg-type]
    shown: list[str] = []
    reads.start(lambda _s: (time.sleep(0.3), "lama")[1], shown.append)
    reads.start(lambda _s: "baru", shown.append)
    assert reads.pending
    qtbot.waitUntil(lambda: not tasks._running, timeout=10_000)
    assert shown == ["baru"] and not reads.pending


def test_the_window_takes_the_keyboard_back_when_the_progress_dialog_goes(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A shown progress dialog takes the activation from the window. When it went away the
    window stayed inactive on some platforms, so the next shortcut (Ctrl+P after an export)
    did nothing until the user clicked into the window."""
    window = QMainWindow()
    qtbot.addWidget(window)
    pressed: list[bool] = []
    button = QPushButton("Cetak", window)
    button.setShortcut(QKeySequence("Ctrl+P"))
    button.clicked.connect(lambda: pressed.append(True))
    window.setCentralWidget(button)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    ctx = SimpleNamespace(db=SimpleNamespace(session=contextlib.nullcontext))
    shown: list[bool] = []

    def work(_session: object, progress: ProgressCallback) -> int:
        progress(0, 2)
        time.sleep(0.8)  # past the dialog's minimum duration: the next update shows it
        progress(1, 2)
        time.sleep(0.2)
        progress(2, 2)
        return 1

    op = Op(window, ctx, work, write=False).with_progress("Mengekspor…")  # type: ignore[arg-type]
    op.signals.progressed.connect(lambda done, _total: done and shown.append(
        isinstance(QApplication.activeWindow(), QProgressDialog)))
    op.start()
    qtbot.waitUntil(lambda: not tasks._running, timeout=20_000)
    assert any(shown), "the progress dialog was never the active window: nothing tested"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pressed == [True], timeout=5_000)  # a shortcut clicks animated
