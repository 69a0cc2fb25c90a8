"""Backups belong to their database, and a killed backup or restore leaves nothing half done."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

import models.backup.copies as backup
from models.launch.opening import open_database
from models.schema.areas import Kecamatan
from models.schema.users import AuditLog
from models.store.db import Database
from tests.conftest import TEST_ADMIN
from tests.processes import kill_when_marked

ROOT = Path(__file__).resolve().parent.parent
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
TODAY = date(2026, 11, 24)
# The child copies one page per step and, a few pages in, says so and waits to be killed.
SLOW_COPY = """
    import pathlib, sys, time
    import models.backup.copies as backup, models.store.sqlite_copy as sqlite_copy
    sqlite_copy.PAGES_PER_STEP = 1
    real = backup.copy_sqlite
    def slow(done, total):
        if done >= 5:
            pathlib.Path(sys.argv[1]).write_text("mid-copy")
            time.sleep(600)
        return True
    backup.copy_sqlite = lambda source, target, progress=None, *rest, **options: real(
        source, target, slow, *rest, **options)
"""


def _database(path: Path, kecamatan: str) -> Database:
    db, _ = open_database(str(path))
    db = db.acting_as(TEST_ADMIN)
    with db.session() as session:
        session.add(Kecamatan(bps_code="6371040", name=kecamatan, kemendagri_code="637104"))
        session.commit()
    return db


@pytest.fixture
def office(tmp_path: Path) -> Database:
    db = _database(tmp_path / "data" / "kendali-sensus.sqlite", "Banjarmasin Utara")
    yield db
    db.dispose()


def _kecamatan_in(copy: Path) -> list[str]:
    with sqlite3.connect(copy) as con:
        names = [row[0] for row in con.execute("SELECT name FROM kecamatan")]
    con.close()
    return names


def _names(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Kecamatan.name).order_by(Kecamatan.id)))


def _last_entry(db: Database) -> AuditLog | None:
    with db.session() as session:
        return session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()


def _journals(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(("-journal", "-wal")))


def test_backups_belong_to_their_database(office: Database, tmp_path: Path) -> None:
    """The demo beside the office database never takes the office's daily backup."""
    folder = tmp_path / "cadangan"
    demo = _database(tmp_path / "data" / "demo.sqlite", "Kecamatan Contoh")
    try:
        demo_copy = backup.auto_backup(demo, folder, keep_days=7, today=TODAY)
        office_copy = backup.auto_backup(office, folder, keep_days=7, today=TODAY)
        assert demo_copy is not None and office_copy is not None
        assert office_copy != demo_copy
        assert _kecamatan_in(office_copy) == ["Banjarmasin Utara"]
        assert _kecamatan_in(demo_copy) == ["Kecamatan Contoh"]
        by_hand = backup.backup_now(office, folder)
        assert backup.list_backups(office, folder) == sorted([office_copy, by_hand],
                                                             reverse=True)
        assert backup.list_backups(demo, folder) == [demo_copy]
        # A second office file with the same name elsewhere is another database.
        elsewhere = _database(tmp_path / "lain" / "kendali-sensus.sqlite", "Lain")
        try:
            assert backup.list_backups(elsewhere, folder) == []
        finally:
            elsewhere.dispose()
    finally:
        demo.dispose()


