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


@dataclass(frozen=True)
class Uncomputed:
    sheet: str
    cells: int  # formula cells of that sheet with no stored result


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
    count = 0
    for cell in _FORMULA_CELL.finditer(content):
        if b"office:value-type" in cell.group(1):
            continue
        owner = next((name for start, name in reversed(tables) if start < cell.start()), "")
        if owner == sheet:
            count += 1
    return Uncomputed(sheet, count) if count else None
