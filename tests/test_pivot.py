"""Pivot reports (issue 22): every figure against a direct count of the same persons."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import distinct, func, select, union_all
from sqlalchemy.orm import Session

from models.analysis.pivot import (
    DEFAULT_REFERENCE_DAY,
    Dimension,
    PivotMeasure,
    PivotSpec,
    PivotTable,
    reference_day,
    run_pivot,
)
from models.analysis.pivot_values import dimension_values
from models.errors import Cancelled, ValidationError
from models.schedule.calendar import Window
from models.schedule.settings import load_calendar, save_calendar
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import (
    BatchStatus,
    FieldResult,
    ImportBatch,
    ImportKind,
    OnlineSubmission,
    Sex,
)
from models.schema.officers import Assignment, Officer, OfficerRole
from models.schema.recon import MatchMethod, PersonMatch, ReconCategory
from models.store.db import Database
from tests.builders import SmallCity, nik

D = Dimension
DAY = date(2020, 9, 1)
KK1, KK2, KK3, KK4 = "6371040101200001", "6371040101200002", "6371040101200003", \
    "6371040101200004"


@dataclass
class City:
    small: SmallCity
    kec_b: int
    sls_b: int
    koseka: int
    field_ids: dict[str, int]
    online_ids: dict[str, int]


def _batch(session: Session, kind: ImportKind, status: BatchStatus = BatchStatus.AKTIF) -> int:
    batch = ImportBatch(kind=kind, file_name=f"{kind.value}.xlsx", file_sha256="0" * 64,
                        status=status)
    session.add(batch)
    session.flush()
    return batch.id


def _person(model, batch: int, key: str, sls: int | None, sex: str | None,  # type: ignore[no-untyped-def]
            born: date | None, kk: str | None, **extra):
    return model(batch_id=batch, natural_key=key, name=key, sls_id=sls,
                 sex=Sex(sex) if sex else None, birth_date=born, kk=kk, **extra)


@pytest.fixture
def city(db: Database) -> City:
    """Kecamatan A (SmallCity: SLS 0-1 Ahmad, 2 Budi, 3-4 Citra, one team, a Koseka) and
    kecamatan B (one SLS, nobody assigned). Field: household 1 (3 persons in SLS 0, found
    by Budi), household 2 (2 in SLS 3, no officer named), household 3 (1 in B, sex and
    birth unknown), one replaced row, one row of a rolled-back batch. Online: household 1
    (2 persons), household 4 (1 in SLS 1, born after the reference day), one outside the
    master."""
    with db.session() as session:
        small = SmallCity(session)
        ahmad, budi, citra = small.ppl_ids
        kec_b = Kecamatan(bps_code="6371050", name="Banjarmasin Tengah")
        session.add(kec_b)
        session.flush()
        kel_b = Kelurahan(kecamatan_id=kec_b.id, bps_code="6371050001", name="Teluk Dalam")
        session.add(kel_b)
        session.flush()
        sls_b = Sls(kelurahan_id=kel_b.id, bps_code="6371050001000100", name="RT 001")
        koseka = Officer(nik=nik(50), name="Dewi Koseka", role=OfficerRole.KOSEKA)
        session.add_all([sls_b, koseka])
        session.flush()
        s = small.sls_ids
        for sls, officer in ((s[0], ahmad), (s[1], ahmad), (s[2], budi), (s[3], citra),
                             (s[4], citra)):
            session.add(Assignment(officer_id=officer, sls_id=sls))
        session.add(Assignment(officer_id=koseka.id, kecamatan_id=small.kec.id))
        field_batch = _batch(session, ImportKind.LAPANGAN)
        later = _batch(session, ImportKind.LAPANGAN)
        dropped = _batch(session, ImportKind.LAPANGAN, BatchStatus.DIBATALKAN)
        online_batch = _batch(session, ImportKind.ONLINE)
        field = {
            "f1": _person(FieldResult, field_batch, "f1", s[0], "L", date(1990, 1, 1), KK1,
                          officer_id=budi),
            "f2": _person(FieldResult, field_batch, "f2", s[0], "P", date(2015, 9, 1), KK1,
                          officer_id=budi),
            "f3": _person(FieldResult, field_batch, "f3", s[0], "L", date(2015, 9, 2), KK1,
                          officer_id=budi),
            "f4": _person(FieldResult, field_batch, "f4", s[3], "P", date(1945, 9, 1), KK2),
            "f5": _person(FieldResult, field_batch, "f5", s[3], "P", date(1945, 9, 2), KK2),
            "f6": _person(FieldResult, field_batch, "f6", sls_b.id, None, None, KK3),
            "old": _person(FieldResult, field_batch, "f4", s[3], "L", date(1945, 9, 1), KK2,
                           replaced_by_batch_id=later),
            "gone": _person(FieldResult, dropped, "gone", s[0], "L", date(1990, 1, 1), KK1),
        }
        online = {
            "o1": _person(OnlineSubmission, online_batch, "f1", s[0], "L", date(1990, 1, 1),
                          KK1),
            "o2": _person(OnlineSubmission, online_batch, "o2", s[0], "P", date(1992, 5, 5),
                          KK1),
            "o3": _person(OnlineSubmission, online_batch, "o3", s[1], "L", date(2020, 9, 2),
                          KK4),
            "o4": _person(OnlineSubmission, online_batch, "o4", None, "P", date(1980, 1, 1),
                          None),
        }
        session.add_all([*field.values(), *online.values()])
        session.commit()
        return City(small, kec_b.id, sls_b.id, koseka.id,
                    {k: v.id for k, v in field.items()}, {k: v.id for k, v in online.items()})


def _cells(table: PivotTable) -> dict[tuple[object, ...], object]:
    """{(row keys..., column key): value} for every cell, row keys for a table without columns."""
    found: dict[tuple[object, ...], object] = {}
    for line, cells, total in zip(table.row_headers, table.cells, table.row_totals,
                                  strict=True):
        keys = tuple(h.key for h in line)
        if not table.column_headers:
            found[keys] = total
        for column, value in zip(table.column_headers, cells, strict=True):
            found[(*keys, column.key)] = value
    return found


def _check_persons_totals(table: PivotTable) -> None:
    """Persons add up: each row total is its cells' sum, each column total too."""
    for cells, total in zip(table.cells, table.row_totals, strict=True):
        if table.column_headers:
            assert sum(cells) == total
    for index, total in enumerate(table.column_totals):
        assert sum(line[index] for line in table.cells) == total
    assert sum(table.row_totals) == table.grand_total


