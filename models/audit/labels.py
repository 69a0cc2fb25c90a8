"""The audit log's changes in words: an Indonesian label for every field it records.

Row changes (models.audit.trail) are keyed by the column's attribute name; the entries
written by hand (sign-in, backups, bulk assignment, review decisions) by their own keys.
A key without a label here still reads as words ("rows_read" -> "Rows read"), never as
snake_case; tests/test_audit_log.py checks that every audited column has a label.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from models.audit.trail import AUDITED
from models.formatting import format_date, format_datetime, format_number
from models.schema.base import to_local

# The same word in every table.
COMMON: dict[str, str] = {
    "id": "ID", "name": "Nama", "code": "Kode", "bps_code": "Kode BPS",
    "kemendagri_code": "Kode Kemendagri", "kind": "Jenis", "status": "Status",
    "role": "Peran", "active": "Aktif", "phone": "Telepon", "email": "Surel",
    "address": "Alamat", "notes": "Catatan", "reason": "Alasan",
    "created_at": "Dibuat pada", "created_by": "Dibuat oleh",
    "valid_from": "Berlaku sejak", "valid_to": "Berlaku sampai",
    "kecamatan_id": "Kecamatan (ID)", "kelurahan_id": "Kelurahan/desa (ID)",
    "sls_id": "SLS (ID)", "officer_id": "Petugas (ID)", "team_id": "Tim (ID)",
    "batch_id": "Batch impor (ID)", "file_sha256": "Sidik berkas (SHA-256)",
    "file_name": "Nama berkas", "file_path": "Berkas", "head_name": "Nama pimpinan",
    "head_title": "Jabatan pimpinan", "nik": "NIK",
}

# Per table, where a field means something of its own there (or only there).
FIELDS: dict[str, dict[str, str]] = {
    "kecamatan": {},
    "kelurahan": {"kind": "Kelurahan/desa"},
    "sls": {"expected_households": "Perkiraan ruta", "expected_population": "Perkiraan penduduk",
            "parent_id": "SLS induk (ID)"},
    "officer": {"retired_at": "Diberhentikan pada"},
    "team": {"pml_id": "PML (ID)"},
    "team_member": {},
    "assignment": {"assigned_by": "Ditugaskan oleh"},
    "office_profile": {
        "office_name": "Nama kantor", "region_code": "Kode wilayah", "satker_code": "Kode satker",
        "region_name": "Nama wilayah", "province_name": "Provinsi", "city": "Kota",
        "website": "Situs web", "head_name": "Nama kepala", "head_nip": "NIP kepala",
        "head_title": "Jabatan kepala", "online_target_pct": "Target online (%)",
        "field_target_pct": "Target lapangan (%)",
        "ppl_capacity_households": "Kapasitas PPL (ruta)", "label_ppl": "Sebutan PPL",
        "label_pml": "Sebutan PML", "label_koseka": "Sebutan Koseka",
        "paper_size": "Ukuran kertas",
    },
    "office_logo": {"mime_type": "Jenis gambar", "width_px": "Lebar (piksel)",
                    "height_px": "Tinggi (piksel)", "byte_size": "Ukuran (bita)",
                    "sha256": "Sidik gambar (SHA-256)", "file_name": "Berkas asal",
                    "updated_at": "Diubah pada"},
    "agency": {"code": "Kode OPD", "name": "Nama OPD"},
    "import_batch": {
        "kind": "Jenis impor", "sheet_name": "Lembar", "rows_read": "Baris dibaca",
        "rows_inserted": "Baris baru", "rows_updated": "Baris diperbarui",
        "rows_unchanged": "Baris tidak berubah", "rows_rejected": "Baris ditolak",
        "rows_warned": "Baris dengan peringatan", "imported_by": "Diimpor oleh",
        "imported_at": "Diimpor pada", "rolled_back_at": "Dibatalkan pada",
    },
    "sls_recap": {"report_date": "Tanggal laporan", "households_found": "Ruta ditemukan",
                  "persons_found": "Penduduk ditemukan", "male": "Laki-laki",
                  "female": "Perempuan", "entered_by": "Diisi oleh"},
    "letter": {
        "number": "Nomor surat", "year": "Tahun", "serial": "Nomor urut",
        "classification": "Klasifikasi", "letter_date": "Tanggal surat", "kind": "Jenis surat",
        "subject": "Hal", "nature": "Sifat", "attachment": "Lampiran", "recipient": "Penerima",
    },
    "app_user": {"username": "Nama pengguna", "full_name": "Nama lengkap", "nip": "NIP",
                 "password_hash": "Kata sandi", "must_change_password": "Wajib ganti kata sandi"},
    "operation_calendar": {
        "online_start": "Mulai SP Online", "online_end": "Akhir SP Online",
        "field_start": "Mulai pencacahan lapangan", "field_end": "Akhir pencacahan lapangan",
        "working_weekdays": "Hari kerja (Senin s.d. Minggu)", "pace": "Laju rencana",
        "behind_pct": "Batas tertinggal (poin)", "far_behind_pct": "Batas jauh tertinggal (poin)",
        "inactive_days": "Batas tidak aktif (hari kerja)",
    },
    "calendar_holiday": {"day": "Tanggal", "name": "Nama hari libur"},
    "quality_thresholds": {
        "whipple": "Ambang indeks Whipple", "myers": "Ambang indeks Myers",
        "jan_1": "Ambang lahir 1 Januari (%)", "aug_17": "Ambang lahir 17 Agustus (%)",
        "first_of_month": "Ambang lahir tanggal 1 (%)",
        "same_birth_in_household": "Ambang tanggal lahir kembar dalam ruta (%)",
        "sex_ratio": "Ambang selisih rasio jenis kelamin (poin)",
        "household_size": "Ambang selisih rata-rata anggota ruta (orang)",
        "one_person_share": "Ambang kelebihan ruta satu orang (poin)",
        "no_nik": "Ambang tanpa NIK (%)", "invalid_nik": "Ambang NIK tidak sah (%)",
        "duplicates": "Ambang ganda (%)", "pindah": "Ambang pindah (%)",
        "pace": "Ambang laju (kali median tim)", "long_gap": "Ambang jeda (hari kerja)",
        "min_persons": "Minimal penduduk", "min_households": "Minimal ruta",
    },
    "kecamatan_window": {"field_start": "Mulai pencacahan lapangan",
                         "field_end": "Akhir pencacahan lapangan"},
}

# Keys of the entries written by hand (models/audit/log.py record callers, summarized work).
EVENTS: dict[str, str] = {
    "alasan": "Alasan", "gagal": "Gagal masuk", "akun": "Akun", "nama_lengkap": "Nama lengkap",
    "peran": "Peran", "berkas": "Berkas", "menggantikan": "Menggantikan",
    "kecamatan": "Kecamatan", "petugas": "Petugas", "isian_online": "Isian online",
    "koseka_per_kecamatan": "Koseka per kecamatan (ID)", "ppl_per_sls": "PPL per SLS (ID)",
    "category": "Kategori", "differing": "Berbeda", "online": "Online",
    "lapangan": "Lapangan", "action": "Keputusan", "choices": "Pilihan",
    "person_key": "Kunci orang", "other_key": "Kunci pasangan",
}

# The log names entities as AUDITED does ("SLS", "petugas"): back to their tables.
ENTITY_TABLES: dict[str, str] = {shown: table for table, shown in AUDITED.items()}


def readable(key: str) -> str:
    """A key nobody labelled, as words: 'rows_read' -> 'Rows read', 'sls_id' -> 'SLS (ID)'."""
    words = key.replace("-", "_").split("_")
    if len(words) > 1 and words[-1] == "id":
        return f"{readable('_'.join(words[:-1]))} (ID)"
    known = {"sls": "SLS", "nik": "NIK", "nip": "NIP", "kk": "KK", "opd": "OPD", "ppl": "PPL",
             "pml": "PML", "bps": "BPS", "pct": "(%)"}
    text = " ".join(known.get(word.lower(), word) for word in words if word)
    return text[:1].upper() + text[1:] if text else key


def field_label(key: str, entity: str | None = None) -> str:
    """The Indonesian label of a logged field; `entity` as the log names it ("surat")."""
    table = ENTITY_TABLES.get(entity or "", entity or "")
    return (FIELDS.get(table, {}).get(key) or COMMON.get(key) or EVENTS.get(key)
            or readable(key))


# Fields holding a count: written 87.786 as the window does (never codes, ids or years).
COUNTS = {
    "expected_households", "expected_population", "rows_read", "rows_inserted",
    "rows_updated", "rows_unchanged", "rows_rejected", "rows_warned", "households_found",
    "persons_found", "male", "female", "ppl_capacity_households", "kecamatan", "petugas",
    "isian_online", "byte_size",
}


def value_text(value: Any, key: str = "") -> str:
    """A logged value as the window writes it: dates in words, yes/no for flags, counts
    with a thousands dot."""
    if value is None or value == "":
        return "—"
    if value is True:
        return "ya"
    if value is False:
        return "tidak"
    if key in COUNTS and isinstance(value, int):
        return format_number(value)
    if isinstance(value, str) and 10 <= len(value) <= 26 and value[4:5] == "-":
        try:  # the log keeps dates ISO (models.audit.trail._plain)
            if len(value) == 10:
                return format_date(date.fromisoformat(value))
            return format_datetime(to_local(datetime.fromisoformat(value)))  # stored as UTC
        except ValueError:
            pass
    return str(value)
