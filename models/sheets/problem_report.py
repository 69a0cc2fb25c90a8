"""The error report of an import: every problem row, with the row's own cells beside it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from models.errors import ImportProblem, Severity
from models.sheets.reading import open_rows
from models.sheets.xlsx_table import EXCEL_ROWS, ExportColumn, write_table

SEVERITY = {Severity.ERROR: "Kesalahan", Severity.WARNING: "Peringatan"}


def write_problem_report(target: Path, source: Path, *, sheet: str, header_row: int,
                         problems: list[ImportProblem]) -> int:
    """One line per problem, sorted by row, followed by that row's values from `source`."""
    ordered = sorted(problems, key=lambda p: (p.row, not p.error))[:EXCEL_ROWS]
    wanted = {p.row for p in ordered}
    header: list[Any] = []
    cells: dict[int, list[Any]] = {}
    for index, row in enumerate(open_rows(source, sheet).rows):
        if index == header_row:
            header = [str(c) for c in row]
        elif index + 1 in wanted:
            cells[index + 1] = row
    columns = [ExportColumn("Baris", 8), ExportColumn("Kolom", 18), ExportColumn("Jenis", 12),
               ExportColumn("Keterangan", 70)]
    columns += [ExportColumn(name or f"Kolom {i + 1}", 18, True) for i, name in enumerate(header)]
    rows = [[p.row, p.column, SEVERITY[p.severity], p.reason, *cells.get(p.row, [])]
            for p in ordered]
    return write_table(target, "Masalah impor", columns, rows)
