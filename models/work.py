"""Long work: the progress callback every long operation takes, and the one check that cancels."""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from models.errors import Cancelled

# progress(done, total) after each step; total 0 when it is not known yet. False: cancel.
ProgressCallback = Callable[[int, int], bool]


def advance(progress: ProgressCallback | None, done: int, total: int) -> None:
    """Tell `progress` how far the work is; raises Cancelled when it answers False.

    The caller's transaction is rolled back by whoever catches Cancelled, as before.
    """
    if progress is not None and not progress(done, total):
        raise Cancelled()


@contextmanager
def paused_collector() -> Iterator[None]:
    """Python's cycle collector off while a bulk load makes millions of acyclic objects.

    Each collection walks every live object; a million rows of cells trigger hundreds of
    them, which cost as much as the checks themselves. Nothing made here forms cycles.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
