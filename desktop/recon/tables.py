"""Reconciliation tables: a summary row per area or PPL, a person per outcome, a changed KK."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from desktop.table_model import WARN, Column, RowsTableModel, display_text
from models.audit.nik_disclosure import masked_number
from models.ids.nik import mask_nik
from models.recon.export import DIFFERING_LABELS
from models.recon.review import action_label
from models.recon.views import LEVEL_LABELS, Level, LinkedHousehold, PersonLine, SummaryRow
from models.schema.recon import CATEGORY_LABELS, METHOD_LABELS, REVIEWED, ReconCategory

DONE = QBrush(QColor("#eef3f8"))  # decided: greyed blue


def _two_lines(label: str) -> str:
    """"Hanya lapangan" over two lines: fifteen columns then fit a 1366-pixel screen."""
    return label.replace(" ", "\n", 1)


def _count(category: ReconCategory) -> Column[SummaryRow]:
    return Column(_two_lines(CATEGORY_LABELS[category]), lambda r: r.counts.get(category, 0))


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
            Column(_two_lines("KK target"), lambda r: r.expected_households,
                   tooltip="Rumah tangga menurut master SLS"),
            Column(_two_lines("KK online"), lambda r: r.households_online),
            Column(_two_lines("KK lapangan"), lambda r: r.households_field),
            *[_count(c) for c in ReconCategory],
            Column("Orang", lambda r: r.persons),
            Column(_two_lines("Belum ditinjau"), lambda r: r.open_reviews,
                   tooltip="Beda, ganda, pindah dan mungkin sama yang belum diputuskan"),
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


METHODS = {method.value: label for method, label in METHOD_LABELS.items()}


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
        Column("Cocok lewat", lambda r: METHODS.get(r.method, "")),
        Column("Skor nama", lambda r: r.score),
        Column("Skor", lambda r: r.weight,
               tooltip="Skor pencocokan tanpa NIK: jumlah bobot bukti (Pengaturan › "
                       "Pencocokan)"),
        Column("Keputusan", lambda r: action_label(r.category, r.action) if r.action else ""),
    ]

    def highlight(self, row: PersonLine) -> QBrush | None:
        if row.action is not None:
            return DONE
        return WARN if row.category in REVIEWED else None


class ReconHouseholdTableModel(RowsTableModel[LinkedHousehold]):
    """Online households found in the field under another No. KK; the numbers masked for
    a role that may not see them whole."""

    COL_SLS, COL_SLS_NAME, COL_ONLINE_KK, COL_FIELD_KK, COL_PAIRED = range(5)

    def __init__(self, parent: object = None, full_nik: bool = False) -> None:
        super().__init__(parent)
        shown = (lambda kk: kk) if full_nik else masked_number
        self.columns = [
            Column("SLS", lambda r: r.sls_code),
            Column("Nama SLS", lambda r: r.sls_name),
            Column("No. KK online", lambda r: shown(r.online_kk)),
            Column("No. KK lapangan", lambda r: shown(r.field_kk)),
            Column("Anggota berpasangan", lambda r: r.paired,
                   tooltip="Anggota ruta online yang ditemukan di ruta lapangan ini"),
            Column("Anggota online", lambda r: r.online_members),
            Column("Anggota lapangan", lambda r: r.field_members),
        ]
