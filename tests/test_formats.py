"""Indonesian formats and identifiers as staff read them on screen and in letters."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from models.formatting import (
    format_date,
    format_datetime,
    format_kemendagri,
    format_number,
    format_percent,
)
from models.ids.nik import compose_kk, compose_nik
from models.ids.nip import format_nip


@pytest.mark.parametrize("value,decimals,text", [
    (0, 0, "0"), (1234, 0, "1.234"), (1234.5, 1, "1.234,5"), (1234567, 0, "1.234.567"),
    (Decimal("20"), 2, "20,00"), (-1500.25, 2, "-1.500,25"),
])
def test_numbers_use_dot_thousands_and_comma_decimals(value: float, decimals: int,
                                                      text: str) -> None:
    assert format_number(value, decimals) == text


def test_percent_and_dates() -> None:
    assert format_percent(19.456) == "19,5 %"
    assert format_date(date(2020, 9, 1)) == "1 September 2020"
    assert format_date(date(2026, 2, 28)) == "28 Februari 2026"
    assert format_datetime(datetime(2020, 8, 17, 9, 5)) == "17 Agustus 2020 09.05"


def test_nip_is_grouped_8_6_1_3() -> None:
    assert format_nip("197305121996021001") == "19730512 199602 1 001"
    assert format_nip("12345") == "12345"


def test_kemendagri_codes_are_dotted() -> None:
    assert format_kemendagri("637104") == "63.71.04"
    assert format_kemendagri("6371051001") == "63.71.05.1001"
    assert format_kemendagri("") == ""


def test_nik_carries_birth_date_with_plus_40_for_women() -> None:
    assert compose_nik("637104", date(1985, 3, 7), False, 12) == "6371040703850012"
    assert compose_nik("637104", date(1985, 3, 7), True, 12) == "6371044703850012"
    assert compose_kk("637105", date(2015, 11, 2), 9) == "6371050211150009"
    with pytest.raises(ValueError):
        compose_nik("63710", date(1985, 3, 7), False, 1)
    with pytest.raises(ValueError):
        compose_nik("637104", date(1985, 3, 7), False, 0)


def test_stored_utc_is_shown_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from models.schema.base import to_local

    monkeypatch.setenv("TZ", "Asia/Makassar")  # WITA, UTC+8, as in Banjarmasin
    time.tzset()
    try:
        assert to_local(datetime(2020, 9, 1, 1, 30)) == datetime(2020, 9, 1, 9, 30)
        assert to_local(None) is None
    finally:
        monkeypatch.undo()
        time.tzset()
