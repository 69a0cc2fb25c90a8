"""Letter PDFs kept in a batch's hidden folder until the register commits, then moved in."""
from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.files.atomic import owner_gone, owner_tag, remove_stale_temporaries
from models.files.private import private_folder
from models.schema.letters import Letter
from models.sheets.reading import file_sha256

log = logging.getLogger(__name__)

PENDING = re.compile(r"^\.surat-[0-9a-f]{8}\.(?P<host>[A-Za-z0-9]{1,40})-(?P<pid>[0-9]{1,10})"
                     r"\.tmp$")


class PendingLetters:
    """The hidden folder of one batch beside the letters' real place.

    A numbered PDF under its real name always has its row in the register: a batch killed
    before its commit leaves only this folder, which the next batch into the folder or the
    next start removes. A batch killed after its commit but before its files were moved has
    them moved by that sweep, since the register vouches for them (path and digest).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staging = folder / f".surat-{secrets.token_hex(4)}.{owner_tag()}.tmp"
        self._finals: list[Path] = []

    def path_for(self, final: Path) -> Path:
        """Where to write the letter that will be `final` once the register commits."""
        if final.parent != self.folder:
            raise ValueError(f"{final} is not in {self.folder}")
        self.staging.mkdir(parents=True, exist_ok=True, mode=0o700)
        if final not in self._finals:
            self._finals.append(final)
        return self.staging / final.name

    def publish(self) -> list[Path]:
        """After the commit: every letter to its real name; the files that could not be."""
        stuck = []
        for final in self._finals:
            try:
                os.replace(self.staging / final.name, final)
            except OSError as exc:
                log.error("letter %s could not be moved into place: %s", final, exc)
                stuck.append(final)
        if not stuck:
            shutil.rmtree(self.staging, ignore_errors=True)
        return stuck

    def discard(self) -> None:
        """The numbers were not kept, so neither are their files."""
        shutil.rmtree(self.staging, ignore_errors=True)


def staged_batch(session: Session, folder: Path) -> PendingLetters:
    """Where a letter batch writes: `folder` made owner-only when the batch makes it (a
    chosen folder keeps its rights), swept of what a killed batch left in it, and a fresh
    hidden staging folder inside. OSError when the folder cannot be made."""
    private_folder(folder)
    with Session(session.get_bind()) as register:  # its own read: no snapshot held here
        sweep_letter_folder(register, folder)
    return PendingLetters(folder)


def sweep_letter_folder(session: Session, folder: Path) -> int:
    """Finish or remove what killed batches left in `folder`; the letters moved into place."""
    moved = 0
    try:
        pending = [p for p in folder.iterdir() if PENDING.match(p.name) and p.is_dir()]
    except OSError:
        return 0
    for staging in pending:
        found = PENDING.match(staging.name)
        assert found is not None
        if not owner_gone(found["host"], int(found["pid"]), staging):
            continue  # a batch still running, on this PC or another
        count, done = _finish(session, staging)
        moved += count
        if done:
            shutil.rmtree(staging, ignore_errors=True)
            log.info("letters left by an ended batch cleared: %s", staging)
    remove_stale_temporaries(folder)
    return moved


def _finish(session: Session, staging: Path) -> tuple[int, bool]:
    """Move the files the register holds (a batch killed between commit and move, or one
    whose file was open elsewhere): a file goes into place when it is the newest letter
    registered under that name and the file there now is not. Returns how many moved, and
    whether every registered file is where it belongs (else the folder stays for later)."""
    moved, done = 0, True
    for written in staging.iterdir():
        final = staging.parent / written.name
        if not written.is_file() or written.name.startswith("."):
            continue
        newest = session.scalar(select(Letter.file_sha256).where(Letter.file_path == str(final))
                                .order_by(Letter.id.desc()).limit(1))
        if newest is None or file_sha256(written) != newest:
            continue
        if final.exists() and file_sha256(final) == newest:
            continue
        try:
            os.replace(written, final)
            moved += 1
            log.info("registered letter moved into place after its batch: %s", final)
        except OSError as exc:
            log.warning("registered letter %s not moved: %s", final, exc)
            done = False
    return moved, done


def letter_folders(session: Session) -> list[Path]:
    """The folders the register's letters were written to."""
    paths: Iterable[str] = session.scalars(select(Letter.file_path).distinct()
                                           .where(Letter.file_path != ""))
    return sorted({Path(p).parent for p in paths})


def sweep_letter_folders(session: Session) -> int:
    """At a start: every folder letters went to, cleared of killed batches' leftovers."""
    return sum(sweep_letter_folder(session, folder) for folder in letter_folders(session)
               if folder.is_dir())
