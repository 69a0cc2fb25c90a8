"""Backups: a copy by hand, a daily automatic copy kept N days, and restore with a safety copy.

SQLite is copied with its own backup API while the app runs. PostgreSQL is backed up by
its own tool, pg_dump: the app runs it when it is installed, and otherwise shows the
command for the server's admin.
"""
from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import URL

from models import audit
from models.access import SYSTEM, Actor, Permission, require
from models.db import Database
from models.errors import KendaliError
from models.migrate import VERSION_TABLE, known_revisions, upgrade_to_head
from models.sqlite_copy import Progress, copy_sqlite

log = logging.getLogger(__name__)

PREFIX = "kendali-sensus"
AUTO_NAME = re.compile(rf"^{PREFIX}-otomatis-(\d{{4}})(\d{{2}})(\d{{2}})\.sqlite$")


class BackupError(KendaliError):
    """A backup or restore could not be made; the live database is as it was."""


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    safety_copy: Path
    upgraded_from: str | None


def manual_name(now: datetime) -> str:
    return f"{PREFIX}-{now:%Y%m%d-%H%M%S}.sqlite"


def auto_name(day: date) -> str:
    return f"{PREFIX}-otomatis-{day:%Y%m%d}.sqlite"


def _sqlite_path(db: Database) -> Path:
    if db.sqlite_path is None:
        raise BackupError("Cadangan berkas hanya untuk database SQLite. Database PostgreSQL "
                          "dicadangkan dengan pg_dump.")
    return db.sqlite_path


def _private_folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(f"Folder cadangan {folder} tidak dapat dibuat.", str(exc)) from exc
    return folder


