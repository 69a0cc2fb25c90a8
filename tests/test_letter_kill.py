"""A letter batch killed with SIGKILL leaves no numbered PDF outside the register."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from models.launch.opening import open_database
from models.letters.issue import issue_letters
from models.letters.progress import AreaScope, area_letters
from models.office.profile import get_profile
from models.sheets.reading import file_sha256
from tests.letter_register import every_pdf_is_registered, registered_letters
from tests.processes import kill_when_marked
from tests.test_letters import DAY, office  # noqa: F401 - the office fixture

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
CHILD = """
    import os, pathlib, signal, sys, time
    from datetime import date
    from models.access import Actor
    from models.letters.issue import issue_letters
    from models.office.profile import get_profile
    from models.letters.progress import AreaScope, area_letters
    from models.launch.opening import open_database
    from models.schema.users import UserRole
    marker, url, folder, moment = sys.argv[1:5]
    def stop(*_args):
        pathlib.Path(marker).write_text(moment)
        if moment == "after-commit":
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(600)
        return True
    if moment == "after-commit":  # the register committed, the files not yet moved
        import models.letters.files as letter_files
        letter_files.PendingLetters.publish = stop
    def progress(done, total):
        return stop() if moment == "mid-batch" and done == 1 else True
    db, _ = open_database(url)
    db = db.acting_as(Actor("sari", "Sari", UserRole.ADMIN))
    with db.session() as session:
        contents = area_letters(session, get_profile(session), AreaScope.KELURAHAN)
        issue_letters(session, contents, pathlib.Path(folder), "sari", day=date(2026, 11, 24),
                      one_file=False, progress=progress)
"""


def _kill_batch(db_url: str, folder: Path, tmp_path: Path, moment: str) -> None:
    kill_when_marked(CHILD, tmp_path / "marker", db_url, str(folder), moment)


def test_a_batch_killed_midway_leaves_no_numbered_pdf(db_url: str, db, office,  # noqa: F811
                                                      tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "surat"
    _kill_batch(db_url, folder, tmp_path, "mid-batch")
    every_pdf_is_registered(db, folder, hidden=False)  # no real name without its number
    assert registered_letters(db) == {}
    # The next batch into the folder takes the numbers again; no other PDF carries them.
    with db.session() as session:
        report = issue_letters(session, area_letters(session, get_profile(session),
                                                     AreaScope.KELURAHAN),
                               folder, "sari", day=DAY, one_file=False)
    assert [x.number.split("/")[0] for x in report.letters] == ["B-001", "B-002"]
    every_pdf_is_registered(db, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in report.files)


def test_a_batch_killed_after_its_commit_gets_its_files_at_the_next_start(  # type: ignore[no-untyped-def]
        db_url: str, db, office, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "surat"
    _kill_batch(db_url, folder, tmp_path, "after-commit")
    register = registered_letters(db)
    assert len(register) == 2
    reopened, _ = open_database(db_url)  # the next start of the app or of a command
    reopened.dispose()
    for path, digest in register.values():
        assert Path(path).is_file() and file_sha256(Path(path)) == digest
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(p).name
                                                              for p, _ in register.values())
    every_pdf_is_registered(db, folder)
