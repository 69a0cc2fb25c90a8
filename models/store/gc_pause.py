"""Pausing Python's cycle collector while a short operation builds many small objects.

Reading the progress facts makes some hundred thousand tuples, dates and rows. Each few
thousand new objects make the collector walk the generations, and the oldest one holds
every object the app has loaded (Qt, SQLAlchemy, reportlab): in a batch of 52 letters
those walks took longer than the queries. None of these objects form cycles that need
collecting, so the collector waits until the operation ends.
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
                gc.enable()
