"""A full disk mid-import or mid-reconciliation: an Indonesian message, exit code 2, and the
database exactly as it was (a real tmpfs of a few MB, where the machine lets us mount one)."""
from __future__ import annotations

import csv
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.exc import OperationalError

from models.ids.nik import compose_nik
from models.launch.opening import open_database
from models.store.errors import StorageError, database_error, storage_error
from tests.builders import SmallCity, set_office_codes
from tests.conftest import TEST_ADMIN

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("online_submission", "import_batch", "person_match", "recon_run", "audit_log")


@pytest.mark.parametrize("error, words", [
    (sqlite3.OperationalError("database or disk is full"), "Disk penuh"),
    (OperationalError("INSERT …", {}, sqlite3.OperationalError("database or disk is full")),
     "Disk penuh"),
    (OSError(errno.ENOSPC, "No space left on device"), "Disk penuh"),
    (psycopg.errors.DiskFull("could not extend file"), "Disk penuh"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "hanya dapat dibaca"),
    (psycopg.errors.ReadOnlySqlTransaction("read-only transaction"), "hanya dapat dibaca"),
    (sqlite3.DatabaseError("database disk image is malformed"), "rusak"),
])
def test_storage_failures_become_one_indonesian_error(error: Exception, words: str) -> None:
    explained = database_error(error)
    assert isinstance(explained, StorageError) and words in explained.message
    assert explained.detail  # the driver's words, for the admin


def test_other_failures_are_left_alone() -> None:
    assert storage_error(ValueError("x")) is None
    assert storage_error(sqlite3.OperationalError("no such table: x")) is None
    assert storage_error(OSError(errno.EACCES, "denied")) is None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs; skipped where mounting is not allowed (not root, not Linux)."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root on Linux")
    folder = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs not allowed here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _online_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "No. KK", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir",
                         "IDSLS", "Alamat"])
        for serial in range(rows):
            born = date(1950, 1, 1) + timedelta(days=serial % 20000)
            nik = compose_nik("637104", born, False, serial // 20000 + 1)
            writer.writerow([nik, f"63710401012{serial // 4:05d}", f"Warga nomor {serial}", "L",
                             born.strftime("%d-%m-%Y"), "6371040001000100",
                             f"Jalan Pramuka gang {serial} RT 001"])
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.main", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in TABLES}


def _fill(folder: Path, leave: int) -> None:
    """Take all free space of the disk but `leave` bytes."""
    free = shutil.disk_usage(folder).free - leave
    if free > 0:
        (folder / "isi.bin").write_bytes(b"\0" * free)


def small_city_file(url: Path) -> Path:
    """A SQLite file at `url` holding the small city and the office's codes."""
    database, _ = open_database(str(url))
    with database.acting_as(TEST_ADMIN).session() as session:
        set_office_codes(session)
        SmallCity(session)
    database.dispose()
    return url


def test_import_and_reconcile_on_a_full_disk(small_disk: Path, tmp_path: Path) -> None:
    url = small_city_file(small_disk / "kantor.sqlite")
    small = _online_csv(tmp_path / "sedikit.csv", 200)
    assert _run("--db", str(url), "import-online", str(small)).returncode == 0
    before = _counts(url)
    big = _online_csv(tmp_path / "banyak.csv", 40_000)  # ~10 MB stored: more than the disk
    refused = _run("--db", str(url), "import-online", str(big))
    assert refused.returncode == 2, refused.stderr
    assert "Disk penuh" in refused.stderr and "Traceback" not in refused.stderr
    assert _counts(url) == before
    with sqlite3.connect(url) as connection:  # the failed import's WAL space given back
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _fill(small_disk, leave=0)
    reconciled = _run("--db", str(url), "reconcile")
    assert reconciled.returncode == 2, reconciled.stderr + reconciled.stdout
    assert "Disk penuh" in reconciled.stderr and "Traceback" not in reconciled.stderr
    (small_disk / "isi.bin").unlink()
    assert _counts(url) == before
    assert not list(small_disk.glob("*-journal"))
