"""No. KK shared by more persons than any family card lists: bogus numbers to check."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.recon.pairs import MAX_MEMBERS
from models.schema.recon import HouseholdMatch


@dataclass(frozen=True)
class SuspiciousKk:
    kk: str
    online_members: int
    field_members: int

    @property
    def members(self) -> int:
        return self.online_members + self.field_members


def suspicious_households(session: Session, limit: int = 100) -> list[SuspiciousKk]:
    """The largest such households first; their members were matched by NIK only."""
    members = HouseholdMatch.online_members + HouseholdMatch.field_members
    rows = session.execute(
        select(HouseholdMatch.kk, HouseholdMatch.online_members, HouseholdMatch.field_members)
        .where(members > MAX_MEMBERS).order_by(members.desc(), HouseholdMatch.kk).limit(limit))
    return [SuspiciousKk(kk, online, fielded) for kk, online, fielded in rows]
