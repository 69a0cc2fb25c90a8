"""An import killed with SIGKILL during the insert leaves the database exactly as before."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from models.ids.nik import compose_nik
from models.launch.opening import open_database
from models.schema.batches import ImportBatch, OnlineSubmission
from tests.builders import SmallCity, set_office_codes, write_csv

ROOT = Path(__file__).resolve().parent.parent
ROWS = 150_000


def _started(db, tmp_path: Path, db_url: str) -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    """The CLI importing 150,000 SP Online rows, its progress line on stderr."""
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
    # Unique NIKs: (year, month, day, serial) differ for every row number below 150,000.
    rows = [[compose_nik("637104", date(1950 + n % 60, 1 + n % 12, 1 + n % 28), n % 2 == 1,
                         n % 9999 + 1),
             "6371040101200001", f"Warga {n}", "", "", "6371040001000100", "", ""]
            for n in range(ROWS)]
    path = write_csv(tmp_path / "besar.csv",
                     [["NIK", "No. KK", "Nama", "JK", "Tgl Lahir", "IDSLS", "Alamat", "Waktu"],
                      *rows])
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.main", "--db", db_url, "import-online", str(path)],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _killed_when(process: subprocess.Popen[str], *marks: str) -> None:
    """SIGKILL as soon as stderr shows one of `marks`."""
    assert process.stderr is not None
    written = ""
    deadline = time.monotonic() + 120
    while not any(mark in written for mark in marks):
        assert time.monotonic() < deadline, written
        char = process.stderr.read(1)
        assert char, f"the import ended before it could be killed: {written}"
        written += char
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def _nothing_stored(db, db_url: str) -> None:  # type: ignore[no-untyped-def]
    db.dispose()
    reopened, _ = open_database(db_url)
    with reopened.session() as session:
        assert session.scalar(select(func.count()).select_from(OnlineSubmission)) == 0
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0
        if reopened.engine.dialect.name == "sqlite":
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    reopened.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_the_insert(db_url: str, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    process = _started(db, tmp_path, db_url)
    # Wait until at least two chunks of 5,000 rows went into the open transaction.
    _killed_when(process, "10.000 tersimpan", "15.000 tersimpan")
    _nothing_stored(db, db_url)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_while_checking(db_url: str, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    process = _started(db, tmp_path, db_url)
    _killed_when(process, "10.000 dibaca", "15.000 dibaca")
    _nothing_stored(db, db_url)
