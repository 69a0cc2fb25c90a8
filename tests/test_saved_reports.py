"""Saved reports (issue 22): each user's own, replaced by name, read back defensively."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from models.access import AccessDenied, Actor
from models.analysis.pivot import Dimension, PivotMeasure, PivotSpec
from models.analysis.saved import (
    SavedReportError,
    delete_report,
    list_reports,
    load_report,
    save_report,
    spec_from_json,
    spec_to_json,
)
from models.errors import ValidationError
from models.schema.analysis import SavedReport
from models.schema.users import UserRole
from models.store.db import Database

D = Dimension
SPEC = PivotSpec((D.KECAMATAN, D.SEX), (D.AGE_GROUP,), PivotMeasure.SHARE,
                 {D.CATEGORY: frozenset({"cocok", "beda"}), D.SEX: frozenset({None, "P"})})
BUDI = Actor("budi", "Budi Santoso", UserRole.STAF)


def test_the_spec_survives_json() -> None:
    assert spec_from_json(spec_to_json(SPEC)) == SPEC
    plain = PivotSpec((D.PPL,))
    assert spec_from_json(spec_to_json(plain)) == plain


def test_save_list_replace_and_delete(db: Database) -> None:
    with db.session() as session:
        first = save_report(session, "  Penduduk\tper kecamatan ", SPEC)
        other = save_report(session, "Rumah tangga", PivotSpec((D.KELURAHAN,), (),
                                                               PivotMeasure.HOUSEHOLDS))
    with db.session() as session:
        reports = list_reports(session)
        assert [r.name for r in reports] == ["Penduduk per kecamatan", "Rumah tangga"]
        assert reports[0].spec == SPEC and reports[0].problem == ""
        replaced = PivotSpec((D.TIM,), (D.SOURCE,))
        assert save_report(session, "Penduduk per kecamatan", replaced) == first
    with db.session() as session:
        assert load_report(session, first) == replaced
        assert len(list_reports(session)) == 2
        delete_report(session, other)
    with db.session() as session:
        assert [r.id for r in list_reports(session)] == [first]
        with pytest.raises(SavedReportError, match="tidak ada lagi"):
            delete_report(session, other)


def test_each_user_sees_and_deletes_only_their_own(db: Database) -> None:
    budi = db.acting_as(BUDI)
    with db.session() as session:
        mine = save_report(session, "Laporan saya", SPEC)
    with budi.session() as session:
        assert list_reports(session) == []
        theirs = save_report(session, "Laporan saya", PivotSpec((D.SEX,)))  # same name: fine
        with pytest.raises(SavedReportError):
            delete_report(session, mine)
        with pytest.raises(SavedReportError):
            load_report(session, mine)
    with db.session() as session:
        assert [(r.id, r.spec) for r in list_reports(session)] == [(mine, SPEC)]
        rows = session.execute(select(SavedReport.username, SavedReport.name)
                               .order_by(SavedReport.id)).all()
        assert [tuple(r) for r in rows] == [("penguji", "Laporan saya"), ("budi", "Laporan saya")]
        assert theirs != mine


def test_nobody_signed_in_is_refused(db: Database) -> None:
    anonymous = sessionmaker(db.engine)
    with anonymous() as session:
        with pytest.raises(AccessDenied, match="Belum ada pengguna"):
            save_report(session, "x", SPEC)
        with pytest.raises(AccessDenied):
            list_reports(session)


@pytest.mark.parametrize("name", ["", "   ", "\x00\x01", "x" * 101])
def test_a_name_is_required_and_bounded(db: Database, name: str) -> None:
    with db.session() as session, pytest.raises(ValidationError, match="ama laporan"):
        save_report(session, name, SPEC)


def test_an_invalid_spec_is_not_saved(db: Database) -> None:
    with db.session() as session, pytest.raises(ValidationError, match="Sumber"):
        save_report(session, "salah", PivotSpec((D.CATEGORY,), (D.SOURCE,)))
    with db.session() as session:
        assert list_reports(session) == []


@pytest.mark.parametrize(("stored", "reason"), [
    ("{tidak json", "rusak"),
    ("[]", "rusak"),
    ('"teks"', "rusak"),
    ('{"format": 2, "rows": ["kecamatan"]}', "versi"),
    ('{"format": 1, "rows": ["kota"], "measure": "orang"}', "tidak dikenal"),
    ('{"format": 1, "rows": "kecamatan", "measure": "orang"}', "rusak"),
    ('{"format": 1, "rows": ["kecamatan"], "measure": "jiwa"}', "rusak"),
    ('{"format": 1, "rows": ["kecamatan"], "measure": "orang", "filters": '
     '{"kelompok_umur": [true]}}', "rusak"),
    ('{"format": 1, "rows": ["kecamatan"], "measure": "orang", "filters": '
     '{"kecamatan": [[1]]}}', "rusak"),
    ('{"format": 1, "rows": ["kategori"], "columns": ["sumber"], "measure": "orang"}',
     "tidak berlaku lagi"),
    ('{"format": 1, "rows": [], "measure": "orang"}', "tidak berlaku lagi"),
    ("[" * 100_000, "rusak"),
])
def test_a_damaged_spec_gives_a_reason_not_a_crash(db: Database, stored: str,
                                                    reason: str) -> None:
    with db.session() as session:
        report = save_report(session, "Rusak", SPEC)
        session.execute(update(SavedReport).where(SavedReport.id == report)
                        .values(spec=stored))
        session.commit()
    with db.session() as session:
        (row,) = list_reports(session)  # still listed, so it can be deleted
        assert row.spec is None and reason in row.problem
        with pytest.raises(SavedReportError, match=reason):
            load_report(session, report)
        delete_report(session, report)
        assert list_reports(session) == []
