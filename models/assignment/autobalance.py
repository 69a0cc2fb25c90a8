"""Proposing PPL for every unassigned SLS: few kelurahan per PPL, loads within capacity.

Method (greedy block filling, O(n log n) in the number of SLS):

1. Unassigned active SLS are grouped by kelurahan and kept in code order; consecutive
   RT codes are usually neighbours, so a run of them is a walkable route.
2. For each kelurahan, its SLS go first to PPL who already work in that kelurahan,
   the one with the most spare capacity first, while the SLS fits in what is left.
3. What remains goes to PPL of the same kecamatan (home kecamatan or current work)
   who are not yet in this kelurahan: those with the fewest kelurahan first, then the
   most spare capacity, so one PPL takes as long a run as fits before the next starts.
4. An SLS that fits nobody's spare capacity stays unassigned and is reported, never
   forced on anyone: the supervisor decides (add a PPL, raise capacity, split the SLS).

Capacity is in households (Pengaturan › Kapasitas satu PPL). Nothing is written: the
result is a proposal the user previews, then applies with assignment.assign().
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from models.office.profile import get_profile
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus
from models.work import ProgressCallback, advance


@dataclass
class _Ppl:
    id: int
    name: str
    home_kecamatan: int | None
    load: int = 0
    kelurahan: set[int] = field(default_factory=set)
    kecamatan: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class ProposedSls:
    sls_id: int
    version: int
    code: str
    name: str
    kelurahan: str
    households: int
    officer_id: int | None  # None: could not be placed
    officer_name: str


@dataclass
class Proposal:
    items: list[ProposedSls]
    loads_before: dict[int, int]
    loads_after: dict[int, int]
    capacity: int

    @property
    def placed(self) -> list[ProposedSls]:
        return [i for i in self.items if i.officer_id is not None]

    @property
    def unplaced(self) -> list[ProposedSls]:
        return [i for i in self.items if i.officer_id is None]

    def targets(self) -> tuple[dict[int, int | None], dict[int, int]]:
        """What assignment.assign() needs to apply the placed part."""
        placed = self.placed
        return ({i.sls_id: i.officer_id for i in placed}, {i.sls_id: i.version for i in placed})


def _load_ppl(session: Session, kecamatan_id: int | None) -> dict[int, _Ppl]:
    ppl = {
        o.id: _Ppl(o.id, o.name, o.kecamatan_id)
        for o in session.scalars(select(Officer).where(
            Officer.role == OfficerRole.PPL, Officer.status == OfficerStatus.AKTIF))
    }
    current = session.execute(
        select(Assignment.officer_id, Sls.kelurahan_id, Kelurahan.kecamatan_id,
               Sls.expected_households)
        .join(Sls, Sls.id == Assignment.sls_id)
        .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
        .where(Assignment.valid_to.is_(None), Sls.active))
    for officer_id, kel_id, kec_id, households in current:
        if officer_id in ppl:
            person = ppl[officer_id]
            person.load += households
            person.kelurahan.add(kel_id)
            person.kecamatan.add(kec_id)
    if kecamatan_id is not None:
        ppl = {k: p for k, p in ppl.items()
               if p.home_kecamatan == kecamatan_id or kecamatan_id in p.kecamatan}
    return ppl


def _unassigned(session: Session, kecamatan_id: int | None):  # type: ignore[no-untyped-def]
    query = (
        select(Sls.id, Sls.version_id, Sls.bps_code, Sls.name, Sls.expected_households,
               Kelurahan.id, Kelurahan.name, Kelurahan.kecamatan_id)
        .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
        .join(Kecamatan, Kecamatan.id == Kelurahan.kecamatan_id)
        .outerjoin(Assignment, and_(Assignment.sls_id == Sls.id, Assignment.valid_to.is_(None)))
        .where(Sls.active, Assignment.id.is_(None))
        .order_by(Sls.bps_code)
    )
    if kecamatan_id is not None:
        query = query.where(Kelurahan.kecamatan_id == kecamatan_id)
    return session.execute(query).all()


def propose(session: Session, kecamatan_id: int | None = None,
            progress: ProgressCallback | None = None) -> Proposal:
    capacity = get_profile(session).ppl_capacity_households
    ppl = _load_ppl(session, kecamatan_id)
    before = {p.id: p.load for p in ppl.values()}
    by_kecamatan: dict[int | None, list[_Ppl]] = defaultdict(list)
    for person in ppl.values():
        for kec in person.kecamatan | {person.home_kecamatan}:
            by_kecamatan[kec].append(person)
    rows = _unassigned(session, kecamatan_id)
    by_kelurahan: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
    for row in rows:
        by_kelurahan[row[5]].append(row)

    items: list[ProposedSls] = []
    for done, (kel_id, block) in enumerate(by_kelurahan.items(), start=1):
        kec_id = block[0][7]
        for sls_id, version, code, name, households, _, kel_name, _ in block:
            spare = lambda p: capacity - p.load  # noqa: E731
            inside = [p for p in by_kecamatan[kec_id] if kel_id in p.kelurahan
                      and spare(p) >= households]
            if inside:
                chosen: _Ppl | None = max(inside, key=lambda p: (spare(p), -p.id))
            else:
                outside = [p for p in by_kecamatan[kec_id] if kel_id not in p.kelurahan
                           and spare(p) >= households]
                chosen = min(outside, key=lambda p: (len(p.kelurahan), -spare(p), p.id),
                             default=None)
            if chosen is not None:
                chosen.load += households
                chosen.kelurahan.add(kel_id)
                chosen.kecamatan.add(kec_id)
            items.append(ProposedSls(sls_id, version, code, name, kel_name, households,
                                     chosen.id if chosen else None,
                                     chosen.name if chosen else ""))
        advance(progress, done, len(by_kelurahan))
    after = {p.id: p.load for p in ppl.values()}
    return Proposal(items, before, after, capacity)
