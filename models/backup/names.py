"""Backup file names that say which database they belong to, and finding a database's own."""
from __future__ import annotations

import hashlib
import os
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import URL

PREFIX = "kendali-sensus"
# Copies named before backups carried their database (one shared daily name per folder).
LEGACY_AUTO = re.compile(rf"^{PREFIX}-otomatis-([0-9]{{4}})([0-9]{{2}})([0-9]{{2}})\.sqlite$")
_KINDS = r"(?:otomatis-[0-9]{8}|sebelum-pulih-[0-9]{8}-[0-9]{6}|[0-9]{8}-[0-9]{6})(?:-[0-9]+)?"


def database_identity(url: URL) -> str:
    """`kendali-sensus-{name}-{hash}`: the file's stem (or the PostgreSQL database's name)
    for people, and eight hex digits of its full path (or server, database and schema) so
    that two databases never share a backup name, whatever folder their backups go to."""
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "memori")
        name, where = path.stem, os.path.normcase(os.path.abspath(path))
    else:
        options = url.query.get("options")
        name = url.database or "postgres"
        where = f"{url.host or 'localhost'}:{url.port or 5432}/{name}?{options or ''}"
    readable = re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")[:40] or "database"
    if not readable.startswith(PREFIX):  # the office's own file is kendali-sensus.sqlite
        readable = f"{PREFIX}-{readable}"
    return f"{readable}-{hashlib.sha256(where.encode('utf-8')).hexdigest()[:8]}"


def manual_name(identity: str, now: datetime, suffix: str = ".sqlite") -> str:
    return f"{identity}-{now:%Y%m%d-%H%M%S}{suffix}"


def auto_name(identity: str, day: date) -> str:
    return f"{identity}-otomatis-{day:%Y%m%d}.sqlite"


def safety_name(identity: str, now: datetime) -> str:
    """The copy of the live content taken just before a restore replaces it."""
    return f"{identity}-sebelum-pulih-{now:%Y%m%d-%H%M%S}.sqlite"


def own_backups(identity: str, folder: Path) -> list[Path]:
    """The backups of the database `identity` in `folder`, newest name first."""
    pattern = re.compile(rf"^{re.escape(identity)}-{_KINDS}\.(?:sqlite|dump)$")
    try:
        found = [p for p in folder.iterdir() if pattern.match(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def expired_auto_backups(identity: str, folder: Path, keep_days: int, today: date
                         ) -> list[Path]:
    """Automatic copies of this database (and unattributed ones of older versions) dated
    before the last `keep_days` days (today counts as one)."""
    oldest_kept = today - timedelta(days=max(1, keep_days) - 1)
    own = re.compile(
        rf"^{re.escape(identity)}-otomatis-([0-9]{{4}})([0-9]{{2}})([0-9]{{2}})\.sqlite$")
    expired = []
    try:
        names = [p for p in folder.iterdir() if p.is_file()]
    except OSError:
        return []
    for path in names:
        found = own.match(path.name) or LEGACY_AUTO.match(path.name)
        try:
            if found and date(*map(int, found.groups())) < oldest_kept:
                expired.append(path)
        except ValueError:  # not a real date: not one of ours
            continue
    return sorted(expired)