def _current(model, *where):  # type: ignore[no-untyped-def]
    active = select(ImportBatch.id).where(ImportBatch.status == BatchStatus.AKTIF)
    return select(model).where(model.replaced_by_batch_id.is_(None),
                               model.batch_id.in_(active), *where)


def _count(session: Session, model, *where) -> int:  # type: ignore[no-untyped-def]
    query = _current(model, *where).subquery()
    return session.scalar(select(func.count()).select_from(query)) or 0


def _sls_of(session: Session, kecamatan: int) -> list[int]:
    return list(session.scalars(select(Sls.id).join(Kelurahan).where(
        Kelurahan.kecamatan_id == kecamatan)))


def test_kecamatan_by_sex_equals_direct_counts(db: Database, city: City) -> None:
    with db.session() as session:
        table = run_pivot(session, PivotSpec((D.KECAMATAN,), (D.SEX,)), reference=DAY)
        _check_persons_totals(table)
        cells = _cells(table)
        kec_a = city.small.kec.id
        for kecamatan in (kec_a, city.kec_b):
            sls = _sls_of(session, kecamatan)
            for sex in (Sex.LAKI_LAKI, Sex.PEREMPUAN):
                direct = sum(_count(session, model, model.sls_id.in_(sls), model.sex == sex)
                             for model in (FieldResult, OnlineSubmission))
                assert cells.get((kecamatan, sex.value), 0) == direct
        assert cells[(kec_a, "L")] == 4 and cells[(kec_a, "P")] == 4
        assert cells[(city.kec_b, None)] == 1  # sex not known
        assert cells[(None, "P")] == 1  # the online record outside the master
        direct_all = _count(session, FieldResult) + _count(session, OnlineSubmission)
        assert table.grand_total == direct_all == 10  # not the replaced or rolled-back rows
        assert [h[0].label for h in table.row_headers] == [
            "Banjarmasin Utara", "Banjarmasin Tengah", "(di luar master wilayah)"]
        assert [h.label for h in table.column_headers] == ["Laki-laki", "Perempuan",
                                                           "(tidak diketahui)"]


