"""Opening databases: settings per backend and clear Indonesian refusals."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from models.errors import DatabaseOpenError
from models.launch.opening import open_database
from models.store import config
from models.store.db import connect, describe_url, normalize_url


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = connect(str(tmp_path / "x.sqlite"))
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_foreign_keys_are_enforced(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    with db.session() as session, pytest.raises(IntegrityError):
        session.execute(text("INSERT INTO kelurahan (kecamatan_id, bps_code, name, kind, "
                             "version_id) VALUES (999, '6371040001', 'X', 'kelurahan', 1)"))
        session.flush()


def test_urls_are_normalized_and_described_without_password() -> None:
    assert normalize_url("postgresql://u:rahasia@db.kantor:5433/sensus").drivername == \
        "postgresql+psycopg"
    assert normalize_url("postgres://u@h/d").drivername == "postgresql+psycopg"
    described = describe_url(normalize_url("postgresql://u:rahasia@db.kantor:5433/sensus"))
    assert described == "PostgreSQL — u@db.kantor:5433/sensus"
    assert "rahasia" not in described
    plain = normalize_url("data/kantor.sqlite")
    assert plain.drivername == "sqlite" and Path(plain.database or "").is_absolute()


def test_corrupt_sqlite_file_is_explained_and_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "rusak.sqlite"
    garbage = b"ini bukan database, hanya sampah " * 200
    path.write_bytes(garbage)
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(str(path))
    assert "rusak atau bukan database" in caught.value.message
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rusak.sqlite"]


def test_locked_sqlite_file_is_explained_and_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "kantor.sqlite"
    open_database(str(path))[0].dispose()
    before = path.read_bytes()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseOpenError) as caught:
            open_database(str(path), busy_timeout_s=0.2)
        assert "sedang dikunci" in caught.value.message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert path.read_bytes() == before


def test_unreachable_postgresql_is_explained() -> None:
    with pytest.raises(DatabaseOpenError) as caught:
        connect("postgresql://sensus@127.0.0.1:1/sensus", busy_timeout_s=1)
    assert "Tidak dapat terhubung ke server PostgreSQL 127.0.0.1:1/sensus" in caught.value.message
    assert caught.value.detail  # the driver's words are kept for the admin


def test_unsupported_backend_is_explained() -> None:
    with pytest.raises(DatabaseOpenError, match="tidak didukung"):
        connect("mysql://u@h/d")


def test_url_choice_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.DB_ENV_VAR, raising=False)
    config.config_file().unlink(missing_ok=True)
    assert config.choose_url(None) == str(config.default_sqlite_path())
    config.remember_url("postgresql://kantor/sensus")
    assert config.choose_url(None) == "postgresql://kantor/sensus"
    monkeypatch.setenv(config.DB_ENV_VAR, "/tmp/dari-env.sqlite")
    assert config.choose_url(None) == "/tmp/dari-env.sqlite"
    assert config.choose_url("/tmp/dari-opsi.sqlite") == "/tmp/dari-opsi.sqlite"
    config.config_file().unlink()
