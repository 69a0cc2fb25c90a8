"""Reconciliation overview per kecamatan: persons from each source and outcomes."""
from __future__ import annotations

from desktop.tables.rows import Column, RowsTableModel
from models.recon_queries import SourceCounts
from models.reconciliation import ReconCategory

CATEGORY_TEXT = {
    ReconCategory.COCOK: "Cocok", ReconCategory.BEDA: "Beda",
    ReconCategory.HANYA_ONLINE: "Hanya online", ReconCategory.HANYA_LAPANGAN: "Hanya lapangan",
    ReconCategory.GANDA: "Ganda", ReconCategory.PINDAH: "Pindah",
    ReconCategory.TIDAK_VALID: "Tidak valid",
}


def _category(category: ReconCategory) -> Column[SourceCounts]:
    return Column(CATEGORY_TEXT[category], lambda r: r.categories.get(category, 0))


class SourceCountTableModel(RowsTableModel[SourceCounts]):
    COL_CODE, COL_NAME, COL_ONLINE, COL_FIELD = range(4)

    columns = [
        Column("Kode", lambda r: r.code),
        Column("Kecamatan", lambda r: r.name),
        Column("Isian online", lambda r: r.online),
        Column("Hasil lapangan", lambda r: r.field),
        *[_category(c) for c in ReconCategory],
    ]
