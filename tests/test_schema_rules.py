"""Rules the schema enforces by itself, on both backends."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.officers import Assignment, Officer, OfficerRole
from models.store.db import Database


@pytest.fixture
def area(db: Database) -> dict[str, int]:
    with db.session() as s:
        kec = Kecamatan(bps_code="6371040", kemendagri_code="637104", name="Banjarmasin Utara")
        kel = Kelurahan(kecamatan=kec, bps_code="6371040001", name="Alalak Selatan")
        sls = Sls(kelurahan=kel, bps_code="6371040001000100", name="RT 001",
                  expected_households=90)
        a = Officer(nik="6371040101900001", name="Ahmad", role=OfficerRole.PPL)
        b = Officer(nik="6371044101900002", name="Siti", role=OfficerRole.PPL)
        s.add_all([kec, kel, sls, a, b])
        s.commit()
        return {"kec": kec.id, "sls": sls.id, "a": a.id, "b": b.id}


def test_an_sls_has_at_most_one_current_ppl(db: Database, area: dict[str, int]) -> None:
    with db.session() as s:
        s.add(Assignment(officer_id=area["a"], sls_id=area["sls"]))
        s.commit()
        s.add(Assignment(officer_id=area["b"], sls_id=area["sls"]))
        with pytest.raises(IntegrityError):
            s.commit()


def test_ended_assignments_stay_as_history(db: Database, area: dict[str, int]) -> None:
    with db.session() as s:
        s.add(Assignment(officer_id=area["a"], sls_id=area["sls"], valid_to=datetime(2020, 9, 3)))
        s.add(Assignment(officer_id=area["b"], sls_id=area["sls"]))
        s.commit()
        assert len(s.scalars(select(Assignment)).all()) == 2


def test_an_assignment_names_exactly_one_kind_of_area(db: Database,
                                                      area: dict[str, int]) -> None:
    with db.session() as s:
        s.add(Assignment(officer_id=area["a"], sls_id=area["sls"], kecamatan_id=area["kec"]))
        with pytest.raises(IntegrityError):
            s.commit()


@pytest.mark.parametrize("statement", [
    "UPDATE officer SET role = 'kepala'",
    "INSERT INTO office_profile (id, office_name, region_code, satker_code, region_name, "
    "province_name, city, address, phone, email, website, head_name, head_nip, head_title, "
    "online_target_pct, field_target_pct, ppl_capacity_households, label_ppl, label_pml, "
    "label_koseka, paper_size, version_id) VALUES (1, '', '', '', '', '', '', '', '', '', '', "
    "'', '', '', 150, 100, 600, 'PPL', 'PML', 'Koseka', 'A4', 1)",
])
def test_check_constraints_refuse_bad_values(db: Database, area: dict[str, int],
                                             statement: str) -> None:
    with db.session() as s, pytest.raises(IntegrityError):
        s.execute(text(statement))
        s.commit()


def test_unknown_enum_value_is_refused_before_sql(db: Database, area: dict[str, int]) -> None:
    with db.session() as s:
        officer = s.get(Officer, area["a"])
        assert officer is not None
        officer.role = "kepala"  # type: ignore[assignment]
        with pytest.raises((StatementError, LookupError)):
            s.commit()


def test_two_editors_of_one_sls_cannot_both_save(db: Database, area: dict[str, int]) -> None:
    first, second = db.session(), db.session()
    mine, theirs = first.get(Sls, area["sls"]), second.get(Sls, area["sls"])
    assert mine is not None and theirs is not None
    mine.expected_households = 95
    first.commit()
    theirs.expected_households = 120
    with pytest.raises(StaleDataError):
        second.commit()
    first.close()
    second.close()
    with db.session() as s:
        assert s.get(Sls, area["sls"]).expected_households == 95  # type: ignore[union-attr]