def test_a_damaged_automatic_backup_of_today_is_made_again(office: Database,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "cadangan"
    first = backup.auto_backup(office, folder, keep_days=7, today=TODAY)
    assert first is not None
    first.write_bytes(first.read_bytes()[:4096])  # as an older version left a killed copy
    first.with_name(first.name + "-journal").write_bytes(b"\0" * 512)
    again = backup.auto_backup(office, folder, keep_days=7, today=TODAY)
    assert again == first
    assert backup.check_backup_file(again) and _kecamatan_in(again) == ["Banjarmasin Utara"]
    assert _journals(folder) == []
    assert backup.auto_backup(office, folder, keep_days=7, today=TODAY) is None  # sound now


@POSIX_ONLY
def test_a_killed_cadangkan_leaves_no_partial_file_and_no_journal(office: Database,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "cadangan"
    database = tmp_path / "data" / "kendali-sensus.sqlite"
    office.dispose()
    kill_when_marked(SLOW_COPY + """
    from desktop.main import main
    sys.exit(main(["--db", sys.argv[2], "cadangkan", sys.argv[3]]))
    """, tmp_path / "marker", str(database), str(folder))
    assert _journals(folder) == []
    assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == []
    # The next backup clears what the killed one left and is whole.
    made = backup.backup_now(office, folder)
    assert sorted(p.name for p in folder.iterdir()) == [made.name]
    assert backup.check_backup_file(made)


@POSIX_ONLY
def test_after_a_killed_automatic_backup_the_next_start_makes_one(office: Database,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "cadangan"
    database = tmp_path / "data" / "kendali-sensus.sqlite"
    office.dispose()
    kill_when_marked(SLOW_COPY + """
    from models.launch.opening import open_database
    db, _ = open_database(sys.argv[2])
    backup.auto_backup(db, pathlib.Path(sys.argv[3]), 7)
    """, tmp_path / "marker", str(database), str(folder))
    assert _journals(folder) == []
    made = backup.auto_backup(office, folder, keep_days=7)
    assert made is not None and backup.check_backup_file(made)
    assert sorted(p.name for p in folder.iterdir()) == [made.name]


@POSIX_ONLY
@pytest.mark.parametrize("moment", ["upgrade_to_head", "_log_event"])
def test_a_killed_restore_leaves_the_old_content_or_the_new_with_its_entry(
        office: Database, tmp_path: Path, moment: str) -> None:
    folder = tmp_path / "cadangan"
    database = tmp_path / "data" / "kendali-sensus.sqlite"
    copy = backup.backup_now(office, folder)
    with office.session() as session:
        session.get(Kecamatan, 1).name = "Diubah sesudah cadangan"  # type: ignore[union-attr]
        session.commit()
    office.dispose()
    kill_when_marked("""
    import os, pathlib, signal, sys
    import models.backup.copies as backup
    from models.access import Actor
    from models.launch.opening import open_database
    from models.schema.users import UserRole
    def die(*args, **kwargs):
        pathlib.Path(sys.argv[1]).write_text("killed")
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(backup, sys.argv[2], die)
    db, _ = open_database(sys.argv[3])
    db = db.acting_as(Actor("penguji", "Penguji", UserRole.ADMIN))
    backup.restore(db, pathlib.Path(sys.argv[4]), pathlib.Path(sys.argv[5]))
    """, tmp_path / "marker", moment, str(database), str(copy), str(folder), may_finish=True)
    reopened, _ = open_database(str(database))
    try:
        last = _last_entry(reopened)
        if _names(reopened) == ["Diubah sesudah cadangan"]:  # not restored: as before
            assert last is None or last.action != "pulihkan"
        else:  # restored: and the log says so
            assert _names(reopened) == ["Banjarmasin Utara"]
            assert last is not None and last.action == "pulihkan"
            assert last.after["dari"] == str(copy)
        # The next start leaves nothing of the killed restore beside the database.
        assert [p.name for p in database.parent.iterdir() if p.name.endswith(".tmp")] == []
    finally:
        reopened.dispose()


def test_a_restore_is_in_the_log_of_the_restored_database(office: Database,
                                                         tmp_path: Path) -> None:
    copy = backup.backup_now(office, tmp_path / "cadangan")
    with office.session() as session:
        session.get(Kecamatan, 1).name = "Diubah"  # type: ignore[union-attr]
        session.commit()
    report = backup.restore(office, copy, tmp_path / "cadangan")
    assert _names(office) == ["Banjarmasin Utara"]
    last = _last_entry(office)
    assert last is not None and last.action == "pulihkan" and last.username == "penguji"
    assert last.after["salinan_sebelumnya"] == str(report.safety_copy)
    assert report.safety_copy in backup.list_backups(office, tmp_path / "cadangan")
    leftovers = [p.name for p in (tmp_path / "data").iterdir() if p.name.startswith(".")]
    assert leftovers == []


FAKE_PG_DUMP = """#!/bin/sh
# Writes the start of a dump where it was told to, then hangs until killed.
while [ $# -gt 0 ]; do
  if [ "$1" = "--file" ]; then shift; printf 'PGDMP partial' > "$1"; fi
  shift
done
: > "$KENDALI_TEST_MARKER"
sleep 600
"""


@POSIX_ONLY
def test_a_killed_pg_dump_leaves_no_dump_under_the_real_name(db_url: str, db: Database,
                                                            tmp_path: Path) -> None:
    if db.is_sqlite:
        pytest.skip("pg_dump is for PostgreSQL")
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text(FAKE_PG_DUMP)
    fake.chmod(0o755)
    folder, marker = tmp_path / "cadangan", tmp_path / "marker"
    kill_when_marked("""
    import sys
    from desktop.main import main
    sys.exit(main(["--db", sys.argv[2], "cadangkan", sys.argv[3]]))
    """, marker, db_url, str(folder),
        env={"PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
             "KENDALI_TEST_MARKER": str(marker)})
    assert [p.name for p in folder.iterdir() if p.name.endswith(".dump")] == []
    if backup.find_pg_tool("pg_dump") is None:
        return
    made = backup.backup_postgres(db, folder)  # the real pg_dump: whole, and this database's
    assert backup.list_backups(db, folder) == [made]
    assert sorted(p.name for p in folder.iterdir()) == [made.name]


@POSIX_ONLY
def test_cadangkan_on_a_full_disk_says_so_and_leaves_nothing(office: Database,
                                                            tmp_path: Path) -> None:
    """A file-size limit stands in for a full disk: SQLite reports SQLITE_FULL."""
    folder = tmp_path / "cadangan"
    database = tmp_path / "data" / "kendali-sensus.sqlite"
    office.dispose()
    child = textwrap.dedent("""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, 32 * 1024))
        from desktop.main import main
        sys.exit(main(["--db", sys.argv[1], "cadangkan", sys.argv[2]]))
    """)
    done = subprocess.run([sys.executable, "-c", child, str(database), str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Periksa ruang disk" in done.stderr and "Traceback" not in done.stderr
    assert list(folder.iterdir()) == []  # neither a partial copy nor a -journal
