"""A database's refusal in the middle of work, as the Indonesian error a user can act on.

The driver raises the same few failures on every path: another PC holding the same rows, a
full disk, a file that became read-only or damaged. Each write runs in one transaction, so
whatever failed was rolled back; the message says so instead of a traceback.
"""
from __future__ import annotations

import errno
import sqlite3

import psycopg
from sqlalchemy.exc import DBAPIError

from models.errors import ConcurrentChangeError, KendaliError

# PostgreSQL's serialization_failure and deadlock_detected; SQLite's BUSY and LOCKED
# (the extended codes, such as BUSY_SNAPSHOT, keep the primary code in the low byte).
CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})
SQLITE_CONFLICT_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
NOTHING_STORED = "Tidak ada yang disimpan dari pekerjaan ini; data yang sudah ada tetap utuh."


class StorageError(KendaliError):
    """The disk is full, or the database became read-only or damaged while working."""


def _driver_error(exc: BaseException) -> BaseException:
    return exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def is_conflict(exc: BaseException) -> bool:
    """The database refused the transaction because another one held the same rows."""
    error = _driver_error(exc)
    if isinstance(error, psycopg.Error):
        return error.sqlstate in CONFLICT_SQLSTATES
    if isinstance(error, sqlite3.OperationalError):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in SQLITE_CONFLICT_CODES
        return "database is locked" in str(error) or "database table is locked" in str(error)
    return False


def conflict_error(exc: BaseException) -> ConcurrentChangeError | None:
    """The Indonesian "changed by someone else" error for a deadlock, a serialization
    failure or SQLite busy after its timeout; None for every other failure."""
    if not is_conflict(exc):
        return None
    return ConcurrentChangeError(_first_line(_driver_error(exc)))


def _storage_kind(error: BaseException) -> str | None:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT",
                                                                            errno.ENOSPC)):
        return "full"
    if isinstance(error, psycopg.Error) and error.sqlstate:
        if error.sqlstate.startswith("53"):  # insufficient resources: disk_full, out of memory
            return "full"
        if error.sqlstate == "25006":
            return "read-only"
        if error.sqlstate in ("XX001", "XX002"):
            return "damaged"
        return None
    if isinstance(error, sqlite3.DatabaseError):
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
        text = str(error).lower()
        if code == sqlite3.SQLITE_FULL or "database or disk is full" in text:
            return "full"
        if code == sqlite3.SQLITE_READONLY or "readonly database" in text:
            return "read-only"
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text:
            return "damaged"
    return None


MESSAGES = {
    "full": "Disk penuh: database atau berkas tidak dapat ditulis. " + NOTHING_STORED +
            " Kosongkan ruang disk (hapus berkas yang tidak perlu, pindahkan cadangan lama), "
            "lalu ulangi.",
    "read-only": "Database hanya dapat dibaca, sehingga tidak ada yang dapat disimpan. "
                 "Periksa izin berkas dan foldernya (atau hak pengguna di server), lalu "
                 "ulangi.",
    "damaged": "Database rusak (halaman tidak utuh). " + NOTHING_STORED + " Tutup aplikasi "
               "dan pulihkan database dari cadangan terakhir.",
}


def storage_error(exc: BaseException) -> StorageError | None:
    """The Indonesian error for a full disk, a read-only or a damaged database; None else."""
    error = _driver_error(exc)
    kind = _storage_kind(error)
    return StorageError(MESSAGES[kind], _first_line(error)) if kind else None


def database_error(exc: BaseException) -> KendaliError | None:
    """Any of the above, or None: the failure is not the database's refusal."""
    return conflict_error(exc) or storage_error(exc)
