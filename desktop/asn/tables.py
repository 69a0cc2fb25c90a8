"""OPD ranking by ASN compliance, and the ASN of one OPD."""
from __future__ import annotations

from PySide6.QtGui import QBrush

from desktop.table_model import GOOD, WARN, Column, RowsTableModel
from models.asn.compliance import AgencyCompliance, AsnLine
from models.formatting import format_percent
from models.ids.nik import mask_nik
from models.ids.nip import format_nip

FULL = 100.0


class AgencyTableModel(RowsTableModel[AgencyCompliance]):
    # the most important first: the share is read beside the name, never scrolled away
    COL_RANK, COL_NAME, COL_PCT, COL_EMPLOYEES, COL_FILLED, COL_NOT_FILLED, COL_CODE = range(7)

    columns = [
        Column("Peringkat", lambda r: r.rank),
        Column("OPD", lambda r: r.name),
        Column("Kepatuhan", lambda r: r.pct, format_percent),
        Column("ASN", lambda r: r.employees),
        Column("Sudah mengisi", lambda r: r.filled),
        Column("Belum", lambda r: r.not_filled),
        Column("Kode", lambda r: r.code),
    ]

    def highlight(self, row: AgencyCompliance) -> QBrush | None:
        return GOOD if row.pct >= FULL else WARN if row.not_filled else None


class AsnTableModel(RowsTableModel[AsnLine]):
    COL_NAME, COL_NIP, COL_NIK, COL_UNIT, COL_FILLED, COL_AT = range(6)

    columns = [
        Column("Nama", lambda r: r.name),
        Column("NIP", lambda r: format_nip(r.nip)),
        Column("NIK", lambda r: mask_nik(r.nik)),
        Column("Unit kerja", lambda r: r.unit),
        Column("SP Online", lambda r: r.filled, lambda filled: "Sudah" if filled else "Belum"),
        Column("Waktu isi", lambda r: r.submitted_at),
    ]

    def highlight(self, row: AsnLine) -> QBrush | None:
        return None if row.filled else WARN
