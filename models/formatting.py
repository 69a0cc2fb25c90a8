"""Indonesian display formats: 1.234,5 for numbers and 24 November 2026 for dates."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from models.ids.cells import ascii_digits

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]


def format_number(value: float | int | Decimal, decimals: int = 0) -> str:
    """Thousands with '.', decimals with ',': 1234.5 -> '1.234,5'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value: float | Decimal, decimals: int = 1) -> str:
    return f"{format_number(value, decimals)} %"


def format_date(day: date | datetime | None) -> str:
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                "Des"]


def format_short_date(day: date | datetime | None) -> str:
    """12 Sep 2020: where a table column or a chat message has little room."""
    if day is None:
        return ""
    return f"{day.day} {SHORT_MONTHS[day.month - 1]} {day.year}"


def format_datetime(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{format_date(moment)} {moment:%H.%M}"


def format_kemendagri(code: str) -> str:
    """637104 -> 63.71.04; 6371041001 -> 63.71.04.1001 (as printed by Dukcapil)."""
    if not ascii_digits(code) or len(code) not in (2, 4, 6, 10):
        return code
    parts = [code[i:i + 2] for i in range(0, min(len(code), 6), 2)]
    if len(code) == 10:
        parts.append(code[6:])
    return ".".join(parts)
