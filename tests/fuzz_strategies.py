"""Hypothesis strategies for the fuzz suite: valid tables with cells changed, tables of any
shape, and files damaged as a whole, for every import kind and format.

Each strategy returns a `FuzzFile` (tests/fuzz_cases.py) that says what may be expected of
it; nothing is written until the test builds it.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests.fuzz_cases import (
    CONTROLS,
    DIGIT_FAMILIES,
    IDENTIFIER_ROLES,
    KIND_FIELDS,
    MEGABYTE,
    SEPARATORS,
    FuzzFile,
    Layout,
    Table,
    base_table,
    lay_out,
    non_ascii_digits,
)
from tests.fuzz_files import (
    FORMATS,
    XML_ILLEGAL,
    CsvStyle,
    Formula,
    Sheet,
    csv_cell,
    flip_bytes,
    replace_member,
    truncate,
    write_grid,
)


@st.composite
def layouts(draw: st.DrawFn, fmt: str) -> Layout:
    workbook = fmt != "csv"
    return Layout(
        title_rows=draw(st.sampled_from([0, 0, 0, 1, 2])),
        header=draw(st.sampled_from(["plain", "plain", "group", "two_row"] if workbook
                                    else ["plain"])),
        blank_every=draw(st.sampled_from([0, 0, 0, 1, 2])),
        number_column=draw(st.booleans()),
        extra_sheets=(("Catatan",) if workbook and draw(st.booleans()) else ()),
        date_cells=workbook and draw(st.booleans()),
    )


@st.composite
def csv_styles(draw: st.DrawFn) -> CsvStyle:
    return CsvStyle(
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])),
        line_end=draw(st.sampled_from(["\r\n", "\n", "\r"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
        number_style=draw(st.sampled_from(["plain", "excel"])),
    )


@dataclass
class WriteOptions:
    xlsx_writer: str = "openpyxl"
    controls: str = "ooxml"
    csv_style: CsvStyle = field(default_factory=CsvStyle)

    def describe(self, fmt: str) -> str:
        if fmt == "xlsx":
            return f"xlsx {self.xlsx_writer}, kendali {self.controls}"
        if fmt == "ods":
            return f"ods, kendali {self.controls}"
        if fmt == "csv":
            s = self.csv_style
            return (f"csv {s.encoding} pemisah {s.delimiter!r} akhir baris {s.line_end!r} "
                    f"quoting {s.quoting} angka {s.number_style}")
        return "xls (xlwt)"


@st.composite
def write_options(draw: st.DrawFn, fmt: str) -> WriteOptions:
    if fmt == "csv":
        return WriteOptions(csv_style=draw(csv_styles()))
    if fmt == "ods":
        return WriteOptions(controls=draw(st.sampled_from(["charref", "raw", "drop"])))
    if fmt == "xlsx":
        return WriteOptions(xlsx_writer=draw(st.sampled_from(["openpyxl", "raw"])),
                            controls=draw(st.sampled_from(["ooxml", "ooxml", "charref", "raw"])))
    return WriteOptions()


def builder(fmt: str, sheets: list[Sheet], options: WriteOptions) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        return write_grid(path, fmt, sheets, xlsx_writer=options.xlsx_writer,
                          controls=options.controls, csv_style=options.csv_style)
    return build


@dataclass
class Change:
    """One cell changed in a valid table, and whether the import must notice."""

    row: int  # index into table.rows
    col: int
    value: Any
    what: str
    flag: str = ""  # why the row must carry an error or a warning ('' : it need not)
    keep_text: bool = False  # the text must be stored exactly (a cached formula result)




def _identifier_changes(value: str, fmt: str) -> st.SearchStrategy[tuple[Any, str, str]]:
    families = sorted(DIGIT_FAMILIES)
    number = int(value) if value.isdigit() else 0
    as_number = "tersimpan sebagai angka" if len(value) >= 16 else ""
    return st.one_of(
        st.builds(lambda f, ps: (non_ascii_digits(value, f, ps), f"digit {f}",
                                 "angka bukan ASCII 0-9 dalam kode"),
                  st.sampled_from(families), st.lists(st.integers(0, 17), min_size=1,
                                                      max_size=3)),
        st.sampled_from([
            (number, "sebagai angka bulat", as_number),
            (float(number), "sebagai angka pecahan", as_number),
            (f"{number:.5E}", "dirusak Excel (6,37E+15)", as_number),
            (f"{value}.0", "berekor .0", as_number),
            (f" {value} ", "berspasi di tepi", ""),
            (value[:8] + "\u200b" + value[8:], "spasi lebar-nol di tengah", ""),
            (value[:8] + "\xa0" + value[8:], "spasi NBSP di tengah", ""),
            (value + "\x00", "berakhir NUL", ""),
            (value[:-1], "kurang satu digit", ""),
            (value + "7", "lebih satu digit", ""),
            ("'" + value, "diawali apostrof", ""),
            (Formula(f'"{value}"', value), "rumus dengan hasil tersimpan", ""),
            ("", "kosong", ""),
            ("0" * len(value), "semua nol", ""),
            ("x" * MEGABYTE, "sel 1 MB", ""),
        ]),
    )


def _text_changes(value: str, fmt: str) -> st.SearchStrategy[tuple[Any, str, str, bool]]:
    no_cache = ("rumus tanpa hasil tersimpan diimpor sebagai nilai pengganti"
                if fmt != "csv" else "")
    def inside(at: int) -> bool:  # at an edge, trimming it like a space loses nothing
        return bool(value[:at].strip() and value[at:].strip())

    return st.one_of(
        st.builds(lambda c, at: (value[:at] + c + value[at:], f"karakter kendali {c!r}",
                                 "karakter kendali dalam teks" if inside(at) else "", False),
                  st.sampled_from(CONTROLS), st.integers(0, len(value))),
        st.builds(lambda c, at: (value[:at] + c + value[at:], f"pemisah baris {c!r}",
                                 "karakter kendali dalam teks"
                                 if unicodedata.category(c) == "Cc" and inside(at) else "", False),
                  st.sampled_from(SEPARATORS), st.integers(0, len(value))),
        st.sampled_from([
            (value + "\nbaris kedua", "ganti baris dalam sel", "", False),
            ("=1+1", "teks =1+1", "", False),
            (Formula("1+1", 2), "rumus =1+1 dengan hasil", "", False),
            (Formula(f'HYPERLINK("http://contoh.id","{value}")', value),
             "rumus HYPERLINK dengan hasil tersimpan", "", True),
            (Formula(f'"{value}"&""'), "rumus teks tanpa hasil tersimpan", no_cache, False),
            ("A" * MEGABYTE, "sel 1 MB", "", False),
            ('"' * 1000 + ";,|\t" * 1000, "sel penuh tanda kutip dan pemisah", "", False),
            ("\ufeff" + value, "BOM di awal sel", "", False),
            ("\ud7ff" + value + "\U0001f600", "emoji", "", False),
            ("", "kosong", "", False),
            (12345, "angka", "", False),
            (True, "boolean", "", False),
            (datetime(2020, 9, 15, 8, 30), "tanggal", "", False),
        ]),
    )


def _count_changes() -> st.SearchStrategy[tuple[Any, str, str]]:
    return st.sampled_from([
        (-5, "negatif", ""), ("-5", "teks negatif", ""), (2.5, "pecahan", ""),
        ("sepuluh", "kata", ""), ("1.000", "pemisah ribuan", ""), (10 ** 20, "1e20", ""),
        (str(10 ** 30), "teks 1e30", ""), (float("inf"), "tak hingga", ""), ("", "kosong", ""),
        (True, "boolean", ""), (Formula("1+1", 2), "rumus", ""), ("¹²", "superskrip", ""),
        ("１２", "lebar penuh", ""), (" 12 ", "berspasi", ""),
    ])


def _date_changes(role: str) -> st.SearchStrategy[tuple[Any, str, str]]:
    future = "tanggal lahir di masa depan" if role == "date" else ""
    return st.sampled_from([
        ("01-01-2099", "tahun 2099", future), (date(2099, 1, 1), "sel tanggal 2099", future),
        ("31-02-2020", "31 Februari", ""), ("32-13-2020", "hari 32 bulan 13", ""),
        ("kemarin", "kata", ""), (43831, "nomor seri Excel", ""), ("", "kosong", ""),
        ("１５-０９-２０２０", "angka lebar penuh", ""), ("15-09-2020\x00", "NUL", ""),
        (datetime(1, 1, 1), "tahun 1", ""), ("9999-12-31 23:59", "tahun 9999", ""),
    ])


def _choice_changes() -> st.SearchStrategy[tuple[Any, str, str]]:
    return st.sampled_from([
        ("X", "tidak dikenal", ""), ("", "kosong", ""), (1, "angka 1", ""),
        ("PPL\x00", "NUL", ""), ("ｐｐｌ", "lebar penuh", ""), ("Laki-laki", "kata panjang", ""),
    ])


def _phone_changes(value: str) -> st.SearchStrategy[tuple[Any, str, str]]:
    return st.sampled_from([
        (int(value), "nomor HP sebagai angka (nol di depan hilang)",
         "nomor HP tersimpan sebagai angka"),
        (float(value), "nomor HP sebagai pecahan", "nomor HP tersimpan sebagai angka"),
        ("+62 812-3456", "format internasional", ""), ("", "kosong", ""),
    ])


@st.composite
def changes(draw: st.DrawFn, table: Table, fmt: str, style: CsvStyle) -> Change:
    row = draw(st.integers(0, len(table.rows) - 1))
    col = draw(st.integers(0, len(table.columns) - 1))
    role = table.columns[col].role
    value = table.rows[row][col]
    keep = False
    if role in IDENTIFIER_ROLES:
        new, what, flag = draw(_identifier_changes(str(value), fmt))
    elif role in ("name", "text"):
        new, what, flag, keep = draw(_text_changes(str(value), fmt))
    elif role == "count":
        new, what, flag = draw(_count_changes())
    elif role in ("date", "moment"):
        new, what, flag = draw(_date_changes(role))
    elif role == "phone":
        new, what, flag = draw(_phone_changes(str(value)))
    else:
        new, what, flag = draw(_choice_changes())
    if isinstance(new, Formula) and not formula_survives(fmt, new):
        flag, keep = "", False  # written as the text '=…', not as a formula
    keep = keep and table.columns[col].exact
    if fmt == "csv" and isinstance(new, (int, float)) and not isinstance(new, bool) and not (
            re.search(r"[.eE]", csv_cell(new, style))):
        flag = ""  # a csv has no number cells: 6371040101900001 is just text
    return Change(row, col, new, f"{table.columns[col].header}: {what}", flag, keep)


def formula_survives(fmt: str, formula: Formula) -> bool:
    """Whether `fmt` gets a real formula cell (csv: text; xlwt knows few functions)."""
    if fmt == "csv":
        return False
    if fmt == "xls":
        import xlwt

        try:
            xlwt.Formula(formula.expr)
        except Exception:
            return False
    return True




@st.composite
def changed_files(draw: st.DrawFn, kind: str, fmt: str) -> FuzzFile:
    """A valid table with one to three cells changed, laid out and written as `fmt`."""
    table = base_table(kind, draw(st.integers(1, 6)))
    options = draw(write_options(fmt))
    made = draw(st.lists(changes(table, fmt, options.csv_style), min_size=1, max_size=3,
                         unique_by=lambda c: (c.row, c.col)))
    for change in made:
        table.rows[change.row][change.col] = change.value
        if (fmt == "ods" and options.controls == "drop" and isinstance(change.value, str)
                and XML_ILLEGAL.search(change.value)):
            change.flag = ""  # the writer leaves such characters out, as LibreOffice does
        encoding = options.csv_style.encoding
        if fmt == "csv" and isinstance(change.value, str) and change.value.encode(
                encoding, errors="replace").decode(encoding) != change.value:
            change.flag = ""  # the encoding has no such character: the file holds '?'
            change.what += f" (menjadi '?' dalam {encoding})"
    layout = draw(layouts(fmt))
    laid = lay_out(table, layout)
    rows = laid.data_row_numbers
    described = "; ".join(f"baris {rows[c.row]} {c.what}" for c in made)
    kept = {c.value.cached: c.what for c in made if c.keep_text and isinstance(c.value, Formula)}
    well_formed = fmt in ("csv", "xls") or not any(
        isinstance(c.value, str) and XML_ILLEGAL.search(c.value) for c in made) or (
        options.controls in ("ooxml", "drop"))
    return FuzzFile(kind, fmt, f"{described} ({layout.describe()}; {options.describe(fmt)})",
                    builder(fmt, laid.sheets, options), valid_rows=len(table.rows),
                    allowed_rows={rows[c.row] for c in made},
                    flag_rows={rows[c.row]: c.flag for c in made if c.flag},
                    stored_texts=kept,
                    need_row=("hanya beberapa sel yang diubah; berkasnya sendiri utuh"
                              if well_formed and layout.header != "two_row" else ""))


# Cell values of any kind, for tables with no valid shape at all.
ODD_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
CELLS = st.one_of(
    st.none(), st.just(""), ODD_TEXT, st.sampled_from(list(CONTROLS + SEPARATORS)),
    st.integers(-(2 ** 70), 2 ** 70), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.dates(), st.datetimes(),
    st.builds(non_ascii_digits, st.just("6371040101900001"), st.sampled_from(
        sorted(DIGIT_FAMILIES)), st.lists(st.integers(0, 15), min_size=1, max_size=16)),
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://contoh.id\",\"x\")", "=A1", "#REF!",
                     "6,37104E+15", "6371040101900001.0", "'6371040101900001"]),
    st.builds(Formula, st.sampled_from(["1+1", "A1", "1/0", '"a"&"b"']),
              st.one_of(st.none(), st.integers(0, 9), st.just("teks"))),
)


@st.composite
def headers(draw: st.DrawFn, kind: str) -> list[Any]:
    names = [n for f in KIND_FIELDS[kind] for n in (f.label, *f.synonyms)]
    chosen = draw(st.lists(st.one_of(st.sampled_from(names), ODD_TEXT, st.none(),
                                     st.integers(0, 99)), min_size=0, max_size=12))
    return chosen


@st.composite
def random_table_files(draw: st.DrawFn, kind: str, fmt: str) -> FuzzFile:
    """Header names the import knows and cells of any type, in rows of any length."""
    header = draw(headers(kind))
    body = draw(st.lists(st.lists(CELLS, max_size=14), max_size=8))
    grid = [header, *body] if draw(st.booleans()) else [*body[:2], header, *body[2:]]
    merges = []
    if fmt != "csv" and grid and draw(st.booleans()):
        width = max(len(r) for r in grid)
        if width > 1:
            merges.append((0, 0, 0, draw(st.integers(1, width - 1))))
    options = draw(write_options(fmt))
    sheets = [Sheet(draw(st.sampled_from(["Data", "Sheet1", "Lembar 1", "ÄÖ ① ₂", "x" * 31])),
                    grid, merges)]
    described = (f"tabel acak {len(grid)} baris, header {header[:6]!r}"
                 f"{', digabung' if merges else ''} ({options.describe(fmt)})")
    return FuzzFile(kind, fmt, described, builder(fmt, sheets, options))


def _bytes_builder(make: Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        path.write_bytes(make())
        return path
    return build


def valid_file_bytes(kind: str, fmt: str, rows: int, tmp: Path) -> bytes:
    laid = lay_out(base_table(kind, rows), Layout())
    path = write_grid(tmp / f"utuh.{fmt}", fmt, laid.sheets)
    data = path.read_bytes()
    path.unlink()
    return data


@st.composite
def damaged_files(draw: st.DrawFn, kind: str, fmt: str) -> FuzzFile:
    """The whole file damaged: random bytes, cut short, bytes flipped, a part replaced."""
    how = draw(st.sampled_from(["acak", "terpotong", "bit dibalik", "bagian diganti",
                                "format lain", "kosong"]))
    rows = draw(st.integers(1, 5))
    if how == "acak":
        junk = draw(st.binary(max_size=2048))
        head = draw(st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                     b"\xef\xbb\xbf", b"\xff\xfe"]))
        return FuzzFile(kind, fmt, f"{len(head + junk)} byte acak berawalan {head!r}",
                        _bytes_builder(lambda: head + junk))
    if how == "kosong":
        content = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\r\n\r\n", b"\x00" * 64]))
        return FuzzFile(kind, fmt, f"berkas berisi {content[:8]!r}",
                        _bytes_builder(lambda: content))
    if how == "format lain":
        other = draw(st.sampled_from([f for f in FORMATS if f != fmt]))

        def other_bytes(tmp: Path) -> bytes:
            return valid_file_bytes(kind, other, rows, tmp)
        return FuzzFile(kind, fmt, f"isi {other} dengan akhiran .{fmt}",
                        _derived_builder(other_bytes))
    keep = draw(st.floats(0.0, 0.999))
    positions = draw(st.lists(st.integers(0, 1 << 20), min_size=1, max_size=8))
    value = draw(st.integers(1, 255))
    member = draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                   "[Content_Types].xml", "xl/sharedStrings.xml",
                                   "content.xml", "META-INF/manifest.xml"]))
    garbage = draw(st.sampled_from([b"", b"<", b"<?xml version='1.0'?><a>", b"\x00" * 32,
                                    b"<worksheet><sheetData><row r='0'><c r='A0'/></row>"]))

    def damage(tmp: Path) -> bytes:
        data = valid_file_bytes(kind, fmt, rows, tmp)
        if how == "terpotong":
            return truncate(data, keep)
        if how == "bit dibalik":
            return flip_bytes(data, positions, value)
        if fmt in ("xlsx", "ods") and data[:2] == b"PK":
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            if member in names:
                return replace_member(data, member, garbage)
        return truncate(data, keep)
    described = {"terpotong": f"terpotong di {keep:.0%}",
                 "bit dibalik": f"byte di {positions} di-XOR {value}",
                 "bagian diganti": f"{member} diganti {garbage[:20]!r}"}[how]
    return FuzzFile(kind, fmt, f"berkas valid {rows} baris, {described}",
                    _derived_builder(damage))


def _derived_builder(make: Callable[[Path], bytes]) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        path.write_bytes(make(path.parent))
        return path
    return build
