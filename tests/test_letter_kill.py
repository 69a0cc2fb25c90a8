"""A letter batch killed with SIGKILL leaves no numbered PDF outside the register."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from models.letter_issue import issue_letters
from models.letters import Letter
from models.office_profile import get_profile
from models.progress_letters import AreaScope, area_letters
from models.spreadsheet import file_sha256
from models.startup import open_database
from tests.test_letters import DAY, office  # noqa: F401 - the office fixture

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"B-\d{3}/\d{5}/SS\.300/\d{2}/\d{4}")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
CHILD = """
    import os, pathlib, signal, sys, time
    from datetime import date
    from models.access import Actor
    from models.letter_issue import issue_letters
    from models.office_profile import get_profile
    from models.progress_letters import AreaScope, area_letters
    from models.startup import open_database
    from models.users import UserRole
    marker, url, folder, moment = sys.argv[1:5]
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
        return stop() if moment == "mid-batch" and done == 1 else True
    db, _ = open_database(url)
    db = db.acting_as(Actor("sari", "Sari", UserRole.ADMIN))
    with db.session() as session:
        contents = area_letters(session, get_profile(session), AreaScope.KELURAHAN)
        issue_letters(session, contents, pathlib.Path(folder), "sari", date(2026, 11, 24),
                      one_file=False, progress=progress)
"""


def _kill_batch(db_url: str, folder: Path, tmp_path: Path, moment: str) -> None:
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(marker), db_url, str(folder), moment],
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


def _register(db) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {number: (path, digest) for number, path, digest in session.execute(
            select(Letter.number, Letter.file_path, Letter.file_sha256))}


def _every_pdf_is_registered(db, folder: Path,  # type: ignore[no-untyped-def]
                             hidden: bool = True) -> None:
    register = _register(db)
    printed = _printed(folder, hidden)
    for path, number in printed.items():
        assert number in register, f"{path.name} carries {number}, not in the register"
        assert register[number][0] == str(path)
    assert len(set(printed.values())) == len(printed), "two PDFs carry the same number"


def test_a_batch_killed_midway_leaves_no_numbered_pdf(db_url: str, db, office,  # noqa: F811
                                                      tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "surat"
    _kill_batch(db_url, folder, tmp_path, "mid-batch")
    _every_pdf_is_registered(db, folder, hidden=False)  # no real name without its number
    assert _register(db) == {}
    # The next batch into the folder takes the numbers again; no other PDF carries them.
    with db.session() as session:
        report = issue_letters(session, area_letters(session, get_profile(session),
                                                     AreaScope.KELURAHAN),
                               folder, "sari", DAY, one_file=False)
    assert [x.number.split("/")[0] for x in report.letters] == ["B-001", "B-002"]
    _every_pdf_is_registered(db, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in report.files)


def test_a_batch_killed_after_its_commit_gets_its_files_at_the_next_start(  # type: ignore[no-untyped-def]
        db_url: str, db, office, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "surat"
    _kill_batch(db_url, folder, tmp_path, "after-commit")
    register = _register(db)
    assert len(register) == 2
    reopened, _ = open_database(db_url)  # the next start of the app or of a command
    reopened.dispose()
    for path, digest in register.values():
        assert Path(path).is_file() and file_sha256(Path(path)) == digest
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(p).name
                                                              for p, _ in register.values())
    _every_pdf_is_registered(db, folder)
