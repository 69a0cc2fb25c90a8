"""The Kualitas table as an xlsx: one row per officer or area, one column per measure."""
from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from models.ids.nik import mask_nik
from models.quality.display import ONLY_MEN
from models.quality.measures import Measure
from models.quality.officers import LEVEL_LABELS, QualityLevel, QualityRow
from models.sheets.xlsx_table import ExportColumn, write_table
from models.work import ProgressCallback


def ranked(rows: Sequence[QualityRow]) -> list[QualityRow]:
    """Most flags first; then by name and code, so equal counts keep a steady order."""
    return sorted(rows, key=lambda r: (-len(r.flags), r.name.casefold(), r.code, r.key))


def shown_code(row: QualityRow) -> str:
    """An officer's NIK masked (the table shows no more), a team's or area's code whole."""
    return mask_nik(row.code) if row.level is QualityLevel.PPL and row.code else row.code


def _number(value: float | None) -> float | str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if math.isinf(value):
        return ONLY_MEN
    return round(value, 2)


def columns(level: QualityLevel) -> list[ExportColumn]:
    found = [ExportColumn("NIK" if level is QualityLevel.PPL else "Kode", 20, is_code=True),
             ExportColumn(LEVEL_LABELS[level], 28)]
    if level is QualityLevel.PPL:
        found.append(ExportColumn("Tim", 16))
    found += [ExportColumn("Dibanding", 22), ExportColumn("Penduduk", 11),
              ExportColumn("Ruta", 9), ExportColumn("Tanda", 8),
              ExportColumn("Ukuran ditandai", 40)]
    found += [ExportColumn(f"{m.label} ({m.unit})", 16) for m in Measure]
    return found


def row_values(row: QualityRow) -> list[object]:
    values: list[object] = [shown_code(row), row.name]
    if row.level is QualityLevel.PPL:
        values.append(row.team_name)
    values += [row.area_name, row.persons, row.households, len(row.flags),
               ", ".join(m.label for m in Measure if m in row.flags)]
    values += [_number(row.values.get(m)) for m in Measure]
    return values


def export_quality(target: Path, level: QualityLevel, rows: Sequence[QualityRow],
                   progress: ProgressCallback | None = None) -> int:
    """The rows, most flags first, to `target` (written atomically); returns the count."""
    return write_table(target, f"Kualitas per {LEVEL_LABELS[level]}", columns(level),
                       [row_values(r) for r in ranked(rows)], progress=progress)
