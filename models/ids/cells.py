"""Cleaning cell values: codes and NIK must arrive as text, exactly as written."""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

# Identifiers are ASCII 0-9 only: str.isdigit() also takes '¹' and '①' (int() fails on
# them), a plain \d takes '١' and '１'; either slips past a rule such as 'not 0000'.
ASCII_DIGITS = re.compile(r"[0-9]+")
SCIENTIFIC = re.compile(r"^[0-9]([.,][0-9]+)?[eE]\+?[0-9]+$")
DECIMAL_TAIL = re.compile(r"^[0-9]+[.,]0+$")
GROUPED = re.compile(r"[0-9 .]+")
# Line and field breaks become one space; every other C0/C1 control character is dropped.
BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class CellProblem(ValueError):
    """Why a cell's value cannot be used; the message is Indonesian."""


def ascii_digits(value: Any, length: int | None = None) -> bool:
    """True when `value` is text of ASCII digits 0-9 only (and exactly `length` of them).

    A loop over a million rows may spell it `s.isascii() and s.isdigit()`: the same test
    (the only ASCII digits are 0-9) without a function call or a regex.
    """
    return (type(value) is str and (length is None or len(value) == length)
            and ASCII_DIGITS.fullmatch(value) is not None)


def finite_number(value: object) -> float | None:
    """A number as a form or a cell gives it, if it is one and finite (not a bool, NaN or
    infinity); None tells the caller to name the field in a problem."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return text(value) == ""


def shown(value: Any, limit: int = 40) -> str:
    """A cell as a message quotes it: printable, and short so a 1 MB cell never fills a
    report."""
    raw = clean_text(text(value))[0]
    return raw if len(raw) <= limit else f"{raw[:limit - 1]}…"


def clean_text(value: str) -> tuple[str, bool]:
    """`value` with tabs and line breaks made one space and other control characters
    (NUL and the like) removed; True when anything had to go."""
    if value.isprintable():  # the common case costs one C loop
        return value, False
    cleaned = CONTROLS.sub("", BREAKS.sub(" ", value))
    if cleaned == value:  # only a no-break space or the like: printable enough to keep
        return value, False
    return cleaned.strip(), True


def control_warning(label: str) -> str:
    return (f"{label} berisi karakter kendali (mis. NUL, tab atau ganti baris); sudah "
            "dibersihkan sebelum disimpan.")


def plain_text(value: Any, label: str, limit: int | None = None) -> tuple[str, str | None]:
    """A text cell as stored, and a warning naming `label` when control characters were
    cleaned out of it; master imports share this so every text column is treated alike.
    Longer than `limit` (the column's length) is refused, never cut short."""
    cleaned, changed = clean_text(text(value))
    if limit is not None and len(cleaned) > limit:
        raise CellProblem(f"{label} terlalu panjang ({len(cleaned):,} karakter; paling banyak "
                          f"{limit}).".replace(",", "."))
    return cleaned, control_warning(label) if changed else None


def _unusual_digits(raw: str) -> str:
    if any(c.isdigit() and not c.isascii() for c in raw):
        return (" Ada angka yang bukan 0–9 biasa (mis. angka lebar penuh, superskrip atau "
                "Arab); ketik ulang dengan angka biasa.")
    return ""


def digits(value: Any, label: str, lengths: tuple[int, ...]) -> str:
    """A code or NIK of one of `lengths` digits, refusing what Excel turned into a number.

    Excel keeps 15 significant digits: a 16-digit NIK typed into a number cell loses its
    last digit, shows as 6,37104E+15, or gains '.0' in CSV. Leading zeros vanish too.
    """
    expected = " atau ".join(str(n) for n in lengths)
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellProblem(f"{label} harus berupa teks {expected} angka.")
    if isinstance(value, (int, float)):
        number = text(value) if not isinstance(value, float) or value < 1e15 else f"{value:.6g}"
        raise CellProblem(
            f"{label} tersimpan sebagai angka di Excel ({number}), sehingga angka nol di depan "
            f"atau digit ke-16 dapat hilang. Format kolom sebagai Teks, lalu isi ulang dari "
            f"sumber aslinya."
        )
    raw = str(value).strip()
    compact = raw.replace(" ", "").replace(".", "") if GROUPED.fullmatch(raw) else raw
    if SCIENTIFIC.match(raw) or DECIMAL_TAIL.match(raw):
        raise CellProblem(
            f"{label} '{raw}' sudah dirusak Excel menjadi angka. Format kolom sebagai Teks, "
            "lalu isi ulang dari sumber aslinya."
        )
    if not ascii_digits(compact) or len(compact) not in lengths:
        raise CellProblem(f"{label} harus {expected} angka (tertulis '{shown(raw)}')."
                          f"{_unusual_digits(raw)}")
    return compact


MAX_COUNT = 9_999_999  # households or persons of one area: far beyond any real count


def whole_number(value: Any, label: str, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    """A count from a cell; blank is 0. Beyond `maximum` is refused: such a number is a
    typo or a code in the wrong column, and would not fit the database's integer."""
    if is_blank(value):
        return 0
    number: int | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and value >= minimum:
            number = int(value)
    else:
        raw = str(value).strip().replace(".", "")
        if ascii_digits(raw):  # a very long one is not converted: int() of it is slow
            number = int(raw) if len(raw) <= 18 else maximum + 1
    if number is not None and number >= minimum:
        if number <= maximum:
            return number
        raise CellProblem(f"{label} {shown(value)} terlalu besar (paling banyak "
                          f"{maximum:,}).".replace(",", "."))
    raise CellProblem(f"{label} harus bilangan bulat tidak negatif (tertulis '{shown(value)}')."
                      f"{_unusual_digits(text(value))}")
