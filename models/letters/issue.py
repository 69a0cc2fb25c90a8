"""Issuing letters: number each in the register, write the PDFs, record each file.

A batch is all or nothing: if any letter fails, the user cancels or the process is killed,
no number is kept and no PDF appears under its real name. The PDFs are written into the
batch's hidden folder and moved into place only after the register's commit. Drafts render
the same letters with a placeholder number and touch nothing.
"""
from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from models.access import Permission, require
from models.errors import KendaliError
from models.letters.files import PendingLetters, staged_batch
from models.letters.layout import LetterContent, NumberedLetter, write_letters
from models.letters.numbers import (
    CENSUS_CLASSIFICATION,
    LetterDraft,
    register_letters,
    serial_text,
)
from models.office.logo import LogoImage, get_logo
from models.office.profile import ProfileData, get_profile
from models.sheets.reading import file_sha256
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)


class LetterIssueError(KendaliError):
    """Nothing to issue, or the target cannot take the letters."""


@dataclass(frozen=True)
class IssuedLetter:
    number: str
    recipient: str
    path: Path


@dataclass(frozen=True)
class IssueReport:
    letters: list[IssuedLetter]
    seconds: float

    @property
    def files(self) -> list[Path]:
        return list(dict.fromkeys(x.path for x in self.letters))


def safe_file_name(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w .,()-]", "", text)).strip() or "surat"


def draft_number(satker: str, day: date) -> str:
    return f"B-…/{satker or '…'}/{CENSUS_CLASSIFICATION}/{day.month:02d}/{day.year}"


def render_draft(session: Session, contents: list[LetterContent], day: date,
                 target: Path) -> Path:
    """All letters in one PDF with a placeholder number, for a look before issuing."""
    require(session, Permission.ISSUE_LETTERS)
    if not contents:
        raise LetterIssueError("Tidak ada surat yang dapat dibuat.")
    profile = get_profile(session)
    number = draft_number(profile.satker_code, day)
    write_letters([NumberedLetter(c, number, day) for c in contents], profile, target,
                  f"Draf: {contents[0].subject}", draft=True, logo=get_logo(session))
    return target


def issue_letters(session: Session, contents: list[LetterContent], target: Path, by: str,
                  *, day: date | None = None, one_file: bool = True,
                  progress: ProgressCallback | None = None) -> IssueReport:
    """Number and write `contents`: into the PDF `target`, or one file each into the folder
    `target` when not `one_file`. Every letter goes into the register with its file."""
    require(session, Permission.ISSUE_LETTERS)
    if not contents:
        raise LetterIssueError("Tidak ada surat yang dapat dibuat.")
    started = time.perf_counter()
    day = day or date.today()
    profile = get_profile(session)
    target = Path(os.path.abspath(target))  # the register keeps where the file really is
    folder = target.parent if one_file else target
    try:
        pending = staged_batch(session, folder)
    except OSError as exc:
        raise LetterIssueError(f"Folder {folder} tidak dapat dibuat untuk surat.",
                               str(exc)) from exc
    try:
        issued = _write_batch(session, contents, target, by, day=day, one_file=one_file,
                              progress=progress, profile=profile, logo=get_logo(session),
                              pending=pending)
        session.commit()
    except OSError as exc:
        session.rollback()
        pending.discard()
        raise LetterIssueError(f"Surat tidak dapat ditulis ke {folder}. Periksa izin folder dan "
                               "ruang disk; tidak ada nomor surat yang terpakai.",
                               str(exc)) from exc
    except BaseException:
        session.rollback()
        pending.discard()
        raise
    if stuck := pending.publish():
        raise LetterIssueError(
            f"{len(issued)} surat sudah bernomor dan tercatat di register, tetapi "
            f"{len(stuck)} berkasnya belum dapat dipindahkan ke {folder} (mungkin sedang "
            "dibuka program lain). Tutup berkas itu, lalu buka Kendali Sensus lagi: berkasnya "
            "dipindahkan otomatis.",
            ", ".join(p.name for p in stuck[:5]))
    seconds = time.perf_counter() - started
    log.info("issued %d letters into %s in %.2f s", len(issued), target, seconds)
    return IssueReport(issued, seconds)


def _write_batch(session: Session, contents: list[LetterContent], target: Path, by: str,
                 *, day: date, one_file: bool, progress: ProgressCallback | None,
                 profile: ProfileData, logo: LogoImage | None,
                 pending: PendingLetters) -> list[IssuedLetter]:
    """Number the letters (not committed) and write them into the batch's hidden folder;
    every file of the batch gets the same `logo`, read once."""
    letters = register_letters(session, [
        LetterDraft(content.kind, content.subject, content.recipient, day,
                    nature=content.nature, attachment=content.attachment_label)
        for content in contents], by)
    numbered = [(letter, NumberedLetter(content, letter.number, day))
                for letter, content in zip(letters, contents, strict=True)]
    issued: list[IssuedLetter] = []
    if one_file:
        advance(progress, 0, 1)
        write_letters([n for _, n in numbered], profile, pending.path_for(target),
                      contents[0].subject, logo=logo)
        if progress:
            progress(1, 1)
        issued = [IssuedLetter(n.number, n.content.recipient, target) for _, n in numbered]
    else:
        for done, (_, item) in enumerate(numbered, start=1):
            path = (target / f"{safe_file_name(item.content.file_stem)} - "
                             f"{serial_text(item.number)}.pdf")
            write_letters([item], profile, pending.path_for(path), item.content.subject,
                          logo=logo)
            issued.append(IssuedLetter(item.number, item.content.recipient, path))
            advance(progress, done, len(numbered))
    digests = {path: file_sha256(pending.path_for(path)) for path in {x.path for x in issued}}
    for (letter, _), item in zip(numbered, issued, strict=True):
        letter.file_path, letter.file_sha256 = str(item.path), digests[item.path]
    return issued
