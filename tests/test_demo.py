"""The demo city: real Banjarmasin structure, consistent codes, officers in teams."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models.demo.city import DemoNotEmptyError, load_demo
from models.demo.names import BANJARMASIN
from models.errors import Cancelled
from models.ids.kemendagri import load_codes
from models.persons.rules import NikRules
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.asn import AsnEmployee
from models.schema.batches import OnlineSubmission
from models.schema.officers import Assignment, Officer, OfficerRole, Team, TeamMember
from models.store.db import Database
from models.store.info import database_counts

CODES = load_codes()
KELURAHAN = [(kec, kel) for *kec, villages in BANJARMASIN for kel in villages]


def test_demo_kecamatan_are_kota_banjarmasin_s_in_the_shipped_table() -> None:
    assert CODES.kabupaten_kota["6371"] == "Kota Banjarmasin"
    assert {code for code in CODES.kecamatan if code.startswith("6371")} == {
        kemendagri for _, kemendagri, _, _ in BANJARMASIN}
    for bps, kemendagri, name, _ in BANJARMASIN:
        assert CODES.kecamatan[kemendagri] == name
        assert re.fullmatch(r"6371[0-9]{3}", bps), bps


def test_demo_kelurahan_codes_follow_their_kecamatan_in_both_schemes() -> None:
    assert len(KELURAHAN) == 52
    for (kec_bps, kec_kemendagri, _), (bps, kemendagri, name) in KELURAHAN:
        assert re.fullmatch(r"[0-9]{10}", bps) and bps.startswith(kec_bps), name
        assert bps[7:] != "000", name
        assert re.fullmatch(r"[0-9]{6}1[0-9]{3}", kemendagri), name  # 1xxx: a kelurahan
        assert kemendagri[:6] == kec_kemendagri and kemendagri[:6] in CODES.kecamatan, name
    for column in range(3):
        values = [kel[column] for _, kel in KELURAHAN]
        assert len(set(values)) == len(values)


@pytest.mark.parametrize("name, bps, kemendagri", [
    # as the sources list them (models/demo/city.py names them)
    ("Mantuil", "6371010001", "6371011001"),
    ("Banua Anyar", "6371020013", "6371021006"),
    ("Basirih", "6371030013", "6371031009"),
    ("Kertak Baru Ilir", "6371031002", "6371051001"),
    ("Kelayan Luar", "6371031001", "6371051012"),
    ("Alalak Utara", "6371040009", "6371041002"),
    ("Sungai Andai", "6371040012", "6371041010"),
])
def test_known_kelurahan_carry_their_published_codes(name: str, bps: str,
                                                     kemendagri: str) -> None:
    assert [(b, k) for _, (b, k, n) in KELURAHAN if n == name] == [(bps, kemendagri)]


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
        assert re.fullmatch(r"[0-9]{16}", nik) and nik.startswith(code)
        day = int(nik[6:8])
        assert 1 <= day <= 31 or 41 <= day <= 71


def test_stored_areas_carry_the_codes_of_demo_names(demo_db: Database) -> None:
    with demo_db.session() as s:
        stored = {(k.kecamatan.bps_code, k.kecamatan.kemendagri_code, k.kecamatan.name,
                   k.bps_code, k.kemendagri_code, k.name) for k in s.scalars(select(Kelurahan))}
    assert stored == {(*kec, *kel) for kec, kel in KELURAHAN}


def test_every_demo_nik_passes_the_national_kecamatan_table(demo_db: Database) -> None:
    with demo_db.session() as s:
        niks = set(s.scalars(select(Officer.nik)))
        niks |= set(s.scalars(select(OnlineSubmission.nik)))
        niks |= set(s.scalars(select(AsnEmployee.nik)))
    assert {nik[:6] for nik in niks} <= {kemendagri for _, kemendagri, _, _ in BANJARMASIN}
    rules = NikRules(CODES, "63", this_year=2020)
    for nik in niks:
        assert rules.check(nik)[2] is None, nik  # no error, no warning


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
