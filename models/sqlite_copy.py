"""A consistent copy of a live SQLite database, private to its owner, through the backup API."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from models.db import create_private_file

Progress = Callable[[int, int], bool]

PAGES_PER_STEP = 4096  # 16 MB with 4 KB pages: progress a few times a second


class CopyCancelled(Exception):
    """The progress callback asked to stop; the partial target is removed."""


def copy_sqlite(source: Path, target: Path, progress: Progress | None = None) -> Path:
    """Copy `source` (including what is still in its WAL) to a new file `target`.

    The backup API copies page by page under a read snapshot, so the app may keep
    working meanwhile. The target is created readable only by its owner.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    create_private_file(target)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None and not progress(total - remaining, total):
            raise CopyCancelled()

    try:
        src.backup(dst, pages=PAGES_PER_STEP, progress=step)
    except BaseException:
        dst.close()
        target.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    dst.close()
    return target
