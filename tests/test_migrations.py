"""Migrations: an empty database upgrades to exactly the mapped schema, safely."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from models.errors import DatabaseOpenError
from models.launch.opening import open_database
from models.schema import metadata
from models.store import migrate
from models.store.db import connect


def test_upgrade_of_empty_database_matches_the_mapped_metadata(db_url: str) -> None:
    db, result = open_database(db_url)
    assert result.from_revision is None
    assert result.to_revision == migrate.head_revision()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        assert set(inspect(conn).get_table_names()) == set(metadata.tables) | {"alembic_version"}
    db.dispose()


def test_second_open_changes_nothing(db_url: str) -> None:
    open_database(db_url)[0].dispose()
    db, result = open_database(db_url)
    assert not result.changed and result.backup is None
    db.dispose()


def test_downgrade_to_base_and_back(db_url: str) -> None:
    db, _ = open_database(db_url)
    with db.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
    with db.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    assert migrate.upgrade_to_head(db).changed
    db.dispose()


def test_foreign_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "lain.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
        con.execute("INSERT INTO pelanggan VALUES (1, 'Budi')")
    with pytest.raises(DatabaseOpenError, match="bukan database Kendali Sensus"):
        open_database(str(path))
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"pelanggan"}
        assert con.execute("SELECT nama FROM pelanggan").fetchall() == [("Budi",)]


def test_database_from_a_newer_app_is_refused(db_url: str) -> None:
    db, _ = open_database(db_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    with pytest.raises(DatabaseOpenError, match="versi Kendali Sensus yang lebih baru"):
        open_database(db_url)


def test_sqlite_file_is_copied_aside_before_an_upgrade(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kantor.sqlite"
    db, _ = open_database(str(path))
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO kecamatan (bps_code, name, version_id) "
                          "VALUES ('6371040', 'Banjarmasin Utara', 1)"))
    # Pretend a newer release added a revision after ours; record what happens in order.
    events: list[str] = []
    real_backup = migrate.copy_sqlite
    ours = migrate.head_revision()
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")
    monkeypatch.setattr(migrate, "copy_sqlite",
                        lambda s, t: (events.append("backup"), real_backup(s, t))[1])
    monkeypatch.setattr(migrate.command, "upgrade", lambda cfg, rev: events.append("upgrade"))
    result = migrate.upgrade_to_head(db)
    db.dispose()
    assert events == ["backup", "upgrade"]
    assert result.backup is not None and result.backup.exists()
    assert result.backup.name.startswith(f"kantor.sebelum-{ours}-")
    with sqlite3.connect(result.backup) as con:  # the copy holds what was in the WAL too
        assert con.execute("SELECT name FROM kecamatan").fetchall() == [("Banjarmasin Utara",)]


def test_backup_includes_uncheckpointed_wal_content(tmp_path: Path) -> None:
    db = connect(str(tmp_path / "a.sqlite"))
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (42)"))
    assert (tmp_path / "a.sqlite-wal").exists()  # still in the WAL, engine not disposed
    copy = migrate.copy_sqlite(tmp_path / "a.sqlite", tmp_path / "b.sqlite")
    db.dispose()
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT x FROM t").fetchall() == [(42,)]
