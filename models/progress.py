"""Progress per kecamatan: field completion from the latest SLS recaps, online share."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from models.batches import BatchStatus, ImportBatch, OnlineSubmission, SlsRecap
from models.office_profile import get_profile
from models.wilayah import Kecamatan, Kelurahan, Sls


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


@dataclass(frozen=True)
class AreaProgress:
    code: str
    name: str
    expected_households: int
    expected_population: int
    households_found: int
    online_persons: int
    online_target_pct: Decimal
    last_report: date | None

    @property
    def field_pct(self) -> float:
        return _share(self.households_found, self.expected_households)

    @property
    def online_pct(self) -> float:
        return _share(self.online_persons, self.expected_population)

    @property
    def online_on_target(self) -> bool:
        return self.online_pct >= float(self.online_target_pct)


def _latest_recaps():
    latest = (
        select(SlsRecap.sls_id, func.max(SlsRecap.report_date).label("day"))
        .group_by(SlsRecap.sls_id).subquery()
    )
    return (
        select(SlsRecap.sls_id, SlsRecap.households_found, SlsRecap.report_date)
        .join(latest, and_(latest.c.sls_id == SlsRecap.sls_id,
                           latest.c.day == SlsRecap.report_date))
        .subquery()
    )


def progress_by_kecamatan(session: Session) -> list[AreaProgress]:
    target = get_profile(session).online_target_pct
    recap = _latest_recaps()
    field = (
        select(
            Kelurahan.kecamatan_id.label("kec"),
            func.sum(Sls.expected_households).label("hh"),
            func.sum(Sls.expected_population).label("pop"),
            func.coalesce(func.sum(recap.c.households_found), 0).label("found"),
            func.max(recap.c.report_date).label("last"),
        )
        .join(Sls, Sls.kelurahan_id == Kelurahan.id)
        .outerjoin(recap, recap.c.sls_id == Sls.id)
        .where(Sls.active)
        .group_by(Kelurahan.kecamatan_id).subquery()
    )
    online = (
        select(Kelurahan.kecamatan_id.label("kec"), func.count(OnlineSubmission.id).label("n"))
        .join(Sls, Sls.kelurahan_id == Kelurahan.id)
        .join(OnlineSubmission, OnlineSubmission.sls_id == Sls.id)
        .join(ImportBatch, ImportBatch.id == OnlineSubmission.batch_id)
        .where(ImportBatch.status == BatchStatus.AKTIF)
        .group_by(Kelurahan.kecamatan_id).subquery()
    )
    query = (
        select(Kecamatan.bps_code, Kecamatan.name, field.c.hh, field.c.pop, field.c.found,
               field.c.last, online.c.n)
        .outerjoin(field, field.c.kec == Kecamatan.id)
        .outerjoin(online, online.c.kec == Kecamatan.id)
        .order_by(Kecamatan.bps_code)
    )
    return [
        AreaProgress(code, name, int(hh or 0), int(pop or 0), int(found or 0), int(n or 0),
                     target, last)
        for code, name, hh, pop, found, last, n in session.execute(query)
    ]


def city_total(rows: list[AreaProgress]) -> AreaProgress:
    """The whole office as one row, for the table's footer and the letters."""
    days = [r.last_report for r in rows if r.last_report]
    return AreaProgress(
        "", "Total", sum(r.expected_households for r in rows),
        sum(r.expected_population for r in rows), sum(r.households_found for r in rows),
        sum(r.online_persons for r in rows),
        rows[0].online_target_pct if rows else Decimal("0"), max(days) if days else None,
    )
