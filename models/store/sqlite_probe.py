"""Looking at an SQLite file before the app touches it: ours, intact and writable, or refused.

The app's own connections switch a file to WAL and may write at once, so everything here
reads through a separate read-only connection first: a damaged file, another program's
database or a file the user may not write is refused with advice, and left byte for byte
as it was.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from models.errors import DatabaseOpenError

SQLITE_MAGIC = b"SQLite format 3\x00"
VERSION_TABLE = "alembic_version"
DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "disk i/o")
DAMAGED = ("Berkas {path} rusak (pemeriksaan SQLite menemukan halaman yang tidak utuh). "
           "Berkas itu tidak diubah. Pulihkan database dari cadangan terakhir (Admin › "
           "Cadangan, atau perintah pulihkan), lalu buka lagi.")


def probe_sqlite(path: Path, timeout_s: float) -> None:
    """Raise DatabaseOpenError unless `path` is absent, empty, or a writable intact
    database that is empty or has the app's version table. Other SQLite errors (a lock
    held too long) are raised as they are, for the caller to explain."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise DatabaseOpenError(
                f"Berkas {path} rusak atau bukan database Kendali Sensus. Berkas itu tidak "
                "diubah. Pulihkan dari cadangan, atau pilih berkas database lain.",
                "bukan berkas SQLite")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=timeout_s)
    try:
        tables = {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and VERSION_TABLE not in tables:
            raise DatabaseOpenError(
                f"Berkas {path} adalah database program lain, bukan database Kendali Sensus. "
                "Berkas itu tidak diubah; pilih database Kendali Sensus atau berkas baru.",
                f"tabel: {', '.join(sorted(tables)[:5])}")
        verdict = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
        if verdict != ["ok"]:
            raise DatabaseOpenError(DAMAGED.format(path=path), "; ".join(map(str, verdict)))
    except sqlite3.DatabaseError as exc:
        if not any(word in str(exc).lower() for word in DAMAGE_WORDS):
            raise
        raise DatabaseOpenError(DAMAGED.format(path=path), str(exc)) from exc
    finally:
        connection.close()
    _check_writable(path)


def _check_writable(path: Path) -> None:
    """The file and its folder (where SQLite keeps the -wal and -shm files) take writes."""
    for target, what in ((path, "Berkas database"), (path.parent, "Folder database")):
        if not os.access(target, os.W_OK):
            raise DatabaseOpenError(
                f"{what} {target} hanya dapat dibaca, sehingga Kendali Sensus tidak dapat "
                "menyimpan apa pun (juga catatan masuk di log audit). Minta admin komputer "
                "memberi izin tulis, atau salin berkasnya ke folder Anda lalu buka salinan itu.",
                "read-only")
