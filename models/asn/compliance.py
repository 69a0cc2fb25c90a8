"""ASN compliance: which civil servants of each OPD have filled SP Online, matched by NIK."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from models.progress.summary import share
from models.schema.asn import Agency, AsnEmployee
from models.schema.batches import OnlineSubmission


@dataclass(frozen=True)
class AgencyCompliance:
    agency_id: int
    code: str
    name: str
    head_title: str
    employees: int
    filled: int
    rank: int  # 1 = best share; agencies with the same share share a rank

    @property
    def pct(self) -> float:
        return share(self.filled, self.employees)

    @property
    def not_filled(self) -> int:
        return self.employees - self.filled


@dataclass(frozen=True)
class AsnLine:
    name: str
    nip: str
    nik: str
    unit: str
    filled: bool
    submitted_at: datetime | None  # when they filled, if the SP Online export said


def _filled():
    """The current online submission with the employee's NIK (the current-key index)."""
    return exists().where(OnlineSubmission.natural_key == AsnEmployee.nik,
                          OnlineSubmission.replaced_by_batch_id.is_(None))


def compliance(session: Session) -> list[AgencyCompliance]:
    """Every OPD with a list, best share first (the ranking letters quote)."""
    counts = (select(AsnEmployee.agency_id, func.count().label("n"),
                     func.sum(case((_filled(), 1), else_=0)).label("filled"))
              .group_by(AsnEmployee.agency_id).subquery())
    rows = session.execute(
        select(Agency.id, Agency.code, Agency.name, Agency.head_title, counts.c.n,
               counts.c.filled)
        .join(counts, counts.c.agency_id == Agency.id)).all()
    ordered = sorted(rows, key=lambda r: (-share(int(r[5] or 0), r[4]), r[2]))
    ranked: list[AgencyCompliance] = []
    for position, (agency_id, code, name, head, n, filled) in enumerate(ordered, start=1):
        pct = share(int(filled or 0), n)
        same = ranked and abs(ranked[-1].pct - pct) < 1e-9
        rank = ranked[-1].rank if same else position
        ranked.append(AgencyCompliance(agency_id, code, name, head or f"Kepala {name}", n,
                                       int(filled or 0), rank))
    return ranked


def employees(session: Session, agency_id: int, *, only_not_filled: bool = False
              ) -> list[AsnLine]:
    """The agency's ASN by unit and name, with when each filled SP Online."""
    query = (select(AsnEmployee.name, AsnEmployee.nip, AsnEmployee.nik, AsnEmployee.unit,
                    OnlineSubmission.id, OnlineSubmission.submitted_at)
             .outerjoin(OnlineSubmission,
                        (OnlineSubmission.natural_key == AsnEmployee.nik)
                        & OnlineSubmission.replaced_by_batch_id.is_(None))
             .where(AsnEmployee.agency_id == agency_id)
             .order_by(AsnEmployee.unit, AsnEmployee.name))
    if only_not_filled:
        query = query.where(OnlineSubmission.id.is_(None))
    return [AsnLine(name, nip, nik or "", unit, online_id is not None, submitted_at)
            for name, nip, nik, unit, online_id, submitted_at in session.execute(query)]
