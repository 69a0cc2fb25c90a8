"""Pausing Python's cycle collector while a short operation builds many small objects.

Reading the progress facts makes some hundred thousand tuples, dates and rows. Each few
thousand new objects make the collector walk the generations, and the oldest one holds
every object the app has loaded (Qt, SQLAlchemy, reportlab): in a batch of 52 letters
those walks took longer than the queries. None of these objects form cycles that need
collecting, so the collector waits until the operation ends, and what the operation leaves
alive is then frozen (gc.freeze) rather than walked.

The same reasoning keeps the window responsive (issue 19): a full collection walks every
object, on whichever thread allocates, and the UI thread waits for it. So the objects of
start-up are frozen once the window is built, and what a background operation leaves alive
after it ends (see desktop/tasks.py).
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses open, over all threads: the collector is one for the whole process
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block; nested and concurrent blocks share one pause,
    and the collector runs again as it did before once the last of them ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                # What the block made and still holds is frozen, not walked: enabled with
                # it all in the youngest generation, the next allocation (on any thread,
                # the window's too) would walk every one of them, a tenth of a second.
                gc.freeze()
                gc.enable()


def freeze_long_lived() -> None:
    """Once the window is built: every object alive now (modules, classes, the window's
    widgets) lives as long as the process, and a full collection walks each of them: some
    150,000 objects, 50 ms and more on an office PC, on whichever thread allocates. Frozen,
    they are left out of every later collection; only what is made afterwards is walked."""
    gc.collect()
    gc.freeze()


def keep_survivors() -> None:
    """After a piece of background work: what it made and still holds (rows for a page, a
    report) leaves the collector's sight too, like the objects frozen at start-up.

    Otherwise every full collection walks all the rows the pages hold (40,000 SLS twice
    over for a province, a tenth of a second and more, the window frozen meanwhile), and
    again after each load. The young generations are collected first, so that young cycles
    already garbage are not frozen; the rows themselves are freed as usual once no page
    holds them (freezing only keeps the collector from walking them). The cost: a cycle
    that became garbage in the oldest generation since the last freeze (a closed session's
    few objects) stays until the process ends."""
    gc.collect(1)
    gc.freeze()
