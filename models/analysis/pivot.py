"""Pivot tables over persons and reconciliation outcomes, counted with GROUP BY in the database.

What is counted depends on the dimensions chosen:

- **Catatan orang per sumber** (no Kategori anywhere in the spec): the current rows of the
  active batches of SP Online and of the field results. A person both sources hold is one
  record in each; choose Sumber as a row, a column or a filter to see them apart.
- **Hasil rekonsiliasi** (Kategori as a row, column or filter): one outcome row per person
  (a pair when both sources hold them), as the last matching run left them. Sumber has no
  meaning there, so Kategori with Sumber is refused.

Measures: persons; households (distinct No. KK: a household counts once in every cell one of
its members is in, and once in each total, so a total may be less than the sum of its cells);
share (each cell's persons as a part of its row total, so every row sums to 100 %; without a
column dimension, each row as a part of the grand total).

Officers: a field record's PPL is the officer who found the person, else the SLS's current
PPL, as for an online record; the team is that PPL's current team; the Koseka is the current
one of the SLS's kecamatan. Ages are whole years at the reference day (the field window's
start from the Jadwal, else 1 September 2020, the start of the SP2020 field count).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from models.analysis import pivot_query
from models.analysis.pivot_values import Labels, header, value_labels
from models.analysis.spec import (
    DIMENSION_LABELS,
    MEASURE_LABELS,
    SOURCE_LABELS,
    Dimension,
    Header,
    Key,
    PivotMeasure,
    PivotSpec,
)
from models.errors import FieldProblem, ValidationError
from models.formatting import format_date
from models.schedule.settings import load_calendar
from models.work import ProgressCallback, advance

__all__ = ["DIMENSION_LABELS", "MEASURE_LABELS", "Dimension", "Header", "Key", "PivotMeasure",
           "PivotSpec", "PivotSpecError", "PivotTable", "run_pivot", "validate", "spec_name"]
log = logging.getLogger(__name__)

Number = int | float
DEFAULT_REFERENCE_DAY = date(2020, 9, 1)  # the SP2020 field count began on 1 September 2020
MAX_COLUMNS = 250  # more values than this belong in the rows
TOTAL_LABEL = "Jumlah"


@dataclass(frozen=True)
class PivotTable:
    """`cells[r][c]` under `row_headers[r]` (one Header per row dimension) and
    `column_headers[c]`; without a column dimension the rows have no cells, only totals."""

    spec: PivotSpec
    row_headers: list[tuple[Header, ...]]
    column_headers: list[Header]
    cells: list[list[Number]]
    row_totals: list[Number]
    column_totals: list[Number]
    grand_total: Number
    reference_day: date
    description: tuple[str, ...]  # the spec in words, for the page and the export

    @property
    def is_share(self) -> bool:
        return self.spec.measure is PivotMeasure.SHARE

    @property
    def empty(self) -> bool:
        return not self.row_headers


def universe_text(spec: PivotSpec) -> str:
    if spec.outcomes:
        return ("Hasil rekonsiliasi terakhir: satu baris per orang (pasangan online dan "
                "lapangan dihitung satu kali).")
    sources = spec.filters.get(Dimension.SOURCE)
    if sources is not None and len(sources) == 1:
        (source,) = sources
        return f"Catatan {SOURCE_LABELS.get(str(source), str(source))} saja."
    if Dimension.SOURCE in (*spec.rows, *spec.columns):
        return "Catatan SP Online dan lapangan, per sumber."
    return ("Catatan SP Online dan lapangan: orang yang tercatat di kedua sumber dihitung "
            "di masing-masing sumber.")


class PivotSpecError(ValidationError):
    """A spec the pivot cannot answer; `problems` names each reason."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(problems)
        self.message = "Laporan belum dapat dihitung:\n" + "\n".join(
            f"• {p.reason}" for p in problems)
        self.args = (self.message,)


