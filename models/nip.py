"""NIP (civil servant number): validation and the 8-6-1-3 grouping used in letters."""
from __future__ import annotations

from datetime import date


def nip_problem(nip: str) -> str | None:
    """Why `nip` is not a valid 18-digit NIP, or None when it is."""
    if not nip.isdigit() or len(nip) != 18:
        return "NIP harus 18 angka tanpa spasi."
    try:
        date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return "8 angka pertama NIP harus tanggal lahir yang benar (TTTTBBHH)."
    appointed_year, appointed_month = int(nip[8:12]), int(nip[12:14])
    if appointed_year < 1900 or not 1 <= appointed_month <= 12:
        return "Angka ke-9 sampai ke-14 NIP harus tahun dan bulan pengangkatan (TTTTBB)."
    if nip[14] not in "12":
        return "Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."
    return None


def format_nip(nip: str) -> str:
    """197003151993031002 -> 19700315 199303 1 002; other text is returned as it is."""
    if len(nip) != 18 or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
