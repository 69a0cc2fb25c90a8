"""The officer list read as columns finds what the row rules find: same records, same problems."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from models.ids.kemendagri import load_codes
from models.officers import importing as officer_import
from models.persons.rules import NikRules
from models.schema.officers import OfficerRole
from models.sheets import plain_rows
from models.sheets.column_reading import read_columns
from models.sheets.importing import ImportProblems, inspect_file
from tests.builders import write_xlsx
from tests.test_master_column_check import _excel_like

HEADER = ["No", "NIK Petugas", "Nama Lengkap", "Posisi", "Nomor HP", "Email", "Kode Kec", "Tim",
          "Status"]
LABELS = {OfficerRole.PPL: "PCL", OfficerRole.PML: "Koordinator Tim",
          OfficerRole.KOSEKA: "Koseka"}
PLAIN = 300


def _nik(area: str, day: int, serial: int) -> str:
    return f"{area}{day:02d}0890{serial:04d}"


def _plain_rows(seed: int = 5) -> list[list[Any]]:
    """Rows as an office's list has them: NIKs and codes typed as text, a few role names."""
    rng = random.Random(seed)
    return [[n, _nik(rng.choice(["637104", "637101", "630101"]), rng.randrange(1, 29), n + 1),
             f"Petugas {n:03d}", rng.choice(["PCL", "PPL", "pencacah", "Koordinator Tim",
                                             "PML", "Koseka"]),
             rng.choice(["", "081234567890", "0511-3301234"]),
             rng.choice(["", f"petugas{n}@bps.go.id"]), rng.choice(["6371040", "010", ""]),
             rng.choice(["", "T01", " T02 "]), rng.choice(["", "Aktif", "Nonaktif"])]
            for n in range(PLAIN)]


def _odd_rows() -> list[list[Any]]:
    """One row for each thing the row rules refuse, warn about or read in their own way."""
    serials = iter(range(5000, 6000))

    def row(**changes: Any) -> list[Any]:
        cells = [0, _nik("637104", 12, next(serials)), "Rahmah", "PCL", "0812", "", "6371040",
                 "T09", ""]
        for name, value in changes.items():
            cells[HEADER.index(name.replace("_", " "))] = value
        return cells

    return [
        row(NIK_Petugas=6371041208900001),  # typed into a number cell
        row(NIK_Petugas="6.37104E+15"),  # shown as a number, saved as text
        row(NIK_Petugas="637104120890001"),  # one digit short
        row(NIK_Petugas="６３７１０４１２０８９００００２"),  # full-width digits
        row(NIK_Petugas=" 6371041208900003 "),  # spaces around
        row(NIK_Petugas="6371043208900004"),  # no 32nd day
        row(NIK_Petugas="6371041208900000"),  # serial 0000
        row(NIK_Petugas="9971041208900005"),  # no such province
        row(NIK_Petugas="6371991208900006"),  # no such kecamatan in the province
        row(NIK_Petugas="3171011208900007"),  # another province: a warning
        row(Nama_Lengkap=""), row(Nama_Lengkap="   "), row(Nama_Lengkap="Siti\tAminah"),
        row(Nama_Lengkap="Ahmad Fauzi é"), row(Nama_Lengkap="N" * 151), row(Nama_Lengkap=17),
        row(Posisi="Juru masak"), row(Posisi=1), row(Posisi="koordinator  tim"),
        row(Posisi=""),
        row(Nomor_HP=81234567890), row(Nomor_HP=5113301234), row(Nomor_HP="81234567890"),
        row(Nomor_HP="8,12346E+09"), row(Nomor_HP="812345678.0"), row(Nomor_HP="0" * 40),
        row(Nomor_HP="0812\n3456"),
        row(Email="a" * 200 + "@bps.go.id"), row(Email="ani@bps\x7f.go.id"),
        row(Kode_Kec=6371040), row(Kode_Kec="63710"), row(Kode_Kec="637 1040"),
        row(Kode_Kec="   "), row(Kode_Kec="7"),
        row(Tim="T" * 40), row(Tim=12), row(Tim="Tim\u00a0Satu"),
        row(Status=0), row(Status="TIDAK AKTIF"), row(Status=True),
        row(NIK_Petugas=_nik("637104", 3, 2)),  # a plain row's NIK again
        [None, "", "", "", "", "", "", "", ""],  # blank: skipped
        [None, "", "   ", "", "", "", "", "", ""],  # spaces only: skipped too
    ]


def _sheet() -> list[list[Any]]:
    plain = _plain_rows()
    plain[1][1] = _nik("637104", 3, 2)
    odd = _odd_rows()
    mixed: list[list[Any]] = []
    for at, cells in enumerate(plain):  # the odd rows spread among the plain ones
        mixed.append(cells)
        if at % 7 == 3 and odd:
            mixed.append(odd.pop(0))
    mixed += odd
    mixed.append(list(plain[9]))  # a plain row twice
    return [["Daftar Petugas SP2020"], HEADER, *mixed]


def _parsed(path: Path, rules: NikRules) -> tuple[list[Any], list[Any], list[Any]]:
    preview = inspect_file(path, officer_import.FIELDS, officer_import.KIND)
    assert not preview.missing
    problems = ImportProblems(path.name, preview.sheet)
    records = officer_import.parse_rows(path, preview.sheet, preview.mapping, region="6371",
                                        labels=LABELS, rules=rules, problems=problems,
                                        progress=None)
    return records, problems.errors, problems.warnings


@pytest.mark.parametrize("province", ["63", "31"])
@pytest.mark.parametrize("layout", ["openpyxl", "excel"])
def test_column_reading_finds_what_the_row_rules_find(tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                      layout: str, province: str) -> None:
    """Of the office's province, most NIKs are quiet; of another, each one warns."""
    rows = _sheet()
    path = (write_xlsx(tmp_path / "petugas.xlsx", rows, sheet="Data") if layout == "openpyxl"
            else _excel_like(tmp_path / "petugas.xlsx", rows))
    rules = NikRules(load_codes(), province, this_year=2020)
    preview = inspect_file(path, officer_import.FIELDS, officer_import.KIND)
    columns = read_columns(path, preview.sheet, preview.mapping, dates=frozenset(),
                           mapped_only=True)
    assert columns is not None, "the sheet is read as columns"
    row_rules = officer_import.RowRules(preview.mapping, region="6371", labels=LABELS,
                                        rules=rules)
    plain = row_rules.plain(columns)["plain"]
    # the generated rows are read at once (and some odd rows that are plain after all);
    # the rest go through the row rules
    assert PLAIN < plain.sum() < len(plain) - 25

    by_columns = _parsed(path, rules)
    monkeypatch.setattr(plain_rows, "read_columns", lambda *args, **kwargs: None)
    by_rows = _parsed(path, rules)
    records, errors, warnings = by_columns
    assert records == by_rows[0]
    assert errors == by_rows[1]
    assert warnings == by_rows[2]
    assert len(records) > PLAIN and len(errors) >= 15 and len(warnings) >= 8  # each kind