def validate(spec: PivotSpec) -> None:
    """Refuse a spec the pivot cannot answer, with every reason in Indonesian."""
    problems: list[FieldProblem] = []
    if not 1 <= len(spec.rows) <= 2:
        problems.append(FieldProblem("rows", "Pilih satu atau dua dimensi untuk baris."))
    if len(spec.columns) > 1:
        problems.append(FieldProblem("columns", "Pilih paling banyak satu dimensi untuk kolom."))
    chosen = [*spec.rows, *spec.columns]
    for dimension in {d for d in chosen if chosen.count(d) > 1}:
        problems.append(FieldProblem(
            "rows", f"{dimension.label} dipilih lebih dari sekali; pilih dimensi yang berbeda "
                    "untuk baris dan kolom."))
    if spec.outcomes and Dimension.SOURCE in spec.used:
        problems.append(FieldProblem(
            "columns", "Kategori rekonsiliasi tidak dapat digabung dengan Sumber: setiap hasil "
                       "rekonsiliasi sudah mencakup kedua sumber. Pilih salah satunya."))
    for dimension, values in spec.filters.items():
        problems.extend(_filter_problems(dimension, values))
    if problems:
        raise PivotSpecError(problems)


def _filter_problems(dimension: Dimension, values: frozenset[Key]) -> list[FieldProblem]:
    if not values:
        return [FieldProblem("filters", f"Filter {dimension.label} kosong: pilih paling sedikit "
                                        "satu nilai, atau hapus filternya.")]
    allowed = pivot_query.FIXED_KEYS.get(dimension)
    if allowed is not None:
        wrong = [v for v in values if v not in allowed]
    else:
        wrong = [v for v in values if v is not None and (type(v) is not int or v < 0)]
    if wrong:
        return [FieldProblem("filters", f"Filter {dimension.label} memuat nilai yang tidak "
                                        f"dikenal: {', '.join(sorted(map(str, wrong)))}.")]
    return []


def reference_day(session: Session) -> date:
    """The day ages are counted at: the field window's start, else DEFAULT_REFERENCE_DAY."""
    window = load_calendar(session).field
    return window.start if window is not None else DEFAULT_REFERENCE_DAY


def run_pivot(session: Session, spec: PivotSpec, progress: ProgressCallback | None = None,
              *, reference: date | None = None) -> PivotTable:
    """Count `spec` in the database in one statement; progress: before and after it."""
    validate(spec)
    day = reference or reference_day(session)
    advance(progress, 0, 2)
    query = pivot_query.PivotQuery(session, spec, day)
    width = len(spec.rows)
    cells: dict[tuple[Key, ...], Number] = {}
    row_total: dict[tuple[Key, ...], Number] = {}
    column_total: dict[tuple[Key, ...], Number] = {}
    grand: Number = 0
    if spec.measure is PivotMeasure.HOUSEHOLDS:
        for level, *keys, value in query.households():
            if level == 0:
                cells[tuple(keys)] = value
            elif level == 1:
                row_total[tuple(keys[:width])] = value
            elif level == 2:
                column_total[tuple(keys[width:])] = value
            else:
                grand = value
    else:
        for *keys, value in query.persons([*spec.rows, *spec.columns]):
            key = tuple(keys)
            cells[key] = value
            row_total[key[:width]] = row_total.get(key[:width], 0) + value
            column_total[key[width:]] = column_total.get(key[width:], 0) + value
            grand += value
    advance(progress, 1, 2)
    row_keys = list({k[:width] for k in cells})
    column_keys = list({k[width:] for k in cells}) if spec.columns else []
    if len(column_keys) > MAX_COLUMNS:
        raise PivotSpecError([FieldProblem(
            "columns", f"{spec.columns[0].label} punya {len(column_keys)} nilai: terlalu banyak "
                       f"untuk kolom (paling banyak {MAX_COLUMNS}). Pilih sebagai baris.")])
    labels = value_labels(session, spec.used)
    row_keys.sort(key=lambda k: _order(spec.rows, k, labels))
    column_keys.sort(key=lambda k: _order(spec.columns, k, labels))
    grid = [[cells.get(r + c, 0) for c in column_keys] for r in row_keys] if spec.columns \
        else [[] for _ in row_keys]
    rows_total = [row_total.get(r, 0) for r in row_keys]
    columns_total = [column_total.get(c, 0) for c in column_keys]
    if spec.measure is PivotMeasure.SHARE:
        grid, rows_total, columns_total, grand = _shares(grid, rows_total, columns_total, grand,
                                                         bool(spec.columns))
    table = PivotTable(
        spec=spec,
        row_headers=[tuple(header(d, k, labels) for d, k in zip(spec.rows, key, strict=True))
                     for key in row_keys],
        column_headers=[header(spec.columns[0], c[0], labels) for c in column_keys],
        cells=grid, row_totals=rows_total, column_totals=columns_total, grand_total=grand,
        reference_day=day, description=_describe(spec, day, labels))
    advance(progress, 2, 2)
    log.info("pivot %s: %d rows, %d columns", spec_name(spec), len(row_keys), len(column_keys))
    return table


