"""How long the window goes without a timer tick while an import runs in its worker."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.db import Database


@dataclass(frozen=True)
class Responsiveness:
    elapsed: float  # seconds the work took
    longest_gap_ms: int  # between ticks of a 10 ms UI timer
    ticks: int
    result: Any


def during(qtbot, db: Database, folder: Path,  # type: ignore[no-untyped-def]
           work: Callable[[Session, Callable[[int, int], bool]], Any]) -> Responsiveness:
    """Run `work` as the app does (an Op on the write worker) while a 10 ms timer ticks."""
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QWidget

    from desktop.context import AppContext, DataBus
    from desktop.settings import AppSettings
    from desktop.tasks import Op

    ctx = AppContext(db, AppSettings(QSettings(str(folder / "s.ini"),
                                               QSettings.Format.IniFormat)), DataBus())
    window = QWidget()
    qtbot.addWidget(window)
    clock, gaps = QElapsedTimer(), [0]
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    done: list[object] = []
    started = time.perf_counter()
    op = Op(window, ctx, work).on_success(done.append)
    op.signals.failed.connect(done.append)
    op.start()
    qtbot.waitUntil(lambda: bool(done), timeout=600_000)
    timer.stop()
    assert not isinstance(done[0], BaseException), done[0]
    return Responsiveness(time.perf_counter() - started, max(gaps), len(gaps), done[0])
