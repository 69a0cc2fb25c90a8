"""Read-only views of officers, teams and workloads for the Petugas and Penugasan pages."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from models.assignment.queries import current_loads
from models.office.profile import get_profile
from models.schema.areas import Kecamatan, Sls
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus, Team, TeamMember


@dataclass(frozen=True)
class OfficerRow:
    id: int
    nik: str
    name: str
    role: OfficerRole
    phone: str
    status: OfficerStatus
    kecamatan: str
    team: str
    sls_count: int
    households: int


@dataclass(frozen=True)
class TeamRow:
    id: int
    code: str
    name: str
    kecamatan: str
    pml: str
    ppl_count: int
    sls_count: int
    households: int


@dataclass(frozen=True)
class AssignmentSummary:
    sls_total: int
    sls_assigned: int
    ppl_active: int
    ppl_over_capacity: int
    capacity_households: int

    @property
    def sls_unassigned(self) -> int:
        return self.sls_total - self.sls_assigned


def officer_rows(session: Session) -> list[OfficerRow]:
    loads = current_loads()
    query = (
        select(Officer, Kecamatan.name, Team.code, loads.c.sls, loads.c.hh)
        .outerjoin(Kecamatan, Kecamatan.id == Officer.kecamatan_id)
        .outerjoin(TeamMember, and_(TeamMember.officer_id == Officer.id,
                                    TeamMember.valid_to.is_(None)))
        .outerjoin(Team, Team.id == TeamMember.team_id)
        .outerjoin(loads, loads.c.officer_id == Officer.id)
        .order_by(Kecamatan.bps_code, Officer.role, Officer.name)
    )
    led = {pml: code for pml, code in session.execute(select(Team.pml_id, Team.code))}
    return [
        OfficerRow(o.id, o.nik or "", o.name, o.role, o.phone, o.status, kec or "",
                   team or led.get(o.id, ""), sls or 0, int(hh or 0))
        for o, kec, team, sls, hh in session.execute(query)
    ]


def team_rows(session: Session) -> list[TeamRow]:
    loads = current_loads()
    pml = aliased(Officer)
    members = (
        select(
            TeamMember.team_id,
            func.count(TeamMember.officer_id).label("ppl"),
            func.coalesce(func.sum(loads.c.sls), 0).label("sls"),
            func.coalesce(func.sum(loads.c.hh), 0).label("hh"),
        )
        .outerjoin(loads, loads.c.officer_id == TeamMember.officer_id)
        .where(TeamMember.valid_to.is_(None))
        .group_by(TeamMember.team_id)
        .subquery()
    )
    query = (
        select(Team, Kecamatan.name, pml.name, members.c.ppl, members.c.sls, members.c.hh)
        .outerjoin(Kecamatan, Kecamatan.id == Team.kecamatan_id)
        .outerjoin(pml, pml.id == Team.pml_id)
        .outerjoin(members, members.c.team_id == Team.id)
        .order_by(Team.code)
    )
    return [
        TeamRow(t.id, t.code, t.name, kec or "", pml_name or "", ppl or 0, sls or 0, int(hh or 0))
        for t, kec, pml_name, ppl, sls, hh in session.execute(query)
    ]


def assignment_summary(session: Session) -> AssignmentSummary:
    capacity = get_profile(session).ppl_capacity_households
    total = session.scalar(select(func.count()).select_from(Sls).where(Sls.active)) or 0
    assigned = session.scalar(
        select(func.count(func.distinct(Assignment.sls_id)))
        .join(Sls, Sls.id == Assignment.sls_id)
        .where(Assignment.valid_to.is_(None), Sls.active)
    ) or 0
    loads = current_loads()
    active_ppl = session.scalar(
        select(func.count()).select_from(Officer)
        .where(Officer.role == OfficerRole.PPL, Officer.status == OfficerStatus.AKTIF)
    ) or 0
    over = session.scalar(select(func.count()).select_from(loads).where(loads.c.hh > capacity)) or 0
    return AssignmentSummary(total, assigned, active_ppl, over, capacity)
