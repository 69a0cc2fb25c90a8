"""Finding formulas in an .ods saved without their results (a writer that never calculates)."""
from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MAX_CONTENT = 256 << 20  # larger content.xml is left unchecked (and logged)
_FORMULA_CELL = re.compile(rb"<table:table-cell\b([^>]*\btable:formula\s*=[^>]*)>")
_TABLE = re.compile(rb'<table:table\b[^>]*\btable:name\s*=\s*"([^"]*)"')


_ROW = re.compile(rb"<table:table-row\b([^>]*)>")
_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*)>")
_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated\s*=\s*["\']\s*([0-9]+)')


@dataclass(frozen=True)
class Uncomputed:
    sheet: str
    cells: int  # formula cells of that sheet with no stored result
    first: str  # the first one's reference, e.g. 'C2'


def _repeats(attributes: bytes) -> int:
    found = _REPEAT.search(attributes)
    return int(found.group(1)) if found else 1


def _reference(content: bytes, table_start: int, cell_start: int) -> str:
    """'C2' for a cell: rows and cells before it counted with their repeats."""
    from models.sheets.guard import column_letters

    rows = list(_ROW.finditer(content, table_start, cell_start))
    row = sum(_repeats(m.group(1)) for m in rows[:-1]) + 1
    column = sum(_repeats(m.group(1)) for m in _CELL.finditer(
        content, rows[-1].end() if rows else table_start, cell_start)) + 1
    return f"{column_letters(column)}{row}"


def uncomputed(path: Path, sheet: str) -> Uncomputed | None:
    """The formulas of `sheet` that carry no result: LibreOffice and Excel always store
    one (office:value-type), so a cell without it holds nothing calamine could give."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > MAX_CONTENT:
                log.info("%s: formulas not checked (content.xml %d bytes)", path.name,
                         info.file_size)
                return None
            content = archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return None  # the reader refuses such a file with its own message
    tables = [(m.start(), m.group(1).decode("utf-8", "replace"))
              for m in _TABLE.finditer(content)]
    count, first = 0, ""
    for cell in _FORMULA_CELL.finditer(content):
        if b"office:value-type" in cell.group(1):
            continue
        owner = next(((start, name) for start, name in reversed(tables)
                      if start < cell.start()), (0, ""))
        if owner[1] == sheet:
            count += 1
            first = first or _reference(content, owner[0], cell.start())
    return Uncomputed(sheet, count, first) if count else None
