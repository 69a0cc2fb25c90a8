"""ASN lists per OPD: import (replacing an OPD's list), matching to SP Online by NIK, ranking."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from models.asn import importing as asn_import
from models.asn.compliance import compliance, employees
from models.schema.asn import Agency, AsnEmployee
from models.schema.batches import ImportBatch, ImportKind, OnlineSubmission
from models.sheets.columns import guess_mapping
from models.sheets.importing import ImportRefused
from models.sheets.reading import head
from tests.builders import set_office_codes, write_xlsx
from tests.recon_cases import nik_of

HEADER = ["No", "Nama Pegawai", "NIP Baru", "NIK", "Unit Kerja", "Perangkat Daerah"]
NIP = "19800101200501{}00{}"  # + sex digit and a serial digit


def _nip(serial: int, female: bool = False) -> str:
    return NIP.format(2 if female else 1, serial)


def _import(session, path: Path, agency: str | None = None):  # type: ignore[no-untyped-def]
    mapping = guess_mapping(head(path), asn_import.FIELDS)
    return asn_import.import_asn(session, path, mapping, agency=agency)


def _filled_online(session, *serials: int) -> None:  # type: ignore[no-untyped-def]
    batch = ImportBatch(kind=ImportKind.ONLINE, file_name="online.xlsx", file_sha256="1" * 64)
    session.add(batch)
    session.flush()
    session.execute(insert(OnlineSubmission), [
        {"batch_id": batch.id, "natural_key": nik_of(s), "nik": nik_of(s), "name": f"P{s}",
         "submitted_at": datetime(2020, 3, 2, 8)} for s in serials])
    session.commit()


def test_a_city_list_creates_opd_and_ranks_them(db, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "asn.xlsx", [
        ["DAFTAR ASN PEMERINTAH KOTA"], HEADER,
        [1, "Rina", _nip(1, True), nik_of(1), "Sekretariat", "Dinas Sosial"],
        [2, "Budi", f"{_nip(2)[:8]} {_nip(2)[8:14]} 1 002", nik_of(2), "Bidang Rehabilitasi",
         "Dinas Sosial"],
        [3, "Sari", _nip(3, True), nik_of(3), "Umum", "Dinas Perhubungan"],
        [4, "Joko", _nip(4), nik_of(4), "Umum", "Dinas Perhubungan"],
        [5, "Tono", _nip(5), nik_of(5), "Umum", "Dinas Perhubungan"],
    ])
    with db.session() as session:
        set_office_codes(session)
        _filled_online(session, 1, 3, 4)
        report = _import(session, path)
        assert (report.rows_read, report.employees.inserted, report.agencies_created) == (5, 5, 2)
        ranking = compliance(session)
        assert [(a.name, a.employees, a.filled, a.rank) for a in ranking] == [
            ("Dinas Perhubungan", 3, 2, 1), ("Dinas Sosial", 2, 1, 2)]
        assert ranking[0].pct == pytest.approx(200 / 3)
        sosial = ranking[1].agency_id
        waiting = employees(session, sosial, only_not_filled=True)
        assert [(w.name, w.nip) for w in waiting] == [("Budi", _nip(2))]  # spaces removed
        everyone = employees(session, sosial)
        assert [(e.name, e.filled) for e in everyone] == [("Budi", False), ("Rina", True)]
        assert session.scalar(select(ImportBatch.kind).where(
            ImportBatch.id == report.batch_id)) is ImportKind.ASN


def test_an_agency_list_replaces_that_agency_only(db, tmp_path: Path) -> None:
    first = write_xlsx(tmp_path / "sosial.xlsx", [
        HEADER[:5], [1, "Rina", _nip(1, True), nik_of(1), "Sekretariat"],
        [2, "Budi", _nip(2), nik_of(2), "Bidang"]])
    other = write_xlsx(tmp_path / "dishub.xlsx", [
        HEADER[:5], [1, "Sari", _nip(3, True), nik_of(3), "Umum"]])
    second = write_xlsx(tmp_path / "sosial-baru.xlsx", [
        HEADER[:5], [1, "Rina Wati", _nip(1, True), nik_of(1), "Sekretariat"],
        [2, "Dewi", _nip(6, True), nik_of(6), "Bidang"]])
    with db.session() as session:
        set_office_codes(session)
        with pytest.raises(asn_import.AsnImportError, match="kolom OPD"):
            _import(session, first)
        _import(session, first, agency="Dinas Sosial")
        _import(session, other, agency="Dinas Perhubungan")
        report = _import(session, second, agency="dinas  sosial")  # matched loosely
        assert (report.employees.inserted, report.employees.updated, report.removed,
                report.agencies_created) == (1, 1, 1, 0)
        names = dict(session.execute(select(AsnEmployee.name, Agency.name).join(Agency)).all())
    assert names == {"Rina Wati": "Dinas Sosial", "Dewi": "Dinas Sosial",
                     "Sari": "Dinas Perhubungan"}


def test_bad_rows_name_row_and_column_and_nothing_is_stored(db, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "rusak.xlsx", [
        HEADER,
        [1, "Rina", _nip(1, True), nik_of(1), "Umum", "Dinas Sosial"],
        [2, "Budi", _nip(2), 6371040101900002, "Umum", "Dinas Sosial"],  # a number cell
        [3, "Sari", "19801301200501200", nik_of(3), "Umum", "Dinas Sosial"],  # 17 digits
        [4, "Joko", _nip(4), nik_of(1), "Umum", "Dinas Sosial"],  # Rina's NIK again
        [5, "", _nip(5), nik_of(5), "Umum", "Dinas Sosial"],
    ])
    with db.session() as session:
        set_office_codes(session)
        with pytest.raises(ImportRefused) as refused:
            _import(session, path)
        found = {(e.row, e.column): e.reason for e in refused.value.errors}
        assert set(found) == {(3, "NIK"), (4, "NIP Baru"), (5, "NIK"), (6, "Nama Pegawai")}
        assert "Format kolom sebagai Teks" in found[3, "NIK"]
        assert "baris 2" in found[5, "NIK"]
        assert session.scalar(select(func.count()).select_from(AsnEmployee)) == 0
        assert session.scalar(select(func.count()).select_from(Agency)) == 0


def test_equal_shares_share_a_rank(db, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "asn.xlsx", [HEADER] + [
        [n, f"P{n}", _nip(n), nik_of(n), "Umum", opd]
        for n, opd in ((1, "A"), (2, "A"), (3, "B"), (4, "B"), (5, "C"))])
    with db.session() as session:
        set_office_codes(session)
        _filled_online(session, 1, 3, 5)
        _import(session, path)
        ranks = [(a.name, a.rank) for a in compliance(session)]
    assert ranks == [("C", 1), ("A", 2), ("B", 2)]
