"""The warning naming suspicious No. KK, worded once for the command line and the window."""
from __future__ import annotations

from sqlalchemy.orm import Session

from models.access import Permission, signed_in
from models.audit.nik_disclosure import masked_number
from models.formatting import format_number
from models.recon.pairs import MAX_MEMBERS
from models.recon.suspicious import SuspiciousKk, suspicious_households

SHOWN = 10  # No. KK named in the line; the rest are counted
LOOKED_AT = 10_000  # bogus numbers are a handful; this only bounds a pathological file


def suspicious_line(listed: list[SuspiciousKk], shown: int = SHOWN, masked: bool = False
                    ) -> str:
    """'No. KK mencurigakan (…): 0000000000000000 (16.000 orang)', or '' when none; each
    No. KK masked (0000**********00) when `masked`."""
    if not listed:
        return ""
    written = masked_number if masked else str
    named = ", ".join(f"{written(s.kk)} ({format_number(s.members)} orang)"
                      for s in listed[:shown])
    if len(listed) > shown:
        named += f", dan {format_number(len(listed) - shown)} No. KK lainnya"
    return (f"No. KK mencurigakan (lebih dari {format_number(MAX_MEMBERS)} anggota; "
            f"dicocokkan hanya lewat NIK): {named}")


def suspicious_warning(session: Session) -> str:
    """The line for the last reconciliation's households, or '' when none is suspicious;
    a No. KK is personal data, shown whole only to a role that may see whole numbers."""
    actor = signed_in(session)
    masked = actor is not None and not actor.can(Permission.SEE_FULL_NIK)
    return suspicious_line(suspicious_households(session, limit=LOOKED_AT), masked=masked)
