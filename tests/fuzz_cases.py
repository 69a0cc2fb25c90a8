"""What the fuzz suite feeds the imports: valid tables per import kind and their layout.

A `FuzzFile` is one file to write and what may be expected of it. Most start from a
table that imports cleanly into the seeded office (tests/builders.SmallCity, region
6371), so the rows that were changed are known: only those may be refused, and some must
be flagged (an error or a warning naming the row). Files that are damaged as a whole
(random bytes, truncation, huge dimensions) can only be expected to be read or refused.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from models.areas import importing as wilayah_import
from models.asn import importing as asn_import
from models.ids.nik import compose_kk, compose_nik
from models.officers import importing as officer_import
from models.persons import recap as sls_recap
from models.persons.fields import FIELDS as PERSON_FIELDS
from models.schema.batches import ImportKind
from models.sheets.columns import FieldSpec
from tests.fuzz_files import (
    Sheet,
)

KINDS = ("online", "lapangan", "wilayah", "petugas", "asn", "rekap")
KIND_FIELDS: dict[str, list[FieldSpec]] = {
    "online": PERSON_FIELDS[ImportKind.ONLINE], "lapangan": PERSON_FIELDS[ImportKind.LAPANGAN],
    "wilayah": wilayah_import.FIELDS, "petugas": officer_import.FIELDS,
    "asn": asn_import.FIELDS, "rekap": sls_recap.FIELDS,
}
# The seeded office (tests/builders.SmallCity): its SLS and one of its PPL.
SLS_CODES = ["6371040001000100", "6371040001000200", "6371040001000300",
             "6371040002000100", "6371040002000200"]
KELURAHAN = {"6371040001": "Alalak Utara", "6371040002": "Alalak Tengah"}
OFFICER_NIK = "6371040101900010"
NAMES = ["Siti Aminah", "Budi Santoso", "Muhammad Rizky", "Nur Hidayah", "Ahmad Fauzi",
         "Dewi Lestari", "Rahmat Hidayat", "Fitri Handayani"]
MEGABYTE = 1 << 20

# Digits a person can type or paste that are not ASCII 0-9, by the value they look like.
DIGIT_FAMILIES = {
    "superskrip": "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "lingkaran": "⓪①②③④⑤⑥⑦⑧⑨",
    "lebar-penuh": "０１２３４５６７８９",
    "arab-india": "٠١٢٣٤٥٦٧٨٩",
    "persia": "۰۱۲۳۴۵۶۷۸۹",
    "dewanagari": "०१२३४५६७८९",
    "tebal-matematika": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1c\x1d\x1e\x1f\x7f\x85\x9f"
SEPARATORS = "\u2028\u2029\x0c\x0b\x85\x1c\x1d\x1e"  # str.splitlines() splits on each


@dataclass
class Column:
    header: str
    role: str  # nik kk code nip officer | name text | count | date moment | choice phone
    exact: bool = True  # False: matched loosely to a stored name (an OPD), not stored as is


@dataclass
class Table:
    kind: str
    columns: list[Column]
    rows: list[list[Any]]

    def index(self, role: str) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.role == role]


IDENTIFIER_ROLES = ("nik", "kk", "code", "nip", "officer")


def base_table(kind: str, n: int) -> Table:
    """`n` rows that import cleanly into the seeded office, all values as text."""
    if kind in ("online", "lapangan"):
        cols = [Column("NIK", "nik"), Column("No. KK", "kk"), Column("Nama Lengkap", "name"),
                Column("Jenis Kelamin", "choice"), Column("Tanggal Lahir", "date"),
                Column("Kode Wilayah", "code"), Column("Alamat", "text")]
        first = 1 if kind == "online" else 5001
        rows = [[compose_nik("637104", date(1990, 1, 1), False, first + i),
                 compose_kk("637104", date(2015, 11, 2), first + i), NAMES[i % len(NAMES)], "L",
                 "01-01-1990", SLS_CODES[i % len(SLS_CODES)], f"Jl. Sungai Andai No. {i + 1}"]
                for i in range(n)]
        if kind == "online":
            cols.append(Column("Waktu Submit", "moment"))
            for row in rows:
                row.append("2020-02-15 08:30")
        else:
            cols += [Column("Waktu Pencacahan", "moment"), Column("NIK Petugas", "officer")]
            for row in rows:
                row += ["2020-09-15 10:00", OFFICER_NIK]
        return Table(kind, cols, rows)
    if kind == "wilayah":
        cols = [Column("Kode Kecamatan", "code"), Column("Kecamatan", "name"),
                Column("Kode Desa", "code"), Column("Nama Kelurahan", "name"),
                Column("IDSLS", "code"), Column("Nama RT", "name"), Column("Muatan", "count"),
                Column("Jumlah Penduduk", "count")]
        codes = SLS_CODES + [f"6371040001{n:04d}00" for n in range(4, 40)]
        rows = []
        for i in range(n):
            code = codes[i]
            rows.append(["6371040", "Banjarmasin Utara", code[:10], KELURAHAN[code[:10]], code,
                         f"RT {int(code[10:14]):03d}", str(80 + 10 * i), str(320 + 40 * i)])
        return Table(kind, cols, rows)
    if kind == "petugas":
        cols = [Column("NIK", "nik"), Column("Nama", "name"), Column("Jabatan", "choice"),
                Column("No HP", "phone"), Column("Email", "text"),
                Column("Kode Kecamatan", "code"), Column("Kode Tim", "text"),
                Column("Status", "choice")]
        rows = [[compose_nik("637104", date(1990, 1, 1), False, 200 + i),
                 f"{NAMES[i % len(NAMES)]} Petugas", "PPL", f"08123456{i:04d}",
                 f"petugas{i}@contoh.id", "6371040", "T01" if i % 2 else "", "Aktif"]
                for i in range(n)]
        return Table(kind, cols, rows)
    if kind == "asn":
        cols = [Column("Nama", "name"), Column("NIP", "nip"), Column("NIK", "nik"),
                Column("Unit Kerja", "text"), Column("OPD", "name", exact=False)]
        rows = [[NAMES[i % len(NAMES)], f"197305121996021{i + 1:03d}",
                 compose_nik("637104", date(1973, 5, 12), False, 300 + i), "Bidang Umum",
                 "Dinas Uji Coba"] for i in range(n)]
        return Table(kind, cols, rows)
    if kind == "rekap":
        cols = [Column("IDSLS", "code"), Column("Tanggal", "date"),
                Column("Ruta Ditemukan", "count"), Column("Penduduk Ditemukan", "count"),
                Column("Laki-laki", "count"), Column("Perempuan", "count")]
        rows = [[SLS_CODES[i % 5], f"{1 + i // 5:02d}-09-2020", str(5 + i), str(20 + i), "10",
                 str(10 + i)] for i in range(n)]
        return Table(kind, cols, rows)
    raise ValueError(kind)


@dataclass
class FuzzFile:
    """One file for the suite and what may be expected of it."""

    kind: str
    fmt: str
    description: str
    build: Callable[[Path], Path]  # writes the file at this path (suffix chosen here)
    sheet: str | None = None  # the sheet asked for (None: the first)
    valid_rows: int | None = None  # data rows written, when built from a valid table
    allowed_rows: set[int] | None = None  # rows that may carry errors (None: any)
    flag_rows: dict[int, str] = field(default_factory=dict)  # row -> why it must be flagged
    must_refuse: str = ""  # why the file must be refused as a whole ('' : no such demand)
    must_store: str = ""  # why the file must be imported (a valid file in an odd form)
    need_row: str = ""  # why refusing the whole file, naming no row, would be wrong
    refusal_names: tuple[str, ...] = ()  # words the refusal must contain (sheet names)
    stored_texts: dict[str, str] = field(default_factory=dict)  # text -> must be stored as is
    suffix: str = ""

    def __post_init__(self) -> None:
        self.suffix = self.suffix or f".{self.fmt}"

    def __repr__(self) -> str:
        return f"<{self.kind} {self.fmt}: {self.description}>"


# ---------------------------------------------------------------- laying a table out
@dataclass
class Layout:
    title_rows: int = 0
    header: str = "plain"  # plain | group (a merged title row above) | two_row (split)
    blank_every: int = 0  # a blank row after every n-th data row
    number_column: bool = False  # a leading 'No' column of 1, 2, 3 …
    extra_sheets: tuple[str, ...] = ()
    data_sheet_first: bool = True
    sheet_name: str = "Data"
    date_cells: bool = False  # dates as date cells, not text (workbooks only)

    def describe(self) -> str:
        parts = [f"judul {self.title_rows} baris"] if self.title_rows else []
        if self.header != "plain":
            parts.append(f"header {self.header}")
        if self.blank_every:
            parts.append(f"baris kosong tiap {self.blank_every}")
        if self.number_column:
            parts.append("kolom No")
        if self.extra_sheets:
            parts.append(f"lembar lain {list(self.extra_sheets)}"
                         + ("" if self.data_sheet_first else ", data bukan lembar pertama"))
        if self.date_cells:
            parts.append("tanggal sebagai sel tanggal")
        return ", ".join(parts) or "tata letak biasa"


@dataclass
class Laid:
    sheets: list[Sheet]
    data_row_numbers: list[int]  # spreadsheet row (1-based) of each data row
    header_rows: list[int]


def lay_out(table: Table, layout: Layout) -> Laid:
    headers = [c.header for c in table.columns]
    rows = [list(r) for r in table.rows]
    if layout.date_cells:
        for row in rows:
            for i in table.index("date"):
                if isinstance(row[i], str) and len(row[i]) == 10 and row[i][2] == "-":
                    try:
                        row[i] = datetime.strptime(row[i], "%d-%m-%Y")
                    except ValueError:
                        pass
    if layout.number_column:
        headers = ["No", *headers]
        rows = [[index + 1, *row] for index, row in enumerate(rows)]
    grid: list[list[Any]] = []
    if layout.title_rows:
        grid.append([f"DAFTAR {table.kind.upper()} KOTA BANJARMASIN"])
        grid += [[] for _ in range(layout.title_rows - 1)]
    merges: list[tuple[int, int, int, int]] = []
    width = len(headers)
    if layout.header == "group":  # one merged title over every column name
        merges.append((len(grid), 0, len(grid), width - 1))
        grid.append(["IDENTITAS"] + [""] * (width - 1))
        header_rows = [len(grid) - 1, len(grid)]
        grid.append(headers)
    elif layout.header == "two_row":
        # The last two columns sit under a merged group title; every other name is merged
        # down over both rows, as a printed form lays it out.
        top = len(grid)
        upper = headers[:-2] + ["Keterangan", ""]
        lower = [""] * (width - 2) + headers[-2:]
        merges += [(top, c, top + 1, c) for c in range(width - 2)]
        merges.append((top, width - 2, top, width - 1))
        grid += [upper, lower]
        header_rows = [top, top + 1]
    else:
        header_rows = [len(grid)]
        grid.append(headers)
    numbers = []
    for index, row in enumerate(rows):
        grid.append(row)
        numbers.append(len(grid))
        if layout.blank_every and (index + 1) % layout.blank_every == 0:
            grid.append([])
    data = Sheet(layout.sheet_name, grid, merges)
    others = [Sheet(name, [["Catatan"], ["lembar ini bukan data"]]) for name in
              layout.extra_sheets]
    sheets = [data, *others] if layout.data_sheet_first else [*others, data]
    return Laid(sheets, numbers, [h + 1 for h in header_rows])

def non_ascii_digits(value: str, family: str, positions: list[int]) -> str:
    """`value` with the digits at `positions` replaced by look-alikes of the same value."""
    chars = list(value)
    for position in positions:
        index = position % len(chars)
        if chars[index].isascii() and chars[index].isdigit():
            chars[index] = DIGIT_FAMILIES[family][int(chars[index])]
    return "".join(chars)
