"""The demo city: real Banjarmasin structure, consistent codes, officers in teams."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models.db import Database
from models.demo import DemoNotEmptyError, load_demo
from models.errors import Cancelled
from models.info import database_counts
from models.officers import Assignment, Officer, OfficerRole, Team, TeamMember
from models.wilayah import Kecamatan, Kelurahan, Sls


def test_five_kecamatan_with_both_code_systems(demo_db: Database) -> None:
    with demo_db.session() as s:
        codes = {k.name: (k.bps_code, k.kemendagri_code) for k in s.scalars(select(Kecamatan))}
    assert codes["Banjarmasin Utara"] == ("6371040", "637104")
    assert codes["Banjarmasin Tengah"] == ("6371031", "637105")
    assert len(codes) == 5


def test_52_kelurahan_each_with_sls_under_its_own_code(demo_db: Database) -> None:
    with demo_db.session() as s:
        villages = s.scalars(select(Kelurahan)).all()
        assert len(villages) == 52
        for kel in villages:
            assert kel.bps_code.startswith(kel.kecamatan.bps_code) and len(kel.bps_code) == 10
            assert kel.kemendagri_code and kel.kemendagri_code.startswith(
                kel.kecamatan.kemendagri_code or "-")
            assert kel.sls, kel.name
            for sls in kel.sls:
                assert len(sls.bps_code) == 16 and sls.bps_code.startswith(kel.bps_code)
                assert sls.expected_households > 0
                assert sls.expected_population >= sls.expected_households


def test_officers_have_valid_niks_from_their_kecamatan(demo_db: Database) -> None:
    with demo_db.session() as s:
        rows = s.execute(select(Officer.nik, Kecamatan.kemendagri_code)
                         .join(Kecamatan, Kecamatan.id == Officer.kecamatan_id)).all()
    niks = [nik for nik, _ in rows]
    assert len(set(niks)) == len(niks)
    for nik, code in rows:
        assert nik.isdigit() and len(nik) == 16 and nik.startswith(code)
        day = int(nik[6:8])
        assert 1 <= day <= 31 or 41 <= day <= 71


def test_teams_koseka_and_assignments_are_consistent(demo_db: Database) -> None:
    with demo_db.session() as s:
        for team in s.scalars(select(Team)):
            assert team.pml is not None and team.pml.role is OfficerRole.PML
            members = s.scalars(select(Officer).join(TeamMember).where(
                TeamMember.team_id == team.id, TeamMember.valid_to.is_(None))).all()
            assert members and all(m.role is OfficerRole.PPL for m in members)
        koseka = s.scalars(select(Assignment).where(Assignment.kecamatan_id.is_not(None))).all()
        assert len(koseka) == 5
        ppl_roles = s.scalars(select(Officer.role).join(
            Assignment, Assignment.officer_id == Officer.id).where(Assignment.sls_id.is_not(None)))
        assert set(ppl_roles) == {OfficerRole.PPL}
        unassigned = s.scalar(select(func.count()).select_from(Sls).where(
            ~Sls.id.in_(select(Assignment.sls_id).where(Assignment.sls_id.is_not(None)))))
        assert 0 < unassigned < 0.1 * s.scalar(select(func.count()).select_from(Sls))


def test_demo_goes_only_into_an_empty_database(demo_db: Database) -> None:
    with demo_db.session() as s, pytest.raises(DemoNotEmptyError):
        load_demo(s)


def test_cancelled_demo_leaves_the_database_empty(db: Database) -> None:
    calls = []

    def cancel_soon(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 5

    with db.session() as s, pytest.raises(Cancelled):
        load_demo(s, cancel_soon)
    with db.session() as s:
        assert database_counts(s).is_empty
