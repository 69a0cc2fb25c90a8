"""The Kualitas tables: officers or areas with one column per measure, flagged cells marked;
the records behind one flag."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.table_model import WARN, Column, Index, RowsTableModel
from models.formatting import format_date
from models.quality.display import cell_tip, value_text
from models.quality.export import shown_code
from models.quality.measures import Measure, Thresholds
from models.quality.officers import LEVEL_LABELS, QualityLevel, QualityRow
from models.quality.records import FlaggedRecord
from models.schema.batches import Sex

MISSING = -1e300  # a measure without a value sorts below every value


def _sort_value(value: float | None) -> float:
    return MISSING if value is None or value != value else value


class QualityTableModel(RowsTableModel[QualityRow]):
    """Code, name (team), compared area, persons, households, flags, then the measures."""

    COL_CODE, COL_NAME = 0, 1
    FLAGS_TITLE = "Tanda"

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.level = QualityLevel.PPL
        self.thresholds = Thresholds()
        self._measure_at: dict[int, Measure] = {}
        self.set_level(QualityLevel.PPL, Thresholds())

    def set_level(self, level: QualityLevel, thresholds: Thresholds) -> None:
        self.beginResetModel()
        self.level, self.thresholds = level, thresholds
        columns: list[Column[QualityRow]] = [
            Column("NIK" if level is QualityLevel.PPL else "Kode", shown_code),
            Column(LEVEL_LABELS[level], lambda r: r.name)]
        if level is QualityLevel.PPL:
            columns.append(Column("Tim", lambda r: r.team_name))
        columns += [
            Column(self.FLAGS_TITLE, lambda r: len(r.flags),
                   tooltip="Banyaknya ukuran yang melewati batas",
                   tip=lambda r: "\n".join(m.label for m in Measure if m in r.flags)),
            Column("Penduduk", lambda r: r.persons),
            Column("Ruta", lambda r: r.households),
            Column("Dibanding", lambda r: r.area_name,
                   tooltip="Wilayah yang nilainya menjadi pembanding")]
        self._measure_at = {}
        for measure in Measure:
            self._measure_at[len(columns)] = measure
            columns.append(Column(
                measure.label, lambda r, m=measure: r.values.get(m),
                text=lambda v, m=measure: value_text(m, v), sort=_sort_value,
                tooltip=f"{measure.label} ({measure.unit})",
                tip=lambda r, m=measure: cell_tip(r, m, self.thresholds)))
        self.columns = columns
        self.endResetModel()

    def measure_at(self, column: int) -> Measure | None:
        return self._measure_at.get(column)

    def column_of(self, measure: Measure) -> int:
        return next(c for c, m in self._measure_at.items() if m is measure)

    def is_flagged(self, row: int, column: int) -> bool:
        measure = self.measure_at(column)
        return measure is not None and measure in self.row_at(row).flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            return WARN if self.is_flagged(index.row(), index.column()) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() \
                and self.measure_at(index.column()) is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


SEX_TEXT = {Sex.LAKI_LAKI: "L", Sex.PEREMPUAN: "P"}


class FlaggedRecordsTableModel(RowsTableModel[FlaggedRecord]):
    COL_NAME, COL_NIK = 0, 1
    columns = (
        Column("Nama", lambda r: r.name),
        Column("NIK", lambda r: r.nik),
        Column("No. KK", lambda r: r.kk),
        Column("JK", lambda r: SEX_TEXT.get(r.sex, "") if r.sex else "",
               tooltip="Jenis kelamin"),
        Column("Tanggal lahir", lambda r: r.birth_date, text=lambda v: format_date(v) if v
               else "", sort=lambda v: v.isoformat() if v else ""),
        Column("Umur", lambda r: r.age, tooltip="Umur pada hari referensi sensus"),
        Column("SLS", lambda r: r.sls_code),
        Column("Dikunjungi", lambda r: r.visited_on, text=lambda v: format_date(v) if v
               else "", sort=lambda v: v.isoformat() if v else ""),
    )
