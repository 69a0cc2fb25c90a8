"""Assigning PPL to SLS: all-or-nothing changes, undo data, history, concurrent supervisors."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from models.assignment.assign import (
    AssignmentError,
    assign,
    assignment_history,
    current_ppl,
    sls_versions,
)
from models.assignment.queries import kecamatan_choices, ppl_loads, sls_rows
from models.errors import StaleEditError
from models.officers.edit import OfficerData, add_officer, retire_officer
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus
from tests.builders import SmallCity, nik


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return SmallCity(session)


def test_assign_then_undo_with_returned_data(db, city: SmallCity) -> None:
    a, b = city.ppl_ids[:2]
    s1, s2, s3 = city.sls_ids[:3]
    with db.session() as session:
        change = assign(session, {s1: a, s2: a}, sls_versions(session, [s1, s2]), "sari")
        assert change.previous == {s1: None, s2: None}
        assert SmallCity.current(session) == {s1: a, s2: a}
        moved = assign(session, {s2: b, s3: b}, change.versions | sls_versions(session, [s3]),
                       "sari", reason="beban Ahmad terlalu besar")
        assert SmallCity.current(session) == {s1: a, s2: b, s3: b}
        # undo = assign the previous values with the versions the change left behind
        assign(session, moved.previous, moved.versions, "sari", reason="batal")
        assert SmallCity.current(session) == {s1: a, s2: a}


def test_history_records_who_and_why(db, city: SmallCity) -> None:
    a, b = city.ppl_ids[:2]
    s1 = city.sls_ids[0]
    with db.session() as session:
        first = assign(session, {s1: a}, sls_versions(session, [s1]), "sari")
        assign(session, {s1: b}, first.versions, "joko", reason="tukar wilayah")
        history = assignment_history(session, sls_id=s1)
    actions = [(h.action, h.officer, h.by) for h in history]
    assert ("ditugaskan", "Budi", "joko") in actions
    assert ("dilepas", "Ahmad", "sari") in actions
    assert ("ditugaskan", "Ahmad", "sari") in actions
    assert history[0].at >= history[-1].at
    assert next(h.reason for h in history if h.officer == "Budi") == "tukar wilayah"


def test_only_active_ppl_can_be_assigned(db, city: SmallCity) -> None:
    s1 = city.sls_ids[0]
    with db.session() as session:
        pml = session.scalar(select(Officer.id).where(Officer.role == OfficerRole.PML))
        with pytest.raises(AssignmentError, match="PPL aktif"):
            assign(session, {s1: pml}, sls_versions(session, [s1]), "sari")
        assert SmallCity.current(session) == {}


def test_second_supervisor_is_refused_and_nothing_overwritten(db, city: SmallCity) -> None:
    a, b = city.ppl_ids[:2]
    s1, s2 = city.sls_ids[:2]
    with db.session() as first, db.session() as second:
        seen_by_first = sls_versions(first, [s1, s2])
        seen_by_second = sls_versions(second, [s1, s2])
        assign(first, {s1: a, s2: a}, seen_by_first, "sari")
        with pytest.raises(StaleEditError, match="pengguna lain"):
            assign(second, {s2: b}, seen_by_second, "joko")
    with db.session() as session:
        assert SmallCity.current(session) == {s1: a, s2: a}


def test_concurrent_saves_on_one_sls_only_one_wins(db, city: SmallCity) -> None:
    """Two PCs saving at the same moment: the database, not luck, decides the winner."""
    s1 = city.sls_ids[0]
    with db.session() as session:
        seen = sls_versions(session, [s1])
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def save(officer_id: int) -> None:
        with db.session() as session:
            barrier.wait()
            try:
                assign(session, {s1: officer_id}, seen, f"pc-{officer_id}")
                outcomes[officer_id] = "disimpan"
            except StaleEditError:
                outcomes[officer_id] = "ditolak"

    threads = [threading.Thread(target=save, args=(o,)) for o in city.ppl_ids[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == ["disimpan", "ditolak"]
    winner = next(o for o, result in outcomes.items() if result == "disimpan")
    with db.session() as session:
        assert SmallCity.current(session) == {s1: winner}
        assert len(session.scalars(select(Assignment)).all()) == 1


def test_loads_and_unassigned_counts(db, city: SmallCity) -> None:
    a = city.ppl_ids[0]
    s1, s2 = city.sls_ids[:2]
    with db.session() as session:
        assign(session, {s1: a, s2: a}, sls_versions(session, [s1, s2]), "sari")
        (choice,) = kecamatan_choices(session)
        assert (choice.sls, choice.unassigned) == (5, 3)
        loads = {row.name: row for row in ppl_loads(session, city.kec.id)}
        assert (loads["Ahmad"].sls, loads["Ahmad"].households, loads["Ahmad"].kelurahan) == (
            2, 220, 1)
        assert loads["Ahmad"].team == "T01"
        assert loads["Budi"].sls == 0
        rows = sls_rows(session, city.kec.id)
        assert [r.officer for r in rows[:3]] == ["Ahmad", "Ahmad", ""]


def test_retire_hands_over_areas(db, city: SmallCity) -> None:
    a, b = city.ppl_ids[:2]
    s1, s2 = city.sls_ids[:2]
    with db.session() as session:
        assign(session, {s1: a, s2: a}, sls_versions(session, [s1, s2]), "sari")
        version = session.get(Officer, a).version_id
        retire_officer(session, a, b, version, by="sari")
        assert SmallCity.current(session) == {s1: b, s2: b}
        assert session.get(Officer, a).status is OfficerStatus.NONAKTIF
        with pytest.raises(AssignmentError):
            assign(session, {s1: a}, sls_versions(session, [s1]), "sari")


def test_retired_koseka_passes_kecamatan_to_successor(db, city: SmallCity) -> None:
    with db.session() as session:
        old = add_officer(session, OfficerData(nik(50), "Koseka Lama", OfficerRole.KOSEKA))
        new = add_officer(session, OfficerData(nik(51), "Koseka Baru", OfficerRole.KOSEKA))
        session.add(Assignment(officer_id=old, kecamatan_id=city.kec.id))
        session.commit()
        retire_officer(session, old, new, session.get(Officer, old).version_id, by="sari")
        current = session.scalar(select(Assignment.officer_id).where(
            Assignment.kecamatan_id == city.kec.id, Assignment.valid_to.is_(None)))
        assert current == new


def test_current_ppl_reports_unassigned_as_none(db, city: SmallCity) -> None:
    with db.session() as session:
        assert current_ppl(session, city.sls_ids[:2]) == dict.fromkeys(city.sls_ids[:2])


def test_koseka_of_a_kecamatan_changes_once_per_version(db, city: SmallCity) -> None:
    from models.areas.edit import current_version
    from models.areas.queries import AreaLevel
    from models.assignment.koseka import assign_koseka, koseka_of

    with db.session() as session:
        first = add_officer(session, OfficerData(nik(60), "Koseka Satu", OfficerRole.KOSEKA))
        second = add_officer(session, OfficerData(nik(61), "Koseka Dua", OfficerRole.KOSEKA))
        seen = current_version(session, AreaLevel.KECAMATAN, city.kec.id)
        change = assign_koseka(session, city.kec.id, first, seen, by="sari")
        assert (change.previous, koseka_of(session, city.kec.id)) == (None, first)
        with pytest.raises(StaleEditError):
            assign_koseka(session, city.kec.id, second, seen, by="joko")  # saw the old version
        assert koseka_of(session, city.kec.id) == first
        with pytest.raises(AssignmentError, match="Koseka aktif"):
            assign_koseka(session, city.kec.id, city.ppl_ids[0], change.version, by="sari")
