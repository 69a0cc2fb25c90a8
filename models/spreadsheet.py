"""Reading xlsx, xls, xlsb, ods (python-calamine) and csv into rows of raw cell values."""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
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
    for encoding in CSV_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # never fails; odd characters show up for the user to see


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    text = _csv_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:64_000], delimiters=CSV_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    yield from csv.reader(text.splitlines(), delimiter=delimiter)


def sheet_names(path: Path) -> list[str]:
    if _check(path) in CSV_SUFFIXES:
        return [path.stem]
    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except (CalamineError, OSError, ValueError) as exc:
        raise SpreadsheetError(f"Berkas {path.name} tidak dapat dibaca; mungkin rusak atau "
                               "terkunci sandi.", str(exc)) from exc


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[list[Any]]:
    """Rows of the chosen sheet (the first when None), streamed; empty cells are ''."""
    if _check(path) in CSV_SUFFIXES:
        yield from _csv_rows(path)
        return
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        name = sheet or workbook.sheet_names[0]
        if name not in workbook.sheet_names:
            raise SpreadsheetError(f"Lembar {name} tidak ada di berkas {path.name}.")
        yield from workbook.get_sheet_by_name(name).iter_rows()
    except (CalamineError, OSError, ValueError) as exc:
        raise SpreadsheetError(f"Berkas {path.name} tidak dapat dibaca; mungkin rusak atau "
                               "terkunci sandi.", str(exc)) from exc


def head(path: Path, sheet: str | None = None, rows: int = 30) -> list[list[Any]]:
    """The first rows, for finding the header and previewing."""
    result = []
    for row in iter_rows(path, sheet):
        result.append(row)
        if len(result) >= rows:
            break
    return result
