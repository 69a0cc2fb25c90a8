"""One styled table per workbook: header band, widths, frozen header, filter, codes as text.

Written by xlsxwriter in constant-memory mode: each row goes to disk as it is written, so
a province's 40,000 rows take a second and no more memory than one row.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from numbers import Real
from pathlib import Path
from typing import Any

import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from models.files.private import written_privately
from models.work import ProgressCallback, advance

HEADER_BLUE, HEADER_LINE = "1F3A5F", "B7C3D3"
HEADER_STYLE = {"bold": True, "font_color": "#FFFFFF", "bg_color": f"#{HEADER_BLUE}",
                "pattern": 1, "valign": "vcenter", "text_wrap": True, "bottom": 1,
                "bottom_color": f"#{HEADER_LINE}"}
# The same band for workbooks openpyxl writes (models.analysis.pivot_export).
HEADER_FILL = PatternFill("solid", fgColor=HEADER_BLUE)
HEADER_FONT = Font(bold=True, color="FFFFFF")
TEXT = "@"
DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss"  # as openpyxl wrote them
CELL_CHARS = 32_767  # Excel's limit for one cell
EXCEL_ROWS = 1_048_575  # rows a sheet holds below its header
TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # Excel refuses these in a sheet title
TITLE_LENGTH = 31
# Data is never a formula, a link or a number guessed from text.
OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
           "strings_to_numbers": False, "nan_inf_to_errors": True}


def sheet_title(text: str) -> str:
    """A title Excel accepts: no []:*?/\\, at most 31 characters, no quote at either end."""
    title = TITLE_FORBIDDEN.sub("-", ILLEGAL_CHARACTERS_RE.sub("", text))
    title = title[:TITLE_LENGTH].strip().strip("'").strip()
    return title or "Data"


def _text(value: str) -> str:
    """Text as a cell can hold it: characters XML cannot carry dropped, cut at Excel's limit."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value[:CELL_CHARS]


@dataclass(frozen=True)
class ExportColumn:
    title: str
    width: int
    is_code: bool = False  # written as text so leading zeros and all 16 digits survive


def write_table(target: Path, title: str, columns: Sequence[ExportColumn],
                rows: Sequence[Sequence[Any]], *, progress: ProgressCallback | None = None) -> int:
    """Write `rows` under a styled header to `target` (xlsx, atomically); returns the count."""
    with written_privately(target) as temporary:  # owner-only: names, NIK
        book = xlsxwriter.Workbook(str(temporary), OPTIONS)
        try:
            _fill(book, title, columns, rows, progress)
        finally:
            book.close()
    return len(rows)


def _fill(book: Any, title: str, columns: Sequence[ExportColumn],
          rows: Sequence[Sequence[Any]], progress: ProgressCallback | None) -> None:
    sheet = book.add_worksheet(sheet_title(title))
    header, code = book.add_format(HEADER_STYLE), book.add_format({"num_format": TEXT})
    day, moment = (book.add_format({"num_format": DATE_FORMAT}),
                   book.add_format({"num_format": DATETIME_FORMAT}))
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, _text(column.title), header)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    codes = {index for index, column in enumerate(columns) if column.is_code}
    text, number = sheet.write_string, sheet.write_number
    for at, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            kind = type(value)
            if value is None or value == "":
                continue
            if index in codes or kind is str:
                text(at, index, _text(str(value)), code if index in codes else None)
            elif kind is bool:
                sheet.write_boolean(at, index, value)
            elif isinstance(value, (Real, Decimal)):
                number(at, index, float(value))
            elif kind is datetime:
                sheet.write_datetime(at, index, value, moment)
            elif kind is date:
                sheet.write_datetime(at, index, value, day)
            else:  # enums, decimals and the rest, as they read
                text(at, index, _text(str(value)))
        if at % 2000 == 0:
            advance(progress, at, len(rows))