def _shares(grid: list[list[Number]], rows: list[Number], columns: list[Number], grand: Number,
            crossed: bool) -> tuple[list[list[Number]], list[Number], list[Number], Number]:
    def part(value: Number, whole: Number) -> float:
        return value / whole if whole else 0.0

    if not crossed:
        return grid, [part(v, grand) for v in rows], [], 1.0 if grand else 0.0
    shared = [[part(v, whole) for v in line] for line, whole in zip(grid, rows, strict=True)]
    return (shared, [1.0 if whole else 0.0 for whole in rows],
            [part(v, grand) for v in columns], 1.0 if grand else 0.0)


def _order(dimensions: tuple[Dimension, ...], keys: tuple[Key, ...], labels: Labels
           ) -> tuple[Any, ...]:
    """Areas by code, officers by name, fixed values in their own order; unknown last."""
    order: list[Any] = []
    for dimension, key in zip(dimensions, keys, strict=True):
        known = labels.get(dimension, {}).get(key) if key is not None else None
        order.append((key is None, known is None, known[0] if known else (), str(key)))
    return tuple(order)


def spec_name(spec: PivotSpec) -> str:
    """A short title: 'Jumlah orang menurut Kecamatan × Jenis kelamin'."""
    rows = " dan ".join(d.label for d in spec.rows)
    across = f" × {spec.columns[0].label}" if spec.columns else ""
    return f"{spec.measure.label} menurut {rows}{across}"


def _describe(spec: PivotSpec, day: date, labels: Labels) -> tuple[str, ...]:
    lines = [f"Baris: {', '.join(d.label for d in spec.rows)}",
             f"Kolom: {spec.columns[0].label if spec.columns else '—'}",
             f"Ukuran: {spec.measure.label}"]
    if spec.measure is PivotMeasure.SHARE:
        lines.append("Persentase: bagian tiap sel dari jumlah barisnya (setiap baris 100 %)"
                     if spec.columns else "Persentase: bagian tiap baris dari jumlah seluruhnya")
    if spec.measure is PivotMeasure.HOUSEHOLDS:
        lines.append("Rumah tangga: No. KK berbeda; satu rumah tangga dihitung sekali di setiap "
                     "sel tempat anggotanya ada dan sekali di setiap jumlah")
    for dimension, values in sorted(spec.filters.items(), key=lambda item: item[0].label):
        names = sorted(header(dimension, v, labels).label for v in values)
        lines.append(f"Filter {dimension.label}: {', '.join(names)}")
    lines.append(f"Yang dihitung: {universe_text(spec)}")
    if Dimension.AGE_GROUP in spec.used:
        lines.append(f"Umur pada hari acuan {format_date(day)}")
    return tuple(lines)
