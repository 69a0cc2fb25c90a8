"""A consistent copy of a live SQLite database, private to its owner, through the backup API."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from models.files.atomic import remove_sidecars, temporary_name
from models.store.db import create_private_file
from models.work import ProgressCallback, advance

Verify = Callable[[Path], object]

PAGES_PER_STEP = 4096  # 16 MB with 4 KB pages: progress a few times a second


def copy_sqlite(source: Path, target: Path, progress: ProgressCallback | None = None,
                verify: Verify | None = None) -> Path:
    """Copy `source` (including what is still in its WAL) to `target`, atomically.

    The backup API copies page by page under a read snapshot, so the app may keep working
    meanwhile. The pages go to a temporary name beside `target` with no journal (a killed
    copy leaves neither a partial file under the real name nor a `-journal`); the copy is
    made a single self-contained file, checked with `quick_check` and `verify`, flushed to
    disk, and only then renamed to `target`. The target is readable only by its owner.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_name(target)
    try:
        _copy_pages(source, temporary, progress)
        check_sqlite_file(temporary)
        if verify is not None:
            verify(temporary)
        _flush_to_disk(temporary)
        remove_sidecars(target)  # a journal of an older file must never meet the new one
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        remove_sidecars(temporary)
        raise
    return target


def _copy_pages(source: Path, temporary: Path, progress: ProgressCallback | None) -> None:
    create_private_file(temporary)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(temporary)
        try:
            dst.execute("PRAGMA journal_mode = OFF")  # a file nobody reads until renamed
            dst.execute("PRAGMA synchronous = OFF")  # flushed once, before the rename

            def step(_status: int, remaining: int, total: int) -> None:
                advance(progress, total - remaining, total)

            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            # The copy took the source's WAL mode from its first page: make it one file.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def check_sqlite_file(path: Path) -> None:
    """sqlite3.DatabaseError unless `path` is a whole, sound SQLite database."""
    con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA quick_check").fetchone()
    finally:
        con.close()
    if result != ("ok",):
        raise sqlite3.DatabaseError(f"quick_check: {result[0] if result else '?'}")


def _flush_to_disk(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    except OSError:  # some network drives cannot: the rename is still atomic
        pass
    finally:
        os.close(descriptor)
