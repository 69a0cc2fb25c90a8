"""Importing SP Online submissions and field results: checks, one transaction, versions."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from models.errors import Cancelled
from models.ids.nik import compose_nik
from models.persons.fields import FIELDS
from models.persons.importing import AlreadyImported, OnError, import_persons, preview_problems
from models.persons.rollback import RollbackError, current_count, rollback_batch
from models.persons.store import current_rows
from models.schema.batches import (
    BatchStatus,
    FieldResult,
    ImportBatch,
    ImportKind,
    OnlineSubmission,
    Sex,
)
from models.sheets.importing import inspect_file
from models.sheets.problem_report import write_problem_report
from models.sheets.reading import file_sha256
from tests.builders import SmallCity, set_office_codes, write_csv, write_xlsx

HEADER = ["NIK", "No. KK", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "IDSLS", "Alamat",
          "Waktu Submit"]
KK = "6371040101200001"
SLS_A = "6371040001000100"
BORN = date(1990, 8, 17)


def person(serial: int, female: bool = False, sls: Any = SLS_A, **change: Any) -> list[Any]:
    """One row of HEADER; `change` overrides a cell by its key (nik, kk, name, sex, birth…)."""
    row = {"nik": compose_nik("637104", BORN, female, serial), "kk": KK,
           "name": f"Warga {serial}", "sex": "P" if female else "L", "birth": BORN, "sls": sls,
           "address": "Jl. Pramuka", "at": datetime(2020, 2, 16, 9, 0)}
    row.update(change)
    return list(row.values())


def sheet(tmp_path: Path, name: str, rows: list[list[Any]]) -> Path:
    return write_xlsx(tmp_path / name, [["Ekspor SP Online"], HEADER, *rows], sheet="Data")


def run(session, path: Path, kind: ImportKind = ImportKind.ONLINE,  # type: ignore[no-untyped-def]
        on_error: OnError = OnError.NOTHING, **options: Any):
    preview = inspect_file(path, FIELDS[kind], kind.value)
    assert not preview.missing
    return import_persons(session, kind, path, preview.mapping, sheet=preview.sheet,
                          on_error=on_error,
                          **options)


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        return SmallCity(session)


def count(session, model=OnlineSubmission) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_clean_file_is_one_batch_of_current_rows(db, city, tmp_path: Path) -> None:
    path = sheet(tmp_path, "online.xlsx", [person(1), person(2, female=True)])
    with db.session() as session:
        report = run(session, path, imported_by="rina")
    assert report.stored and (report.inserted, report.rejected, report.problems) == (2, 0, [])
    with db.session() as session:
        batch = session.get(ImportBatch, report.batch_id)
        assert (batch.kind, batch.file_name, batch.sheet_name, batch.rows_read,
                batch.rows_inserted, batch.imported_by, batch.status) == (
            ImportKind.ONLINE, "online.xlsx", "Data", 2, 2, "rina", BatchStatus.AKTIF)
        assert batch.file_sha256 == file_sha256(path)
        woman = session.scalars(select(OnlineSubmission).where(
            OnlineSubmission.name == "Warga 2")).one()
        assert woman.nik == compose_nik("637104", BORN, True, 2)
        assert (woman.sex, woman.birth_date, woman.sls_id, woman.source_row) == (
            Sex.PEREMPUAN, BORN, city.sls_ids[0], 4)
        assert woman.submitted_at == datetime(2020, 2, 16, 9, 0)


def test_cross_checks_are_warnings_named_by_sheet_row_and_column(db, city, tmp_path) -> None:
    rows = [
        person(1, sex="P"),  # the NIK says man
        person(2, birth=date(1990, 8, 18)),
        ["3171011708900003", KK, "Pendatang", "L", BORN, SLS_A, "", ""],
        person(4, sls="6371040009000100"),  # not in this office's master
    ]
    path = sheet(tmp_path, "online.xlsx", rows)
    with db.session() as session:
        report = run(session, path)
    assert report.stored and report.inserted == 4 and report.rejected == 0
    found = {(p.row, p.column): p.reason for p in report.problems}
    assert not any(p.error for p in report.problems)
    assert "NIK menunjukkan laki-laki" in found[3, "Jenis Kelamin"]
    assert "berbeda dengan NIK" in found[4, "Tgl Lahir"]
    assert "luar provinsi" in found[5, "NIK"]
    assert "tidak ada di master wilayah" in found[6, "IDSLS"]


def test_one_wrong_row_stores_nothing_unless_valid_only_is_chosen(db, city, tmp_path) -> None:
    damaged = person(2)
    damaged[0] = float(damaged[0])  # typed into a number cell
    path = sheet(tmp_path, "online.xlsx", [person(1), damaged, person(3)])
    with db.session() as session:
        refused = run(session, path)
    assert not refused.stored and refused.rejected == 1 and refused.valid == 2
    [problem] = refused.problems
    assert (problem.row, problem.column, problem.error) == (4, "NIK", True)
    assert "Format kolom sebagai Teks" in problem.reason
    with db.session() as session:
        assert count(session) == 0 and count(session, ImportBatch) == 0
        report = run(session, path, on_error=OnError.VALID_ONLY)
    assert report.stored and (report.inserted, report.rejected) == (2, 1)
    with db.session() as session:
        assert count(session) == 2
        assert session.get(ImportBatch, report.batch_id).rows_rejected == 1


@pytest.mark.parametrize("row, column, reason", [
    (person(9, name=""), "Nama Lengkap", "Nama kosong"),
    (person(9, kk="63710401012000"), "No. KK", "16 angka"),
    (person(9, nik=""), "NIK", "NIK kosong"),
    (person(9, nik="6371043208900009"), "NIK", "tanggal lahir"),
    (person(9, nik="6371041708900000"), "NIK", "0000"),
    (person(9, nik="6371991708900009"), "NIK", "637199"),
    (person(9, sls=6371040001000100.0), "IDSLS", "angka"),
])
def test_each_error_rejects_its_row(db, city, tmp_path, row, column, reason) -> None:  # type: ignore[no-untyped-def]
    path = sheet(tmp_path, "online.xlsx", [person(1), row])
    with db.session() as session:
        report = run(session, path, on_error=OnError.VALID_ONLY)
    errors = [p for p in report.problems if p.error]
    assert [(p.row, p.column) for p in errors] == [(4, column)] and reason in errors[0].reason
    assert report.inserted == 1


def test_the_same_person_twice_in_a_file(db, city, tmp_path: Path) -> None:
    path = sheet(tmp_path, "online.xlsx", [person(1), person(2), person(1, name="Lagi")])
    with db.session() as session:
        report = run(session, path, on_error=OnError.VALID_ONLY)
    [problem] = report.problems
    assert problem.row == 5 and problem.error and "sudah ada di baris 3" in problem.reason


def test_the_same_file_is_refused_until_its_batch_is_rolled_back(db, city, tmp_path) -> None:
    path = sheet(tmp_path, "online.xlsx", [person(1)])
    with db.session() as session:
        first = run(session, path)
    with db.session() as session, pytest.raises(AlreadyImported, match="sudah pernah diimpor"):
        run(session, path)
    with db.session() as session:
        rollback_batch(session, first.batch_id)
        assert count(session) == 0
        assert run(session, path).inserted == 1


def test_a_newer_export_updates_by_nik(db, city, tmp_path: Path) -> None:
    week1 = sheet(tmp_path, "minggu1.xlsx", [person(1), person(2), person(3)])
    week2 = sheet(tmp_path, "minggu2.xlsx", [person(1), person(2, address="Jl. Baru"),
                                             person(3, name="Orang Lain"), person(4)])
    with db.session() as session:
        run(session, week1)
        report = run(session, week2)
    assert (report.inserted, report.updated, report.unchanged) == (1, 2, 1)
    [renamed] = report.problems
    assert renamed.row == 5 and not renamed.error and "atas nama Warga 3" in renamed.reason
    with db.session() as session:
        current = current_rows(session, ImportKind.ONLINE)
        assert len(current) == 4 and count(session) == 6  # two old versions kept
        assert session.scalar(select(OnlineSubmission.address).where(
            OnlineSubmission.replaced_by_batch_id.is_(None),
            OnlineSubmission.nik == compose_nik("637104", BORN, False, 2))) == "Jl. Baru"


def test_rolling_back_a_middle_batch_keeps_the_later_one(db, city, tmp_path: Path) -> None:
    versions = [sheet(tmp_path, f"v{n}.xlsx", [person(1, address=f"Alamat {n}")])
                for n in (1, 2, 3)]
    with db.session() as session:
        batches = [run(session, path).batch_id for path in versions]

    def address(session) -> str:  # type: ignore[no-untyped-def]
        return session.scalar(select(OnlineSubmission.address).where(
            OnlineSubmission.replaced_by_batch_id.is_(None)))

    with db.session() as session:
        result = rollback_batch(session, batches[1])
        assert (result.removed, result.restored) == (1, 0)
        assert address(session) == "Alamat 3" and current_count(session, ImportKind.ONLINE) == 1
        rollback_batch(session, batches[2])
        assert address(session) == "Alamat 1"
        with pytest.raises(RollbackError, match="sudah dibatalkan"):
            rollback_batch(session, batches[2])
        assert session.get(ImportBatch, batches[2]).status is BatchStatus.DIBATALKAN


def test_cancelled_midway_leaves_the_database_as_before(db, city, tmp_path: Path) -> None:
    rows = [[compose_nik("637104", date(1960, 1, 1 + n % 28), False, n + 1), KK,
             f"Warga {n}", "L", "", SLS_A, "", ""] for n in range(6000)]
    path = write_csv(tmp_path / "besar.csv", [HEADER, *rows], delimiter=";")
    calls: list[int] = []

    def stop(done: int, total: int) -> bool:
        calls.append(done)
        return False  # the first report comes after 5,000 rows were written

    with db.session() as session, pytest.raises(Cancelled):
        run(session, path, progress=stop)
    assert calls == [5000]
    with db.session() as session:
        assert count(session) == 0 and count(session, ImportBatch) == 0


def test_check_only_reads_everything_and_stores_nothing(db, city, tmp_path: Path) -> None:
    path = sheet(tmp_path, "online.xlsx", [person(1), person(2, nik="123")])
    with db.session() as session:
        report = run(session, path, check_only=True)
    assert report.checked_only and not report.stored and report.rejected == 1
    assert "Hanya diperiksa" in report.summary()
    with db.session() as session:
        assert count(session) == 0 and count(session, ImportBatch) == 0


FIELD_HEADER = ["NIK", "No KK", "Nama", "JK", "Tanggal Lahir", "IDSLS", "Alamat",
                "Tanggal Kunjungan", "NIK PPL"]


def test_field_results_take_people_without_nik_and_link_the_officer(db, city, tmp_path) -> None:
    ppl_nik = "6371040101900010"  # SmallCity's first PPL
    rows = [
        [*person(1)[:7], "2020-09-02 10:00", ppl_nik],
        ["", KK, "Bayi Tanpa NIK", "P", "01-08-2020", SLS_A, "", "02-09-2020", ppl_nik],
        [*person(3)[:5], "6371040001", "", "", ppl_nik],  # kelurahan only: not enough
        [*person(4)[:5], "", "", "", ""],
        [*person(5)[:7], "", "6371049999999999"],
    ]
    path = write_xlsx(tmp_path / "lapangan.xlsx", [FIELD_HEADER, *rows])
    with db.session() as session:
        report = run(session, path, ImportKind.LAPANGAN, OnError.VALID_ONLY)
    found = {(p.row, p.column): p for p in report.problems}
    assert not found[3, "NIK"].error  # a warning: matched later by KK, name and birth
    assert found[4, "IDSLS"].error and "16 angka" in found[4, "IDSLS"].reason
    assert found[5, "IDSLS"].error and "kosong" in found[5, "IDSLS"].reason
    assert not found[6, "NIK PPL"].error and "tidak terdaftar" in found[6, "NIK PPL"].reason
    assert (report.inserted, report.rejected) == (3, 2)
    with db.session() as session:
        baby = session.scalars(select(FieldResult).where(FieldResult.nik.is_(None))).one()
        assert baby.natural_key.startswith("K") and baby.birth_date == date(2020, 8, 1)
        assert baby.officer_id == city.ppl_ids[0] and baby.visited_at == datetime(2020, 9, 2)


def test_csv_with_semicolons_and_windows_encoding(db, city, tmp_path: Path) -> None:
    rows = [[*person(1)[:2], "Andi Ré", "L", "17-08-1990", SLS_A, "Jl. Ahmad Yani", ""]]
    path = write_csv(tmp_path / "online.csv", [HEADER, *rows], delimiter=";",
                     encoding="cp1252")
    with db.session() as session:
        assert run(session, path).inserted == 1
        assert session.scalar(select(OnlineSubmission.name)) == "Andi Ré"


def test_unicode_text_export_from_excel(db, city, tmp_path: Path) -> None:
    rows = [[*person(1)[:4], "17-08-1990", SLS_A, "", ""]]
    text = "\r\n".join("\t".join(str(c) for c in row) for row in [HEADER, *rows])
    path = tmp_path / "online.txt"
    path.write_bytes(text.encode("utf-16"))
    with db.session() as session:
        assert run(session, path).inserted == 1


def test_error_report_lists_every_problem_row_with_its_cells(db, city, tmp_path) -> None:
    rows = [person(1), person(2, sex="P"), person(3, nik="6,37104E+15"), person(4)]
    path = sheet(tmp_path, "online.xlsx", rows)
    with db.session() as session:
        report = run(session, path, check_only=True)
    target = tmp_path / "laporan.xlsx"
    assert write_problem_report(target, path, sheet="Data", header_row=1,
                                problems=report.problems) == 2
    lines = list(load_workbook(target).active.iter_rows(values_only=True))
    assert lines[0][:5] == ("Baris", "Kolom", "Jenis", "Keterangan", "NIK")
    assert [(r[0], r[1], r[2]) for r in lines[1:]] == [(4, "Jenis Kelamin", "Peringatan"),
                                                       (5, "NIK", "Kesalahan")]
    assert lines[2][4] == "6,37104E+15" and lines[1][6] == "Warga 2"


def test_preview_marks_problems_of_the_first_rows(db, city, tmp_path: Path) -> None:
    path = sheet(tmp_path, "online.xlsx", [person(1), person(2, nik=6371041708900002.0)])
    preview = inspect_file(path, FIELDS[ImportKind.ONLINE], "online")
    with db.session() as session:
        problems = preview_problems(session, ImportKind.ONLINE, preview.rows, preview.mapping,
                                    limit=20)
    assert [(p.row, p.column, p.error) for p in problems] == [(4, "NIK", True)]


def test_re_importing_what_is_stored_changes_nothing(db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    demo_sqlite_file: Path,
                                                    request: pytest.FixtureRequest) -> None:
    from tests.conftest import with_demo

    with with_demo(db, demo_sqlite_file, request).session() as session:
        stored = session.scalars(select(OnlineSubmission).order_by(OnlineSubmission.id)
                                 .limit(50)).all()
        rows = [[p.nik, p.kk, p.name, p.sex.value, p.birth_date, p.area_code, p.address,
                 p.submitted_at] for p in stored]
    path = sheet(tmp_path, "ekspor-ulang.xlsx", rows)
    with db.session() as session:
        report = run(session, path)
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 50)


def test_legacy_xls_export(db, city, tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    data = book.add_sheet("Data")
    rows = [HEADER, person(1), person(2)]
    rows[2][0] = float(rows[2][0])  # the NIK typed into a number cell
    rows[1][4] = rows[2][4] = "17-08-1990"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            data.write(r, c, value if not isinstance(value, datetime) else "")
    path = tmp_path / "online.xls"
    book.save(str(path))
    with db.session() as session:
        report = run(session, path, on_error=OnError.VALID_ONLY)
    assert (report.inserted, report.rejected) == (1, 1)
    [problem] = report.problems
    assert (problem.row, problem.column) == (3, "NIK") and "Teks" in problem.reason


def test_a_clash_with_another_import_keeps_nothing_and_says_why(db, city, tmp_path,  # type: ignore[no-untyped-def]
                                                                monkeypatch) -> None:
    from models.persons import importing as person_import

    with db.session() as session:
        run(session, sheet(tmp_path, "pc-a.xlsx", [person(1)]))
    # What a second PC sees when the first commits between its read and its insert:
    monkeypatch.setattr(person_import, "current_rows", lambda session, kind: {})
    path = sheet(tmp_path, "pc-b.xlsx", [person(2), person(1, address="Jl. Lain")])
    with db.session() as session, pytest.raises(person_import.ImportClash,
                                                match="impor lain"):
        run(session, path)
    with db.session() as session:
        assert count(session) == 1 and count(session, ImportBatch) == 1
