"""A Surat Tugas batch killed with SIGKILL leaves no numbered PDF outside the register."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from models.assignment import assign, sls_versions
from models.db import Database
from models.letters import Letter
from models.office import OfficeProfile
from models.spreadsheet import file_sha256
from models.startup import open_database
from models.surat_tugas import issue_surat_tugas
from tests.builders import SmallCity, set_office_codes

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"B-\d{3}/\d{5}/SS\.300/\d{2}/\d{4}")
DAY = date(2026, 11, 24)
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
CHILD = """
    import os, pathlib, signal, sys, time
    from datetime import date
    from models.access import Actor
    from models.startup import open_database
    from models.surat_tugas import issue_surat_tugas
    from models.users import UserRole
    marker, url, folder, moment, *ids = sys.argv[1:]
    def stop(*_args):
        pathlib.Path(marker).write_text(moment)
        if moment == "after-commit":
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(600)
        return True
    if moment == "after-commit":  # the register committed, the files not yet moved
        import models.letter_files as letter_files
        letter_files.PendingLetters.publish = stop
    def progress(done, total):
        return stop() if moment == "mid-batch" and done == 2 else True
    db, _ = open_database(url)
    db = db.acting_as(Actor("sari", "Sari", UserRole.ADMIN))
    with db.session() as session:
        issue_surat_tugas(session, [int(i) for i in ids], pathlib.Path(folder), "sari",
                          date(2026, 11, 24), progress=progress)
"""


@pytest.fixture
def officers(db: Database) -> list[int]:
    """Three PPL, each with one SLS, in an office ready to number letters."""
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        profile = session.scalars(select(OfficeProfile)).one()
        profile.city, profile.head_name = "Banjarmasin", "Dr. Rina Kepala, M.Si."
        profile.head_nip = "197305121996022001"
        session.commit()
        plan = dict(zip(city.sls_ids[:3], city.ppl_ids, strict=True))
        assign(session, plan, sls_versions(session, list(plan)), "sari")
        return city.ppl_ids


def _kill_batch(db_url: str, folder: Path, tmp_path: Path, moment: str,
                ids: list[int]) -> None:
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(marker), db_url, str(folder), moment,
         *map(str, ids)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None and not marker.exists():
            pytest.fail(f"the batch ended before it could be killed: {process.stderr.read()}")
        assert time.monotonic() < deadline, "the batch never reached the moment to kill"
        time.sleep(0.02)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def _printed(folder: Path, hidden: bool = True) -> dict[Path, str]:
    """Every PDF under `folder` (or only those under a real name) with its letter number."""
    found = {}
    for path in (folder.rglob("*.pdf") if hidden else folder.glob("*.pdf")):
        numbers = NUMBER.findall(PdfReader(path).pages[0].extract_text())
        assert numbers, path
        found[path] = numbers[0]
    return found


def _register(db: Database) -> dict[str, tuple[str, str]]:
    with db.session() as session:
        return {number: (path, digest) for number, path, digest in session.execute(
            select(Letter.number, Letter.file_path, Letter.file_sha256))}


def _every_pdf_is_registered(db: Database, folder: Path, hidden: bool = True) -> None:
    register = _register(db)
    printed = _printed(folder, hidden)
    for path, number in printed.items():
        assert number in register, f"{path.name} carries {number}, not in the register"
        assert register[number][0] == str(path)
    assert len(set(printed.values())) == len(printed), "two PDFs carry the same number"


def test_a_surat_tugas_batch_killed_midway_leaves_no_numbered_pdf(
        db_url: str, db: Database, officers: list[int], tmp_path: Path) -> None:
    folder = tmp_path / "surat-tugas"
    _kill_batch(db_url, folder, tmp_path, "mid-batch", officers)
    assert _printed(folder, hidden=False) == {}  # no real name without its number
    assert _register(db) == {}
    # The next batch into the folder takes the numbers again; no other PDF carries them.
    with db.session() as session:
        issued = issue_surat_tugas(session, officers, folder, "sari", DAY)
    assert [x.number.split("/")[0] for x in issued] == ["B-001", "B-002", "B-003"]
    _every_pdf_is_registered(db, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(x.path.name for x in issued)


def test_a_surat_tugas_batch_killed_after_its_commit_gets_its_files_at_the_next_start(
        db_url: str, db: Database, officers: list[int], tmp_path: Path) -> None:
    folder = tmp_path / "surat-tugas"
    _kill_batch(db_url, folder, tmp_path, "after-commit", officers)
    register = _register(db)
    assert len(register) == 3
    assert _printed(folder, hidden=False) == {}  # killed before any was moved
    reopened, _ = open_database(db_url)  # the next start of the app or of a command
    reopened.dispose()
    for path, digest in register.values():
        assert Path(path).is_file() and file_sha256(Path(path)) == digest
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(p).name
                                                              for p, _ in register.values())
    _every_pdf_is_registered(db, folder)
