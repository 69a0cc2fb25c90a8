"""Hand-made files for each class of issue 17, in every import kind and format it concerns.

Each case is a valid table of the seeded office with one thing done to it, so what the
import must answer is clear: a changed row may be refused and must be flagged when it is
odd, nothing else may be refused, and some files must be refused (an empty sheet, a
sheet that does not exist) or must be imported (a valid file in an odd encoding).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from models.ids.nik import compose_nik
from tests.fuzz_cases import (
    DIGIT_FAMILIES,
    IDENTIFIER_ROLES,
    KINDS,
    MEGABYTE,
    Column,
    FuzzFile,
    Layout,
    Table,
    base_table,
    lay_out,
)
from tests.fuzz_files import FORMATS, CsvStyle, Formula, Sheet, csv_text, write_grid

WORKBOOKS = ("xlsx", "xls", "ods")
# .xls is read through a probing child process (models/sheets/guard.py), a few tenths of a
# second per file: classes that do not concern xls itself try it with two kinds only, one
# person import and one master import, since reading does not depend on the kind.
XLS_KINDS = ("online", "petugas")


def formats(kind: str, choices: tuple[str, ...] = FORMATS) -> tuple[str, ...]:
    return tuple(f for f in choices if f != "xls" or kind in XLS_KINDS)


ROWS = 3  # data rows in each case's table
CHANGED = 1  # the index of the row a case changes


@dataclass
class Edit:
    row: int
    header: str
    value: Any
    flag: str = ""  # why the import must flag this row ('' : it need not)


@dataclass
class NamedCase:
    id: str
    make: Callable[[], FuzzFile]
    on_postgresql: bool = True  # PostgreSQL runs a subset (see the end of this module)


@dataclass
class Spec:
    """A valid table, edits to it, how it is laid out and written, what must happen."""

    kind: str
    fmt: str
    what: str
    edits: list[Edit] = field(default_factory=list)
    rows: int = ROWS
    layout: Layout = field(default_factory=Layout)
    style: CsvStyle = field(default_factory=CsvStyle)
    xlsx_writer: str = "openpyxl"
    controls: str = "ooxml"
    sheet: str | None = None
    must_refuse: str = ""
    must_store: str = ""
    refusal_names: tuple[str, ...] = ()
    need_row: str = ""
    stored_texts: dict[str, str] = field(default_factory=dict)
    any_rows: bool = False  # the file as a whole is odd: any row may be refused
    extra_rows: set[int] = field(default_factory=set)  # rows that may be refused besides
    reshape: Callable[[list[Sheet]], None] | None = None  # last touches to the sheets
    raw: Callable[[Path, list[Sheet]], None] | None = None  # writes the file itself
    suffix: str = ""
    table: Callable[[Table], None] | None = None  # changes to the table before the edits
    flag_rows: dict[int, str] = field(default_factory=dict)  # table row -> why, besides edits

    def build(self) -> FuzzFile:
        table = base_table(self.kind, self.rows)
        if self.table:
            self.table(table)
        headers = [c.header for c in table.columns]
        for edit in self.edits:
            table.rows[edit.row][headers.index(edit.header)] = edit.value
        laid = lay_out(table, self.layout)
        if self.reshape:
            self.reshape(laid.sheets)
        numbers = laid.data_row_numbers
        rows_edited = {numbers[e.row] for e in self.edits} | {numbers[r] for r in self.flag_rows}

        def build(path: Path) -> Path:
            if self.raw:
                self.raw(path, laid.sheets)
                return path
            return write_grid(path, self.fmt, laid.sheets, xlsx_writer=self.xlsx_writer,
                              controls=self.controls, csv_style=self.style)

        return FuzzFile(
            self.kind, self.fmt, self.what, build, sheet=self.sheet,
            valid_rows=None if self.must_refuse else len(table.rows),
            allowed_rows=(None if self.any_rows or self.must_refuse
                          else rows_edited | self.extra_rows),
            flag_rows={**{numbers[e.row]: e.flag for e in self.edits if e.flag},
                       **{numbers[r]: why for r, why in self.flag_rows.items()}},
            must_refuse=self.must_refuse, must_store=self.must_store,
            refusal_names=self.refusal_names, stored_texts=self.stored_texts,
            need_row=self.need_row,
            suffix=self.suffix)


CASES: list[NamedCase] = []


def case(id_: str, spec: Spec) -> None:
    CASES.append(NamedCase(id_, spec.build))


def _identifier_columns(kind: str) -> list[tuple[str, str]]:
    table = base_table(kind, ROWS)
    return [(c.header, str(table.rows[CHANGED][i])) for i, c in enumerate(table.columns)
            if c.role in IDENTIFIER_ROLES]


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


# ---------------------------------------------------------------- non-ASCII digits
FAMILIES = ("superskrip", "lingkaran", "lebar-penuh", "arab-india")
rotation = 0
for kind in KINDS:
    for header, value in _identifier_columns(kind):
        for family in FAMILIES:
            digits = DIGIT_FAMILIES[family]
            changed = value[:-2] + digits[int(value[-2])] + value[-1]  # one look-alike digit
            fmt = formats(kind)[rotation % len(formats(kind))]
            rotation += 1
            case(f"digit-{family}-{kind}-{_slug(header)}-{fmt}", Spec(
                kind, fmt, f"{header} '{changed}' berisi angka {family}",
                [Edit(CHANGED, header, changed, f"{header} berisi angka {family}")]))
    if kind in ("online", "lapangan", "petugas", "asn"):
        nik = _identifier_columns(kind)[0 if kind != "asn" else 1][1]
        zeros = nik[:12] + "⁰⁰⁰⁰"
        case(f"digit-nomor-urut-superskrip-nol-{kind}", Spec(
            kind, "csv", f"NIK '{zeros}': nomor urut dari angka nol superskrip",
            [Edit(CHANGED, "NIK", zeros, "nomor urut NIK 0000 dalam angka superskrip")]))

# ---------------------------------------------------------------- NIK as a number
for kind in ("online", "lapangan", "petugas", "asn"):
    for fmt in FORMATS:
        nik = base_table(kind, ROWS).rows[CHANGED][0 if kind != "asn" else 2]
        number = float(nik) if fmt == "csv" else int(nik)
        case(f"nik-angka-{kind}-{fmt}", Spec(
            kind, fmt, f"NIK {nik} tersimpan sebagai angka",
            [Edit(CHANGED, "NIK", number, "NIK tersimpan sebagai angka")],
            style=CsvStyle(number_style="excel")))

# ---------------------------------------------------------------- huge cells
ANY_SIZE = "sel sebesar apa pun harus diimpor atau ditolak dengan baris dan kolomnya"
BIG_TEXT = {"online": "Alamat", "lapangan": "Nama Lengkap", "wilayah": "Nama RT",
            "petugas": "Email", "asn": "Unit Kerja", "rekap": "IDSLS"}
for kind in KINDS:
    for fmt in ("csv", "xlsx") + (("ods",) if kind in ("online", "wilayah") else ()):
        header = BIG_TEXT[kind]
        case(f"sel-1mb-{kind}-{header.lower().replace(' ', '-')}-{fmt}", Spec(
            kind, fmt, f"sel 1 MB di kolom {header}",
            [Edit(CHANGED, header, "Jl. " + "A" * MEGABYTE)], need_row=ANY_SIZE))
case("sel-1mb-kolom-lain-csv", Spec(
    "online", "csv", "sel 1 MB di kolom yang tidak dipetakan",
    table=lambda t: [r.append("x" * MEGABYTE) for r in t.rows] and None,
    extra_rows={2, 3, 4}, need_row=ANY_SIZE))
case("sel-1mb-berkutip-csv", Spec(
    "wilayah", "csv", "sel 1 MB berisi tanda kutip dan pemisah",
    [Edit(CHANGED, "Nama RT", '"\n;,' * (MEGABYTE // 4))], style=CsvStyle(delimiter=";"),
    need_row=ANY_SIZE))


# ---------------------------------------------------------------- huge dimensions
def _stray(row: int, col: int, value: Any = None) -> Callable[[list[Sheet]], None]:
    def reshape(sheets: list[Sheet]) -> None:
        sheets[0].stray, sheets[0].stray_value = (row, col), value
    return reshape


def _repeat(rows: int, cols: int) -> Callable[[list[Sheet]], None]:
    def reshape(sheets: list[Sheet]) -> None:
        sheets[0].repeat_rows, sheets[0].repeat_cols = rows, cols
    return reshape


def _claim(ref: str) -> Callable[[list[Sheet]], None]:
    def reshape(sheets: list[Sheet]) -> None:
        sheets[0].dimension = ref
    return reshape


for kind in ("online", "wilayah", "rekap", "asn"):
    case(f"dimensi-sel-xfd1048576-{kind}-xlsx", Spec(
        kind, "xlsx", "satu sel berformat di XFD1048576 (rentang terpakai seluruh lembar)",
        reshape=_stray(1048575, 16383)))
for kind in ("petugas", "online", "rekap"):
    case(f"dimensi-sel-xfd1048576-berisi-{kind}-xlsx", Spec(
        kind, "xlsx", "satu sel berisi 'x' di XFD1048576", reshape=_stray(1048575, 16383, "x"),
        extra_rows={1048576}))
for kind, col in (("lapangan", 100), ("wilayah", 16000)):
    case(f"dimensi-ods-sejuta-baris-lalu-isi-{kind}", Spec(
        kind, "ods", f"ods: sejuta baris kosong berulang, lalu 'x' di kolom {col + 1}",
        reshape=lambda sheets, col=col: (_repeat(1000000, 16000 if col > 1000 else 0)(sheets),
                                         _stray(1000010, col, "x")(sheets)) and None,
        extra_rows={1000011}))
case("dimensi-sel-xfd1048576-raw-xlsx", Spec(
    "lapangan", "xlsx", "sel kosong di XFD1048576, ditulis tangan", xlsx_writer="raw",
    reshape=_stray(1048575, 16383)))
case("dimensi-klaim-dimension-xlsx", Spec(
    "online", "xlsx", "<dimension ref='A1:XFD1048576'> tanpa sel di sana",
    reshape=_claim("A1:XFD1048576")))
for kind, rows, cols in (("online", 1000000, 0), ("petugas", 1000000, 0), ("online", 0, 16000),
                         ("asn", 1000000, 16000), ("rekap", 1048000, 1024),
                         ("wilayah", 0, 16384)):
    case(f"dimensi-ods-baris{rows}-kolom{cols}-{kind}", Spec(
        kind, "ods", f"ods number-rows-repeated={rows} number-columns-repeated={cols}",
        reshape=_repeat(rows, cols)))
case("dimensi-xls-65536x256", Spec(
    "online", "xls", "xls dengan sel berformat di baris 65536 kolom IV",
    reshape=_stray(65535, 255)))
case("dimensi-csv-16384-kolom", Spec(
    "online", "csv", "csv dengan 16384 kolom kosong di tiap baris",
    table=lambda t: [r.extend([""] * 16384) for r in t.rows] and None))

# ---------------------------------------------------------------- encodings and delimiters
DELIMITERS = {",": "koma", ";": "titik-koma", "\t": "tab", "|": "pipa"}
ENC_STYLES = [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-16", "\t"),
              ("utf-8", "|"), ("cp1252", "\t"), ("utf-16", ","), ("utf-8-sig", "\t")]
for kind in KINDS:
    for index, (encoding, delimiter) in enumerate(ENC_STYLES[:4] if kind not in (
            "online", "wilayah") else ENC_STYLES):
        name_col = {"online": "Nama Lengkap", "lapangan": "Nama Lengkap", "wilayah": "Nama RT",
                    "petugas": "Nama", "asn": "Nama", "rekap": None}[kind]
        edits = ([Edit(CHANGED, name_col, "José Ñuñez Müller")] if name_col else [])
        case(f"enkode-{encoding}-{DELIMITERS[delimiter]}-{kind}", Spec(
            kind, "csv", f"csv {encoding} pemisah {delimiter!r}, nama beraksen", edits,
            style=CsvStyle(delimiter=delimiter, encoding=encoding,
                           line_end="\n" if index % 2 else "\r\n"),
            must_store=f"berkas valid dalam {encoding} dengan pemisah {delimiter!r}"))


def _write_bytes(encode: Callable[[str], bytes]) -> Callable[[Path, list[Sheet]], None]:
    def raw(path: Path, sheets: list[Sheet]) -> None:
        path.write_bytes(encode(csv_text(sheets[0].rows, CsvStyle(delimiter=";"))))
    return raw


def _utf16le_no_bom(text: str) -> bytes:
    return text.encode("utf-16-le")


def _mixed(text: str) -> bytes:
    head, _, rest = text.partition("\r\n")
    return head.encode("utf-8") + b"\r\n" + rest.encode("cp1252", errors="replace")


def _latin1_nel(text: str) -> bytes:
    # 0x81 is undefined in Windows-1252, so the file falls back to Latin-1, where 0x85 is
    # NEL (a line break for str.splitlines) and not '…'.
    return text.encode("cp1252", errors="replace").replace(b"ELLIPSIS", b"\x85").replace(
        b"UNDEF", b"\x81")


for label, encode, what in (
        ("utf-16-le-tanpa-bom", _utf16le_no_bom, "UTF-16 LE tanpa BOM"),
        ("utf-32", lambda t: t.encode("utf-32"), "UTF-32 ber-BOM"),
        ("campuran", _mixed, "judul UTF-8, isi Windows-1252"),
        ("shift-jis", lambda t: t.encode("shift_jis", errors="replace"), "Shift-JIS"),
        ("utf-8-rusak", lambda t: t.encode("utf-8").replace(b"Andai", b"And\xc3\x28i"),
         "UTF-8 dengan urutan byte rusak")):
    case(f"enkode-{label}-online", Spec(
        "online", "csv", f"csv {what}", [Edit(CHANGED, "Nama Lengkap", "José Müller")],
        raw=_write_bytes(encode), any_rows=True))
case("enkode-latin1-nel-online", Spec(
    "online", "csv", "csv Windows-1252 dengan byte 0x81 (jatuh ke Latin-1) dan 0x85 di alamat",
    [Edit(CHANGED, "Alamat", "Jl. UNDEF Andai ELLIPSIS No. 2")], raw=_write_bytes(_latin1_nel),
    need_row="hanya satu sel yang berisi byte aneh; berkasnya sendiri utuh"))
case("enkode-cp1252-elipsis-wilayah", Spec(
    "wilayah", "csv", "csv Windows-1252 dengan '…' (0x85) di nama RT",
    [Edit(CHANGED, "Nama RT", "RT 002 … Ujung")], style=CsvStyle(encoding="cp1252",
                                                                  delimiter=";"),
    must_store="'…' adalah 0x85 dalam Windows-1252, bukan akhir baris"))
for delimiter in (":", " ", "\x1f"):
    case(f"pemisah-aneh-{ord(delimiter)}-online", Spec(
        "online", "csv", f"csv dengan pemisah {delimiter!r}",
        style=CsvStyle(delimiter=delimiter), any_rows=True))

# ---------------------------------------------------------------- control characters
TEXT_COLUMN = {"online": "Nama Lengkap", "lapangan": "Alamat", "wilayah": "Nama RT",
               "petugas": "Nama", "asn": "Unit Kerja", "rekap": None}
for kind in KINDS:
    header = TEXT_COLUMN[kind]
    if header is None:
        continue
    for fmt in formats(kind):
        for char in ("\x00", "\x1b"):
            value = f"Siti{char}Aminah"
            case(f"kendali-{ord(char):02x}-{kind}-{fmt}", Spec(
                kind, fmt, f"{header} berisi {char!r}",
                [Edit(CHANGED, header, value, f"{header} berisi karakter kendali {char!r}")],
                controls="ooxml" if fmt == "xlsx" else "charref"))
case("kendali-nul-di-nik-csv", Spec(
    "online", "csv", "NUL di tengah NIK", [Edit(CHANGED, "NIK", "63710401\x0001900002",
                                              "NUL dalam NIK")]))
case("kendali-ods-mentah", Spec(
    "petugas", "ods", "karakter kendali mentah dalam content.xml (XML tidak sah)",
    [Edit(CHANGED, "Nama", "Budi\x01Santoso")], controls="raw", any_rows=True))

# ---------------------------------------------------------------- line separators in csv
ONE_CELL = "hanya satu sel yang berisi karakter aneh; berkasnya sendiri utuh"
for kind, header in (("online", "Alamat"), ("wilayah", "Nama RT"), ("petugas", "Email")):
    for char in ("\u2028", "\u2029", "\x0c", "\x0b", "\x1c", "\x1e", "\x85"):
        control = unicodedata.category(char) == "Cc"
        case(f"pemisah-baris-u{ord(char):04x}-{kind}-csv", Spec(
            kind, "csv", f"{header} berisi {char!r} di dalam sel csv",
            [Edit(CHANGED, header, f"Blok A{char}Nomor 2",
                  f"{header} berisi karakter kendali {char!r}" if control else "")],
            need_row=ONE_CELL))
    case(f"ganti-baris-berkutip-{kind}-csv", Spec(
        kind, "csv", f"{header} berisi ganti baris dalam tanda kutip (sah dalam csv)",
        [Edit(CHANGED, header, "Blok A\nNomor 2")], must_store="ganti baris berkutip sah"))

# ---------------------------------------------------------------- formulas
NAME = {"online": "Nama Lengkap", "petugas": "Nama", "asn": "Nama"}


def _formula_names(cached: bool) -> Callable[[Table], None]:
    def change(table: Table) -> None:
        index = [c.header for c in table.columns].index(NAME[table.kind])
        for row in table.rows:
            row[index] = Formula(f'PROPER("{row[index].lower()}")', row[index] if cached else None)
    return change


def base_names(kind: str) -> list[str]:
    table = base_table(kind, ROWS)
    index = [c.header for c in table.columns].index(NAME[kind])
    return [str(r[index]) for r in table.rows]


for kind in NAME:
    for fmt in WORKBOOKS:
        rows_all = set(range(1, ROWS + 2))
        names = {n: "hasil rumus tersimpan" for n in base_names(kind)}
        case(f"rumus-teks-tersimpan-{kind}-{fmt}", Spec(
            kind, fmt, f"kolom {NAME[kind]} berisi rumus dengan hasil teks tersimpan",
            table=_formula_names(True), extra_rows=rows_all, stored_texts=names))
    case(f"rumus-tanpa-hasil-{kind}-xls", Spec(
        kind, "xls", f"kolom {NAME[kind]} berisi rumus tanpa hasil tersimpan (xlwt)",
        table=_formula_names(False), extra_rows=set(range(1, ROWS + 2)),
        stored_texts={n: "hasil rumus (bukan nilai pengganti)" for n in
                      base_names(kind)}))
for kind, header in (("online", "Alamat"), ("petugas", "Email")):
    for fmt in ("xlsx", "ods", "xls"):
        case(f"rumus-tanpa-hasil-satu-sel-{kind}-{fmt}", Spec(
            kind, fmt, f"{header} baris 3 berisi rumus teks tanpa hasil tersimpan",
            [Edit(CHANGED, header, Formula('"Jl. "&"Sungai Andai"'),
                  "rumus tanpa hasil tersimpan diimpor sebagai nilai pengganti")],
            need_row="rumus tanpa hasil: tolak dengan menyebut sel atau baris dan kolomnya"))
case("rumus-1tambah1-di-nik-xlsx", Spec(
    "online", "xlsx", "NIK diisi =1+1 (rumus tanpa hasil)",
    [Edit(CHANGED, "NIK", "=1+1", "NIK berisi rumus")]))
case("rumus-hyperlink-nama-xlsx", Spec(
    "online", "xlsx", "nama =HYPERLINK(...) dengan hasil tersimpan",
    [Edit(CHANGED, "Nama Lengkap", Formula('HYPERLINK("http://contoh.id","Budi Santoso")',
                                           "Budi Santoso"))],
    stored_texts={"Budi Santoso": "hasil HYPERLINK"}))
case("rumus-teks-di-csv", Spec(
    "petugas", "csv", "nama '=1+1' dan '=HYPERLINK(...)' di csv (teks biasa)",
    [Edit(CHANGED, "Nama", "=1+1"), Edit(2, "Nama", '=HYPERLINK("http://contoh.id","x")')]))
case("rumus-ods-hasil-angka-di-kode", Spec(
    "rekap", "ods", "IDSLS sebagai rumus ods berhasil angka",
    [Edit(CHANGED, "IDSLS", Formula("6371040001000200", 6371040001000200))]))


# ---------------------------------------------------------------- empty and header-only
def _no_data(sheets: list[Sheet]) -> None:
    sheets[0].rows = sheets[0].rows[:1]


def _blank_below(sheets: list[Sheet]) -> None:
    sheets[0].rows = sheets[0].rows[:1] + [[], ["", " "], []]


def _empty(sheets: list[Sheet]) -> None:
    sheets[0].rows = []


for kind in KINDS:
    for fmt in formats(kind):
        case(f"kosong-{kind}-{fmt}", Spec(kind, fmt, "lembar tanpa sel sama sekali",
                                          reshape=_empty, must_refuse="lembar kosong"))
        case(f"judul-saja-{kind}-{fmt}", Spec(
            kind, fmt, "hanya baris judul kolom, tanpa baris data", reshape=_no_data,
            must_refuse="tidak ada baris data"))
    case(f"judul-dan-baris-kosong-{kind}-xlsx", Spec(
        kind, "xlsx", "judul kolom lalu hanya baris kosong", reshape=_blank_below,
        must_refuse="tidak ada baris data"))

# ---------------------------------------------------------------- merged, two-row headers
for kind in KINDS:
    for fmt in formats(kind, WORKBOOKS):
        case(f"judul-grup-{kind}-{fmt}", Spec(
            kind, fmt, "judul grup digabung di atas nama kolom",
            layout=Layout(header="group", title_rows=1),
            must_store="judul grup di atas nama kolom biasa di formulir"))
        case(f"judul-dua-baris-{kind}-{fmt}", Spec(
            kind, fmt, "nama kolom dua baris (sebagian digabung ke bawah)",
            layout=Layout(header="two_row")))

# ---------------------------------------------------------------- sheets
for kind in KINDS:
    for fmt in formats(kind, WORKBOOKS):
        case(f"lembar-tidak-ada-{kind}-{fmt}", Spec(
            kind, fmt, "lembar 'Tidak Ada' diminta (salah ketik --sheet)",
            layout=Layout(extra_sheets=("Catatan",)), sheet="Tidak Ada",
            must_refuse="lembar yang diminta tidak ada", refusal_names=("Data", "Catatan")))
case("lembar-data-kedua-xlsx", Spec(
    "wilayah", "xlsx", "lembar pertama catatan, data di lembar kedua",
    layout=Layout(extra_sheets=("Catatan",), data_sheet_first=False), any_rows=True))
case("lembar-nol-xlsx", Spec(
    "online", "xlsx", "buku kerja tanpa lembar sama sekali",
    raw=lambda path, sheets: write_grid(path, "xlsx", [], xlsx_writer="raw") and None,
    must_refuse="tidak ada lembar"))
case("lembar-nol-ods", Spec(
    "asn", "ods", "ods tanpa tabel", raw=lambda path, sheets: write_grid(path, "ods", []) and
    None, must_refuse="tidak ada lembar"))

# ---------------------------------------------------------------- officer and ASN rules
for kind, header, value, why in (
        ("petugas", "NIK", "6371043201900201", "NIK petugas dengan tanggal 32"),
        ("petugas", "NIK", "6371040101900000", "NIK petugas dengan nomor urut 0000"),
        ("petugas", "NIK", "9971040101900201", "NIK petugas dari provinsi yang tidak ada"),
        ("asn", "NIK", "6371041205730000", "NIK ASN dengan nomor urut 0000"),
        ("asn", "NIP", "197313121996021002", "NIP dengan bulan lahir 13"),
        ("asn", "NIP", "197305121800021002", "NIP dengan TMT tahun 1800"),
        ("asn", "NIP", "197305121996023002", "NIP dengan digit jenis kelamin 3"),
        ("asn", "NIP", "19730512199602100²", "NIP berakhir angka superskrip")):
    case(f"aturan-{_slug(why)}", Spec(kind, "xlsx", why, [Edit(CHANGED, header, value, why)]))


def _kemendagri_column(code_of_second: str) -> Callable[[Table], None]:
    """A Kemendagri column; the second row moves to a new kecamatan with `code_of_second`."""
    def change(table: Table) -> None:
        table.columns.insert(2, Column("Kode Kemendagri Kecamatan", "code"))
        for index, row in enumerate(table.rows):
            row.insert(2, "637104")
            if index == CHANGED:
                row[0:2] = ["6371031", "Banjarmasin Tengah"]
                row[3:6] = ["6371031005", "Kertak Baru Ilir", "6371031005000100"]
                row[2] = code_of_second
    return change


for code, why, pair in (("637104", "dua kecamatan dengan kode Kemendagri yang sama", {2}),
                        ("637199", "kode Kemendagri kecamatan yang tidak ada", set())):
    case(f"kemendagri-{_slug(why)}", Spec(  # the other row of a pair may be named too
        "wilayah", "xlsx", f"master wilayah: {why} ({code})", table=_kemendagri_column(code),
        flag_rows={CHANGED: why}, extra_rows=pair))
for fmt in ("xlsx", "ods", "xls"):
    case(f"nomor-hp-angka-{fmt}", Spec(
        "petugas", fmt, "No HP 081234560001 tersimpan sebagai angka (nol di depan hilang)",
        [Edit(CHANGED, "No HP", 81234560001, "nomor HP tersimpan sebagai angka")]))

# ---------------------------------------------------------------- dates
for kind in ("online", "lapangan"):
    case(f"lahir-masa-depan-kolom-{kind}", Spec(
        kind, "csv", "tanggal lahir 01-01-2099 di kolom tanggal",
        [Edit(CHANGED, "Tanggal Lahir", "01-01-2099", "tanggal lahir di masa depan")]))
# Two days ahead, not one: the cases are made when the tests are collected, and a run that
# passes midnight would find tomorrow's date is today's.
_later = date.today() + timedelta(days=2)
if _later.year == date.today().year:
    for kind in ("online", "lapangan"):
        future_nik = compose_nik("637104", _later, False, 77)
        case(f"lahir-masa-depan-nik-{kind}", Spec(
            kind, "xlsx", f"NIK {future_nik} dan tanggal lahir lusa",
            [Edit(CHANGED, "NIK", future_nik, "NIK dan tanggal lahir di masa depan"),
             Edit(CHANGED, "Tanggal Lahir", f"{_later:%d-%m-%Y}")]))

# ---------------------------------------------------------------- file names
for name, kind in (("data ① ñ (salinan).xlsx", "online"), ("MASTER WILAYAH.XLSX", "wilayah")):
    spec = Spec(kind, "xlsx", f"nama berkas {name!r}", suffix="",
                must_store="berkas valid dengan nama tak biasa")
    made = spec.build

    def renamed(made: Callable[[], FuzzFile] = made, name: str = name) -> FuzzFile:
        ff = made()
        inner = ff.build

        def build(path: Path) -> Path:
            return inner(path.with_name(path.stem + " " + name))
        ff.build, ff.suffix = build, ""
        return ff
    CASES.append(NamedCase(f"nama-berkas-{_slug(name)}", renamed))

# On PostgreSQL: what the backend itself may refuse (long text, NUL, big numbers), what must
# be stored, and every third case of the rest; the child's answers are reused from SQLite.
ON_POSTGRESQL = ("sel-1mb-", "kendali-00-", "enkode-", "nama-berkas-", "kemendagri-",
                 "aturan-", "judul-grup-", "rumus-teks-tersimpan-")
for index, named in enumerate(CASES):
    named.on_postgresql = named.id.startswith(ON_POSTGRESQL) or index % 3 == 0
NAMED_CASES = CASES
assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"
