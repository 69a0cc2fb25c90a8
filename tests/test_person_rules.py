"""The rules a NIK, No. KK, sex and dates must follow, case by case (no database)."""
from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from models.ids.cells import CellProblem
from models.ids.kemendagri import KemendagriCodes, load_codes
from models.persons.rules import DateReader, NikRules, check_kk, parse_sex, same_birth
from models.schema.batches import Sex

CODES = load_codes()


@pytest.fixture
def rules() -> NikRules:
    return NikRules(CODES, "63", this_year=2020)


def test_code_table_holds_every_kalsel_kecamatan_and_the_two_named_in_the_brief() -> None:
    assert len([c for c in CODES.kecamatan if c.startswith("63")]) == 156
    assert CODES.kecamatan["637104"] == "Banjarmasin Utara"
    assert CODES.kecamatan["637105"] == "Banjarmasin Tengah"
    assert CODES.provinces["63"] == "Kalimantan Selatan" and len(CODES.provinces) == 38


def test_a_man_s_nik_gives_his_birth_date_and_sex(rules: NikRules) -> None:
    nik, facts, warning = rules.check("6371041708900001")
    assert nik == "6371041708900001" and warning is None
    assert facts.birth == date(1990, 8, 17) and facts.sex is Sex.LAKI_LAKI


def test_a_woman_s_day_carries_40_more(rules: NikRules) -> None:
    _, facts, _ = rules.check("6371045708900002")
    assert facts.birth == date(1990, 8, 17) and facts.sex is Sex.PEREMPUAN


def test_century_is_the_latest_not_after_this_year(rules: NikRules) -> None:
    assert rules.check("6371040101150003")[1].birth == date(2015, 1, 1)
    assert rules.check("6371040101450003")[1].birth == date(1945, 1, 1)


@pytest.mark.parametrize("setting", [
    {"this_year": 2020}, {"today": date(2024, 2, 29)},  # a leap day: 29 February 1924 too
    {"today": date(2000, 2, 29)},  # a century before, 1900, had no 29 February
    {"today": date(1990, 6, 15)},
])
def test_every_date_part_reads_the_same_a_column_at_a_time(setting: dict[str, object]) -> None:
    # The column checker joins NIKs with date_parts; the row checker asks date_part.
    rules = NikRules(CODES, "63", **setting)  # type: ignore[arg-type]
    table = {part: (birth, sex) for part, birth, sex, _iso in rules.date_parts().iter_rows()}
    for part in range(800_000):  # every day 00-79, month 00-99 and year
        if part // 100 % 100 > 13:
            continue
        facts = rules.date_part(f"{part:06d}")
        said = None if isinstance(facts, CellProblem) else (facts.birth, facts.sex_code)
        assert table.get(part) == said, part
    # and the parts asked for alone (an officer list's) read as in the whole table
    asked = pl.int_range(0, 800_000, step=7, dtype=pl.Int32, eager=True)
    alone = rules.date_parts(asked)
    assert alone.sort("part").equals(
        rules.date_parts().filter(pl.col("part").is_in(asked.implode())).sort("part"))


@pytest.mark.parametrize("nik, why", [
    ("6371043208900001", "tanggal"),  # day 32
    ("6371047208900001", "tanggal"),  # woman, day 72 - 40 = 32
    ("6371040013900001", "tanggal"),  # month 13
    ("6371043102900001", "tanggal"),  # 31 February
    ("6371040000900001", "tanggal"),  # day 00
])
def test_impossible_birth_dates_are_errors(rules: NikRules, nik: str, why: str) -> None:
    with pytest.raises(CellProblem, match=why):
        rules.check(nik)


def test_serial_0000_is_an_error(rules: NikRules) -> None:
    with pytest.raises(CellProblem, match="0000"):
        rules.check("6371041708900000")


def test_unknown_province_is_an_error(rules: NikRules) -> None:
    with pytest.raises(CellProblem, match="provinsi NIK \\(99\\)"):
        rules.check("9971041708900001")


def test_unknown_kecamatan_in_the_office_province_is_an_error(rules: NikRules) -> None:
    with pytest.raises(CellProblem, match="637199"):
        rules.check("6371991708900001")


def test_another_kab_of_the_same_province_is_fine(rules: NikRules) -> None:
    assert rules.check("6301011708900001")[2] is None  # Takisung, Tanah Laut


