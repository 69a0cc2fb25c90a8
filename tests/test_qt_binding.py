"""The Qt binding must not wear the process down: a long session emits many signals."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    progressed = Signal(int, int)
    finished = Signal()


def test_emitting_signals_keeps_the_reference_count_of_true(qapp) -> None:  # type: ignore[no-untyped-def]
    # PySide6 6.12.0 drops one reference to True on every emit: after as many emits as True
    # had references (a long import's progress), Python aborts with "bool_dealloc".
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for done in range(2000):
        emitter.progressed.emit(done, 2000)
        emitter.finished.emit()
    assert sys.getrefcount(True) - before > -100  # a few may move elsewhere, never 4,000
