"""Importing the area master and officer list: synonyms, text codes, updates by code."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.areas import importing as wilayah_import
from models.audit.trail import SKIPPED, logged_value
from models.audit.verify import verify_chain
from models.officers import importing as officer_import
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.base import Base
from models.schema.batches import ImportBatch
from models.schema.officers import Officer, OfficerRole, OfficerStatus, Team, TeamMember
from models.schema.users import AuditLog
from models.sheets.importing import ImportRefused, inspect_file, remember_mapping
from models.sheets.reading import SpreadsheetError
from tests.builders import nik, set_office_codes, write_csv, write_ods, write_xlsx

AREA_HEADER = ["Kode Kecamatan", "Kecamatan", "Kode Desa", "Nama Kelurahan", "IDSLS",
               "Nama RT", "Muatan", "Jumlah Penduduk"]
AREA_ROWS = [
    ["6371040", "Banjarmasin Utara", "6371040001", "Alalak Utara", "6371040001000100",
     "RT 001", 120, 480],
    ["6371040", "Banjarmasin Utara", "6371040001", "Alalak Utara", "6371040001000200",
     "RT 002", 95, 380],
    ["6371031", "Banjarmasin Tengah", "6371031005", "Kertak Baru Ilir", "6371031005000100",
     "RT 001", 60, 240],
]


def _import_areas(session, path: Path, sheet: str | None = None):  # type: ignore[no-untyped-def]
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND, sheet)
    assert not preview.missing
    return wilayah_import.import_wilayah(session, path, preview.mapping, sheet=preview.sheet)


def test_header_below_title_rows_and_synonyms(db, tmp_path: Path) -> None:
    rows = [["DAFTAR SLS KOTA BANJARMASIN"], ["Keadaan Juni 2020"], [], AREA_HEADER, *AREA_ROWS]
    path = write_xlsx(tmp_path / "master.xlsx", rows, sheet="Master")
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND)
    assert preview.mapping.header_row == 3
    assert preview.mapping.columns["sls_code"] == 4  # "IDSLS"
    assert preview.mapping.columns["sls_name"] == 5  # "Nama RT"
    assert preview.mapping.columns["households"] == 6  # "Muatan"
    with db.session() as session:
        report = _import_areas(session, path)
        assert (report.kecamatan.inserted, report.kelurahan.inserted, report.sls.inserted) == (
            2, 2, 3)
        sls = session.scalar(select(Sls).where(Sls.bps_code == "6371040001000200"))
        assert (sls.name, sls.expected_households, sls.expected_population) == ("RT 002", 95, 380)
        assert session.scalar(select(Kecamatan.name).where(
            Kecamatan.bps_code == "6371031")) == "Banjarmasin Tengah"
        batch = session.scalar(select(ImportBatch))
        assert batch.file_name == "master.xlsx" and batch.rows_inserted == 3


def test_reimport_updates_by_code_never_duplicates(db, tmp_path: Path) -> None:
    first = write_xlsx(tmp_path / "v1.xlsx", [AREA_HEADER, *AREA_ROWS])
    changed = [list(r) for r in AREA_ROWS]
    changed[0][6] = 130  # more households in RT 001
    changed[1][5] = "RT 002 Baru"
    changed.append(["6371040", "Banjarmasin Utara", "6371040001", "Alalak Utara",
                    "6371040001000300", "RT 003", 70, 280])
    second = write_xlsx(tmp_path / "v2.xlsx", [AREA_HEADER, *changed])
    with db.session() as session:
        _import_areas(session, first)
        report = _import_areas(session, second)
        assert (report.sls.inserted, report.sls.updated, report.sls.unchanged) == (1, 2, 1)
        assert session.scalar(select(func.count(Sls.id))) == 4
        assert session.scalar(select(func.count(Kelurahan.id))) == 2
        assert session.scalar(select(Sls.expected_households).where(
            Sls.bps_code == "6371040001000100")) == 130


def test_code_stored_as_number_is_refused_with_its_place(db, tmp_path: Path) -> None:
    rows = [AREA_HEADER, AREA_ROWS[0],
            ["6371040", "Banjarmasin Utara", "6371040001", "Alalak Utara", 6371040001000200,
             "RT 002", 95, 380]]
    path = write_xlsx(tmp_path / "rusak.xlsx", rows, sheet="Data SLS")
    with db.session() as session:
        with pytest.raises(ImportRefused) as refused:
            _import_areas(session, path)
        error = refused.value.errors[0]
        assert (error.file, error.sheet, error.row, error.column) == (
            "rusak.xlsx", "Data SLS", 3, "IDSLS")
        assert "angka" in error.reason and "Teks" in error.reason
        # one bad row: nothing at all was written
        assert session.scalar(select(func.count(Sls.id))) == 0
        assert session.scalar(select(func.count(Kecamatan.id))) == 0


def test_leading_zeros_kept_from_csv_and_ods(db, tmp_path: Path) -> None:
    rows = [["KDKEC", "NMKEC", "KDDESA", "NMDESA", "KDSLS", "NMSLS", "Jumlah KK"],
            ["040", "Banjarmasin Utara", "001", "Alalak Utara", "0007", "RT 007", "45"]]
    with db.session() as session:
        set_office_codes(session)
        csv_path = write_csv(tmp_path / "sls.csv", rows, delimiter=";")
        _import_areas(session, csv_path)
        assert session.scalar(select(Sls.bps_code)) == "6371040001000700"
        ods_rows = [rows[0], ["040", "Banjarmasin Utara", "001", "Alalak Utara", "0008",
                              "RT 008", 50]]
        _import_areas(session, write_ods(tmp_path / "sls.ods", ods_rows))
        assert set(session.scalars(select(Sls.bps_code))) == {"6371040001000700",
                                                              "6371040001000800"}


def test_mapping_is_remembered_for_same_shape(db, tmp_path: Path) -> None:
    header = ["Wilayah", "Keterangan", "Kode Kec", "Kec", "Kode Kel", "Kel", "Isian"]
    path = write_xlsx(tmp_path / "aneh.xlsx", [header, ["6371040001000100", "RT 1", "", "", "",
                                                        "", 10]])
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND)
    assert {f.key for f in preview.missing} == {"sls_code", "sls_name"}
    preview.mapping.columns.update({"sls_code": 0, "sls_name": 1, "households": 6})
    remember_mapping(wilayah_import.KIND, preview.mapping)
    again = inspect_file(write_xlsx(tmp_path / "aneh2.xlsx", [header]),
                         wilayah_import.FIELDS, wilayah_import.KIND)
    assert again.remembered and not again.missing
    assert again.mapping.columns["households"] == 6


def test_multi_sheet_workbook_reads_chosen_sheet(db, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dua.xlsx", [["Catatan"], ["bukan data"]], sheet="Catatan",
                      extra_sheets={"SLS": [AREA_HEADER, *AREA_ROWS]})
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND, "SLS")
    assert preview.sheets == ["Catatan", "SLS"]
    with db.session() as session:
        report = wilayah_import.import_wilayah(session, path, preview.mapping, sheet="SLS")
        assert report.sls.inserted == 3


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bukan.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(SpreadsheetError, match="bukan.xlsx"):
        inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND)


OFFICER_HEADER = ["No", "NIK Petugas", "Nama Lengkap", "Posisi", "Nomor HP", "Kode Kec", "Tim"]


def _officer_rows() -> list[list[object]]:
    return [
        [1, nik(1), "Siti Aminah", "Koordinator Tim", "0811", "6371040", "T01"],
        [2, nik(2), "Ahmad", "PCL", "0812", "6371040", "T01"],
        [3, nik(3), "Budi", "PPL", "0813", "6371040", "T01"],
        [4, nik(4), "Rahmah", "Koseka", "0814", "6371040", ""],
    ]


def _import_officers(session, path: Path):  # type: ignore[no-untyped-def]
    preview = inspect_file(path, officer_import.FIELDS, officer_import.KIND)
    assert not preview.missing, preview.missing
    return officer_import.import_petugas(session, path, preview.mapping, sheet=preview.sheet)


def _area_master(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _import_areas(session, write_xlsx(tmp_path / "m.xlsx", [AREA_HEADER, *AREA_ROWS]))


def test_officers_sp2020_role_names_and_team(db, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "petugas.xlsx", [OFFICER_HEADER, *_officer_rows()])
    with db.session() as session:
        _area_master(session, tmp_path)
        report = _import_officers(session, path)
        assert report.officers.inserted == 4
        roles = dict(session.execute(select(Officer.name, Officer.role)).all())
        assert roles == {"Siti Aminah": OfficerRole.PML, "Ahmad": OfficerRole.PPL,
                         "Budi": OfficerRole.PPL, "Rahmah": OfficerRole.KOSEKA}
        from models.assignment.koseka import koseka_of

        kec_id = session.scalar(select(Kecamatan.id).where(Kecamatan.bps_code == "6371040"))
        assert session.get(Officer, koseka_of(session, kec_id)).name == "Rahmah"
        team = session.scalar(select(Team).where(Team.code == "T01"))
        assert team.pml is not None and team.pml.name == "Siti Aminah"
        members = set(session.scalars(select(Officer.name).join(
            TeamMember, TeamMember.officer_id == Officer.id).where(
            TeamMember.team_id == team.id, TeamMember.valid_to.is_(None))))
        assert {"Ahmad", "Budi"} <= members


def test_officer_reimport_updates_by_nik(db, tmp_path: Path) -> None:
    rows = _officer_rows()
    with db.session() as session:
        _area_master(session, tmp_path)
        _import_officers(session, write_xlsx(tmp_path / "p1.xlsx", [OFFICER_HEADER, *rows]))
        rows[1][4] = "0899"  # new phone
        rows.append([5, nik(5), "Dewi", "PPL", "0815", "6371040", "T01"])
        report = _import_officers(session, write_xlsx(tmp_path / "p2.xlsx",
                                                      [OFFICER_HEADER, *rows]))
        assert (report.officers.inserted, report.officers.updated) == (1, 1)
        assert session.scalar(select(func.count(Officer.id))) == 5
        assert session.scalar(select(Officer.phone).where(Officer.nik == nik(2))) == "0899"
        assert session.scalar(select(Officer.status).where(
            Officer.nik == nik(2))) is OfficerStatus.AKTIF


@pytest.mark.parametrize("bad_nik, words", [
    (6371040101900002, "angka"),  # typed into a number cell
    ("6.37104E+15", "dirusak Excel"),  # shown in scientific notation, saved as text
    ("637104010190000", "16"),  # one digit short
])
def test_officer_nik_damaged_by_excel_is_refused(db, tmp_path: Path, bad_nik: object,
                                                 words: str) -> None:
    rows = _officer_rows()
    rows[2][1] = bad_nik
    path = write_xlsx(tmp_path / "petugas.xlsx", [OFFICER_HEADER, *rows], sheet="Petugas")
    with db.session() as session:
        _area_master(session, tmp_path)
        with pytest.raises(ImportRefused) as refused:
            _import_officers(session, path)
        (error,) = refused.value.errors
        assert (error.sheet, error.row, error.column) == ("Petugas", 4, "NIK Petugas")
        assert words in error.reason
        assert session.scalar(select(func.count(Officer.id))) == 0


def test_unknown_role_is_refused(db, tmp_path: Path) -> None:
    rows = _officer_rows()
    rows[1][3] = "Satpam"
    with db.session() as session:
        _area_master(session, tmp_path)
        with pytest.raises(ImportRefused) as refused:
            _import_officers(session, write_xlsx(tmp_path / "p.xlsx", [OFFICER_HEADER, *rows]))
        assert refused.value.errors[0].column == "Posisi"
        assert "Satpam" in refused.value.errors[0].reason


def test_a_bad_code_repeated_on_many_rows_is_named_on_each(db, tmp_path: Path) -> None:
    # Each distinct kecamatan code is read once; every row holding a bad one is still named.
    rows = _officer_rows()
    rows[1][5] = rows[3][5] = "63710"
    rows[2][5] = "6371040"
    with db.session() as session:
        _area_master(session, tmp_path)
        with pytest.raises(ImportRefused) as refused:
            _import_officers(session, write_xlsx(tmp_path / "p.xlsx", [OFFICER_HEADER, *rows]))
        assert [(e.row, e.column) for e in refused.value.errors] == [(3, "Kode Kec"),
                                                                     (5, "Kode Kec")]
        assert all("63710" in e.reason for e in refused.value.errors)
        assert session.scalar(select(func.count(Officer.id))) == 0


AUDITED_TABLES = {"officer": "petugas", "team": "tim", "team_member": "anggota tim",
                  "assignment": "penugasan"}


def _logged_rows(session, table: str) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """Each stored row as the flush listener logs it: every column but the skipped ones."""
    columns = [c.key for c in Base.metadata.tables[table].columns if c.key not in SKIPPED]
    return {str(row["id"]): {c: logged_value(c, row[c]) for c in columns}
            for row in session.execute(select(Base.metadata.tables[table])).mappings()}


def _log(session, entity: str, action: str) -> dict[str, tuple[object, object]]:  # type: ignore[no-untyped-def]
    entries = session.execute(select(AuditLog.entity_id, AuditLog.before, AuditLog.after)
                              .where(AuditLog.entity == entity, AuditLog.action == action)
                              .order_by(AuditLog.id)).all()
    assert len({e.entity_id for e in entries}) == len(entries), "one entry per row"
    return {e.entity_id: (e.before, e.after) for e in entries}


def test_officer_import_logs_every_row_it_writes_with_its_values(db, tmp_path: Path) -> None:
    """The list is written in bulk; each officer, team, membership and Koseka post still
    gets the entry an edit would give it, and a second list logs what it changed."""
    header = [*OFFICER_HEADER, "Status"]
    rows = [[*row, "Aktif"] for row in _officer_rows()]
    with db.session() as session:
        _area_master(session, tmp_path)
        _import_officers(session, write_xlsx(tmp_path / "p1.xlsx", [header, *rows]))
        for table, entity in AUDITED_TABLES.items():
            added = _log(session, entity, "tambah")
            assert {k: after for k, (before, after) in added.items()} == \
                _logged_rows(session, table), table
            assert all(before is None for before, _ in added.values())
        assert session.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "ubah")) == 0
        officers = _logged_rows(session, "officer")
        teams_before = _logged_rows(session, "team")
        ids = {row["nik"]: key for key, row in officers.items()}

        rows[1][4] = "0899"  # Ahmad: a new phone
        rows[2][6] = "T02"  # Budi moves to a new team
        rows[3][7] = "Nonaktif"  # Rahmah leaves
        rows.append([5, nik(5), "Dewi", "Koordinator Tim", "0815", "6371040", "T01", "Aktif"])
        _import_officers(session, write_xlsx(tmp_path / "p2.xlsx", [header, *rows]))
        changed = _log(session, "petugas", "ubah")
        assert changed[ids[nik(2)]] == ({"phone": "0812"}, {"phone": "0899"})
        before, after = changed[ids[nik(4)]]
        assert before == {"status": "aktif", "retired_at": None}
        assert after["status"] == "nonaktif" and after["retired_at"] is not None
        assert set(changed) == {ids[nik(2)], ids[nik(4)]}
        officers = _logged_rows(session, "officer")
        dewi = next(key for key, row in officers.items() if row["nik"] == nik(5))
        assert _log(session, "petugas", "tambah")[dewi] == (None, officers[dewi])
        t01 = next(key for key, row in teams_before.items() if row["code"] == "T01")
        assert _log(session, "tim", "ubah") == {
            t01: ({"pml_id": int(ids[nik(1)])}, {"pml_id": int(dewi)})}
        members = _logged_rows(session, "team_member")
        ended = _log(session, "anggota tim", "ubah")
        (old_membership,) = ended
        assert members[old_membership]["officer_id"] == int(ids[nik(3)])
        assert ended[old_membership][0] == {"valid_to": None}
        assert ended[old_membership][1] == {"valid_to": members[old_membership]["valid_to"]}
        assert _log(session, "anggota tim", "tambah").keys() == members.keys()
        assert verify_chain(session).ok


def test_master_import_logs_each_kecamatan_and_kelurahan_it_writes(db, tmp_path: Path) -> None:
    with db.session() as session:
        _import_areas(session, write_xlsx(tmp_path / "m1.xlsx", [AREA_HEADER, *AREA_ROWS]))
        for table, entity in (("kecamatan", "kecamatan"), ("kelurahan", "kelurahan")):
            added = _log(session, entity, "tambah")
            assert {k: after for k, (_, after) in added.items()} == \
                _logged_rows(session, table), table
        kelurahan = _logged_rows(session, "kelurahan")
        alalak = next(k for k, row in kelurahan.items() if row["bps_code"] == "6371040001")
        rows = [list(row) for row in AREA_ROWS]
        rows[1][3] = "Alalak Utara Baru"  # the last row of the kelurahan names it
        report = _import_areas(session, write_xlsx(tmp_path / "m2.xlsx", [AREA_HEADER, *rows]))
        assert (report.kelurahan.updated, report.kelurahan.unchanged) == (1, 1)
        assert _log(session, "kelurahan", "ubah") == {
            alalak: ({"name": "Alalak Utara"}, {"name": "Alalak Utara Baru"})}
        assert session.scalar(select(Kelurahan.name).where(
            Kelurahan.bps_code == "6371040001")) == "Alalak Utara Baru"
        assert not _log(session, "kecamatan", "ubah")
        assert verify_chain(session).ok
