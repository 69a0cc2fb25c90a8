"""The letters register: number, date, subject and recipient."""
from __future__ import annotations

from desktop.table_model import Column, RowsTableModel
from models.letters.register import LetterRow
from models.schema.letters import LetterKind

KIND_TEXT = {
    LetterKind.PROGRES_KOTA: "Progres kota", LetterKind.PROGRES_KECAMATAN: "Progres kecamatan",
    LetterKind.PROGRES_KELURAHAN: "Progres kelurahan",
    LetterKind.ASN_OPD: "Kepatuhan ASN (OPD)", LetterKind.SURAT_TUGAS: "Surat Tugas",
    LetterKind.LAINNYA: "Lainnya",
}


class LetterTableModel(RowsTableModel[LetterRow]):
    # the most important first: what the letter is about and to whom, then its kind
    COL_NUMBER, COL_DATE, COL_SUBJECT, COL_RECIPIENT, COL_KIND, COL_FILE = range(6)

    columns = [
        Column("Nomor", lambda r: r.number),
        Column("Tanggal", lambda r: r.letter_date),
        Column("Hal", lambda r: r.subject),
        Column("Kepada", lambda r: r.recipient),
        Column("Jenis", lambda r: r.kind, lambda k: KIND_TEXT[k]),
        Column("Berkas", lambda r: r.file_path),
    ]
