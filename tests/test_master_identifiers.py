"""Identifiers, codes and text in master files and edits: officers, ASN, areas (database)."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.areas import importing as wilayah_import
from models.areas.edit import AreaEditError, add_sls, rename_area
from models.areas.queries import AreaLevel
from models.asn import importing as asn_import
from models.letters.numbers import LetterDraft, LetterNumberError, register_letter
from models.officers import importing as officer_import
from models.officers.edit import OfficerData, OfficerEditError, add_officer
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.asn import AsnEmployee
from models.schema.letters import LetterKind
from models.schema.officers import Officer, OfficerRole, Team
from models.sheets.columns import guess_mapping
from models.sheets.importing import ImportRefused, inspect_file
from models.sheets.reading import head
from tests.builders import SmallCity, nik, set_office_codes, write_csv, write_xlsx

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


BAD_NIKS = [
    ("6371043201900001", "tanggal lahir"),  # day 32
    ("6371047201900001", "tanggal lahir"),  # a woman's day 72 - 40 = 32
    ("6371040101900000", "0000"),
    ("9971040101900001", "provinsi NIK (99)"),
    ("6371990101900001", "637199"),  # no such kecamatan
    ("6371040101900000".translate(SUPERSCRIPT), "16 angka"),
    ("637104010190" + "0001".translate(ARABIC), "16 angka"),
]

# --- officers: the NIK rules of persons, warnings in the report ----------------------

OFFICER_HEADER = ["No", "NIK Petugas", "Nama Lengkap", "Posisi", "Nomor HP", "Tim"]


def _officers(rows: list[list[object]], tmp_path: Path, csv: bool = False) -> Path:
    if csv:  # xlsx cannot hold NUL and most other control characters; a CSV can
        return write_csv(tmp_path / "petugas.csv", [OFFICER_HEADER, *rows], delimiter=";")
    return write_xlsx(tmp_path / "petugas.xlsx", [OFFICER_HEADER, *rows], sheet="Petugas")


def _import_officers(session, path: Path):  # type: ignore[no-untyped-def]
    preview = inspect_file(path, officer_import.FIELDS, officer_import.KIND)
    return officer_import.import_petugas(session, path, preview.mapping, sheet=preview.sheet)


def _good(serial: int) -> list[object]:
    return [serial, nik(serial), f"Petugas {serial}", "PPL", f"0812000{serial:04d}", "T01"]


@pytest.mark.parametrize("bad, words", BAD_NIKS)
def test_an_officer_nik_breaking_a_nik_rule_is_refused(db, tmp_path: Path, bad: str,
                                                       words: str) -> None:
    path = _officers([_good(1), [2, bad, "Ahmad", "PPL", "0812", "T01"]], tmp_path)
    with db.session() as session:
        set_office_codes(session)
        with pytest.raises(ImportRefused) as refused:
            _import_officers(session, path)
        (error,) = refused.value.errors
        assert (error.sheet, error.row, error.column) == ("Petugas", 3, "NIK Petugas")
        assert words in error.reason
        assert session.scalar(select(func.count(Officer.id))) == 0


@pytest.mark.parametrize("bad, words", BAD_NIKS)
def test_an_officer_nik_breaking_a_nik_rule_is_refused_in_the_form(db, bad: str,
                                                                   words: str) -> None:
    with db.session() as session:
        set_office_codes(session)
        with pytest.raises(OfficerEditError, match=re.escape(words)):
            add_officer(session, OfficerData(bad, "Ahmad", OfficerRole.PPL))
        assert session.scalar(select(func.count(Officer.id))) == 0


def test_an_officer_from_another_province_is_stored_with_a_warning(db, tmp_path: Path) -> None:
    path = _officers([_good(1), [2, "3171010101900001", "Ahmad", "PPL", "0812", "T01"]],
                     tmp_path)
    with db.session() as session:
        set_office_codes(session)
        report = _import_officers(session, path)
        assert report.officers.inserted == 2
        (warning,) = report.warnings
        assert (warning.row, warning.column, warning.severity) == (3, "NIK Petugas", "warning")
        assert "luar provinsi" in warning.reason and "Gambir" in warning.reason
        assert "1 peringatan" in report.summary() and "baris 3" in report.summary()
        officer_id = add_officer(session, OfficerData("3171010101900002", "Budi",
                                                      OfficerRole.PPL))
        assert session.get(Officer, officer_id).nik == "3171010101900002"


@pytest.mark.parametrize("csv, name, phone, team", [
    (False, "Siti\nAminah", "0812\t3456", "T\r\n01"),  # Alt+Enter and a tab in xlsx cells
    (True, "Siti\x00 Aminah", "0812\x1b3456", "T\x7f01"),  # NUL, ESC, DEL in a CSV
])
def test_control_characters_in_officer_text_are_cleaned_and_named(
        db, tmp_path: Path, csv: bool, name: str, phone: str, team: str) -> None:
    path = _officers([[1, nik(1), name, "PPL", phone, team]], tmp_path, csv)
    with db.session() as session:
        set_office_codes(session)
        report = _import_officers(session, path)
        officer = session.scalar(select(Officer))
        assert officer.name == "Siti Aminah" and officer.phone in ("0812 3456", "08123456")
        assert session.scalar(select(Team.code)) in ("T 01", "T01")
        assert {(w.row, w.column) for w in report.warnings} == {
            (2, "Nama Lengkap"), (2, "Nomor HP"), (2, "Tim")}
        officer_id = add_officer(session, OfficerData(nik(2), "Budi\tSantoso\x00",
                                                      OfficerRole.PPL, phone="0813\n"))
        added = session.get(Officer, officer_id)
        assert (added.name, added.phone) == ("Budi Santoso", "0813")


def test_a_phone_number_cell_keeps_its_leading_0_with_a_warning(db, tmp_path: Path) -> None:
    path = _officers([[1, nik(1), "Siti", "PPL", 81234567890, "T01"],
                      [2, nik(2), "Ahmad", "PPL", 5112345, "T01"],
                      [3, nik(3), "Budi", "PPL", "081300001111", "T01"]], tmp_path)
    with db.session() as session:
        set_office_codes(session)
        report = _import_officers(session, path)
        phones = dict(session.execute(select(Officer.name, Officer.phone)).all())
        assert phones == {"Siti": "081234567890", "Ahmad": "5112345", "Budi": "081300001111"}
        found = {(w.row, w.column): w.reason for w in report.warnings}
        assert set(found) == {(2, "Nomor HP"), (3, "Nomor HP")}
        assert "dibaca sebagai 081234567890" in found[2, "Nomor HP"]
        assert "Periksa nomornya" in found[3, "Nomor HP"]


# --- ASN: NIP rules, text cleaned -----------------------------------------------------

ASN_HEADER = ["No", "Nama Pegawai", "NIP Baru", "NIK", "Unit Kerja", "Perangkat Daerah"]


def _import_asn(session, path: Path):  # type: ignore[no-untyped-def]
    return asn_import.import_asn(session, path, guess_mapping(head(path), asn_import.FIELDS))


@pytest.mark.parametrize("nip, words", [
    ("198001012005013002", "jenis kelamin"),
    ("198001012005011000", "000"),
    ("200201012019121001", "berumur 18"),
    (f"{date.today().year + 1}01012045011001", "belum terjadi"),
    ("198001012005011002".translate(SUPERSCRIPT), "18 angka"),
    ("١٩٨٠٠١٠١٢٠٠٥٠١١٠٠٢", "18 angka"),
])
def test_a_nip_breaking_a_nip_rule_is_refused(db, tmp_path: Path, nip: str, words: str) -> None:
    path = write_xlsx(tmp_path / "asn.xlsx", [
        ASN_HEADER, [1, "Rina", "198001012005012001", nik(1), "Umum", "Dinas Sosial"],
        [2, "Budi", nip, nik(2), "Umum", "Dinas Sosial"]])
    with db.session() as session:
        set_office_codes(session)
        with pytest.raises(ImportRefused) as refused:
            _import_asn(session, path)
        (error,) = refused.value.errors
        assert (error.row, error.column) == (3, "NIP Baru") and words in error.reason
        assert session.scalar(select(func.count(AsnEmployee.id))) == 0


def test_control_characters_in_an_asn_list_are_cleaned_and_named(db, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "asn.csv", [
        ASN_HEADER, [1, "Rina\x00", "198001012005012001", nik(1), "Bidang\x07 Umum",
                     "Dinas\x1b Sosial"]], delimiter=";")
    with db.session() as session:
        set_office_codes(session)
        report = _import_asn(session, path)
        employee = session.scalar(select(AsnEmployee))
        assert (employee.name, employee.unit) == ("Rina", "Bidang Umum")
        assert report.agencies == ["Dinas Sosial"]
        assert {(w.row, w.column) for w in report.warnings} == {
            (2, "Nama Pegawai"), (2, "Unit Kerja"), (2, "Perangkat Daerah")}


# --- the area master: Kemendagri codes, text cleaned -----------------------------------

AREA_HEADER = ["Kode Kecamatan", "Kecamatan", "Kode Desa", "Nama Kelurahan", "IDSLS",
               "Nama RT", "Muatan", "Kode Kemendagri Kecamatan", "Kode Kemendagri Desa"]


def _area(kec: str, kel: str, sls: str, kec_dagri: str = "", kel_dagri: str = "",
          kec_name: str = "", kel_name: str = "Kelurahan", sls_name: str = "RT") -> list[object]:
    names = {"6371040": "Banjarmasin Utara", "6371031": "Banjarmasin Tengah",
             "6371020": "Banjarmasin Selatan"}
    return [kec, kec_name or names.get(kec, "Kecamatan"), kel, kel_name, f"{kel}{sls}00",
            sls_name, 10, kec_dagri, kel_dagri]


GOOD_AREAS = [
    _area("6371040", "6371040001", "0001", "637104", "6371041001"),
    _area("6371040", "6371040001", "0002", "637104", "6371041001"),
    _area("6371031", "6371031005", "0001", "637105", "1002"),  # the 4 digits of the desa
]


def _import_areas(session, rows: list[list[object]], tmp_path: Path,  # type: ignore[no-untyped-def]
                  name: str = "master.xlsx"):
    path = write_xlsx(tmp_path / name, [AREA_HEADER, *rows], sheet="SLS")
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND)
    assert not preview.missing
    return wilayah_import.import_wilayah(session, path, preview.mapping, sheet=preview.sheet)


def test_good_kemendagri_codes_are_stored(db, tmp_path: Path) -> None:
    with db.session() as session:
        report = _import_areas(session, GOOD_AREAS, tmp_path)
        assert report.warnings == []
        assert dict(session.execute(select(Kecamatan.bps_code, Kecamatan.kemendagri_code)
                                    ).all()) == {"6371040": "637104", "6371031": "637105"}
        assert dict(session.execute(select(Kelurahan.bps_code, Kelurahan.kemendagri_code)
                                    ).all()) == {"6371040001": "6371041001",
                                                 "6371031005": "6371051002"}


BAD_CODES = {
    "unknown kecamatan": ([_area("6371020", "6371020001", "0001", "637199")],
                          5, "Kode Kemendagri Kecamatan", "tidak ada di tabel"),
    "unknown province": ([_area("6371020", "6371020001", "0001", "990101")],
                         5, "Kode Kemendagri Kecamatan", "provinsi 99"),
    "two kecamatan, one code": ([_area("6371020", "6371020001", "0001", "637104")],
                                5, "Kode Kemendagri Kecamatan", "juga dipakai kecamatan 6371040"),
    "another kab/kota": ([_area("6371020", "6371020001", "0001", "630101")],
                         5, "Kode Kemendagri Kecamatan", "kabupaten/kota"),
    "one kecamatan, two codes": ([_area("6371040", "6371040001", "0003", "637101")],
                                 5, "Kode Kemendagri Kecamatan", "baris 2 adalah 637104"),
    "desa outside its kecamatan": ([_area("6371040", "6371040002", "0001", "637104",
                                          "6371051003")],
                                   5, "Kode Kemendagri Desa", "tidak diawali"),
    "two desa, one code": ([_area("6371040", "6371040002", "0001", "637104", "6371041001")],
                           5, "Kode Kemendagri Desa", "juga dipakai kelurahan/desa 6371040001"),
    "one desa, two codes": ([_area("6371040", "6371040001", "0003", "637104", "6371041009")],
                            5, "Kode Kemendagri Desa", "baris 2 adalah 6371041001"),
}


@pytest.mark.parametrize("case", BAD_CODES)
def test_a_wrong_kemendagri_code_in_the_file_is_refused_with_its_place(db, tmp_path: Path,
                                                                      case: str) -> None:
    extra, row, column, words = BAD_CODES[case]
    with db.session() as session:
        with pytest.raises(ImportRefused) as refused:
            _import_areas(session, [*GOOD_AREAS, *extra], tmp_path)
        found = [(e.row, e.column, e.reason) for e in refused.value.errors]
        assert any((r, c) == (row, column) and words in reason
                   for r, c, reason in found), found
        assert session.scalar(select(func.count(Kecamatan.id))) == 0
        assert session.scalar(select(func.count(Sls.id))) == 0


@pytest.mark.parametrize("case, rows, column, words", [
    ("kecamatan taken by a stored one", [_area("6371020", "6371020001", "0001", "637105")],
     "Kode Kemendagri Kecamatan", "6371031 (sudah tersimpan)"),
    ("desa taken by a stored one", [_area("6371040", "6371040002", "0001", "637104",
                                          "6371041001")],
     "Kode Kemendagri Desa", "6371040001 (sudah tersimpan)"),
    ("kecamatan moved, its stored desa left behind", [_area("6371040", "6371040001", "0001",
                                                            "637101")],
     "Kode Kemendagri Kecamatan", "6371040001 sudah tersimpan"),
    ("4-digit desa joined to the stored kecamatan code", [_area("6371031", "6371031009",
                                                                "0001", "", "1001")],
     None, None),
    ("4-digit desa with no kecamatan code anywhere", [_area("6371020", "6371020001", "0001",
                                                            "", "1001")],
     "Kode Kemendagri Desa", "memerlukan kode Kemendagri kecamatannya"),
])
def test_kemendagri_codes_are_checked_against_what_is_stored(db, tmp_path: Path, case: str,
                                                             rows: list[list[object]],
                                                             column: str | None,
                                                             words: str | None) -> None:
    with db.session() as session:
        _import_areas(session, GOOD_AREAS, tmp_path, "v1.xlsx")
        if column is None:
            _import_areas(session, rows, tmp_path, "v2.xlsx")
            assert session.scalar(select(Kelurahan.kemendagri_code).where(
                Kelurahan.bps_code == "6371031009")) == "6371051001"
            return
        with pytest.raises(ImportRefused) as refused:
            _import_areas(session, rows, tmp_path, "v2.xlsx")
        (error,) = refused.value.errors
        assert (error.row, error.column) == (2, column) and words in error.reason, error
        assert session.scalar(select(func.count(Sls.id))) == 3


def test_a_code_of_another_kecamatan_name_is_a_warning(db, tmp_path: Path) -> None:
    rows = [_area("6371040", "6371040001", "0001", "637101", kec_name="Banjarmasin Utara")]
    with db.session() as session:
        report = _import_areas(session, rows, tmp_path)
        (warning,) = report.warnings
        assert (warning.row, warning.column) == (2, "Kode Kemendagri Kecamatan")
        assert "Banjarmasin Selatan" in warning.reason and "Banjarmasin Utara" in warning.reason


def test_control_characters_in_area_names_are_cleaned_and_named(db, tmp_path: Path) -> None:
    rows = [_area("6371040", "6371040001", "0001", kec_name="Banjarmasin\x00Utara",
                  kel_name="Alalak\tUtara", sls_name="RT\x07 001")]
    path = write_csv(tmp_path / "master.csv", [AREA_HEADER, *rows], delimiter=";")
    preview = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND)
    with db.session() as session:
        report = wilayah_import.import_wilayah(session, path, preview.mapping, sheet=preview.sheet)
        assert session.scalar(select(Kecamatan.name)) == "BanjarmasinUtara"
        assert session.scalar(select(Kelurahan.name)) == "Alalak Utara"
        assert session.scalar(select(Sls.name)) == "RT 001"
        assert {(w.row, w.column) for w in report.warnings} == {
            (2, "Kecamatan"), (2, "Nama Kelurahan"), (2, "Nama RT")}
        assert "3 peringatan" in report.summary()


@pytest.mark.parametrize("code", ["6371040001000100".translate(SUPERSCRIPT),
                                  "637104000100" + "0100".translate(ARABIC)])
def test_look_alike_digits_in_an_sls_code_are_refused(db, tmp_path: Path, code: str) -> None:
    row = _area("6371040", "6371040001", "0001")
    row[4] = code
    with db.session() as session:
        with pytest.raises(ImportRefused) as refused:
            _import_areas(session, [row], tmp_path)
        (error,) = refused.value.errors
        assert (error.row, error.column) == (2, "IDSLS") and "16" in error.reason


def test_area_edits_refuse_look_alike_digits_and_clean_names(db) -> None:
    with db.session() as session:
        city = SmallCity(session)
        for number in ("0003".translate(SUPERSCRIPT), "0003".translate(ARABIC), "００03"):
            with pytest.raises(AreaEditError, match="4 angka"):
                add_sls(session, city.kel_b.id, number, "RT 003", households=1)
        new_id = add_sls(session, city.kel_b.id, "0003", "RT\t003\x00", households=1)
        sls = session.get(Sls, new_id)
        assert sls.name == "RT 003"
        rename_area(session, AreaLevel.SLS, new_id, "RT 003\r\nMelati", seen_version=sls.version_id)
        assert session.scalar(select(Sls.name).where(Sls.id == new_id)) == "RT 003 Melati"


@pytest.mark.parametrize("satker", ["٦٣٧١٠", "６３７１０", "63⁷10"])
def test_a_satker_code_in_other_digits_gives_no_letter_number(db, satker: str) -> None:
    with db.session() as session:
        set_office_codes(session, satker=satker)
        with pytest.raises(LetterNumberError, match="Kode satker"):
            register_letter(session, LetterDraft(LetterKind.LAINNYA, "Hal", "Kepada",
                                                 date(2020, 9, 1)), "sari")


def test_a_phone_number_saved_from_a_number_cell_to_csv_is_named(db, tmp_path: Path) -> None:
    path = _officers([[1, nik(1), "Siti", "PPL", "81234567890", "T01"],
                      [2, nik(2), "Ahmad", "PPL", "8,12346E+10", "T01"],
                      [3, nik(3), "Budi", "PPL", "81234567890.0", "T01"],
                      [4, nik(4), "Citra", "PPL", "0813-0000-1111", "T01"]], tmp_path, csv=True)
    with db.session() as session:
        set_office_codes(session)
        report = _import_officers(session, path)
        phones = dict(session.execute(select(Officer.name, Officer.phone)).all())
    assert phones["Siti"] == "081234567890" and phones["Citra"] == "0813-0000-1111"
    assert {w.row for w in report.warnings if w.column == "Nomor HP"} == {2, 3, 4}


@pytest.mark.parametrize("column", [2, 4, 5])  # name, phone, team
def test_master_text_longer_than_its_column_is_refused_not_cut(db, tmp_path: Path,
                                                               column: int) -> None:
    row = _good(2)
    row[column] = "x" * 5000
    path = _officers([_good(1), row], tmp_path)
    with db.session() as session:
        set_office_codes(session)
        with pytest.raises(ImportRefused) as refused:
            _import_officers(session, path)
        assert session.scalar(select(func.count()).select_from(Officer)) == 0
    (error,) = refused.value.errors
    assert (error.row, error.column) == (3, OFFICER_HEADER[column])
    assert "terlalu panjang (5.000 karakter" in error.reason


def test_an_area_name_longer_than_its_column_is_refused(db, tmp_path: Path) -> None:
    long_name = "Kelurahan " + "Panjang " * 40
    with db.session() as session, pytest.raises(ImportRefused) as refused:
        set_office_codes(session)
        _import_areas(session, [_area("6371040", "6371040001", "0001"),
                                _area("6371040", "6371040002", "0001", kel_name=long_name)],
                      tmp_path)
    assert any("terlalu panjang" in e.reason for e in refused.value.errors)