def _unused(path: Path) -> Path:
    """`path`, or with -2, -3… when a copy of the same second exists: never overwrite one."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _copy(source: Path, target: Path, progress: Progress | None) -> Path:
    try:
        copy_sqlite(source, target, progress)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"Cadangan {target} tidak dapat ditulis. Periksa ruang disk dan izin "
                          "folder.", str(exc)) from exc
    return target


def backup_now(db: Database, folder: Path, now: datetime | None = None,
               progress: Progress | None = None) -> Path:
    """One consistent copy of the SQLite database into `folder`; needs the BACKUP permission."""
    with db.session() as session:
        require(session, Permission.BACKUP)
    now = now or datetime.now()
    target = _copy(_sqlite_path(db), _unused(_private_folder(folder) / manual_name(now)),
                   progress)
    _log_event(db, "cadangkan", {"berkas": str(target)})
    log.info("backup written: %s", target)
    return target


def auto_backup(db: Database, folder: Path, keep_days: int, today: date | None = None
                ) -> Path | None:
    """Today's automatic copy unless it exists, then remove automatic copies older than
    `keep_days`. Runs at every start whoever signs in: a duty of the app, not a user's act.
    Copies made by hand are never removed."""
    if db.sqlite_path is None:
        return None
    today = today or date.today()
    folder = _private_folder(folder)
    target = folder / auto_name(today)
    made = None
    if not target.exists():
        made = _copy(db.sqlite_path, target, None)
        _log_event(db.acting_as(SYSTEM), "cadangan otomatis", {"berkas": str(target)})
    for old in expired_auto_backups(folder, keep_days, today):
        old.unlink(missing_ok=True)
        log.info("old automatic backup removed: %s", old)
    return made


def expired_auto_backups(folder: Path, keep_days: int, today: date) -> list[Path]:
    """Automatic copies dated before the last `keep_days` days (today counts as one)."""
    oldest_kept = today - timedelta(days=max(1, keep_days) - 1)
    expired = []
    for path in folder.glob(f"{PREFIX}-otomatis-*.sqlite"):
        found = AUTO_NAME.match(path.name)
        if found and date(*map(int, found.groups())) < oldest_kept:
            expired.append(path)
    return sorted(expired)


def check_backup_file(path: Path) -> str:
    """The schema revision of a Kendali Sensus backup; BackupError when it is not one."""
    if not path.is_file():
        raise BackupError(f"Berkas {path} tidak ditemukan.")
    try:
        with sqlite3.connect(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True) as con:
            if con.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"Berkas {path.name} rusak; database tidak diubah.")
            row = con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            con.execute("SELECT count(*) FROM app_user").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"Berkas {path.name} bukan cadangan Kendali Sensus; database tidak "
                          "diubah.", str(exc)) from exc
    if row is None or row[0] not in known_revisions():
        raise BackupError(f"Cadangan {path.name} dibuat oleh versi Kendali Sensus yang lebih "
                          "baru. Perbarui aplikasi dahulu; database tidak diubah.")
    return str(row[0])


def restore(db: Database, source: Path, safety_folder: Path,
            progress: Progress | None = None) -> RestoreReport:
    """Replace the database's content by the backup `source`; needs the RESTORE permission.

    The current content is copied to `safety_folder` first, so a wrong choice can be undone
    by restoring that copy. The engine's connections are closed, the backup is copied in
    through the backup API (no file is swapped under SQLite's feet), then brought up to the
    current schema. The restore is logged in the restored database.
    """
    with db.session() as session:
        actor = require(session, Permission.RESTORE)
    live = _sqlite_path(db)
    if source.resolve() == live.resolve():
        raise BackupError("Berkas cadangan yang dipilih adalah database yang sedang dipakai.")
    revision = check_backup_file(source)
    safety = _copy(live, _unused(_private_folder(safety_folder)
                                 / f"{PREFIX}-sebelum-pulih-{datetime.now():%Y%m%d-%H%M%S}.sqlite"),
                   None)
    db.engine.dispose()
    src, dst = sqlite3.connect(source), sqlite3.connect(live)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(f"Pemulihan dari {source.name} gagal. Salinan sebelum pemulihan ada "
                          f"di {safety}.", str(exc)) from exc
    finally:
        dst.close()
        src.close()
    result = upgrade_to_head(db)
    _log_event(db, "pulihkan", {"dari": str(source), "salinan_sebelumnya": str(safety),
                                "revisi_cadangan": revision}, actor)
    log.info("restored %s from %s (safety copy %s)", live, source, safety)
    return RestoreReport(source, safety, result.from_revision if result.changed else None)


def _log_event(db: Database, action: str, details: dict[str, str],
               actor: Actor | None = None) -> None:
    with db.session() as session:
        # After a restore the signed-in account may not exist in the restored data: keep the
        # name, leave the user id empty.
        audit.record(session, action, "database", "", None, details,
                     by=actor.username if actor else None)
        session.commit()


# PostgreSQL -----------------------------------------------------------------------------

def find_pg_tool(name: str) -> str | None:
    """pg_dump or pg_restore: on PATH, or in the usual install folders of each system."""
    found = shutil.which(name)
    if found:
        return found
    exe = name + (".exe" if os.name == "nt" else "")
    for pattern in ("/usr/lib/postgresql/*/bin", "C:/Program Files/PostgreSQL/*/bin"):
        for folder in sorted(glob.glob(pattern), reverse=True):  # newest version first
            candidate = Path(folder) / exe
            if candidate.exists():
                return str(candidate)
    return None


def _pg_target(url: URL) -> tuple[list[str], dict[str, str]]:
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432),
            "--username", url.username or "postgres"]
    env = {"PGPASSWORD": url.password} if url.password else {}
    options = url.query.get("options")
    if isinstance(options, str) and "search_path=" in options:  # a schema chosen in the URL
        args += ["--schema", options.split("search_path=", 1)[1].split()[0]]
    return args, env


def pg_dump_command(url: URL, target: Path, tool: str = "pg_dump") -> list[str]:
    args, _ = _pg_target(url)
    return [tool, "--format=custom", *args, "--file", str(target), url.database or "postgres"]


def pg_restore_command(url: URL, source: Path, tool: str = "pg_restore") -> list[str]:
    args, _ = _pg_target(url)
    return [tool, "--clean", "--if-exists", *args, "--dbname", url.database or "postgres",
            str(source)]


def backup_postgres(db: Database, folder: Path, now: datetime | None = None) -> Path:
    """Run pg_dump into `folder`; BackupError carrying the command when pg_dump is missing."""
    with db.session() as session:
        require(session, Permission.BACKUP)
    now = now or datetime.now()
    target = _private_folder(folder) / f"{PREFIX}-{now:%Y%m%d-%H%M%S}.dump"
    tool = find_pg_tool("pg_dump")
    if tool is None:
        shown = " ".join(pg_dump_command(db.url, target))
        raise BackupError("pg_dump tidak ditemukan di komputer ini. Pasang PostgreSQL client "
                          "tools, atau minta admin server menjalankan perintah berikut.", shown)
    _, env = _pg_target(db.url)
    done = subprocess.run(pg_dump_command(db.url, target, tool), capture_output=True, text=True,
                          env={**os.environ, **env}, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError("pg_dump gagal membuat cadangan.", done.stderr.strip()[-500:])
    _log_event(db, "cadangkan", {"berkas": str(target)})
    return target