def test_households_are_distinct_kk_in_cells_and_in_every_total(db: Database,
                                                                city: City) -> None:
    with db.session() as session:
        table = run_pivot(session, PivotSpec((D.KECAMATAN,), (D.SOURCE,),
                                             PivotMeasure.HOUSEHOLDS), reference=DAY)
        cells = _cells(table)
        kec_a = city.small.kec.id
        assert cells[(kec_a, "lapangan")] == 2  # KK1 (3 persons), KK2
        assert cells[(kec_a, "online")] == 2  # KK1, KK4
        row = table.row_totals[[h[0].key for h in table.row_headers].index(kec_a)]
        assert row == 3  # KK1 counted once though both sources hold it
        union = union_all(select(FieldResult.kk).where(FieldResult.id.in_(
            _current(FieldResult).with_only_columns(FieldResult.id))),
            select(OnlineSubmission.kk).where(OnlineSubmission.id.in_(
                _current(OnlineSubmission).with_only_columns(OnlineSubmission.id)))).subquery()
        direct = session.scalar(select(func.count(distinct(union.c.kk))))
        assert table.grand_total == direct == 4
        fielded = session.scalar(select(func.count(distinct(FieldResult.kk))).where(
            FieldResult.id.in_(_current(FieldResult).with_only_columns(FieldResult.id))))
        assert table.column_totals[[h.key for h in table.column_headers].index("lapangan")] \
            == fielded == 3

        by_sex = run_pivot(session, PivotSpec((D.KELURAHAN,), (D.SEX,),
                                              PivotMeasure.HOUSEHOLDS), reference=DAY)
        sex_cells = _cells(by_sex)
        kel_a = city.small.kel_a.id
        assert sex_cells[(kel_a, "L")] == 2 and sex_cells[(kel_a, "P")] == 1  # KK1 in both
        assert by_sex.row_totals[0] == 2  # KK1, KK4: each once
        assert by_sex.column_totals[0] == 2  # men: KK1, KK4
        assert by_sex.grand_total == 4


def test_officer_levels(db: Database, city: City) -> None:
    ahmad, budi, citra = city.small.ppl_ids
    with db.session() as session:
        table = run_pivot(session, PivotSpec((D.PPL,), (D.SOURCE,)), reference=DAY)
        cells = _cells(table)
        assert cells[(budi, "lapangan")] == 3  # the officer who found them, not SLS 0's PPL
        assert cells[(ahmad, "online")] == 3  # online: the SLS's PPL (SLS 0 and 1)
        assert cells[(citra, "lapangan")] == 2  # no officer on the record: SLS 3's PPL
        assert cells[(None, "lapangan")] == 1 and cells[(None, "online")] == 1
        _check_persons_totals(table)

        team = run_pivot(session, PivotSpec((D.TIM,), (D.KOSEKA,)), reference=DAY)
        team_cells = _cells(team)
        assert team_cells[(city.small.team.id, city.koseka)] == 8
        assert team_cells[(None, None)] == 2  # kecamatan B and the record outside the master
        assert team.grand_total == 10

        names = [h.label for h in dimension_values(session, D.PPL)]
        assert names == ["Ahmad", "Budi", "Citra", "(belum ada PPL)"]


def test_age_groups_at_the_reference_day(db: Database, city: City) -> None:
    with db.session() as session:
        table = run_pivot(session, PivotSpec((D.AGE_GROUP,), (D.SOURCE,)), reference=DAY)
        cells = _cells(table)
        assert cells[(1, "lapangan")] == 1  # born 1 Sep 2015: 5 on the day
        assert cells[(0, "lapangan")] == 1  # born a day later: still 4
        assert cells[(15, "lapangan")] == 1  # 75 on the day
        assert cells[(14, "lapangan")] == 1  # 74
        assert cells[(6, "lapangan")] == 1 and cells[(6, "online")] == 1  # 30 (born 1990)
        assert cells[(5, "online")] == 1  # 28
        assert cells[(None, "lapangan")] == 1  # no birth date
        assert cells[(None, "online")] == 1  # born after the day
        labels = [h[0].label for h in table.row_headers]
        assert labels[0] == "0–4" and labels[-2] == "75+" and labels[-1] == "(tidak diketahui)"
        # a day later the child born on 2 September 2015 turns 5
        later = _cells(run_pivot(session, PivotSpec((D.AGE_GROUP,), (D.SOURCE,)),
                                 reference=date(2020, 9, 2)))
        assert later[(1, "lapangan")] == 2 and later[(0, "lapangan")] == 0


