"""What the Penugasan page shows: one kecamatan's SLS with their PPL, and PPL loads."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus, Team, TeamMember


def current_loads():  # type: ignore[no-untyped-def]
    """Per officer: current SLS count, households and kelurahan (a subquery to join)."""
    return (
        select(
            Assignment.officer_id,
            func.count(Sls.id).label("sls"),
            func.coalesce(func.sum(Sls.expected_households), 0).label("hh"),
            func.count(func.distinct(Sls.kelurahan_id)).label("kel"),
        )
        .join(Sls, Sls.id == Assignment.sls_id)
        .where(Assignment.valid_to.is_(None), Sls.active)
        .group_by(Assignment.officer_id)
        .subquery()
    )


@dataclass(frozen=True)
class KecamatanChoice:
    id: int
    code: str
    name: str
    sls: int
    unassigned: int


@dataclass(frozen=True)
class SlsAssignRow:
    sls_id: int
    version: int
    code: str
    name: str
    kelurahan_id: int
    kelurahan_code: str
    kelurahan: str
    households: int
    population: int
    officer_id: int | None
    officer: str


@dataclass(frozen=True)
class PplLoad:
    officer_id: int
    name: str
    nik: str
    team: str
    home_kecamatan: str
    sls: int
    households: int
    kelurahan: int

    def over(self, capacity: int) -> bool:
        return self.households > capacity


def _current():  # type: ignore[no-untyped-def]
    return and_(Assignment.sls_id == Sls.id, Assignment.valid_to.is_(None))


def kecamatan_choices(session: Session) -> list[KecamatanChoice]:
    query = (
        select(Kecamatan.id, Kecamatan.bps_code, Kecamatan.name, func.count(Sls.id),
               func.count(Sls.id) - func.count(Assignment.id))
        .join(Kelurahan, Kelurahan.kecamatan_id == Kecamatan.id)
        .join(Sls, and_(Sls.kelurahan_id == Kelurahan.id, Sls.active))
        .outerjoin(Assignment, _current())
        .group_by(Kecamatan.id, Kecamatan.bps_code, Kecamatan.name)
        .order_by(Kecamatan.bps_code)
    )
    return [KecamatanChoice(*row) for row in session.execute(query)]


def sls_rows(session: Session, kecamatan_id: int | None) -> list[SlsAssignRow]:
    """Active SLS of one kecamatan (all when None) in code order, with their current PPL."""
    query = (
        select(Sls.id, Sls.version_id, Sls.bps_code, Sls.name, Kelurahan.id, Kelurahan.bps_code,
               Kelurahan.name, Sls.expected_households, Sls.expected_population,
               Officer.id, Officer.name)
        .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
        .outerjoin(Assignment, _current())
        .outerjoin(Officer, Officer.id == Assignment.officer_id)
        .where(Sls.active)
        .order_by(Sls.bps_code)
    )
    if kecamatan_id is not None:
        query = query.where(Kelurahan.kecamatan_id == kecamatan_id)
    return [SlsAssignRow(*row[:10], row[10] or "") for row in session.execute(query)]


def ppl_loads(session: Session, kecamatan_id: int | None) -> list[PplLoad]:
    """Active PPL living or working in the kecamatan (all when None), with current load."""
    load = current_loads()
    query = (
        select(Officer.id, Officer.name, Officer.nik, Team.code, Kecamatan.name, load.c.sls,
               load.c.hh, load.c.kel)
        .outerjoin(load, load.c.officer_id == Officer.id)
        .outerjoin(Kecamatan, Kecamatan.id == Officer.kecamatan_id)
        .outerjoin(TeamMember, and_(TeamMember.officer_id == Officer.id,
                                    TeamMember.valid_to.is_(None)))
        .outerjoin(Team, Team.id == TeamMember.team_id)
        .where(Officer.role == OfficerRole.PPL, Officer.status == OfficerStatus.AKTIF)
        .order_by(Officer.name)
    )
    if kecamatan_id is not None:
        working_here = (
            select(Assignment.officer_id)
            .join(Sls, Sls.id == Assignment.sls_id)
            .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
            .where(Assignment.valid_to.is_(None), Kelurahan.kecamatan_id == kecamatan_id)
        )
        query = query.where((Officer.kecamatan_id == kecamatan_id) | Officer.id.in_(working_here))
    return [
        PplLoad(oid, name, nik or "", team or "", kec or "", sls or 0, int(hh or 0), kel or 0)
        for oid, name, nik, team, kec, sls, hh, kel in session.execute(query)
    ]
