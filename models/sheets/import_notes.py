"""Warnings of a master import: the row is stored, but the cell named deserves a look."""
from __future__ import annotations

from dataclasses import dataclass, field

from models.errors import RowError
from models.sheets.importing import ImportProblems

SHOWN = 10  # warnings listed in a summary; the count says how many more


@dataclass
class ImportNotes(ImportProblems):
    """ImportProblems (errors refuse the file) plus warnings that go into the report."""

    warnings: list[RowError] = field(default_factory=list)

    def warn(self, row: int, column: str, reason: str | None) -> None:
        if reason:
            self.warnings.append(RowError(self.file, self.sheet, row, column, reason,
                                          severity="warning"))


def warning_lines(warnings: list[RowError]) -> str:
    """' 2 peringatan:' and one line per warning, for a report's summary; '' when none."""
    if not warnings:
        return ""
    lines = "".join(f"\n• {w}" for w in warnings[:SHOWN])
    more = f"\n… dan {len(warnings) - SHOWN} peringatan lain." if len(warnings) > SHOWN else ""
    return f" {len(warnings)} peringatan:{lines}{more}"
