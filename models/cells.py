"""Cleaning cell values: codes and NIK must arrive as text, exactly as written."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

SCIENTIFIC = re.compile(r"^\d([.,]\d+)?[eE]\+?\d+$")
DECIMAL_TAIL = re.compile(r"^\d+[.,]0+$")


class CellProblem(ValueError):
    """Why a cell's value cannot be used; the message is Indonesian."""


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return text(value) == ""


def digits(value: Any, label: str, lengths: tuple[int, ...]) -> str:
    """A code or NIK of one of `lengths` digits, refusing what Excel turned into a number.

    Excel keeps 15 significant digits: a 16-digit NIK typed into a number cell loses its
    last digit, shows as 6,37104E+15, or gains '.0' in CSV. Leading zeros vanish too.
    """
    expected = " atau ".join(str(n) for n in lengths)
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellProblem(f"{label} harus berupa teks {expected} angka.")
    if isinstance(value, (int, float)):
        shown = text(value) if not isinstance(value, float) or value < 1e15 else f"{value:.6g}"
        raise CellProblem(
            f"{label} tersimpan sebagai angka di Excel ({shown}), sehingga angka nol di depan "
            f"atau digit ke-16 dapat hilang. Format kolom sebagai Teks, lalu isi ulang dari "
            f"sumber aslinya."
        )
    raw = str(value).strip()
    compact = raw.replace(" ", "").replace(".", "") if re.fullmatch(r"[\d .]+", raw) else raw
    if SCIENTIFIC.match(raw) or DECIMAL_TAIL.match(raw):
        raise CellProblem(
            f"{label} '{raw}' sudah dirusak Excel menjadi angka. Format kolom sebagai Teks, "
            "lalu isi ulang dari sumber aslinya."
        )
    if not compact.isdigit() or len(compact) not in lengths:
        raise CellProblem(f"{label} harus {expected} angka (tertulis '{raw}').")
    return compact


def whole_number(value: Any, label: str, minimum: int = 0) -> int:
    if is_blank(value):
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and value >= minimum:
            return int(value)
    else:
        raw = str(value).strip().replace(".", "")
        if raw.isdigit() and int(raw) >= minimum:
            return int(raw)
    raise CellProblem(f"{label} harus bilangan bulat tidak negatif (tertulis '{text(value)}').")
