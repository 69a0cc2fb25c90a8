"""Opening a database: URL handling, engine settings per backend, readable failures."""
from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.access import ACTOR_KEY, Actor
from models.errors import DatabaseOpenError
from models.store.sqlite_probe import probe_sqlite

log = logging.getLogger(__name__)


def normalize_url(raw: str) -> URL:
    """Accept a SQLAlchemy URL, a plain postgres:// URL or a path to an SQLite file."""
    raw = raw.strip()
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser().absolute()))
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise DatabaseOpenError(f"Alamat database tidak dapat dibaca: {raw}", str(exc)) from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe_url(url: URL, *, short: bool = False) -> str:
    """Text for Pengaturan, or with `short` for the status bar (a SQLite file by its name
    only: the full path, deep in the user's data folder, crowds out the status bar); never
    shows a password."""
    if url.get_backend_name() == "sqlite":
        if short and url.database:
            return f"SQLite — {Path(url.database).name}"
        return f"SQLite — {url.database or '(memori)'}"
    if url.get_backend_name() == "postgresql":
        user = f"{url.username}@" if url.username else ""
        port = f":{url.port}" if url.port else ""
        return f"PostgreSQL — {user}{url.host or 'localhost'}{port}/{url.database or ''}"
    return url.render_as_string(hide_password=True)


@dataclass(frozen=True)
class Database:
    url: URL
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return Path(self.url.database) if self.is_sqlite and self.url.database else None

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @property
    def short_description(self) -> str:
        return describe_url(self.url, short=True)

    def session(self) -> Session:
        return self.sessions()

    @property
    def actor(self) -> Actor | None:
        actor = self.sessions.kw.get("info", {}).get(ACTOR_KEY)
        return actor if isinstance(actor, Actor) else None

    def acting_as(self, actor: Actor) -> Database:
        """The same engine; every session it opens carries `actor` for the role checks."""
        return replace(self, sessions=sessionmaker(self.engine, expire_on_commit=False,
                                                   info={ACTOR_KEY: actor}))

    def dispose(self) -> None:
        self.engine.dispose()


def create_private_file(path: Path) -> None:
    """A new SQLite file readable only by its owner (NIK and KK of a whole city are inside);
    SQLite gives its -wal and -shm files the same mode. On Windows the user's AppData folder
    is already private, and the mode only sets the read-only flag, so none is asked there."""
    if path.exists() or os.name == "nt":
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise DatabaseOpenError(f"Berkas database {path} tidak dapat dibuat.", str(exc)) from exc


def _begin_before_savepoint(connection: Connection, _name: str) -> None:
    """pysqlite begins a transaction only before a write, so a SAVEPOINT issued first (as a
    letter number's insert does) opened the transaction itself and its RELEASE committed it:
    a cancelled batch kept its numbers. Begin the transaction first, so the savepoint nests.
    """
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        raw.execute("BEGIN")


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
        finally:
            cursor.close()

    return on_connect


def explain_failure(url: URL, exc: BaseException) -> DatabaseOpenError:
    """Turn a driver error into a message that tells staff what to do."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc) else ""
    lowered = detail.lower()
    if url.get_backend_name() == "sqlite":
        path = url.database
        if "not a database" in lowered or "malformed" in lowered:
            return DatabaseOpenError(
                f"Berkas {path} rusak atau bukan database Kendali Sensus. Berkas itu tidak "
                "diubah. Pulihkan dari cadangan, atau pilih berkas database lain.",
                detail,
            )
        if "locked" in lowered or "busy" in lowered:
            return DatabaseOpenError(
                f"Database {path} sedang dikunci oleh program lain. Tutup program itu "
                "(atau jendela Kendali Sensus yang lain), lalu coba lagi.",
                detail,
            )
        if "readonly" in lowered or "read-only" in lowered:
            return DatabaseOpenError(
                f"Database {path} hanya dapat dibaca. Periksa izin berkas dan foldernya.", detail
            )
        return DatabaseOpenError(f"Berkas database {path} tidak dapat dibuka.", detail)
    if url.get_backend_name() == "postgresql":
        where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"
        if "password authentication failed" in lowered or "authentication" in lowered:
            return DatabaseOpenError(
                f"Server PostgreSQL {where} menolak nama pengguna atau kata sandi.", detail
            )
        if "does not exist" in lowered:
            return DatabaseOpenError(
                f"Database di server PostgreSQL {where} belum ada. Minta admin membuatnya.",
                detail,
            )
        return DatabaseOpenError(
            f"Tidak dapat terhubung ke server PostgreSQL {where}. Periksa alamat dan port, "
            "pastikan server menyala dan jaringan kantor tersambung.",
            detail,
        )
    return DatabaseOpenError(f"Database {describe_url(url)} tidak dapat dibuka.", detail)


def connect(raw_url: str, busy_timeout_s: float = 5.0) -> Database:
    """Create the engine and prove the database answers; raises DatabaseOpenError."""
    url = normalize_url(raw_url)
    backend = url.get_backend_name()
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        path = Path(url.database or "")
        if url.database and url.database != ":memory:":
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseOpenError(
                    f"Folder database {path.parent} tidak dapat dibuat.", str(exc)
                ) from exc
        if url.database and url.database != ":memory:":
            try:  # before WAL or any write: refuse a file that is not ours
                probe_sqlite(path, busy_timeout_s)
            except sqlite3.Error as exc:
                raise explain_failure(url, exc) from exc
            create_private_file(path)
        kwargs["connect_args"] = {"timeout": busy_timeout_s}
    elif backend == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": max(1, int(busy_timeout_s))}
        kwargs["pool_pre_ping"] = True
    else:
        raise DatabaseOpenError(
            f"Jenis database {backend} tidak didukung. Gunakan SQLite atau PostgreSQL."
        )
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseOpenError("Alamat database tidak dapat dipakai.", str(exc)) from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas(int(busy_timeout_s * 1000)))
        event.listen(engine, "savepoint", _begin_before_savepoint)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (DBAPIError, SQLAlchemyError) as exc:
        engine.dispose()
        raise explain_failure(url, exc) from exc
    log.info("database opened: %s", describe_url(url))
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False))
