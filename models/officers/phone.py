"""An officer's phone number from a cell, and what Excel did to it on the way."""
from __future__ import annotations

import re
from typing import Any

from models.ids.cells import DECIMAL_TAIL, SCIENTIFIC, plain_text, text
from models.schema.officers import Officer

LIMIT = Officer.__table__.c.phone.type.length
MOBILE = re.compile(r"8[0-9]{8,11}")  # an 08xx number once Excel dropped its 0
# A text cell parse_phone warns about, as one pattern over the whole (stripped) text.
WARNED = "|".join((SCIENTIFIC.pattern, DECIMAL_TAIL.pattern, rf"^{MOBILE.pattern}$"))


def parse_phone(value: Any, label: str) -> tuple[str, str | None]:
    """The phone number as text, and a warning when the cell held a number.

    A number cell drops the leading 0; an 8xxxxxxxxx number is plainly an Indonesian
    mobile number and gets its 0 back, anything else is kept as it is and named. A CSV
    saved from such a cell says so by its shape ('8123456789.0', '8,12346E+09').
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        phone, warning = plain_text(value, label, LIMIT)
        if warning is None and (SCIENTIFIC.match(phone) or DECIMAL_TAIL.match(phone)):
            warning = (f"{label} '{phone}' sudah dirusak Excel menjadi angka (angka 0 di depan "
                       "dan digit terakhir dapat hilang). Periksa nomornya, lalu format kolom "
                       "sebagai Teks.")
        elif warning is None and MOBILE.fullmatch(phone):  # a number cell saved as CSV
            return "0" + phone, (f"{label} {phone} kehilangan angka 0 di depan (tersimpan "
                                 f"sebagai angka); dibaca sebagai 0{phone}.")
        return phone, warning
    number = text(value)
    if MOBILE.fullmatch(number):
        return "0" + number, (f"{label} tersimpan sebagai angka di Excel ({number}), sehingga "
                              f"angka 0 di depan hilang; dibaca sebagai 0{number}. Format "
                              "kolom sebagai Teks.")
    return number, (f"{label} tersimpan sebagai angka di Excel ({number}); angka 0 di depan "
                    "dapat hilang. Periksa nomornya, lalu format kolom sebagai Teks.")
