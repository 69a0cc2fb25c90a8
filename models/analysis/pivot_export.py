"""A pivot table as a formatted xlsx: title, the spec in words, bold headers and totals,
number formats, frozen headers and widths; written to a temporary name, then renamed.

Number formats are stored as Excel keeps them in the file ('#,##0', '0.0%'); Excel and
LibreOffice show them with the PC's separators, so an Indonesian Windows shows 1.234 and
12,3 %. Every text (area and officer names come from imported files) is a string cell: a
name starting with '=' stays a name, never a formula.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from models.analysis.pivot import TOTAL_LABEL, PivotTable, spec_name
from models.files.private import written_privately
from models.sheets.xlsx_table import HEADER_FILL, HEADER_FONT, sheet_title
from models.work import ProgressCallback, advance

COUNT_FORMAT = "#,##0"  # shown as 1.234 with Indonesian separators
SHARE_FORMAT = "0.0%"  # shown as 12,3 %
TITLE_FONT = Font(bold=True, size=14)
NOTE_FONT = Font(italic=True, color="44546A")
BOLD = Font(bold=True)
TOTAL_FILL = PatternFill("solid", fgColor="E8EEF5")
LINE = Side(style="thin", color="7F8FA6")
MAX_LABEL_WIDTH = 50
MAX_VALUE_WIDTH = 30


def _text(sheet: Any, value: str, **style: Any) -> WriteOnlyCell:
    """A string cell whatever the text: '=…' is data, not a formula."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _number(sheet: Any, value: float, number_format: str, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def export_pivot(table: PivotTable, target: Path, title: str = "",
                 progress: ProgressCallback | None = None) -> int:
    """Write `table` to `target`; returns the number of table rows (without the totals)."""
    spec = table.spec
    heading = title.strip() or spec_name(spec)
    number_format = SHARE_FORMAT if table.is_share else COUNT_FORMAT
    labels = len(spec.rows)
    values = len(table.column_headers) + 1  # the columns, then the row total

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(heading))
    label_widths = [len(d.label) for d in spec.rows]
    for line in table.row_headers:
        for index, cell in enumerate(line):
            label_widths[index] = max(label_widths[index], len(cell.label))
    value_titles = [h.label for h in table.column_headers] + [TOTAL_LABEL]
    for index, width in enumerate(label_widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_LABEL_WIDTH)
    for index, name in enumerate(value_titles, start=labels + 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(len(name) + 2, 12), MAX_VALUE_WIDTH)

    # Every row is made before the first is written: a write-only sheet starts its file at
    # the first append (the frozen panes go first), and a cancel then leaves nothing open.
    rows: list[list[Any]] = [[_text(sheet, heading, font=TITLE_FONT)]]
    rows += [[_text(sheet, line, font=NOTE_FONT)] for line in table.description]
    rows.append([])

    def band(text: str) -> WriteOnlyCell:
        return _text(sheet, text, fill=HEADER_FILL, font=HEADER_FONT,
                     alignment=Alignment(vertical="center", wrap_text=True))

    if spec.columns:  # the column dimension's name above its values
        rows.append([band("") for _ in range(labels)] + [band(spec.columns[0].label)]
                    + [band("") for _ in range(values - 1)])
    rows.append([band(d.label) for d in spec.rows] + [band(name) for name in value_titles])
    sheet.freeze_panes = f"{get_column_letter(labels + 1)}{len(rows) + 1}"
    for count, (line, cells, total) in enumerate(
            zip(table.row_headers, table.cells, table.row_totals, strict=True), start=1):
        rows.append([_text(sheet, h.label) for h in line]
                    + [_number(sheet, v, number_format) for v in cells]
                    + [_number(sheet, total, number_format, font=BOLD)])
        if count % 2000 == 0:
            advance(progress, count, len(table.row_headers))
    total_style = {"font": BOLD, "fill": TOTAL_FILL, "border": Border(top=LINE)}
    rows.append([_text(sheet, TOTAL_LABEL if index == 0 else "", **total_style)
                 for index in range(labels)]
                + [_number(sheet, v, number_format, **total_style)
                   for v in [*table.column_totals, table.grand_total]])
    for row in rows:
        sheet.append(row)
    with written_privately(target) as temporary:  # temporary name, renamed once complete
        workbook.save(temporary)
    return len(table.row_headers)
