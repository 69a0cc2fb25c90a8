"""NIK and No. KK: composing them from their parts (the validation rules build on this)."""
from __future__ import annotations

from datetime import date

from models.ids.cells import ascii_digits

FEMALE_DAY_OFFSET = 40  # a woman's NIK carries her birth day plus 40


def compose_nik(kemendagri_kecamatan: str, birth: date, female: bool, serial: int) -> str:
    """6-digit Kemendagri kecamatan code + DDMMYY (day + 40 for women) + 4-digit serial."""
    if not ascii_digits(kemendagri_kecamatan, 6):
        raise ValueError(f"kode kecamatan Kemendagri harus 6 angka: {kemendagri_kecamatan!r}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"nomor urut NIK harus 1–9999: {serial}")
    day = birth.day + (FEMALE_DAY_OFFSET if female else 0)
    return f"{kemendagri_kecamatan}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def compose_kk(kemendagri_kecamatan: str, issued: date, serial: int) -> str:
    """No. KK: 6-digit area code + DDMMYY issue date + 4-digit serial."""
    return f"{kemendagri_kecamatan}{issued:%d%m%y}{serial:04d}"


def mask_nik(value: str) -> str:
    """6371041234560001 -> 6371**********01: enough to tell people apart, not to misuse."""
    if len(value) != 16:
        return value
    return f"{value[:4]}{'*' * 10}{value[-2:]}"
