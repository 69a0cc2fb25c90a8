"""Reconciliation tables: one summary row per area or PPL, one person per outcome row."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from desktop.table_model import WARN, Column, RowsTableModel, display_text
from models.ids.nik import mask_nik
from models.recon.export import DIFFERING_LABELS
from models.recon.views import LEVEL_LABELS, Level, PersonLine, SummaryRow
from models.schema.recon import ACTION_LABELS, CATEGORY_LABELS, REVIEWED, ReconCategory

DONE = QBrush(QColor("#eef3f8"))  # decided: greyed blue


def _count(category: ReconCategory) -> Column[SummaryRow]:
    return Column(CATEGORY_LABELS[category], lambda r: r.counts.get(category, 0))


class ReconSummaryTableModel(RowsTableModel[SummaryRow]):
    COL_CODE, COL_NAME, COL_TARGET = range(3)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.set_level(Level.KECAMATAN)

    def set_level(self, level: Level) -> None:
        self.beginResetModel()
        self.columns = [
            Column("NIK PPL" if level is Level.PPL else "Kode",
                   lambda r: mask_nik(r.code) if level is Level.PPL else r.code),
            Column(LEVEL_LABELS[level], lambda r: r.name),
            Column("KK target", lambda r: r.expected_households,
                   tooltip="Rumah tangga menurut master SLS"),
            Column("KK online", lambda r: r.households_online),
            Column("KK lapangan", lambda r: r.households_field),
            *[_count(c) for c in ReconCategory],
            Column("Orang", lambda r: r.persons),
            Column("Belum ditinjau", lambda r: r.open_reviews,
                   tooltip="Beda, ganda dan pindah yang belum diputuskan"),
        ]
        self._rows = []
        self.endResetModel()

    def highlight(self, row: SummaryRow) -> QBrush | None:
        return WARN if row.open_reviews else None


def _version_value(line: PersonLine, attribute: str) -> str:
    values = [getattr(v, attribute) for v in (line.online, line.field) if v is not None]
    shown = [display_text(v) for v in values]
    if len(set(shown)) > 1:
        return " / ".join(shown)  # online / lapangan
    return shown[0] if shown else ""


class ReconPersonTableModel(RowsTableModel[PersonLine]):
    """NIK masked: the full number is in the review detail for the case being decided."""

    COL_CATEGORY, COL_NIK, COL_NAME = range(3)
    columns = [
        Column("Kategori", lambda r: CATEGORY_LABELS[r.category]),
        Column("NIK", lambda r: mask_nik(r.nik)),
        Column("Nama (online / lapangan)", lambda r: _version_value(r, "name")),
        Column("JK", lambda r: _version_value(r, "sex")),
        Column("Tgl lahir", lambda r: _version_value(r, "birth")),
        Column("SLS", lambda r: _version_value(r, "sls_code")),
        Column("Berbeda", lambda r: ", ".join(DIFFERING_LABELS.get(f, f) for f in r.differing)),
        Column("Cocok lewat", lambda r: {"nik": "NIK", "kk_nama": "KK + nama"}.get(r.method, "")),
        Column("Skor nama", lambda r: r.score),
        Column("Keputusan", lambda r: ACTION_LABELS[r.action] if r.action else ""),
    ]

    def highlight(self, row: PersonLine) -> QBrush | None:
        if row.action is not None:
            return DONE
        return WARN if row.category in REVIEWED else None
