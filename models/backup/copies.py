"""Backups: a copy by hand, a daily automatic copy kept N days, and restore with a safety copy.

SQLite is copied with its own backup API while the app runs. PostgreSQL is backed up by
its own tool, pg_dump: the app runs it when it is installed, and otherwise shows the
command for the server's admin.
"""
from __future__ import annotations

import glob
import logging
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import URL

from models.access import SYSTEM, Actor, Permission, require
from models.audit import log as audit
from models.backup.names import (
    auto_name,
    database_identity,
    expired_auto_backups,
    manual_name,
    own_backups,
    safety_name,
)
from models.errors import KendaliError
from models.files.atomic import remove_sidecars, remove_stale_temporaries, temporary_name
from models.files.private import create_private, make_private
from models.store.db import Database, connect
from models.store.migrate import VERSION_TABLE, known_revisions, upgrade_to_head
from models.store.sqlite_copy import check_sqlite_file, copy_sqlite
from models.work import ProgressCallback

log = logging.getLogger(__name__)

__all__ = ["BackupError", "RestoreReport", "auto_backup", "auto_name",
           "backup_now", "backup_postgres", "check_backup_file", "database_identity",
           "expired_auto_backups", "list_backups", "pg_dump_command", "pg_restore_command",
           "restore"]


class BackupError(KendaliError):
    """A backup or restore could not be made; the live database is as it was."""


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    safety_copy: Path
    upgraded_from: str | None


def list_backups(db: Database, folder: Path) -> list[Path]:
    """The backups of this database in `folder`, newest first; other databases' copies
    in the same folder (the demo's, another office file's) are not this one's restore
    points."""
    return own_backups(database_identity(db.url), folder)


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
    remove_stale_temporaries(folder)  # what a killed backup left under a temporary name
    return folder


def _unused(path: Path) -> Path:
    """`path`, or with -2, -3… when a copy of the same second exists: never overwrite one."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _copy(source: Path, target: Path, progress: ProgressCallback | None) -> Path:
    """Copied under a temporary name, checked, renamed: a backup is whole or absent."""
    try:
        copy_sqlite(source, target, progress, verify=check_backup_file)
    except BackupError as exc:
        raise BackupError(f"Salinan {target.name} tidak lolos pemeriksaan dan dibuang; "
                          "cadangan belum dibuat. Coba lagi; bila berulang, periksa disk "
                          "dan database.", exc.message) from exc
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"Cadangan {target} tidak dapat ditulis. Periksa ruang disk dan izin "
                          "folder.", str(exc)) from exc
    return target


def backup_now(db: Database, folder: Path, now: datetime | None = None,
               progress: ProgressCallback | None = None) -> Path:
    """One consistent copy of the SQLite database into `folder`; needs the BACKUP permission."""
    with db.session() as session:
        require(session, Permission.BACKUP)
    now = now or datetime.now()
    name = manual_name(database_identity(db.url), now)
    target = _copy(_sqlite_path(db), _unused(_private_folder(folder) / name), progress)
    _log_event(db, "cadangkan", {"berkas": str(target)})
    log.info("backup written: %s", target)
    return target


def auto_backup(db: Database, folder: Path, keep_days: int, today: date | None = None
                ) -> Path | None:
    """Today's automatic copy of this database unless a sound one exists, then remove its
    automatic copies older than `keep_days`. Runs at every start whoever signs in: a duty
    of the app, not a user's act. Copies made by hand are never removed."""
    if db.sqlite_path is None:
        return None
    today = today or date.today()
    identity = database_identity(db.url)
    folder = _private_folder(folder)
    target = folder / auto_name(identity, today)
    made = None
    if not sound_backup(target):
        replaced = target.exists()
        if replaced:
            log.warning("today's automatic backup %s is damaged; it is made again", target)
        made = _copy(db.sqlite_path, target, None)
        details = {"berkas": str(target)}
        if replaced:
            details["menggantikan"] = "cadangan hari ini yang rusak atau tidak lengkap"
        _log_event(db.acting_as(SYSTEM), "cadangan otomatis", details)
    for old in expired_auto_backups(identity, folder, keep_days, today):
        old.unlink(missing_ok=True)
        remove_sidecars(old)
        log.info("old automatic backup removed: %s", old)
    return made


def sound_backup(path: Path) -> bool:
    """A whole backup: it opens, passes quick_check, carries a known schema revision, and
    no unfinished write (a `-journal`) lies beside it."""
    if not path.is_file() or path.with_name(path.name + "-journal").exists():
        return False
    try:
        check_backup_file(path)
    except BackupError:
        return False
    return True


def check_backup_file(path: Path) -> str:
    """The schema revision of a Kendali Sensus backup; BackupError when it is not one."""
    if not path.is_file():
        raise BackupError(f"Berkas {path} tidak ditemukan.")
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            if con.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"Berkas {path.name} rusak; database tidak diubah.")
            row = con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            con.execute("SELECT count(*) FROM app_user").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Berkas {path.name} bukan cadangan Kendali Sensus; database tidak "
                          "diubah.", str(exc)) from exc
    if row is None or row[0] not in known_revisions():
        raise BackupError(f"Cadangan {path.name} dibuat oleh versi Kendali Sensus yang lebih "
                          "baru. Perbarui aplikasi dahulu; database tidak diubah.")
    return str(row[0])


