"""Writing output files so that a half-written file never takes the real name."""
from __future__ import annotations

import logging
import os
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

# A temporary name says who writes it: `.{final name}.{host}-{pid}.tmp`. A start can then
# tell the leftovers of a killed process from a file another process is writing right now.
TAGGED = re.compile(r"^\..+\.(?P<host>[A-Za-z0-9]{1,40})-(?P<pid>[0-9]{1,10})\.tmp$")
FOREIGN_AGE_S = 24 * 3600  # another PC's leftover is only removed when this old
SIDECARS = ("-journal", "-wal", "-shm")  # what SQLite keeps beside a database file


def host_tag() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:40] or "pc"


def owner_tag() -> str:
    """`{host}-{pid}`: names the process writing a temporary file or folder."""
    return f"{host_tag()}-{os.getpid()}"


def temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{owner_tag()}.tmp")


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; once written without error it is renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_name(target)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)  # only left behind by a failed write


def process_alive(pid: int) -> bool:
    """Whether a process of this PC with that id still runs (True when unsure)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks; on Windows os.kill would end the process
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by another account
    return True


def _windows_process_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def owner_gone(host: str, pid: int, path: Path, now: float | None = None) -> bool:
    """True when the process that named `path` has ended: on this PC asked directly, on
    another PC (a shared folder) assumed once the file is a day old."""
    if host == host_tag():
        return not process_alive(pid)
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except OSError:
        return False
    return age > FOREIGN_AGE_S


def stale(path: Path) -> bool:
    """A tagged temporary file or folder whose writer has ended."""
    found = TAGGED.match(path.name)
    return bool(found) and owner_gone(found["host"], int(found["pid"]), path)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files (and their SQLite journals) left in `folder` by a killed
    process; files other processes are still writing stay. Folders are left to their
    owners' own sweep (a letter batch's folder may hold letters to move into place)."""
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(".")]
    except OSError:
        return removed
    for path in candidates:
        base = _without_sidecar(path)
        if not base.name.endswith(".tmp") or not stale(base) or path.is_dir():
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("leftover %s not removed: %s", path, exc)
            continue
        removed.append(path)
        log.info("leftover temporary file removed: %s", path)
    return removed


def _without_sidecar(path: Path) -> Path:
    for suffix in SIDECARS:
        if path.name.endswith(suffix):
            return path.with_name(path.name.removesuffix(suffix))
    return path


def remove_sidecars(database: Path) -> None:
    """SQLite's journal files beside `database`: stale once the file they belong to goes."""
    for suffix in SIDECARS:
        database.with_name(database.name + suffix).unlink(missing_ok=True)