def test_the_reference_day_is_the_field_window_start(db: Database) -> None:
    with db.session() as session:
        assert reference_day(session) == DEFAULT_REFERENCE_DAY
        calendar = load_calendar(session)
        from dataclasses import replace

        save_calendar(session, replace(calendar, field=Window(date(2020, 9, 15),
                                                              date(2020, 10, 15))))
    with db.session() as session:
        assert reference_day(session) == date(2020, 9, 15)


def test_filters(db: Database, city: City) -> None:
    kec_a = city.small.kec.id
    with db.session() as session:
        one = run_pivot(session, PivotSpec((D.KELURAHAN,), (D.SEX,),
                                           filters={D.KECAMATAN: frozenset({kec_a})}),
                        reference=DAY)
        assert one.grand_total == _count(session, FieldResult, FieldResult.sls_id.in_(
            _sls_of(session, kec_a))) + _count(session, OnlineSubmission,
                                               OnlineSubmission.sls_id.in_(
                                                   _sls_of(session, kec_a))) == 8
        women = run_pivot(session, PivotSpec((D.KECAMATAN,), filters={
            D.SEX: frozenset({"P"}), D.SOURCE: frozenset({"lapangan"})}), reference=DAY)
        assert women.grand_total == _count(session, FieldResult,
                                           FieldResult.sex == Sex.PEREMPUAN) == 3
        unknown = run_pivot(session, PivotSpec((D.KECAMATAN,), filters={
            D.SEX: frozenset({None}), D.AGE_GROUP: frozenset({None})}), reference=DAY)
        assert _cells(unknown) == {(city.kec_b,): 1}
        outside = run_pivot(session, PivotSpec((D.SEX,), filters={
            D.KECAMATAN: frozenset({None})}), reference=DAY)
        assert _cells(outside) == {("P",): 1}
        assert any("Filter Kecamatan: (di luar master wilayah)" == line
                   for line in outside.description)


def test_share_is_the_part_of_each_row(db: Database, city: City) -> None:
    with db.session() as session:
        table = run_pivot(session, PivotSpec((D.KECAMATAN,), (D.SOURCE,), PivotMeasure.SHARE),
                          reference=DAY)
        for cells, total in zip(table.cells, table.row_totals, strict=True):
            assert sum(cells) == pytest.approx(1.0) and total == 1.0
        kec_a = city.small.kec.id
        assert _cells(table)[(kec_a, "lapangan")] == pytest.approx(5 / 8)
        assert table.column_totals[[h.key for h in table.column_headers].index("online")] \
            == pytest.approx(4 / 10)
        assert table.grand_total == 1.0
        alone = run_pivot(session, PivotSpec((D.SOURCE,), (), PivotMeasure.SHARE),
                          reference=DAY)
        assert alone.row_totals == [pytest.approx(0.4), pytest.approx(0.6)]


def _outcomes(session: Session, city: City) -> None:
    """Pairs o1/f1 (cocok) and o2/f3 (beda: online says P, the field L), f2 and f4 hanya
    lapangan, o3 hanya online, f6 tidak valid."""
    f, o = city.field_ids, city.online_ids
    s = city.small.sls_ids
    rows = [(ReconCategory.COCOK, o["o1"], f["f1"], s[0], KK1),
            (ReconCategory.HANYA_LAPANGAN, None, f["f2"], s[0], KK1),
            (ReconCategory.BEDA, o["o2"], f["f3"], s[0], KK1),
            (ReconCategory.HANYA_LAPANGAN, None, f["f4"], s[3], KK2),
            (ReconCategory.HANYA_ONLINE, o["o3"], None, s[1], KK4),
            (ReconCategory.TIDAK_VALID, None, f["f6"], city.sls_b, KK3)]
    for number, (category, online, fielded, sls, kk) in enumerate(rows):
        session.add(PersonMatch(category=category, method=MatchMethod.NIK, online_id=online,
                                field_id=fielded, person_key=f"k{number}", sls_id=sls, kk=kk,
                                birth_date=date(1990, 1, 1)))
    session.commit()


