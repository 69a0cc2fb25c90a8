"""Reading xlsx, xls, xlsb, ods (python-calamine) and csv into rows of raw cell values."""
from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from models.errors import KendaliError

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
CSV_ENCODINGS = ("utf-8-sig", "cp1252")  # Excel's "CSV UTF-8" and its plain "CSV"
CSV_DELIMITERS = ",;\t|"


class SpreadsheetError(KendaliError):
    """The file cannot be read as a spreadsheet."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check(path: Path) -> str:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SpreadsheetError(f"Berkas {path} tidak ditemukan.")
    if suffix not in WORKBOOK_SUFFIXES | CSV_SUFFIXES:
        raise SpreadsheetError(
            f"Berkas {path.name} bukan lembar kerja yang dikenal. Gunakan xlsx, xls, xlsb, ods "
            "atau csv."
        )
    return suffix


def _csv_text(path: Path) -> str:
    raw = path.read_bytes()
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # Excel's "Unicode Text"
        return raw.decode("utf-16")
    for encoding in CSV_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # never fails; odd characters show up for the user to see


def _csv_reader(lines: list[str]) -> Iterator[list[Any]]:
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:500]), delimiters=CSV_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return csv.reader(lines, delimiter=delimiter)


def sheet_names(path: Path) -> list[str]:
    if _check(path) in CSV_SUFFIXES:
        return [path.stem]
    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc


@dataclass
class SheetRows:
    """A sheet's rows, streamed, and how many there are (for progress bars)."""

    total: int
    rows: Iterator[list[Any]]


def open_rows(path: Path, sheet: str | None = None) -> SheetRows:
    """Load the chosen sheet (the first when None); empty cells are ''."""
    if _check(path) in CSV_SUFFIXES:
        lines = _csv_text(path).splitlines()
        return SheetRows(len(lines), _csv_reader(lines))
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        name = sheet or workbook.sheet_names[0]
        if name not in workbook.sheet_names:
            raise SpreadsheetError(f"Lembar {name} tidak ada di berkas {path.name}.")
        loaded = workbook.get_sheet_by_name(name)
        # The whole sheet is in memory now: iterating it cannot fail, and a wrapping
        # generator would cost a microsecond per row.
        return SheetRows(loaded.height, loaded.iter_rows())
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: Exception) -> SpreadsheetError:
    return SpreadsheetError(f"Berkas {path.name} tidak dapat dibaca; mungkin rusak atau "
                            "terkunci sandi.", str(exc))


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[list[Any]]:
    """Rows of the chosen sheet (the first when None), streamed; empty cells are ''."""
    return open_rows(path, sheet).rows


def head(path: Path, sheet: str | None = None, rows: int = 30) -> list[list[Any]]:
    """The first rows, for finding the header and previewing."""
    result = []
    for row in iter_rows(path, sheet):
        result.append(row)
        if len(result) >= rows:
            break
    return result