def test_a_nik_from_another_province_is_a_warning(rules: NikRules) -> None:
    _, _, warning = rules.check("3171011708900001")
    assert warning is not None and "luar provinsi" in warning
    assert CODES.kecamatan["317101"] in warning and CODES.province_name("31") in warning


def test_without_a_kecamatan_table_only_the_province_is_checked() -> None:
    only_kalsel = KemendagriCodes(CODES.provinces, {"637104": "Banjarmasin Utara"},
                                  frozenset({"63"}))
    jakarta = NikRules(only_kalsel, "31", this_year=2020)
    assert not jakarta.checks_kecamatan
    assert jakarta.check("3199011708900001")[2] is None


@pytest.mark.parametrize("value, message", [
    (6371041708900001.0, "tersimpan sebagai angka"),  # a number cell
    (6371041708900001, "tersimpan sebagai angka"),
    ("6,37104E+15", "dirusak Excel"),  # what a number cell shows once saved as CSV
    ("6.37104E+15", "dirusak Excel"),
    ("6371041708900001.0", "dirusak Excel"),
    ("637104170890000", "16 angka"),  # the 16th digit lost
    ("637104170890000X", "16 angka"),
])
def test_excel_damage_is_named_with_the_advice_to_use_text(rules: NikRules, value: object,
                                                          message: str) -> None:
    with pytest.raises(CellProblem, match=message) as caught:
        rules.check(value)
    if "angka" in message and message != "16 angka":
        assert "Teks" in str(caught.value)


def test_kk_is_16_digits_of_text() -> None:
    assert check_kk("6371041502200123") == "6371041502200123"
    with pytest.raises(CellProblem, match="Teks"):
        check_kk(6371041502200123.0)
    with pytest.raises(CellProblem, match="16 angka"):
        check_kk("63710415022001")


@pytest.mark.parametrize("value, sex", [
    ("L", Sex.LAKI_LAKI), ("Laki-laki", Sex.LAKI_LAKI), ("laki laki", Sex.LAKI_LAKI),
    (1, Sex.LAKI_LAKI), (1.0, Sex.LAKI_LAKI), ("P", Sex.PEREMPUAN), ("Perempuan", Sex.PEREMPUAN),
    ("wanita", Sex.PEREMPUAN), (2, Sex.PEREMPUAN), ("X", None), ("", None),
])
def test_sex_spellings(value: object, sex: Sex | None) -> None:
    assert parse_sex(value) is sex


@pytest.mark.parametrize("value, day", [
    ("17-08-1990", date(1990, 8, 17)), ("17/08/1990", date(1990, 8, 17)),
    ("1990-08-17", date(1990, 8, 17)), ("17 Agustus 1990", date(1990, 8, 17)),
    ("17 agt 1990", date(1990, 8, 17)), (datetime(1990, 8, 17, 0, 0), date(1990, 8, 17)),
    (date(1990, 8, 17), date(1990, 8, 17)), ("31-02-1990", None), ("kemarin", None),
    (33100.0, None),  # a date typed into a plain number cell: not guessed
])
def test_birth_dates_as_files_hold_them(value: object, day: date | None) -> None:
    assert DateReader().day(value) == day


@pytest.mark.parametrize("value, moment", [
    ("2020-02-15 08:30", datetime(2020, 2, 15, 8, 30)),
    ("2020-02-15 08:30:15", datetime(2020, 2, 15, 8, 30, 15)),
    ("15-02-2020 08:30", datetime(2020, 2, 15, 8, 30)),
    ("15-02-2020", datetime(2020, 2, 15)),
    (datetime(2020, 2, 15, 8, 30, 15, 500), datetime(2020, 2, 15, 8, 30, 15)),
    ("besok pagi", None),
])
def test_submission_times(value: object, moment: datetime | None) -> None:
    assert DateReader().moment(value) == moment


def test_birth_comparison_uses_only_what_the_nik_holds(rules: NikRules) -> None:
    facts = rules.check("6371041708900001")[1]
    assert same_birth(facts, date(1990, 8, 17))
    assert same_birth(facts, date(1890, 8, 17))  # the NIK cannot tell the century
    assert not same_birth(facts, date(1990, 8, 18))
