"""SQLite backups: private copies, the daily copy kept N days, a restore round trip."""
from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from models.backup.copies import (
    BackupError,
    auto_backup,
    auto_name,
    backup_now,
    database_identity,
    expired_auto_backups,
    pg_dump_command,
    restore,
)
from models.launch.opening import open_database
from models.schema.areas import Kecamatan
from models.schema.users import AuditLog
from models.store.db import Database, normalize_url
from tests.conftest import TEST_ADMIN


@pytest.fixture
def office(tmp_path: Path) -> Database:
    db, _ = open_database(str(tmp_path / "kantor.sqlite"))
    db = db.acting_as(TEST_ADMIN)
    with db.session() as session:
        session.add(Kecamatan(bps_code="6371040", name="Banjarmasin Utara",
                              kemendagri_code="637104"))
        session.commit()
    yield db
    db.dispose()


def _names(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Kecamatan.name).order_by(Kecamatan.bps_code)))


@pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX")
def test_database_and_backups_are_readable_only_by_their_owner(office: Database,
                                                               tmp_path: Path) -> None:
    assert stat.S_IMODE(os.stat(tmp_path / "kantor.sqlite").st_mode) == 0o600
    copy = backup_now(office, tmp_path / "cadangan")
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "cadangan").st_mode) == 0o700


def test_restore_round_trip_keeps_a_safety_copy(office: Database, tmp_path: Path) -> None:
    copy = backup_now(office, tmp_path / "cadangan")  # while the app has the file open
    with office.session() as session:
        session.add(Kecamatan(bps_code="6371050", name="Salah Tambah", kemendagri_code="637105"))
        session.get(Kecamatan, 1).name = "Diubah"  # type: ignore[union-attr]
        session.commit()
    report = restore(office, copy, tmp_path / "cadangan")
    assert _names(office) == ["Banjarmasin Utara"]  # as at the backup, through the same engine
    with office.session() as session:
        last = session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert last is not None and last.action == "pulihkan" and last.username == "penguji"
    assert last.after["dari"] == str(copy)
    # The content replaced is kept: restoring the safety copy brings it back.
    restore(office, report.safety_copy, tmp_path / "cadangan")
    assert _names(office) == ["Diubah", "Salah Tambah"]


def test_restore_refuses_a_file_that_is_not_a_backup(office: Database, tmp_path: Path) -> None:
    stranger = tmp_path / "lain.sqlite"
    stranger.write_bytes(b"bukan database" * 200)
    with pytest.raises(BackupError, match="bukan cadangan Kendali Sensus"):
        restore(office, stranger, tmp_path / "cadangan")
    with pytest.raises(BackupError, match="sedang dipakai"):
        restore(office, tmp_path / "kantor.sqlite", tmp_path / "cadangan")
    assert _names(office) == ["Banjarmasin Utara"]
    assert not (tmp_path / "cadangan").exists() or not any((tmp_path / "cadangan").iterdir())


def test_daily_backup_once_a_day_and_old_ones_removed(office: Database, tmp_path: Path) -> None:
    folder = tmp_path / "cadangan"
    today = date(2026, 11, 24)
    folder.mkdir()
    own = database_identity(office.url)
    for age in (1, 6, 7, 30):  # earlier automatic copies, and one made by hand
        (folder / auto_name(own, today - timedelta(days=age))).write_bytes(b"x")
    by_hand = backup_now(office, folder)
    made = auto_backup(office, folder, keep_days=7, today=today)
    assert made == folder / auto_name(own, today)
    assert auto_backup(office, folder, keep_days=7, today=today) is None  # already today
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([by_hand.name, auto_name(own, today),
                           auto_name(own, today - timedelta(days=1)),
                           auto_name(own, today - timedelta(days=6))])
    assert expired_auto_backups(own, folder, 7, today) == []


def test_pg_dump_command_names_the_server_without_the_password() -> None:
    url = normalize_url("postgresql://sensus:rahasia@10.0.0.5:5433/kantor")
    command = pg_dump_command(url, Path("/tmp/k.dump"))
    assert command[:2] == ["pg_dump", "--format=custom"]
    assert "10.0.0.5" in command and "5433" in command and command[-1] == "kantor"
    assert "rahasia" not in " ".join(command)
