"""A Surat Tugas batch killed with SIGKILL leaves no numbered PDF outside the register."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from models.assignment.assign import assign, sls_versions
from models.launch.opening import open_database
from models.letters.surat_tugas import issue_surat_tugas
from models.schema.office import OfficeProfile
from models.sheets.reading import file_sha256
from models.store.db import Database
from tests.builders import SmallCity, set_office_codes
from tests.letter_register import every_pdf_is_registered, printed, registered_letters
from tests.processes import kill_when_marked
from tests.schedule_helpers import set_field_window

DAY = date(2026, 11, 24)
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
CHILD = """
    import os, pathlib, signal, sys, time
    from datetime import date
    from models.access import Actor
    from models.launch.opening import open_database
    from models.letters.surat_tugas import issue_surat_tugas
    from models.schema.users import UserRole
    marker, url, folder, moment, *ids = sys.argv[1:]
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
        return stop() if moment == "mid-batch" and done == 2 else True
    db, _ = open_database(url)
    db = db.acting_as(Actor("sari", "Sari", UserRole.ADMIN))
    with db.session() as session:
        issue_surat_tugas(session, [int(i) for i in ids], pathlib.Path(folder), "sari",
                          day=date(2026, 11, 24), progress=progress)
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
        set_field_window(session)
        plan = dict(zip(city.sls_ids[:3], city.ppl_ids, strict=True))
        assign(session, plan, sls_versions(session, list(plan)), "sari")
        return city.ppl_ids


def _kill_batch(db_url: str, folder: Path, tmp_path: Path, moment: str,
                ids: list[int]) -> None:
    kill_when_marked(CHILD, tmp_path / "marker", db_url, str(folder), moment, *map(str, ids))


def test_a_surat_tugas_batch_killed_midway_leaves_no_numbered_pdf(
        db_url: str, db: Database, officers: list[int], tmp_path: Path) -> None:
    folder = tmp_path / "surat-tugas"
    _kill_batch(db_url, folder, tmp_path, "mid-batch", officers)
    assert printed(folder, hidden=False) == {}  # no real name without its number
    assert registered_letters(db) == {}
    # The next batch into the folder takes the numbers again; no other PDF carries them.
    with db.session() as session:
        issued = issue_surat_tugas(session, officers, folder, "sari", day=DAY)
    assert [x.number.split("/")[0] for x in issued] == ["B-001", "B-002", "B-003"]
    every_pdf_is_registered(db, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(x.path.name for x in issued)


def test_a_surat_tugas_batch_killed_after_its_commit_gets_its_files_at_the_next_start(
        db_url: str, db: Database, officers: list[int], tmp_path: Path) -> None:
    folder = tmp_path / "surat-tugas"
    _kill_batch(db_url, folder, tmp_path, "after-commit", officers)
    register = registered_letters(db)
    assert len(register) == 3
    assert printed(folder, hidden=False) == {}  # killed before any was moved
    reopened, _ = open_database(db_url)  # the next start of the app or of a command
    reopened.dispose()
    for path, digest in register.values():
        assert Path(path).is_file() and file_sha256(Path(path)) == digest
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(p).name
                                                              for p, _ in register.values())
    every_pdf_is_registered(db, folder)
