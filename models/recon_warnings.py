"""The warning naming suspicious No. KK, worded once for the command line and the window."""
from __future__ import annotations

from sqlalchemy.orm import Session

from models.formatting import format_number
from models.recon_pairs import MAX_MEMBERS
from models.recon_suspicious import SuspiciousKk, suspicious_households

SHOWN = 10  # No. KK named in the line; the rest are counted
LOOKED_AT = 10_000  # bogus numbers are a handful; this only bounds a pathological file


def suspicious_line(listed: list[SuspiciousKk], shown: int = SHOWN) -> str:
    """'No. KK mencurigakan (…): 0000000000000000 (16.000 orang)', or '' when none."""
    if not listed:
        return ""
    named = ", ".join(f"{s.kk} ({format_number(s.members)} orang)" for s in listed[:shown])
    if len(listed) > shown:
        named += f", dan {format_number(len(listed) - shown)} No. KK lainnya"
    return (f"No. KK mencurigakan (lebih dari {format_number(MAX_MEMBERS)} anggota; "
            f"dicocokkan hanya lewat NIK): {named}")


def suspicious_warning(session: Session) -> str:
    """The line for the last reconciliation's households, or '' when none is suspicious."""
    return suspicious_line(suspicious_households(session, limit=LOOKED_AT))
