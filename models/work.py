"""Long work: the progress callback every long operation takes, and the one check that cancels."""
from __future__ import annotations

from collections.abc import Callable

from models.errors import Cancelled

# progress(done, total) after each step; total 0 when it is not known yet. False: cancel.
ProgressCallback = Callable[[int, int], bool]


def advance(progress: ProgressCallback | None, done: int, total: int) -> None:
    """Tell `progress` how far the work is; raises Cancelled when it answers False.

    The caller's transaction is rolled back by whoever catches Cancelled, as before.
    """
    if progress is not None and not progress(done, total):
        raise Cancelled()
