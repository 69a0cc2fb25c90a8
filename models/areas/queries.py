"""Read-only views of the area master for the Wilayah tree: one level at a time."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.officers import Assignment, Officer


class AreaLevel(Enum):
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    SLS = "sls"


@dataclass(frozen=True)
class AreaRow:
    id: int
    level: AreaLevel
    bps_code: str
    kemendagri_code: str
    name: str
    children: int  # kelurahan of a kecamatan, SLS of a kelurahan, 0 for an SLS
    sls_count: int
    households: int
    population: int
    ppl_name: str = ""  # current PPL of an SLS


def kecamatan_rows(session: Session) -> list[AreaRow]:
    kel_count = (
        select(Kelurahan.kecamatan_id, func.count().label("n"))
        .group_by(Kelurahan.kecamatan_id).subquery()
    )
    sls_totals = (
        select(
            Kelurahan.kecamatan_id,
            func.count(Sls.id).label("sls"),
            func.coalesce(func.sum(Sls.expected_households), 0).label("hh"),
            func.coalesce(func.sum(Sls.expected_population), 0).label("pop"),
        )
        .join(Sls, Sls.kelurahan_id == Kelurahan.id)
        .where(Sls.active)
        .group_by(Kelurahan.kecamatan_id).subquery()
    )
    query = (
        select(Kecamatan, kel_count.c.n, sls_totals.c.sls, sls_totals.c.hh, sls_totals.c.pop)
        .outerjoin(kel_count, kel_count.c.kecamatan_id == Kecamatan.id)
        .outerjoin(sls_totals, sls_totals.c.kecamatan_id == Kecamatan.id)
        .order_by(Kecamatan.bps_code)
    )
    return [
        AreaRow(k.id, AreaLevel.KECAMATAN, k.bps_code, k.kemendagri_code or "", k.name,
                n or 0, sls or 0, int(hh or 0), int(pop or 0))
        for k, n, sls, hh, pop in session.execute(query)
    ]


def kelurahan_rows(session: Session, kecamatan_id: int) -> list[AreaRow]:
    query = (
        select(
            Kelurahan,
            func.count(Sls.id),
            func.coalesce(func.sum(Sls.expected_households), 0),
            func.coalesce(func.sum(Sls.expected_population), 0),
        )
        .outerjoin(Sls, and_(Sls.kelurahan_id == Kelurahan.id, Sls.active))
        .where(Kelurahan.kecamatan_id == kecamatan_id)
        .group_by(Kelurahan.id)
        .order_by(Kelurahan.bps_code)
    )
    return [
        AreaRow(k.id, AreaLevel.KELURAHAN, k.bps_code, k.kemendagri_code or "", k.name,
                n, n, int(hh), int(pop))
        for k, n, hh, pop in session.execute(query)
    ]


def sls_rows(session: Session, kelurahan_id: int) -> list[AreaRow]:
    query = (
        select(Sls, Officer.name)
        .outerjoin(Assignment, and_(Assignment.sls_id == Sls.id, Assignment.valid_to.is_(None)))
        .outerjoin(Officer, Officer.id == Assignment.officer_id)
        .where(Sls.kelurahan_id == kelurahan_id, Sls.active)
        .order_by(Sls.bps_code)
    )
    return [
        AreaRow(s.id, AreaLevel.SLS, s.bps_code, "", s.name, 0, 1,
                s.expected_households, s.expected_population, ppl or "")
        for s, ppl in session.execute(query)
    ]
