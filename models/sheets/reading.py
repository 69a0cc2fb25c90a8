"""Reading xlsx, xls, xlsb, ods (python-calamine) and csv into rows of raw cell values."""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import operator
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from models.errors import KendaliError
from models.formatting import format_number
from models.sheets import guard as sheet_guard
from models.sheets import head_copy, ods_formulas, xls_formulas

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
CSV_ENCODINGS = ("utf-8-sig", "cp1252")  # Excel's "CSV UTF-8" and its plain "CSV"
CSV_DELIMITERS = ",;\t|"
CELL_CHARS = 32_767  # Excel's limit for one cell: a longer CSV field is refused
SNIFF_ROWS = 200  # records judged for the delimiter
SNIFF_CHARS = 1 << 18  # of text at most: a huge cell is not read four times whole
# The csv module itself refuses a longer field (at C speed, whatever the line breaks
# inside it); the error is turned into a refusal naming the cell. Process-wide, but the
# app reads no other CSV with fields that long.
csv.field_size_limit(CELL_CHARS)


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


def _consistency(widths: Iterable[int]) -> tuple[int, int]:
    """(how many rows share the commonest width, that width); (0, 0) for one column."""
    counted = Counter(widths)
    if not counted:
        return 0, 0
    width, rows = max(counted.items(), key=lambda item: (item[1], item[0]))
    return (rows, width) if width > 1 else (0, 0)


def _delimiter(text: str) -> str:
    """The delimiter that cuts the first lines into the most rows of one width (then: the
    widest). Lines holding a quote are left out, since a quoted cell may hold delimiters
    and line breaks (which confuses csv.Sniffer); if every line has one, records are cut
    as csv parses them."""
    sample = text[:SNIFF_CHARS]
    lines = sample.splitlines()[:SNIFF_ROWS]
    if len(text) > SNIFF_CHARS and lines:
        lines.pop()  # cut short
    plain = [line for line in lines if '"' not in line and line.strip()]
    scores = {d: _consistency(line.count(d) + 1 for line in plain) for d in CSV_DELIMITERS}
    if all(score == (0, 0) for score in scores.values()):
        scores = {d: _consistency(_parsed_widths(sample, d)) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: scores[d])
    return best if scores[best] > (0, 0) else ","


def _parsed_widths(sample: str, delimiter: str) -> list[int]:
    widths = []
    try:
        for number, row in enumerate(csv.reader(_lines(sample, _Breaks.of(sample)),
                                                delimiter=delimiter)):
            if number >= SNIFF_ROWS:
                break
            if row:
                widths.append(len(row))
    except csv.Error:  # a cell over the limit: judge by the records before it
        pass
    return widths


@dataclass(frozen=True)
class _Breaks:
    """How a CSV text's lines end, counted once: csv's record ends are \r\n, \n and \r."""

    lf: int
    cr: int
    crlf: int

    @classmethod
    def of(cls, text: str) -> _Breaks:
        cr = text.count("\r")
        return cls(text.count("\n"), cr, text.count("\r\n") if cr else 0)

    def records(self, text: str) -> int:
        """Rows csv will yield; a line break inside a quoted cell counts too (an upper
        bound there, for progress bars)."""
        return self.lf + self.cr - self.crlf + (1 if text and text[-1] not in "\r\n" else 0)


def _lines(text: str, breaks: _Breaks) -> Iterable[str]:
    """The text's lines with their ends, split only at \r\n, \n and \r (str.splitlines
    also splits at U+2028, NEL, form feed and more, which may sit inside a cell)."""
    if breaks.cr != breaks.crlf:
        return io.StringIO(text, newline="")  # lone CRs (old Mac files): a slower reader
    lines = text.split("\n")  # the fast way: as fast as splitlines
    if lines[-1] == "":
        lines.pop()
    return map(operator.add, lines, repeat("\n"))


def _csv_rows(path: Path, text: str, breaks: _Breaks) -> Iterator[list[Any]]:
    """Records as csv reads them: a line break inside quotes stays in the cell."""
    delimiter = _delimiter(text)
    try:
        yield from csv.reader(_lines(text, breaks), delimiter=delimiter)
    except csv.Error as exc:
        raise _csv_refusal(path, text, breaks, delimiter=delimiter, exc=exc) from exc


