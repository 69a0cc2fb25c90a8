"""One styled table per workbook: header band, widths, frozen header, filter, codes as text."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from models.files.private import written_privately
from models.work import ProgressCallback, advance

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="B7C3D3")
TEXT = "@"
EXCEL_ROWS = 1_048_575  # rows a sheet holds below its header
TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # Excel refuses these in a sheet title
TITLE_LENGTH = 31


def sheet_title(text: str) -> str:
    """A title Excel accepts: no []:*?/\\, at most 31 characters, no quote at either end."""
    title = TITLE_FORBIDDEN.sub("-", ILLEGAL_CHARACTERS_RE.sub("", text))
    title = title[:TITLE_LENGTH].strip().strip("'").strip()
    return title or "Data"


def _data_cells(sheet: Any, values: list[Any]) -> list[Any]:
    """Values from data as Excel must show them: text that looks like a formula stays text,
    and characters XML cannot carry are dropped instead of failing the whole export."""
    for index, value in enumerate(values):
        if type(value) is str and value and (value[0] == "=" or ILLEGAL_CHARACTERS_RE.search(
                value)):
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"  # openpyxl would write '=…' as a live formula
            values[index] = cell
    return values


@dataclass(frozen=True)
class ExportColumn:
    title: str
    width: int
    is_code: bool = False  # written as text so leading zeros and all 16 digits survive


def write_table(target: Path, title: str, columns: Sequence[ExportColumn],
                rows: Sequence[Sequence[Any]], *, progress: ProgressCallback | None = None) -> int:
    """Write `rows` under a styled header to `target` (xlsx, atomically); returns the count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", column.title))
        cell.data_type = "s"
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(bottom=THIN)
        header.append(cell)
    sheet.append(header)
    # A write-only row is serialised as soon as it is appended, so one styled cell per
    # code column can be reused; styling 200,000 fresh cells took most of the export time.
    code_cells = {}
    for index, column in enumerate(columns):
        if column.is_code:
            code_cells[index] = WriteOnlyCell(sheet)
            code_cells[index].number_format = TEXT
    for count, row in enumerate(rows, start=1):
        values = _data_cells(sheet, ["" if v is None else v for v in row])
        for index, cell in code_cells.items():
            if index < len(values) and not isinstance(values[index], Cell):
                cell.value = str(values[index])
                values[index] = cell
        sheet.append(values)
        if count % 2000 == 0:
            advance(progress, count, len(rows))
    with written_privately(target) as temporary:  # owner-only: names, NIK
        workbook.save(temporary)
    return len(rows)
