"""Bring a database to the current schema, copying an SQLite file aside first."""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.exc import DBAPIError

from models.errors import DatabaseOpenError
from models.store.db import Database, explain_failure
from models.store.sqlite_copy import copy_sqlite

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # a broken installation, not a broken database
        raise DatabaseOpenError("Skrip pembaruan database tidak ditemukan: pemasangan Kendali "
                                "Sensus tidak lengkap. Pasang ulang aplikasinya.",
                                str(MIGRATIONS_DIR))
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def _backup_name(path: Path, revision: str | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.sebelum-{revision or 'awal'}-{stamp}{path.suffix}")


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _check_known(connection: Connection, current: str | None) -> None:
    known = known_revisions()
    if current is None:
        foreign = [t for t in inspect(connection).get_table_names() if t != VERSION_TABLE]
        if foreign:
            raise DatabaseOpenError(
                "Database ini sudah berisi tabel lain dan bukan database Kendali Sensus. "
                "Database tidak diubah; pilih database kosong atau database Kendali Sensus.",
                f"tabel: {', '.join(sorted(foreign)[:5])}",
            )
    elif current not in known:
        raise DatabaseOpenError(
            "Database ini dibuat oleh versi Kendali Sensus yang lebih baru. Perbarui aplikasi "
            "ini terlebih dahulu; database tidak diubah.",
            f"revisi {current}",
        )


def _not_allowed(exc: DBAPIError) -> bool:
    """PostgreSQL's insufficient_privilege: the app role of `siapkan-server` owns nothing."""
    return getattr(exc.orig, "sqlstate", None) == "42501"


def upgrade_to_head(db: Database) -> UpgradeResult:
    """Upgrade in one transaction; an existing SQLite file is copied aside first."""
    head = head_revision()
    try:
        with db.engine.connect() as conn:
            current = current_revision(conn)
            _check_known(conn, current)
        if current == head:
            return UpgradeResult(current, head, None)
        backup = None
        if current is not None and db.sqlite_path is not None:
            backup = copy_sqlite(db.sqlite_path, _backup_name(db.sqlite_path, current))
            log.info("copied %s to %s before upgrading", db.sqlite_path, backup)
        with db.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    except DBAPIError as exc:
        if _not_allowed(exc):
            raise DatabaseOpenError(
                "Database di server perlu diperbarui ke versi Kendali Sensus ini, tetapi akun "
                "aplikasi di server tidak berhak mengubah susunan tabel (begitulah seharusnya). "
                "Minta admin server menjalankan `kendali-sensus siapkan-server` dengan alamat "
                "admin; database tidak diubah.", str(exc.orig or exc).splitlines()[0]) from exc
        raise explain_failure(db.url, exc) from exc
    except sqlite3.DatabaseError as exc:  # raised by the backup API itself
        raise explain_failure(db.url, exc) from exc
    log.info("database upgraded from %s to %s", current, head)
    return UpgradeResult(current, head, backup)