def _csv_refusal(path: Path, text: str, breaks: _Breaks, *, delimiter: str,
                 exc: csv.Error) -> SpreadsheetError:
    """Which cell the csv module refused: the records before it are counted again, and the
    failing one is walked through by hand (the limit is process-wide: it stays put)."""
    reader = csv.reader(_lines(text, breaks), delimiter=delimiter)
    records = start = 0
    try:
        for _row in reader:
            records, start = records + 1, reader.line_num
    except csv.Error:
        pass
    rest = chain.from_iterable(islice(_lines(text, breaks), start, None))
    column = _long_field(rest, delimiter)
    if column is None or "larger than field limit" not in str(exc):
        return SpreadsheetError(f"Berkas {path.name}, baris {records + 1}: tidak dapat dibaca "
                                "sebagai CSV.", str(exc))
    return SpreadsheetError(
        f"Berkas {path.name}, baris {records + 1}, kolom {sheet_guard.column_letters(column)}: "
        f"sel berisi lebih dari {format_number(CELL_CHARS)} karakter, batas Excel per sel. "
        "Periksa apakah tanda kutip (\") di berkas itu berpasangan.", str(exc))


def _long_field(chars: Iterable[str], delimiter: str) -> int | None:
    """The (1-based) column of the record's first field over CELL_CHARS, parsed as csv
    does: a quote opens a field only at its start, and '""' inside one is a quote."""
    column, length, quoted, at_start, quote_seen = 1, 0, False, True, False
    for char in chars:
        if quoted:
            if quote_seen:
                quote_seen = False
                if char == '"':
                    length += 1
                    continue
                quoted = False  # that quote closed the field: read this char outside it
            elif char == '"':
                quote_seen = True
                continue
            else:
                length += 1
                if length > CELL_CHARS:
                    return column
                continue
        if char == delimiter:
            column, length, at_start = column + 1, 0, True
        elif char in "\r\n":
            return None
        elif char == '"' and at_start:
            quoted, at_start = True, False
        else:
            at_start = False
            length += 1
            if length > CELL_CHARS:
                return column
    return None


def missing_sheet(path: Path, sheet: str, sheets: list[str]) -> SpreadsheetError:
    listed = ", ".join(f"'{name}'" for name in sheets) or "(tidak ada)"
    return SpreadsheetError(f"Lembar '{sheet}' tidak ada di berkas {path.name}. Lembar yang "
                            f"ada: {listed}.")


def _guard(path: Path, sheet: str | None) -> None:
    """Refuse before calamine allocates a huge used range (that aborts the process)."""
    if problem := sheet_guard.refusal(path, sheet):
        raise SpreadsheetError(problem)


def sheet_names(path: Path) -> list[str]:
    if _check(path) in CSV_SUFFIXES:
        return [path.stem]
    _guard(path, None)
    try:
        names = list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    if not names:
        raise SpreadsheetError(f"Berkas {path.name} tidak berisi lembar kerja.")
    return names


@dataclass
class SheetRows:
    """A sheet's rows, streamed, and how many there are (for progress bars)."""

    total: int
    rows: Iterator[list[Any]]


def open_rows(path: Path, sheet: str | None = None) -> SheetRows:
    """Load the chosen sheet (the first when None); empty cells are ''.

    A sheet the file does not have is refused, never replaced by the first one.
    """
    if _check(path) in CSV_SUFFIXES:
        if sheet is not None and sheet != path.stem:
            raise missing_sheet(path, sheet, [path.stem])
        text = _csv_text(path)
        breaks = _Breaks.of(text)
        return SheetRows(breaks.records(text), _csv_rows(path, text, breaks))
    _guard(path, None)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        if not names:
            raise SpreadsheetError(f"Berkas {path.name} tidak berisi lembar kerja.")
        name = names[0] if sheet is None else sheet
        if name not in names:
            raise missing_sheet(path, name, names)
        _guard(path, name)
        if path.suffix.lower() == ".xls":
            _refuse_uncomputed(path, name)
        elif path.suffix.lower() == ".ods":
            _refuse_uncomputed_ods(path, name)
        loaded = workbook.get_sheet_by_name(name)
        # The whole sheet is in memory now: iterating it cannot fail, and a wrapping
        # generator would cost a microsecond per row.
        return SheetRows(loaded.height, loaded.iter_rows())
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc


