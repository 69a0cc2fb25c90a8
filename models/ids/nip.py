"""NIP (civil servant number): validation and the 8-6-1-3 grouping used in letters.

An 18-digit NIP is the birth date (YYYYMMDD), the TMT of appointment (YYYYMM), the sex
(1 man, 2 woman) and a 3-digit serial that is never 000.
"""
from __future__ import annotations

from datetime import date

from models.ids.cells import ascii_digits

YOUNGEST, OLDEST = 18, 70  # a plausible age at appointment, in whole years


def nip_problem(nip: str, *, today: date | None = None) -> str | None:
    """Why `nip` is not a valid 18-digit NIP, or None when it is."""
    if not ascii_digits(nip, 18):
        return "NIP harus 18 angka tanpa spasi."
    today = today or date.today()
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return "8 angka pertama NIP harus tanggal lahir yang benar (TTTTBBHH)."
    if birth > today:
        return f"Tanggal lahir di NIP ({birth:%d-%m-%Y}) belum terjadi."
    appointed_year, appointed_month = int(nip[8:12]), int(nip[12:14])
    if appointed_year < 1900 or not 1 <= appointed_month <= 12:
        return "Angka ke-9 sampai ke-14 NIP harus tahun dan bulan pengangkatan (TTTTBB)."
    tmt = f"{appointed_month:02d}-{appointed_year}"
    if (appointed_year, appointed_month) > (today.year, today.month):
        return f"TMT pengangkatan di NIP ({tmt}) belum terjadi."
    # The TMT holds only a month, so age is counted in whole months.
    age = (appointed_year * 12 + appointed_month - birth.year * 12 - birth.month) // 12
    if age < YOUNGEST:
        return (f"TMT pengangkatan di NIP ({tmt}) sebelum pegawai berumur {YOUNGEST} tahun "
                f"(lahir {birth:%d-%m-%Y}).")
    if age > OLDEST:
        return (f"Umur pada TMT pengangkatan di NIP ({age} tahun) tidak wajar; harus "
                f"{YOUNGEST}–{OLDEST} tahun.")
    if nip[14] not in "12":
        return "Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."
    if nip[15:] == "000":
        return "3 angka terakhir NIP (nomor urut) tidak boleh 000."
    return None


def format_nip(nip: str) -> str:
    """197003151993031002 -> 19700315 199303 1 002; other text is returned as it is."""
    if not ascii_digits(nip, 18):
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
