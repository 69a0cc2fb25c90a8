"""How a quality measure's value and threshold read in a table, a tooltip, a sheet or a letter."""
from __future__ import annotations

import math
from collections.abc import Sequence

from models.formatting import format_number, format_percent
from models.quality.measures import HOUSEHOLD_MEASURES, Direction, Measure, Thresholds
from models.quality.officers import QualityLevel, QualityRow

ONLY_MEN = "hanya laki-laki"
DECIMALS = {"indeks": 1, "%": 1, "laki-laki per 100 perempuan": 1, "orang": 2,
            "ruta per hari": 1, "hari kerja": 0}


def value_text(measure: Measure, value: float | None) -> str:
    """'12,5 %', '131,2', '3,85', '6'; '' for no value; an infinite sex ratio in words."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if math.isinf(value):
        return ONLY_MEN
    decimals = DECIMALS.get(measure.unit, 1)
    if measure.unit == "%":
        return format_percent(value, decimals)
    return format_number(value, decimals)


def threshold_text(measure: Measure, thresholds: Thresholds) -> str:
    """When the measure flags, in words: 'di atas 5 %', 'selisih lebih dari 15 dari wilayah'."""
    limit = thresholds.of(measure)
    shown = format_number(limit, 0 if limit == int(limit) else 1)
    unit = " %" if measure.unit == "%" else ""
    direction = measure.direction
    if direction is Direction.ABOVE:
        return f"di atas {shown}{unit}"
    if direction is Direction.FAR_FROM_AREA:
        return f"selisih lebih dari {shown} dari wilayah pembanding"
    if direction is Direction.ABOVE_AREA:
        return f"lebih dari {shown} poin di atas wilayah pembanding"
    return f"lebih dari {shown} kali median rekan setim"


def reference_name(row: QualityRow, measure: Measure) -> str:
    """What the row's area value is of: the kecamatan compared with, or the team's median."""
    if measure is Measure.PACE and row.level is QualityLevel.PPL:
        return "median PPL lain setim"
    return row.area_name or "wilayah"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def cell_tip(row: QualityRow, measure: Measure, thresholds: Thresholds) -> str:
    """A cell's tooltip: the value, the area's value and the threshold; why it is flagged."""
    value = value_text(measure, row.values.get(measure)) or "tidak ada data"
    area = value_text(measure, row.area_values.get(measure)) or "tidak ada data"
    lines = [f"{measure.label} ({measure.unit}): {value}",
             f"{_first_upper(reference_name(row, measure))}: {area}",
             f"Batas: {threshold_text(measure, thresholds)}"]
    by_households = measure in HOUSEHOLD_MEASURES
    if (row.households if by_households else row.persons) < thresholds.minimum(measure):
        lines.append(f"Tidak dinilai: kurang dari {format_number(thresholds.minimum(measure))} "
                     f"{'ruta' if by_households else 'penduduk'}.")
    if measure in row.flags:
        lines.insert(0, "DITANDAI")
        if row.level is QualityLevel.PPL:
            lines.append("Enter atau klik dua kali: lihat catatan di balik tanda ini.")
    return "\n".join(lines)


def limit_lines(rows: Sequence[QualityRow], measure: Measure,
                thresholds: Thresholds) -> list[float]:
    """Where the threshold lies on the measure's own scale, for a chart of `rows`: the
    threshold itself, or around the area's value when every row is compared with the same
    one (a kecamatan's PPL); else nowhere (each row has its own limit)."""
    limit = thresholds.of(measure)
    if measure.direction is Direction.ABOVE:
        return [limit]
    references = {row.area_values.get(measure) for row in rows}
    if len(references) != 1:
        return []
    reference = references.pop()
    if reference is None or not math.isfinite(reference):
        return []
    if measure.direction is Direction.FAR_FROM_AREA:
        return [reference - limit, reference + limit]
    if measure.direction is Direction.ABOVE_AREA:
        return [reference + limit]
    return [reference * limit]