def _refuse_uncomputed(path: Path, sheet: str) -> None:
    """calamine gives an .xls formula's stored result, right when Excel or LibreOffice saved
    it; a writer that does not calculate stores 0 or '' for every formula, and a name
    column of them would be stored as '0'."""
    found = xls_formulas.scan(path)
    if not found or sheet not in found or not xls_formulas.never_computed(found):
        return
    cells = found[sheet].placeholders
    if not cells:
        return
    columns = sorted({col for _row, col in cells})
    named = ", ".join(sheet_guard.column_letters(c + 1) for c in columns[:8])
    row, col = min(cells)
    raise SpreadsheetError(
        f"Berkas {path.name}, lembar {sheet}: kolom {named} berisi rumus yang hasilnya belum "
        f"pernah dihitung (tersimpan 0 atau kosong; mis. sel "
        f"{sheet_guard.column_letters(col + 1)}{row + 1}). Buka berkasnya di Excel atau "
        "LibreOffice lalu simpan ulang, atau salin kolom itu dan tempel sebagai nilai, lalu "
        "impor lagi.")


def _refuse_uncomputed_ods(path: Path, sheet: str) -> None:
    """An .ods formula without its stored result reads as a blank (or 0): refused."""
    found = ods_formulas.uncomputed(path, sheet)
    if found is None:
        return
    raise SpreadsheetError(
        f"Berkas {path.name}, lembar {sheet}: {found.cells} sel berisi rumus tanpa hasil "
        f"tersimpan (mis. sel {found.first}); program yang menulisnya tidak menghitung rumus, "
        "sehingga isinya akan terbaca kosong. Buka berkasnya di "
        "LibreOffice atau Excel lalu simpan ulang, atau salin kolomnya dan tempel sebagai "
        "nilai, lalu impor lagi.")


def _unreadable(path: Path, exc: Exception) -> SpreadsheetError:
    return SpreadsheetError(f"Berkas {path.name} tidak dapat dibaca; mungkin rusak atau "
                            "terkunci sandi.", str(exc))


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[list[Any]]:
    """Rows of the chosen sheet (the first when None), streamed; empty cells are ''."""
    return open_rows(path, sheet).rows


def head(path: Path, sheet: str | None = None, rows: int = 30) -> list[list[Any]]:
    """The first rows, for finding the header and previewing (see `first_rows`)."""
    return first_rows(path, sheet, rows).rows


@dataclass
class FirstRows:
    """The file's sheets, the one chosen (the first when none is named) and its first rows."""

    sheets: list[str]
    sheet: str
    rows: list[list[Any]]


def first_rows(path: Path, sheet: str | None = None, rows: int = 30) -> FirstRows:
    """A first look at a file without loading more of it than needed.

    A workbook's rows are as wide as the widest of them reaches (calamine pads every row to
    the sheet's widest, which a large sheet would have to be read whole to know). An xlsx
    with a large sheet is read from a copy holding each sheet's first rows only; the guard
    still bounds the chosen sheet whole, so a sheet the import would refuse is refused now.
    """
    if _check(path) in CSV_SUFFIXES:
        names = [path.stem]
        chosen = _chosen(path, sheet, names)
        return FirstRows(names, chosen, list(islice(iter_rows(path, chosen), rows)))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        _guard(path, None)
        with head_copy.head_workbook(path, rows) as copy:
            if copy is not None:
                found = _from_copy(path, copy, sheet, rows)
                if found is not None:
                    return found
    names = sheet_names(path)
    chosen = _chosen(path, sheet, names)
    return FirstRows(names, chosen, _trimmed(list(islice(iter_rows(path, chosen), rows))))


def _chosen(path: Path, sheet: str | None, names: list[str]) -> str:
    if sheet is not None and sheet not in names:  # a mistyped --sheet, a stale choice
        raise missing_sheet(path, sheet, names)
    return names[0] if sheet is None else sheet


def _from_copy(path: Path, copy: head_copy.HeadCopy, sheet: str | None,
               rows: int) -> FirstRows | None:
    """The first look read from the copy; None where only the file itself tells (the copy
    unreadable, or a cut sheet whose first row elements hold fewer rows: formatting only)."""
    try:
        names = sheet_names(copy.path)
    except SpreadsheetError:
        return None  # the file's own error, if it has one, is the one to show
    chosen = _chosen(path, sheet, names)
    _guard(path, chosen)  # refused now, as when the whole sheet is loaded
    try:
        found = list(islice(iter_rows(copy.path, chosen), rows))
    except SpreadsheetError:
        return None
    if len(found) < rows and copy.was_cut(path, chosen):
        return None
    return FirstRows(names, chosen, _trimmed(found))


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Every row cut to the last column any of them fills."""
    width = max((index + 1 for row in rows for index, cell in enumerate(row) if cell != ""),
                default=0)
    return [row[:width] for row in rows]