def test_categories_count_outcomes(db: Database, city: City) -> None:
    ahmad, budi, citra = city.small.ppl_ids
    with db.session() as session:
        _outcomes(session, city)
        table = run_pivot(session, PivotSpec((D.KELURAHAN,), (D.CATEGORY,)), reference=DAY)
        _check_persons_totals(table)
        assert table.grand_total == session.scalar(select(func.count(PersonMatch.id))) == 6
        cells = _cells(table)
        kel_a, kel_b = city.small.kel_a.id, city.small.kel_b.id
        assert cells[(kel_a, "hanya_lapangan")] == 1 and cells[(kel_b, "hanya_lapangan")] == 1
        assert cells[(kel_a, "cocok")] == 1 and cells[(kel_a, "beda")] == 1
        for category in ReconCategory:
            direct = session.scalar(select(func.count()).where(
                PersonMatch.category == category)) or 0
            column = [h.key for h in table.column_headers]
            total = table.column_totals[column.index(category.value)] \
                if category.value in column else 0
            assert total == direct

        by_sex = _cells(run_pivot(session, PivotSpec((D.CATEGORY,), (D.SEX,)), reference=DAY))
        assert by_sex[("beda", "L")] == 1  # the field record's sex (f3), not online's (o2)
        assert by_sex[("hanya_online", "L")] == 1 and by_sex[("tidak_valid", None)] == 1
        officers = _cells(run_pivot(session, PivotSpec((D.PPL,), (D.CATEGORY,)),
                                    reference=DAY))
        assert officers[(budi, "cocok")] == officers[(budi, "beda")] == 1  # who found them
        assert officers[(budi, "hanya_lapangan")] == 1 and officers[(citra, "hanya_lapangan")] == 1
        assert officers[(ahmad, "hanya_online")] == 1  # not found: the SLS's PPL
        assert officers[(None, "tidak_valid")] == 1
        households = run_pivot(session, PivotSpec((D.CATEGORY,), (),
                                                  PivotMeasure.HOUSEHOLDS), reference=DAY)
        assert households.grand_total == 4  # KK1 (three outcomes), KK2, KK3, KK4
        only = run_pivot(session, PivotSpec((D.KECAMATAN,), filters={
            D.CATEGORY: frozenset({"hanya_lapangan", "cocok"})}), reference=DAY)
        assert only.grand_total == 3  # f1, f2, f4
        assert any("Hasil rekonsiliasi" in line for line in only.description)


@pytest.mark.parametrize(("spec", "reason"), [
    (PivotSpec((D.CATEGORY,), (D.SOURCE,)), "Sumber"),
    (PivotSpec((D.KECAMATAN,), filters={D.CATEGORY: frozenset({"cocok"}),
                                         D.SOURCE: frozenset({"online"})}), "Sumber"),
    (PivotSpec(()), "satu atau dua"),
    (PivotSpec((D.KECAMATAN, D.SEX, D.SOURCE)), "satu atau dua"),
    (PivotSpec((D.KECAMATAN,), (D.SEX, D.SOURCE)), "paling banyak satu"),
    (PivotSpec((D.SEX,), (D.SEX,)), "lebih dari sekali"),
    (PivotSpec((D.SEX,), filters={D.KECAMATAN: frozenset()}), "kosong"),
    (PivotSpec((D.SEX,), filters={D.SEX: frozenset({"X"})}), "tidak dikenal"),
    (PivotSpec((D.SEX,), filters={D.CATEGORY: frozenset({None})}), "tidak dikenal"),
    (PivotSpec((D.SEX,), filters={D.KECAMATAN: frozenset({"1"})}), "tidak dikenal"),
])
def test_invalid_specs_are_refused_in_indonesian(db: Database, spec: PivotSpec,
                                                 reason: str) -> None:
    with db.session() as session, pytest.raises(ValidationError, match=reason):
        run_pivot(session, spec)


def test_a_cancel_stops_the_pivot(db: Database, city: City) -> None:
    with db.session() as session, pytest.raises(Cancelled):
        run_pivot(session, PivotSpec((D.KECAMATAN,)), lambda done, total: done == 0)


def test_demo_city_pivots_add_up(demo_db: Database) -> None:
    """On the demo's half a million records: persons add up to the direct count."""
    with demo_db.session() as session:
        table = run_pivot(session, PivotSpec((D.KECAMATAN, D.SEX), (D.AGE_GROUP,)))
        _check_persons_totals(table)
        assert table.grand_total == _count(session, FieldResult) + _count(session,
                                                                         OnlineSubmission)
        outcomes = run_pivot(session, PivotSpec((D.TIM,), (D.CATEGORY,)))
        _check_persons_totals(outcomes)
        assert outcomes.grand_total == session.scalar(select(func.count(PersonMatch.id)))
