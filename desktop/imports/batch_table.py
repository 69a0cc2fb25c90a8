"""Import batches: file, kind, row counts, who imported and when."""
from __future__ import annotations

from PySide6.QtGui import QBrush

from desktop.table_model import WARN, Column, RowsTableModel
from models.persons.batch_register import BatchRow
from models.schema.batches import BatchStatus, ImportKind

KIND_TEXT = {
    ImportKind.WILAYAH: "Master wilayah", ImportKind.PETUGAS: "Daftar petugas",
    ImportKind.ONLINE: "SP Online", ImportKind.LAPANGAN: "Hasil lapangan",
    ImportKind.REKAP_SLS: "Rekap SLS", ImportKind.ASN: "Daftar ASN",
}
STATUS_TEXT = {BatchStatus.AKTIF: "Aktif", BatchStatus.DIBATALKAN: "Dibatalkan"}


class BatchTableModel(RowsTableModel[BatchRow]):
    COL_NUMBER, COL_AT, COL_KIND, COL_FILE, COL_SHEET, COL_READ, COL_INSERTED, COL_UPDATED, \
        COL_UNCHANGED, COL_REJECTED, COL_WARNED, COL_BY, COL_STATUS = range(13)

    columns = [
        Column("Batch", lambda r: r.id),
        Column("Waktu", lambda r: r.imported_at),
        Column("Jenis", lambda r: r.kind, lambda k: KIND_TEXT[k]),
        Column("Berkas", lambda r: r.file_name),
        Column("Lembar", lambda r: r.sheet),
        Column("Baris dibaca", lambda r: r.rows_read),
        Column("Baru", lambda r: r.inserted),
        Column("Diperbarui", lambda r: r.updated),
        Column("Tetap", lambda r: r.unchanged),
        Column("Ditolak", lambda r: r.rejected),
        Column("Peringatan", lambda r: r.warned),
        Column("Oleh", lambda r: r.imported_by),
        Column("Status", lambda r: r.status, lambda s: STATUS_TEXT[s]),
    ]

    def highlight(self, row: BatchRow) -> QBrush | None:
        return WARN if row.status is BatchStatus.DIBATALKAN else None
