"""Files and folders only their owner may read: the one helper every output is written with.

Exports, letters, reports, backups and the connection file hold NIK, No. KK and names
of a whole city. On Linux and macOS a file is written 0600 and a folder the app makes
0700, whatever the umask (most desktops create files 0644, readable by every account).
On Windows there are no such modes; the user's profile (`%LOCALAPPDATA%`, Documents) is
already readable only by that user and the administrators, so nothing is changed there,
and a file saved to a shared folder has that folder's rights.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.files.atomic import replaced_atomically

log = logging.getLogger(__name__)

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
HAS_MODES = os.name != "nt"


def make_private(path: Path) -> None:
    """Owner-only rights on an existing file or folder (nothing to do on Windows)."""
    if HAS_MODES:
        os.chmod(path, PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)


def private_folder(folder: Path, *, own: bool = False) -> Path:
    """`folder`, made 0700 if it did not exist. With `own` (the app's data and
    configuration folders) an existing folder is made private too; a folder the user
    chose to save into keeps the rights the user gave it."""
    missing: list[Path] = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    for made in (missing if not own else [*missing, folder]):
        try:
            make_private(made)
        except OSError as exc:  # a folder of another account: leave it, say so
            log.warning("folder %s not made private: %s", made, exc)
    return folder


def create_private(path: Path) -> None:
    """A new, empty file `path` readable only by its owner (replaces a leftover)."""
    if not HAS_MODES:
        path.touch()
        return
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


@contextmanager
def written_privately(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`, already a private empty file; once written
    without error it is made private again (a writer may have replaced it) and renamed
    to `target`. A failed write leaves neither the temporary file nor a new `target`."""
    private_folder(target.parent)
    with replaced_atomically(target) as temporary:
        create_private(temporary)
        yield temporary
        make_private(temporary)


def write_private_text(target: Path, text: str) -> None:
    """A small text file (a setting, a report) written privately and atomically."""
    with written_privately(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
