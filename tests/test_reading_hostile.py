"""Hostile spreadsheets (issue 17): huge used ranges, huge or odd CSV cells, missing sheets,
uncomputed .xls formulas, header-only files and two-row headers. Each is read or refused
in Indonesian, naming the file (and the sheet, row and column where there is one)."""
from __future__ import annotations

import json
import struct
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlwt
from openpyxl import Workbook
from sqlalchemy import func, select

from models.areas import importing as wilayah_import
from models.asn import importing as asn_import
from models.ids.nik import compose_nik
from models.officers import importing as officer_import
from models.persons import recap as sls_recap
from models.persons.fields import FIELDS
from models.persons.importing import OnError, import_persons
from models.schema.batches import ImportBatch, ImportKind
from models.sheets.columns import guess_mapping
from models.sheets.importing import data_rows, inspect_file
from models.sheets.reading import SpreadsheetError, head, open_rows, sheet_names
from tests.builders import SmallCity, nik, set_office_codes, write_csv, write_xlsx
from tests.raw_sheets import (
    HEADER_CELLS,
    ODS_HEADER,
    blank_cells,
    ods_row,
    raw_ods,
    raw_xlsx,
    stray_cell_xlsx,
    text_cell,
    xls_claiming_rows,
    xls_with_far_cell,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"

# ---------------------------------------------------------------- readers in a child

CHILD = """
import json, resource, sys
from pathlib import Path
limit = int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # calamine would grab far more
from models.schema.batches import ImportKind
from models.errors import KendaliError
from models.sheets.importing import inspect_file
from models.persons.fields import FIELDS
from models.sheets.reading import open_rows, sheet_names
path, step, sheet = Path(sys.argv[1]), sys.argv[2], sys.argv[3] or None
try:
    if step == "names":
        answer = sheet_names(path)
    elif step == "inspect":
        answer = inspect_file(path, FIELDS[ImportKind.ONLINE], "online", sheet).sheet
    else:
        answer = sum(1 for _ in open_rows(path, sheet).rows)
    print(json.dumps({"read": answer}))
except KendaliError as error:
    print(json.dumps({"refused": error.message}))
"""
CHILD_MEMORY = 3 << 30


def read_in_child(path: Path, step: str, sheet: str | None = None) -> dict[str, Any]:
    """One reading step in a child process: an abort must not take pytest down with it."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), step, sheet or "",
                           str(CHILD_MEMORY)], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert done.returncode == 0, f"the reader died (exit {done.returncode}): {done.stderr[-1500:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- hand-made files

REFUSED = {
    "xlsx: a stray cell at XFD1048576": (
        lambda p: stray_cell_xlsx(p / "liar.xlsx", {"XFD1048576": "x"}), "XFD1048576"),
    "xlsx: the last column in row 1, the last row in column A": (
        lambda p: stray_cell_xlsx(p / "sudut.xlsx", {"XFD1": "x", "A1048576": "y"}),
        "XFD1048576"),
    "xlsx: a far cell written by hand, with no other attribute": (
        lambda p: raw_xlsx(p / "tangan.xlsx",
                           HEADER_CELLS + '<row r="900000"><c r="ZZ900000"><v>1</v></c></row>'),
        "ZZ900000"),
    "xlsx: a far empty text cell (calamine keeps it)": (
        lambda p: raw_xlsx(p / "teks-kosong.xlsx", HEADER_CELLS + '<row r="99999"><c '
                           'r="AAA99999" t="inlineStr"><is><t></t></is></c></row>'),
        "AAA99999"),
    "xlsx: cells without r, 16384 of them in the last row": (
        lambda p: raw_xlsx(p / "tanpa-r.xlsx", HEADER_CELLS + '<row r="1048576">'
                           + "<c><v>1</v></c>" * 16384 + "</row>"), None),
    "xlsx: a prefixed cell element far away": (
        lambda p: raw_xlsx(p / "awalan.xlsx", HEADER_CELLS + '<row r="1048576">'
                           '<x:c r="XFD1048576"><x:v>1</x:v></x:c></row>'), None),
    "ods: a million blank rows, then a wide row": (
        lambda p: raw_ods(p / "kosong.ods", {"Data": ODS_HEADER + ods_row(blank_cells(2),
                                                                          1_000_000)
                                             + ods_row(blank_cells(700) + text_cell("x"))}),
        "ZY1000003"),
    "ods: a repeated value over 700 columns and 100000 rows": (
        lambda p: raw_ods(p / "ulang.ods", {"Data": ODS_HEADER
                                            + ods_row(text_cell("x", 700), 100_000)}),
        "ZX100002"),
    "xls: a cell record in column 65535": (lambda p: xls_with_far_cell(p / "jauh.xls"), None),
    "xls: a DIMENSIONS record claiming four billion rows": (
        lambda p: xls_claiming_rows(p / "dimensi.xls"), None),
}


# A harmless file close to each refused one: the guard refuses only what calamine cannot hold.
TWINS = {
    "xlsx: a stray cell at XFD1048576": (
        lambda p: stray_cell_xlsx(p / "format.xlsx", {"XFD1048576": None}, True), 2),
    "xlsx: a far cell written by hand, with no other attribute": (
        lambda p: raw_xlsx(p / "acak.xlsx", '<row r="3"><c r="B3"><v>3</v></c></row>'
                           + HEADER_CELLS), 3),
    "ods: a million blank rows, then a wide row": (
        lambda p: raw_ods(p / "jarang.ods", {"Data": ODS_HEADER + ods_row(blank_cells(2),
                                                                          1_000_000)
                                             + ods_row(text_cell("2") + text_cell("Budi"))}),
        1_000_003),
    "ods: a repeated value over 700 columns and 100000 rows": (
        lambda p: raw_ods(p / "lo.ods", {"Data": ODS_HEADER + ods_row(blank_cells(1024),
                                                                      1_048_574)}), 2),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_huge_used_range_is_refused_before_it_is_loaded(tmp_path: Path, case: str) -> None:
    make, far = REFUSED[case]
    path = make(tmp_path)
    for step in ("inspect", "rows"):
        answer = read_in_child(path, step)
        assert "refused" in answer, answer
        message = answer["refused"]
        assert path.name in message
        if far:
            assert f"sel terjauh {far}" in message and "lembar Data" in message
            assert "Hapus isi sel di luar tabel" in message
        else:
            assert "tidak dapat dibaca dengan aman" in message or "sel terjauh" in message
    if case in TWINS:  # formatting-only far cells, blank repeats: calamine holds them fine
        twin, rows = TWINS[case]
        assert read_in_child(twin(tmp_path), "rows") == {"read": rows}


def test_a_hostile_second_table_refuses_an_ods_on_opening(tmp_path: Path) -> None:
    """calamine reads every table of an ods when it opens it, chosen or not."""
    path = raw_ods(tmp_path / "dua.ods", {
        "Data": ODS_HEADER,
        "Catatan": ods_row(text_cell("x", 16384), 10_000)})
    answer = read_in_child(path, "names")
    assert "refused" in answer and "lembar Catatan" in answer["refused"], answer


def test_a_claimed_shared_string_count_is_refused(tmp_path: Path) -> None:
    """calamine reserves room for the count the shared strings claim, before reading them."""
    path = raw_xlsx(tmp_path / "teks.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                    strings=["NIK"], unique=99_999_999_999)
    answer = read_in_child(path, "names")
    assert "refused" in answer and "teks.xlsx" in answer["refused"], answer


# ---------------------------------------------------------------- 2. huge CSV cells

@pytest.mark.parametrize("size", [200_000, 1_000_000])
def test_a_csv_cell_over_excels_limit_is_refused_naming_row_and_column(tmp_path: Path,
                                                                       size: int) -> None:
    path = write_csv(tmp_path / "besar.csv", [["NIK", "Nama", "Alamat"],
                                              [nik(1), "Siti", "Jl. A"],
                                              [nik(2), "Budi", "x" * size]])
    with pytest.raises(SpreadsheetError) as refused:
        inspect_file(path, FIELDS[ImportKind.ONLINE], "online")
    assert "besar.csv, baris 3, kolom C" in refused.value.message
    assert "32.767" in refused.value.message
    fits = write_csv(tmp_path / "pas.csv", [["NIK", "Nama"], [nik(1), "y" * 32_767]])
    preview = inspect_file(fits, FIELDS[ImportKind.ONLINE], "online")
    assert [values["name"] for _row, values in data_rows(fits, None, preview.mapping)] == [
        "y" * 32_767]


@pytest.mark.parametrize("content,delimiter", [("baris\r\n", ","), ('""\n;,', ";")],
                         ids=["lines", "quotes and delimiters"])
def test_a_quoted_csv_cell_of_many_lines_over_the_limit_is_refused(
        tmp_path: Path, content: str, delimiter: str) -> None:
    """However its lines look, the cell is one cell: the delimiter is still found, and the
    refusal names the cell."""
    cell = '"' + content * 9000 + '"'  # over 32,767 once '""' reads as '"'
    path = tmp_path / "panjang.csv"
    path.write_text(f"NIK{delimiter}Nama\r\n{nik(1)}{delimiter}{cell}\r\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match="panjang.csv, baris 2, kolom B"):
        inspect_file(path, FIELDS[ImportKind.ONLINE], "online")


# ---------------------------------------------------------------- 3. line separators in CSV

SEPARATORS = ["\u2028", "\u2029", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "latin-1"])
def test_only_real_record_ends_split_csv_rows(tmp_path: Path, encoding: str) -> None:
    names = [f"Nama{sep}Kedua" for sep in SEPARATORS if sep.encode(encoding, "ignore")]
    lines = ["NIK;Nama;Alamat"] + [f"{nik(i)};{name};Jl. {i}" for i, name in enumerate(names)]
    lines.append(f'{nik(99)};"Dua\r\nbaris";"Jl.\nBaru"')  # quoted line breaks stay in
    text = "\r\n".join(lines) + "\r\n"
    if encoding == "latin-1":
        text = text.replace("Jl. 0", "Jl. \x810")  # undefined in cp1252: read as latin-1
    path = tmp_path / "pemisah.csv"
    path.write_bytes(text.encode(encoding))
    loaded = open_rows(path)
    rows = list(loaded.rows)
    assert len(rows) == len(names) + 2
    assert [row[1] for row in rows[1:-1]] == names
    assert rows[-1] == [nik(99), "Dua\r\nbaris", "Jl.\nBaru"]
    assert loaded.total >= len(rows)  # a line break inside quotes counts: an upper bound
    plain = open_rows(write_csv(tmp_path / "biasa.csv", [["NIK", "Nama"], [nik(1), "A"]]))
    assert plain.total == len(list(plain.rows)) == 2


# ---------------------------------------------------------------- 4. a sheet that is not there

def _two_sheets(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "dua.xlsx", [["Catatan"], ["bukan data"]], sheet="Catatan",
                      extra_sheets={"SLS": [["IDSLS", "Nama SLS", "Jumlah KK"],
                                            ["6371040001000100", "RT 001", 10]]})


def test_a_missing_sheet_is_refused_listing_the_sheets(tmp_path: Path) -> None:
    path = _two_sheets(tmp_path)
    assert sheet_names(path) == ["Catatan", "SLS"]
    for read in (lambda: inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND, "SL5"),
                 lambda: open_rows(path, "SL5"), lambda: head(path, "SL5"),
                 lambda: list(data_rows(path, "SL5", guess_mapping([], [])))):
        with pytest.raises(SpreadsheetError) as refused:
            read()
        assert refused.value.message == ("Lembar 'SL5' tidak ada di berkas dua.xlsx. Lembar "
                                         "yang ada: 'Catatan', 'SLS'.")
    csv_path = write_csv(tmp_path / "sls.csv", [["IDSLS"], ["6371040001000100"]])
    with pytest.raises(SpreadsheetError, match="Lembar yang ada: 'sls'"):
        open_rows(csv_path, "Sheet1")


def test_core_imports_refuse_a_missing_sheet_and_store_nothing(db, tmp_path: Path) -> None:
    path = _two_sheets(tmp_path)
    mapping = inspect_file(path, wilayah_import.FIELDS, wilayah_import.KIND, "SLS").mapping
    with db.session() as session:
        set_office_codes(session)
        with pytest.raises(SpreadsheetError, match="'SL5' tidak ada"):
            wilayah_import.import_wilayah(session, path, mapping, sheet="SL5")
        people = _online_file(tmp_path, [_person(1)])
        preview = inspect_file(people, FIELDS[ImportKind.ONLINE], "online")
        with pytest.raises(SpreadsheetError, match="'Lembar1' tidak ada"):
            import_persons(session, ImportKind.ONLINE, people, preview.mapping, sheet="Lembar1")
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_cli_refuses_a_mistyped_sheet(tmp_path: Path) -> None:
    path = _two_sheets(tmp_path)
    done = subprocess.run([sys.executable, "-m", "desktop.main", "--db",
                           str(tmp_path / "x.sqlite"), "import-wilayah", str(path), "--sheet",
                           "SL5"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2
    assert "Lembar 'SL5' tidak ada di berkas dua.xlsx" in done.stderr
    assert "'Catatan', 'SLS'" in done.stderr


# ---------------------------------------------------------------- 5. .xls formula results

def _uncomputed_xls(path: Path, cached: bytes) -> Path:
    """Formulas as a writer that does not calculate leaves them: every result `cached`."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    header = ["NIK", "Nama Depan", "Nama Belakang", "Nama Lengkap", "IDSLS"]
    for col, name in enumerate(header):
        sheet.write(0, col, name)
    for row in (1, 2):
        sheet.write(row, 0, nik(row))
        sheet.write(row, 1, "Siti")
        sheet.write(row, 2, "Aminah")
        sheet.write(row, 3, xlwt.Formula(f'B{row + 1}&" "&C{row + 1}'))
        sheet.write(row, 4, "6371040001000100")
    book.save(str(path))
    data = bytearray(path.read_bytes())
    start = 0
    while (at := data.find(b"\x06\x00", start)) >= 0:  # FORMULA: row, col, xf, result
        start = at + 1
        length, row, col = struct.unpack_from("<HHH", data, at + 2)
        if 20 <= length < 200 and row in (1, 2) and col == 3:
            data[at + 10:at + 18] = cached
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("cached", [b"\x00" * 8, b"\x03\x00\x00\x00\x00\x00\xff\xff"],
                         ids=["numeric 0", "empty string"])
def test_uncomputed_xls_formulas_are_refused_not_stored_as_zero(tmp_path: Path,
                                                                cached: bytes) -> None:
    path = _uncomputed_xls(tmp_path / "rumus.xls", cached)
    with pytest.raises(SpreadsheetError) as refused:
        inspect_file(path, FIELDS[ImportKind.ONLINE], "online")
    message = refused.value.message
    assert "rumus.xls, lembar Data: kolom D berisi rumus yang hasilnya belum pernah dihitung" \
        in message and "sel D2" in message
    # LibreOffice (like Excel) stores a text result in a STRING record after the formula
    rows = list(open_rows(FIXTURES / "formula_results.xls").rows)
    assert [row[3] for row in rows[1:]] == ["Siti Aminah", "Ahmad Yani"]
    assert [row[4] for row in rows[1:]] == [2.0, 6.0]


# ---------------------------------------------------------------- 6. a header and no data

def _person(serial: int) -> list[Any]:
    return [compose_nik("637104", date(1990, 8, 17), False, serial), "6371040101200001",
            f"Warga {serial}", "L", date(1990, 8, 17), "6371040001000100", "Jl. Pramuka",
            datetime(2020, 2, 16, 9, 0)]


PERSON_HEADER = ["NIK", "No. KK", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "IDSLS",
                 "Alamat", "Waktu Submit"]


def _online_file(tmp_path: Path, rows: list[list[Any]], name: str = "online.xlsx") -> Path:
    return write_xlsx(tmp_path / name, [["Ekspor SP Online"], PERSON_HEADER, *rows],
                      sheet="Data")


EMPTY_KINDS = {
    "wilayah": (wilayah_import.FIELDS, wilayah_import.KIND, wilayah_import.import_wilayah,
                ["IDSLS", "Nama SLS", "Jumlah KK"]),
    "petugas": (officer_import.FIELDS, officer_import.KIND, officer_import.import_petugas,
                ["NIK", "Nama", "Jabatan"]),
    "asn": (asn_import.FIELDS, asn_import.KIND, asn_import.import_asn,
            ["Nama", "NIP", "NIK", "OPD"]),
    "rekap": (sls_recap.FIELDS, sls_recap.KIND, sls_recap.import_recap,
              ["IDSLS", "Tanggal", "Ruta Ditemukan", "Penduduk Ditemukan", "Laki-laki",
               "Perempuan"]),
}


@pytest.mark.parametrize("kind", sorted(EMPTY_KINDS) + ["online", "lapangan"])
def test_a_header_without_data_rows_is_refused_for_every_import(db, tmp_path: Path,
                                                                kind: str) -> None:
    if kind in EMPTY_KINDS:
        fields, memory, run, header = EMPTY_KINDS[kind]
    else:
        person_kind = ImportKind(kind)
        fields, memory = FIELDS[person_kind], kind
        header = PERSON_HEADER if kind == "online" else [
            "NIK", "Nama Lengkap", "IDSLS", "Waktu Pencacahan", "NIK Petugas"]

        def run(session, path, mapping, *, sheet):  # type: ignore[no-untyped-def]
            return import_persons(session, person_kind, path, mapping, sheet=sheet,
                                  on_error=OnError.VALID_ONLY)
    path = write_xlsx(tmp_path / f"{kind}.xlsx", [header, [], ["", ""]], sheet="Data")
    preview = inspect_file(path, fields, memory)
    assert not preview.missing
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
        with pytest.raises(SpreadsheetError) as refused:
            run(session, path, preview.mapping, sheet=preview.sheet)
        assert refused.value.message.startswith(
            f"Berkas {kind}.xlsx, lembar Data: tidak ada baris data di bawah baris judul")
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0


# ---------------------------------------------------------------- 7. two-row headers

def two_row_header(path: Path, people: list[list[Any]]) -> Path:
    """'Identitas' merged over NIK and No. KK; the other names merged down over both rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Identitas", None, "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "IDSLS",
                  "Alamat", "Waktu Submit"])
    sheet.append(["NIK", "No. KK"])
    sheet.merge_cells("A1:B1")
    for column in "CDEFGH":
        sheet.merge_cells(f"{column}1:{column}2")
    for person in people:
        sheet.append(person)
    book.save(path)
    return path


def test_a_two_row_header_is_read_as_one(tmp_path: Path) -> None:
    path = two_row_header(tmp_path / "dua-baris.xlsx", [_person(1)])
    preview = inspect_file(path, FIELDS[ImportKind.ONLINE], "online")
    assert not preview.missing
    assert preview.mapping.header_row == 1 and preview.mapping.header_rows == 2
    assert preview.mapping.headers[:3] == ["NIK", "No. KK", "Nama Lengkap"]
    assert [row for row, _values in data_rows(path, "Data", preview.mapping)] == [3]


def test_a_single_header_under_a_title_stays_single(tmp_path: Path) -> None:
    path = _online_file(tmp_path, [_person(1)])
    mapping = inspect_file(path, FIELDS[ImportKind.ONLINE], "online").mapping
    assert (mapping.header_row, mapping.header_rows) == (1, 1)


def test_a_two_row_header_file_imports_from_its_first_data_row(db, tmp_path: Path) -> None:
    path = two_row_header(tmp_path / "dua-baris.xlsx", [_person(1), _person(2)])
    preview = inspect_file(path, FIELDS[ImportKind.ONLINE], "online")
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
        report = import_persons(session, ImportKind.ONLINE, path, preview.mapping,
                                sheet=preview.sheet)
    assert report.stored and (report.rows_read, report.inserted) == (2, 2), report.problems


def test_the_mapping_dialog_offers_the_names_of_a_two_row_header(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.imports.mapping_dialog import ImportMappingDialog

    path = two_row_header(tmp_path / "dua-baris.xlsx", [_person(1)])
    fields = FIELDS[ImportKind.ONLINE]
    preview = inspect_file(path, fields, "online")
    dialog = ImportMappingDialog(preview, fields, lambda sheet: preview, "Impor")
    qtbot.addWidget(dialog)
    assert dialog.combos["name"].currentText() == "Nama Lengkap"
    assert dialog.combos["kk"].currentText() == "No. KK"
    assert "1–2" in dialog.header_note.text() and dialog.ok.isEnabled()
    assert dialog.table.verticalHeaderItem(0).text() == "3"
    assert dialog.mapping.header_rows == 2


def test_cli_imports_a_two_row_header_file(db, tmp_path: Path) -> None:
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
    url = str(db.engine.url.render_as_string(hide_password=False))
    path = two_row_header(tmp_path / "dua-baris.xlsx", [_person(1), _person(2)])
    done = subprocess.run([sys.executable, "-m", "desktop.main", "--db", url, "import-online",
                           str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "2 baris dibaca, 2 valid" in done.stdout


def test_the_mapping_dialog_refuses_a_header_only_sheet(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.imports.mapping_dialog import ImportMappingDialog

    path = write_xlsx(tmp_path / "judul.xlsx", [["Ekspor SP Online"], PERSON_HEADER, []],
                      sheet="Data")
    fields = FIELDS[ImportKind.ONLINE]
    preview = inspect_file(path, fields, "online")
    assert preview.no_data and not preview.missing
    dialog = ImportMappingDialog(preview, fields, lambda sheet: preview, "Impor")
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    assert "Tidak ada baris data di bawah baris judul" in dialog.problem.text()


def test_an_ods_formula_saved_without_its_result_is_refused(tmp_path: Path) -> None:
    formula = ('<table:table-cell table:formula="of:=CONCATENATE(&quot;Siti&quot;)"/>')
    path = raw_ods(tmp_path / "rumus.ods", {"Data": ods_row(text_cell("NIK") + text_cell("Nama"))
                                            + ods_row(text_cell("1") + formula)})
    with pytest.raises(SpreadsheetError, match=r"rumus tanpa hasil tersimpan \(mis. sel B2\)"):
        open_rows(path)
    computed = raw_ods(tmp_path / "dihitung.ods", {"Data": ods_row(
        text_cell("NIK") + text_cell("Nama")) + ods_row(text_cell("1") + (
            '<table:table-cell table:formula="of:=1" office:value-type="string">'
            "<text:p>Siti</text:p></table:table-cell>"))})
    assert list(open_rows(computed).rows)[1] == ["1", "Siti"]


def test_an_xlsx_formula_saved_without_its_result_is_refused_naming_the_cell(
        tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["NIK", "Nama Lengkap", "Alamat"])
    sheet.append(["6371040101900002", "Budi Santoso", '="Jl. "&"Sungai Andai"'])
    book.save(tmp_path / "rumus.xlsx")  # openpyxl never calculates: no result stored
    with pytest.raises(SpreadsheetError, match=r"1 sel berisi rumus tanpa hasil tersimpan "
                                               r"\(mis. sel C2\)"):
        head(tmp_path / "rumus.xlsx")
    computed = raw_xlsx(tmp_path / "dihitung.xlsx", '<row r="1"><c r="A1" t="str"><f>"a"&amp;"b"'
                        '</f><v>ab</v></c><c r="B1" t="str"><f>""</f><v></v></c></row>')
    assert list(open_rows(computed).rows) == [["ab", ""]]  # computed, also an empty text
