"""NIK and No. KK in exports and printed lists: masked, unless an allowed role asks with a reason.

Every export that carries a NIK or No. KK (assignment list, reconciliation summaries and
persons) takes `masked` and `reason`. Masked is the default for every role. Whole numbers
need the SEE_FULL_NIK permission and a reason; the export is then written to the audit
log with its file, its row count and the reason, in the same step: when the entry cannot
be committed the file is removed, so no unmasked file exists that the log does not name.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from models.access import Permission, require
from models.audit.log import record
from models.errors import KendaliError
from models.ids.nik import mask_nik

FULL_EXPORT_ACTION = "ekspor NIK lengkap"
MIN_REASON = 10  # characters: a word or two is no reason an inspector can follow

Shown = Callable[[str | None], str]


class ExportReasonError(KendaliError):
    """Whole NIK asked for without a reason; nothing was written."""


def masked_number(value: str | None) -> str:
    """A NIK or No. KK as exports show it: 6371**********01; anything that is not 16
    characters long (a damaged number) is hidden whole rather than shown."""
    if not value:
        return ""
    return mask_nik(value) if len(value) == 16 else "*" * len(value)


def _whole(value: str | None) -> str:
    return value or ""


def nik_shown(session: Session, masked: bool, reason: str = "") -> Shown:
    """How the export writes each NIK/No. KK; refuses whole numbers to a role without the
    permission (AccessDenied) or without a reason (ExportReasonError), before writing."""
    if masked:
        return masked_number
    require(session, Permission.SEE_FULL_NIK)
    if len(reason.strip()) < MIN_REASON:
        raise ExportReasonError(
            "NIK dan No. KK lengkap hanya diekspor dengan alasan (paling sedikit "
            f"{MIN_REASON} karakter), yang dicatat di log audit. Tulis alasannya, "
            "atau ekspor dengan NIK tersamar.")
    return _whole


def log_full_export(session: Session, masked: bool, reason: str, what: str, *, target: Path,
                    rows: int) -> None:
    """After an unmasked export: its audit entry, committed; without it, no file."""
    if masked:
        return
    try:
        record(session, FULL_EXPORT_ACTION, what, target.name, before=None,
               after={"berkas": str(target), "baris": rows, "alasan": reason.strip()})
        session.commit()
    except BaseException:
        session.rollback()
        target.unlink(missing_ok=True)
        raise
