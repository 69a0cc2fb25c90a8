"""The auto-balance proposal: capacity respected, few kelurahan per PPL, nothing written."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from models.assignment.assign import assign, sls_versions
from models.assignment.autobalance import propose
from models.office.profile import get_profile
from models.schema.areas import Sls
from models.schema.office import OfficeProfile
from tests.builders import SmallCity


def _capacity(session, households: int) -> None:  # type: ignore[no-untyped-def]
    get_profile(session)
    session.scalars(select(OfficeProfile)).one().ppl_capacity_households = households
    session.commit()


def test_everything_placed_within_capacity_in_few_kelurahan(db) -> None:
    with db.session() as session:
        city = SmallCity(session)  # kelurahan A: 100+120+90, B: 80+110
        _capacity(session, 320)
        proposal = propose(session, city.kec.id)
        assert not proposal.unplaced
        loads: dict[int, int] = defaultdict(int)
        kelurahan: dict[int, set[str]] = defaultdict(set)
        for item in proposal.placed:
            loads[item.officer_id] += item.households
            kelurahan[item.officer_id].add(item.kelurahan)
        assert max(loads.values()) <= 320
        # 310 households of kelurahan A fit one PPL, B's 190 another: one kelurahan each
        assert sorted(len(k) for k in kelurahan.values()) == [1, 1]
        assert SmallCity.current(session) == {}  # a proposal writes nothing


def test_existing_work_is_continued_in_same_kelurahan(db) -> None:
    with db.session() as session:
        city = SmallCity(session)
        _capacity(session, 400)
        budi = city.ppl_ids[1]
        s4 = city.sls_ids[3]  # first SLS of kelurahan B
        assign(session, {s4: budi}, sls_versions(session, [s4]), "sari")
        proposal = propose(session, city.kec.id)
        s5 = next(i for i in proposal.items if i.sls_id == city.sls_ids[4])
        assert s5.officer_id == budi


def test_sls_too_big_for_anyone_stays_unplaced(db) -> None:
    with db.session() as session:
        city = SmallCity(session, households=(100, 700, 90, 80, 110))
        _capacity(session, 300)
        proposal = propose(session, city.kec.id)
        assert [i.name for i in proposal.unplaced] == ["RT 002"]
        assert proposal.loads_after and max(proposal.loads_after.values()) <= 300


def test_accepting_applies_exactly_the_proposal(db) -> None:
    with db.session() as session:
        city = SmallCity(session)
        _capacity(session, 200)
        proposal = propose(session, city.kec.id)
        targets, versions = proposal.targets()
        assign(session, targets, versions, "sari", reason="penugasan otomatis")
        assert SmallCity.current(session) == targets
        assert len(targets) == len(proposal.placed)
        households = dict(session.execute(select(Sls.id, Sls.expected_households)).all())
        loads: dict[int, int] = defaultdict(int)
        for sls_id, officer in targets.items():
            loads[officer] += households[sls_id]
        assert max(loads.values()) <= 200
