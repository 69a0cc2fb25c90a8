"""How long the window goes without a timer tick while work runs in its worker.

A 10 ms QTimer ticks on the UI thread; the longest time between two ticks is the longest
the window could not repaint or take a click. With KENDALI_BENCH_GAP_TRACE=1 a sampling
thread also notes what every thread was doing, and each gap over the goal is explained
(the UI thread's own Python, or another thread holding the interpreter in a C call).
"""
from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOAL_MS = 50
TICK_MS = 10
TRACE = os.environ.get("KENDALI_BENCH_GAP_TRACE", "") not in ("", "0")


@dataclass
class Gaps:
    """What one measured stretch saw."""

    label: str
    longest_ms: float = 0.0
    ticks: int = 0
    seconds: float = 0.0
    long_ones: list[tuple[float, float]] = field(default_factory=list)  # (end, ms) > goal

    def line(self) -> str:
        verdict = "ok" if self.longest_ms < GOAL_MS else "DI ATAS TARGET"
        return (f"UI gap, {self.label}: {self.longest_ms:.0f} ms (goal < {GOAL_MS} ms; "
                f"{self.ticks} detak dalam {self.seconds:.1f} s, {len(self.long_ones)} jeda "
                f"≥ {GOAL_MS} ms; {verdict})")


class _Sampler(threading.Thread):
    """Every 2 ms, the top frames of every thread; a late wake-up means another thread held
    the interpreter (a C call that keeps the GIL), and names what it was doing."""

    def __init__(self) -> None:
        super().__init__(daemon=True, name="gap-sampler")
        self.samples: list[tuple[float, float, dict[int, str]]] = []  # (time, late ms, stacks)
        self.stopping = threading.Event()
        self.main_id = threading.main_thread().ident
        self.collections: list[tuple[float, float, int, str]] = []  # start, ms, generation
        self._collecting = 0.0
        gc.callbacks.append(self._collected)

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._collecting = now
        else:
            self.collections.append((self._collecting, (now - self._collecting) * 1000,
                                     info["generation"], threading.current_thread().name))

    @staticmethod
    def _where(frame: Any, depth: int = 4) -> str:
        parts = []
        while frame is not None and len(parts) < depth:
            code = frame.f_code
            parts.append(f"{Path(code.co_filename).name}:{frame.f_lineno}:{code.co_name}")
            frame = frame.f_back
        return " < ".join(parts)

    def run(self) -> None:
        me = threading.get_ident()
        last = time.perf_counter()
        while not self.stopping.is_set():
            time.sleep(0.002)
            now = time.perf_counter()
            stacks = {ident: self._where(frame) for ident, frame in sys._current_frames().items()
                      if ident != me}
            self.samples.append((now, (now - last) * 1000 - 2, stacks))
            last = now

    def explain(self, start: float, end: float) -> list[str]:
        inside = [s for s in self.samples if start <= s[0] <= end + 0.003]
        lines = [f"    gc generasi {gen} {ms:.0f} ms di {thread}"
                 for at, ms, gen, thread in self.collections
                 if at + ms / 1000 >= start and at <= end and ms >= 5]
        if not inside:
            return lines + ["    (tidak ada sampel)"]
        main = Counter(s[2].get(self.main_id or 0, "?") for s in inside)
        lines += [f"    UI thread: {where} ×{n}" for where, n in main.most_common(2)]
        late = max(inside, key=lambda s: s[1])
        if late[1] > 10:
            for ident, where in late[2].items():
                if ident != self.main_id:
                    lines.append(f"    sampler {late[1]:.0f} ms terlambat; thread {ident}: "
                                 f"{where}")
        return lines


class Heartbeat:
    """The UI timer, started once for a whole benchmark; `measure` marks one stretch."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self._last = time.perf_counter()
        self._current: Gaps | None = None
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)
        self._timer.start(TICK_MS)
        self._sampler = _Sampler() if TRACE else None
        if self._sampler:
            self._sampler.start()
        self.results: list[Gaps] = []

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self._last = now
        current = self._current
        if current is not None:
            current.ticks += 1
            current.longest_ms = max(current.longest_ms, gap)
            if gap >= GOAL_MS:
                current.long_ones.append((now, gap))

    @contextmanager
    def measure(self, label: str, quiet: bool = False) -> Iterator[Gaps]:
        gaps = Gaps(label)
        self._last = time.perf_counter()  # the stretch starts now, not at the last tick
        self._current = gaps
        started = self._last
        try:
            yield gaps
        finally:
            self._tick()  # the stretch from the last tick to the end counts too
            gaps.seconds = time.perf_counter() - started
            self._current = None
            self.results.append(gaps)
            if not quiet:
                print(gaps.line(), flush=True)
            if self._sampler:
                for end, ms in sorted(gaps.long_ones, key=lambda g: -g[1])[:8]:
                    print(f"  jeda {ms:.0f} ms berakhir {end - started:.2f} s:")
                    print("\n".join(self._sampler.explain(end - ms / 1000, end)))

    def stop(self) -> None:
        self._timer.stop()
        if self._sampler:
            gc.callbacks.remove(self._sampler._collected)
            self._sampler.stopping.set()
            self._sampler.join()

