"""The columns an SP Online export and a field-results export carry, with their usual names."""
from __future__ import annotations

from models.schema.batches import ImportKind
from models.sheets.columns import FieldSpec

NIK = FieldSpec("nik", "NIK", ("Nomor Induk Kependudukan", "No NIK", "No. NIK", "NIK ART"),
                required=True)
KK = FieldSpec("kk", "No. KK", ("No KK", "Nomor KK", "Nomor Kartu Keluarga", "No. Kartu Keluarga",
                                "NKK", "KK"))
NAME = FieldSpec("name", "Nama Lengkap", ("Nama", "Nama ART", "Nama Anggota Keluarga",
                                          "Nama Penduduk"), required=True)
SEX = FieldSpec("sex", "Jenis Kelamin", ("JK", "L/P", "Kelamin", "Sex", "Gender"))
BIRTH = FieldSpec("birth", "Tanggal Lahir", ("Tgl Lahir", "Tgl. Lahir", "Tanggal lahir ART",
                                             "Tgl_Lahir", "TTL Tanggal"))
AREA = FieldSpec("area", "Kode Wilayah", ("IDSLS", "ID SLS", "Kode SLS", "Kode Wilayah SLS",
                                          "Kode Lengkap SLS", "Wilayah"))
ADDRESS = FieldSpec("address", "Alamat", ("Alamat Lengkap", "Alamat Tinggal", "Jalan"))
SUBMITTED = FieldSpec("moment", "Waktu Submit", ("Waktu Pengisian", "Tanggal Submit",
                                                 "Tgl Submit", "Submitted At", "Timestamp",
                                                 "Waktu Kirim", "Tanggal Pengisian", "Waktu"))
VISITED = FieldSpec("moment", "Waktu Pencacahan", ("Tanggal Kunjungan", "Tgl Pencacahan",
                                                   "Tanggal Pencacahan", "Waktu Kunjungan",
                                                   "Tanggal Verifikasi", "Waktu"))
OFFICER = FieldSpec("officer", "NIK Petugas", ("NIK PPL", "NIK PCL", "NIK Pencacah",
                                               "Petugas NIK"))

FIELD_NIK = FieldSpec(NIK.key, NIK.label, NIK.synonyms)  # people without NIK are counted too
FIELD_AREA = FieldSpec(AREA.key, AREA.label, AREA.synonyms, required=True)

FIELDS: dict[ImportKind, list[FieldSpec]] = {
    ImportKind.ONLINE: [NIK, KK, NAME, SEX, BIRTH, AREA, ADDRESS, SUBMITTED],
    ImportKind.LAPANGAN: [FIELD_NIK, KK, NAME, SEX, BIRTH, FIELD_AREA, ADDRESS, VISITED,
                          OFFICER],
}
TITLES = {ImportKind.ONLINE: "Impor SP Online", ImportKind.LAPANGAN: "Impor hasil lapangan"}