def restore(db: Database, source: Path, safety_folder: Path,
            progress: ProgressCallback | None = None) -> RestoreReport:
    """Replace the database's content by the backup `source`; needs the RESTORE permission.

    The current content is copied to `safety_folder` first, so a wrong choice can be undone
    by restoring that copy. The backup is then prepared beside the database under a
    temporary name: brought up to the current schema, the restore entry written into its
    audit log, checked. Only then are the engine's connections closed and the prepared
    content copied in through the backup API, in one transaction: a restore killed at any
    moment leaves either the old content, or the new one with its entry in the log.
    """
    with db.session() as session:
        actor = require(session, Permission.RESTORE)
    live = _sqlite_path(db)
    if source.resolve() == live.resolve():
        raise BackupError("Berkas cadangan yang dipilih adalah database yang sedang dipakai.")
    revision = check_backup_file(source)
    folder = _private_folder(safety_folder)
    safety = _copy(live, _unused(folder / safety_name(database_identity(db.url),
                                                       datetime.now())), None)
    remove_stale_temporaries(live.parent)
    staging = temporary_name(live.with_name(f"{live.stem}.pulih{live.suffix}"))
    try:
        upgraded_from = _prepare(source, staging, actor, progress, details={
            "dari": str(source), "salinan_sebelumnya": str(safety),
            "revisi_cadangan": revision})
        db.engine.dispose()
        _replace_content(staging, live, source, safety)
    finally:
        staging.unlink(missing_ok=True)
        remove_sidecars(staging)
    log.info("restored %s from %s (safety copy %s)", live, source, safety)
    return RestoreReport(source, safety, upgraded_from)


def _prepare(source: Path, staging: Path, actor: Actor, progress: ProgressCallback | None,
             *, details: dict[str, str]) -> str | None:
    """The backup's content at `staging`, at the current schema, with the restore entry."""
    _copy(source, staging, progress)
    prepared: Database | None = None
    try:
        prepared = connect(str(staging))
        result = upgrade_to_head(prepared)
        if result.backup is not None:  # the copy upgrade_to_head keeps of a real database
            result.backup.unlink(missing_ok=True)
        # After a restore the signed-in account may not exist in the restored data: keep
        # the name, leave the user id empty.
        with prepared.acting_as(actor).session() as session:
            audit.record(session, "pulihkan", "database", "", before=None, after=details,
                         by=actor.username)
            session.commit()
    except KendaliError as exc:
        raise BackupError(f"Cadangan {source.name} tidak dapat disiapkan untuk pemulihan; "
                          "database tidak diubah.", exc.message) from exc
    finally:
        if prepared is not None:
            prepared.dispose()
    try:
        check_sqlite_file(staging)
    except sqlite3.Error as exc:
        raise BackupError(f"Cadangan {source.name} tidak lolos pemeriksaan setelah disiapkan; "
                          "database tidak diubah.", str(exc)) from exc
    return result.from_revision if result.changed else None


def _replace_content(staging: Path, live: Path, source: Path, safety: Path) -> None:
    src, dst = sqlite3.connect(staging), sqlite3.connect(live)
    try:
        src.backup(dst)  # all pages in one step: one transaction in the live database
    except sqlite3.Error as exc:
        raise BackupError(f"Pemulihan dari {source.name} gagal; database tidak diubah. Salinan "
                          f"sebelum pemulihan ada di {safety}.", str(exc)) from exc
    finally:
        dst.close()
        src.close()


def _log_event(db: Database, action: str, details: dict[str, str],
               actor: Actor | None = None) -> None:
    with db.session() as session:
        audit.record(session, action, "database", "", before=None, after=details,
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
    """Run pg_dump into `folder`; BackupError carrying the command when pg_dump is missing.

    pg_dump writes under a temporary name; the dump is renamed to its real name only
    once pg_dump succeeded and pg_restore (when installed) can read its table of contents.
    """
    with db.session() as session:
        require(session, Permission.BACKUP)
    now = now or datetime.now()
    target = _unused(_private_folder(folder)
                     / manual_name(database_identity(db.url), now, ".dump"))
    tool = find_pg_tool("pg_dump")
    if tool is None:
        shown = " ".join(pg_dump_command(db.url, target))
        raise BackupError("pg_dump tidak ditemukan di komputer ini. Pasang PostgreSQL client "
                          "tools, atau minta admin server menjalankan perintah berikut.", shown)
    _, env = _pg_target(db.url)
    temporary = temporary_name(target)
    try:
        create_private(temporary)  # pg_dump writes into it and keeps its owner-only mode
        done = subprocess.run(pg_dump_command(db.url, temporary, tool), capture_output=True,
                              text=True, env={**os.environ, **env}, check=False)
        if done.returncode != 0:
            raise BackupError("pg_dump gagal membuat cadangan.", done.stderr.strip()[-500:])
        _check_dump(temporary)
        make_private(temporary)  # even had pg_dump replaced the file
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    _log_event(db, "cadangkan", {"berkas": str(target)})
    return target


def _check_dump(path: Path) -> None:
    reader = find_pg_tool("pg_restore")
    if reader is None:
        return
    listed = subprocess.run([reader, "--list", str(path)], capture_output=True, text=True,
                            check=False)
    if listed.returncode != 0:
        raise BackupError("Berkas pg_dump tidak lolos pemeriksaan pg_restore dan dibuang; "
                          "cadangan belum dibuat. Coba lagi; bila berulang, periksa disk.",
                          listed.stderr.strip()[-500:])
