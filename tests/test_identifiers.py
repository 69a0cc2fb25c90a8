"""Identifiers and the rules they follow, as hostile files write them (no database).

Each class of input is tested as a class: every identifier (NIK, No. KK, SLS code, NIP,
officer NIK, counts) against every look-alike digit script, at every part of the number.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.formatting import format_kemendagri
from models.ids.cells import CellProblem, ascii_digits, clean_text, digits, plain_text, whole_number
from models.ids.kemendagri import KemendagriCodes
from models.ids.nik import compose_nik
from models.ids.nip import format_nip, nip_problem
from models.officers.phone import parse_phone
from models.persons.check import AreaIndex, CheckContext, RowChecker
from models.persons.rules import DateReader, NikRules, check_kk
from models.schema.batches import ImportKind
from models.sheets.columns import ColumnMapping

TODAY = date(2020, 6, 15)
# A hand-made table: Kalimantan Selatan and DKI Jakarta with their kecamatan, Papua without.
FULL = KemendagriCodes(
    provinces={"63": "Kalimantan Selatan", "31": "DKI Jakarta", "91": "Papua"},
    kecamatan={"637104": "Banjarmasin Utara", "630101": "Takisung", "317101": "Gambir",
               "910101": "Jayapura Utara"},
    provinces_with_kecamatan=frozenset({"63", "31", "91"}),
)
PARTIAL = KemendagriCodes(  # only the office's province has its kecamatan
    provinces=FULL.provinces, kecamatan={"637104": "Banjarmasin Utara", "630101": "Takisung"},
    provinces_with_kecamatan=frozenset({"63"}),
)
NIK = "6371041708900001"  # a man born 17-08-1990 in Banjarmasin Utara
KK = "6371041502200123"
SLS = "6371040001000100"
NIP = "198001012005011002"  # born 1980-01-01, TMT 2005-01, a man, serial 002

# Characters that look like, or count as, digits but are not ASCII 0-9.
SCRIPTS = {
    "superskrip": "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "subskrip": "₀₁₂₃₄₅₆₇₈₉",
    "lingkaran": "⓪①②③④⑤⑥⑦⑧⑨",
    "lebar penuh": "０１２３４５６７８９",
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "persia": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "tebal matematika": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}
# Which digits are swapped: the whole number, or one digit in each part of it.
PLACES = {"semua": None, "pertama": [0], "tanggal": [7], "terakhir": [-1]}


def written_in(value: str, script: str, places: list[int] | None) -> str:
    digits_of = SCRIPTS[script]
    chars = list(value)
    for index in range(len(chars)) if places is None else places:
        index = min(index, len(chars) - 1)  # 'tanggal' in a 7-digit code: its last digit
        chars[index] = digits_of[int(chars[index])]
    return "".join(chars)


def rules(codes: KemendagriCodes = FULL, province: str = "63",
          today: date = TODAY) -> NikRules:
    return NikRules(codes, province, today=today)


look_alikes = pytest.mark.parametrize("script, places", [
    (script, places) for script in SCRIPTS for places in PLACES.values()],
    ids=[f"{script}-{place}" for script in SCRIPTS for place in PLACES])


# --- 1. Non-ASCII digits: refused with the usual message, never a crash ---------------

@pytest.mark.parametrize("value, ok", [
    ("0123456789", True), ("", False), ("12 3", False), ("12a", False), ("-12", False),
    *((d, False) for script in SCRIPTS.values() for d in (script[1], script * 2)),
])
def test_only_ascii_0_to_9_are_digits(value: str, ok: bool) -> None:
    assert ascii_digits(value) is ok
    assert ascii_digits(value, len(value)) is ok
    assert not ascii_digits(value, len(value) + 1)


def test_a_non_text_value_is_never_digits() -> None:
    assert not ascii_digits(1234) and not ascii_digits(None) and not ascii_digits(b"12")


@look_alikes
def test_look_alike_digits_are_refused_in_every_identifier(script: str, places: list[int] | None
                                                           ) -> None:
    checks: list[tuple[str, Any]] = [
        (NIK, rules().check), (KK, check_kk),
        (SLS, lambda v: digits(v, "Kode SLS", (16, 14, 4))),
        ("6371040", lambda v: digits(v, "Kode Kecamatan", (7, 3))),
    ]
    for value, check in checks:
        with pytest.raises(CellProblem, match="angka") as refused:
            check(written_in(value, script, places))
        assert "bukan 0–9 biasa" in str(refused.value)


@look_alikes
def test_look_alike_digits_are_refused_in_a_nip(script: str, places: list[int] | None) -> None:
    assert nip_problem(written_in(NIP, script, places), today=TODAY) == (
        "NIP harus 18 angka tanpa spasi.")
    assert format_nip(written_in(NIP, script, places)) == written_in(NIP, script, places)


def test_a_serial_of_superscript_zeros_is_not_a_serial() -> None:
    with pytest.raises(CellProblem, match="16 angka"):
        rules().check("637104170890⁰⁰⁰⁰")


@pytest.mark.parametrize("value", ["1" * 1_000_000 + "\x00", "６" * 100_000])
def test_a_huge_cell_is_quoted_short_and_printable(value: str) -> None:
    for check in (rules().check, check_kk, lambda v: whole_number(v, "Jumlah KK")):
        with pytest.raises(CellProblem) as refused:
            check(value)
        assert len(str(refused.value)) < 300 and str(refused.value).isprintable()


@pytest.mark.parametrize("script", SCRIPTS)
def test_look_alike_digits_in_counts_and_codes_elsewhere(script: str) -> None:
    with pytest.raises(CellProblem, match="bilangan bulat"):
        whole_number(written_in("120", script, [1]), "Jumlah KK")
    with pytest.raises(ValueError, match="6 angka"):
        compose_nik(written_in("637104", script, [5]), date(1990, 1, 1), False, 1)
    assert format_kemendagri(written_in("637104", script, None)) == written_in(
        "637104", script, None)


@pytest.mark.parametrize("script", ["arab", "lebar penuh", "devanagari"])
def test_dates_written_in_other_digits_are_not_read(script: str) -> None:
    reader = DateReader()
    assert reader.day(written_in("17-08-1990", script, [0, 1, 3, 4, 6, 7, 8, 9])) is None
    assert reader.moment(written_in("2020-02-15 08:30", script, [0, 1, 2, 3])) is None


DIGIT_LIKE = st.text(alphabet=st.sampled_from("0123456789 .") | st.characters(
    categories=("Nd", "No")), min_size=1, max_size=24)


@settings(max_examples=300, deadline=None)
@given(value=DIGIT_LIKE)
def test_any_digit_like_text_is_an_ascii_identifier_or_a_clean_refusal(value: str) -> None:
    checks = [rules().check, check_kk, lambda v: digits(v, "IDSLS", (16, 14)),
              lambda v: whole_number(v, "Jumlah KK")]
    for check in checks:
        try:
            result = check(value)
        except CellProblem as problem:
            assert str(problem)
            continue
        found = result[0] if isinstance(result, tuple) else result
        assert isinstance(found, int) or ascii_digits(found)
    problem = nip_problem(value, today=TODAY)  # a reason or None, never an exception
    if not ascii_digits(value, 18):
        assert problem == "NIP harus 18 angka tanpa spasi."


# --- 2. A birth date after today ---------------------------------------------------------

@pytest.mark.parametrize("nik, born", [
    ("6371041506200001", date(2020, 6, 15)),  # born today
    ("6371040101200001", date(2020, 1, 1)),
    ("6371041606190001", date(2019, 6, 16)),
    ("6371040101210001", date(1921, 1, 1)),  # '21 is after 2020: the century before
])
def test_a_nik_born_today_or_earlier_is_fine(nik: str, born: date) -> None:
    assert rules().check(nik)[1].birth == born


@pytest.mark.parametrize("nik, born", [
    ("6371041606200001", date(1920, 6, 16)),  # tomorrow's date: born a century ago
    ("6371045606200002", date(1920, 6, 16)),  # a woman
    ("6371043112200001", date(1920, 12, 31)),  # New Year's Eve of this year
])
def test_a_nik_date_not_yet_reached_is_the_century_before(nik: str, born: date) -> None:
    checker = rules()
    for _ in range(2):  # cached with the date part, and the same the second time
        birth = checker.check(nik)[1].birth
        assert birth == born and birth <= TODAY  # never a birth date after today


def test_this_year_alone_pretends_to_be_its_last_day() -> None:
    assert NikRules(FULL, "63", this_year=2020).check("6371043112200001")[1].birth == date(
        2020, 12, 31)


def _checker(kind: ImportKind = ImportKind.LAPANGAN, codes: KemendagriCodes = FULL
             ) -> RowChecker:
    headers = ["NIK", "No KK", "Nama", "JK", "Tgl Lahir", "IDSLS", "Alamat", "Waktu",
               "NIK Petugas"]
    keys = ["nik", "kk", "name", "sex", "birth", "area", "address", "moment", "officer"]
    mapping = ColumnMapping(0, headers, {key: i for i, key in enumerate(keys)})
    context = CheckContext(kind, rules(codes), AreaIndex(sls={SLS: 1}),
                           officers={"6371040101900001": 7})
    return RowChecker(context, mapping)


def _row(**cells: Any) -> list[Any]:
    row = {"nik": NIK, "kk": KK, "name": "Budi", "sex": "L", "birth": datetime(1990, 8, 17),
           "area": SLS, "address": "Jl. Sutoyo", "moment": datetime(2020, 3, 1, 8),
           "officer": "", **cells}
    return list(row.values())


@pytest.mark.parametrize("nik, birth", [
    ("", datetime(2021, 1, 1)),  # no NIK: only the column tells
    ("", "01-01-2021"),  # as text
    ("6371040101300001", datetime(2030, 1, 1)),  # agrees with the NIK's digits, 100 years on
    ("6371041708900001", date(2090, 8, 17)),
])
def test_a_birth_date_column_after_today_is_an_error(nik: str, birth: object) -> None:
    checker = _checker()
    assert checker.check(2, _row(nik=nik, birth=birth)) is None
    (error,) = [p for p in checker.problems if p.error]
    assert (error.row, error.column) == (2, "Tgl Lahir") and "belum terjadi" in error.reason


def test_a_birth_date_column_of_today_is_fine() -> None:
    checker = _checker()
    record = checker.check(2, _row(nik="", birth=datetime(2020, 6, 15)))
    assert record is not None and record[6] == "2020-06-15"


# --- 4. The area part of a NIK, nationally -------------------------------------------

@pytest.mark.parametrize("codes", [FULL, PARTIAL], ids=["lengkap", "sebagian"])
@pytest.mark.parametrize("office", ["63", "31"])
def test_an_unknown_kecamatan_of_a_covered_province_is_an_error(codes: KemendagriCodes,
                                                               office: str) -> None:
    with pytest.raises(CellProblem, match="637199"):
        rules(codes, office).check("6371991708900001")


@pytest.mark.parametrize("office", ["63", "91"])
def test_every_province_in_the_table_is_checked_to_the_kecamatan(office: str) -> None:
    with pytest.raises(CellProblem, match=r"317199.*DKI Jakarta"):
        rules(FULL, office).check("3171991708900001")


def test_a_known_kecamatan_elsewhere_is_a_warning_naming_it() -> None:
    warning = rules(FULL, "63").check("3171011708900001")[2]
    assert warning is not None and "luar provinsi" in warning
    assert "Gambir" in warning and "DKI Jakarta" in warning
    assert rules(FULL, "63").check("6301011708900001")[2] is None  # same province


def test_without_its_kecamatan_table_a_province_is_checked_to_the_province_only() -> None:
    warning = rules(PARTIAL, "63").check("3171991708900001")[2]
    assert warning == "NIK diterbitkan di luar provinsi (DKI Jakarta)."
    assert rules(PARTIAL, "31").check("3171991708900001")[2] is None
    with pytest.raises(CellProblem, match=r"provinsi NIK \(99\)"):
        rules(PARTIAL, "31").check("9971041708900001")


def test_the_shipped_table_checks_every_province_it_covers() -> None:
    from models.ids.kemendagri import load_codes

    codes = load_codes()
    for province in codes.provinces:
        unused = next(f"{province}{n:04d}" for n in range(9999, 0, -1)
                      if f"{province}{n:04d}" not in codes.kecamatan)
        checker = NikRules(codes, "63", today=TODAY)
        if province in codes.provinces_with_kecamatan:
            with pytest.raises(CellProblem, match=unused):
                checker.check(f"{unused}1708900001")
        else:  # a province without its table: checked to the province only
            checker.check(f"{unused}1708900001")


# --- 3. NIP: its own rules ----------------------------------------------------------

@pytest.mark.parametrize("nip, words", [
    ("198001012005011002", None),
    ("198001012005012999", None),  # a woman
    ("200201012020011001", None),  # TMT at 18
    ("200201152020011001", None),  # the month of the 18th birthday counts
    ("195001011990011001", None),
    ("19800101200501100", "18 angka"),
    ("1980010120050110021", "18 angka"),
    ("19800101 200501 1 002", "18 angka"),
    ("198002302005011002", "tanggal lahir"),  # 30 February
    ("198013012005011002", "tanggal lahir"),
    ("202007012020061001", "belum terjadi"),  # born after today
    ("198001012005131002", "TTTTBB"),  # TMT month 13
    ("198001012005001002", "TTTTBB"),
    ("198001012020071002", "belum terjadi"),  # TMT next month
    ("200201012019121001", "berumur 18"),  # TMT a month before the 18th birthday
    ("198001011979011001", "berumur 18"),  # TMT before birth
    ("190001011980011001", "tidak wajar"),  # aged 80 at TMT
    ("198001012005013002", "jenis kelamin"),
    ("198001012005010002", "jenis kelamin"),
    ("198001012005011000", "000"),
])
def test_nip_rules(nip: str, words: str | None) -> None:
    problem = nip_problem(nip, today=TODAY)
    if words is None:
        assert problem is None
    else:
        assert problem is not None and words in problem


def test_a_nip_is_checked_against_the_real_today_by_default() -> None:
    assert nip_problem("198001012005011002") is None
    assert "belum terjadi" in (nip_problem(f"{date.today().year + 1}01012045011002") or "")


# --- 6. Control characters in text --------------------------------------------------

@pytest.mark.parametrize("value, cleaned", [
    ("Budi\x00", "Budi"), ("Bu\x00di", "Budi"), ("Jl. A\r\nRT 3", "Jl. A RT 3"),
    ("Jl.\tSutoyo", "Jl. Sutoyo"), ("RT\x0b01", "RT 01"), ("A\x0cB", "A B"),
    ("x\u2028y", "x y"), ("x\u2029y", "x y"), ("x\x85y", "x y"), ("\x1bBudi\x07", "Budi"),
    ("Bu\x7fdi", "Budi"), ("Bu\x9bdi", "Budi"), ("\x00", ""),
])
def test_control_characters_are_cleaned(value: str, cleaned: str) -> None:
    assert clean_text(value) == (cleaned, True)
    assert plain_text(value, "Nama SLS") == (cleaned, "Nama SLS berisi karakter kendali (mis. "
                                             "NUL, tab atau ganti baris); sudah dibersihkan "
                                             "sebelum disimpan.")


@pytest.mark.parametrize("value", ["Budi", "Ñoño Müller", "Jl.\xa0Sutoyo", "Ahmad 😀", "A  B",
                                   ""])
def test_printable_text_is_kept_as_it_is(value: str) -> None:
    assert clean_text(value) == (value, False)


@settings(max_examples=300, deadline=None)
@given(value=st.text())
def test_cleaned_text_never_holds_a_control_character(value: str) -> None:
    cleaned, changed = clean_text(value)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029"
                   for c in cleaned)
    assert changed or cleaned == value


@pytest.mark.parametrize("key, column, value, stored, index", [
    ("name", "Nama", "Budi\x00\x00", "Budi", 4),
    ("name", "Nama", "Budi\tSantoso", "Budi Santoso", 4),
    ("address", "Alamat", "Jl. Sutoyo\r\nRT 3", "Jl. Sutoyo RT 3", 8),
    ("address", "Alamat", "Jl.\x1b Sutoyo", "Jl. Sutoyo", 8),
])
def test_a_person_s_text_is_cleaned_with_a_warning_naming_the_cell(key: str, column: str,
                                                                  value: str, stored: str,
                                                                  index: int) -> None:
    checker = _checker()
    record = checker.check(5, _row(**{key: value}))
    assert record is not None and record[index] == stored
    (warning,) = checker.problems
    assert (warning.row, warning.column, warning.error) == (5, column, False)
    assert "karakter kendali" in warning.reason


def test_a_clean_row_has_no_problem_at_all() -> None:
    checker = _checker()
    assert checker.check(2, _row(name="Ñoño\xa0Müller")) is not None
    assert checker.problems == []


@look_alikes
def test_look_alike_digits_in_a_person_row_are_errors_not_crashes(script: str,
                                                                  places: list[int] | None
                                                                  ) -> None:
    for key, column in (("nik", "NIK"), ("kk", "No KK"), ("area", "IDSLS")):
        checker = _checker()
        value = {"nik": NIK, "kk": KK, "area": SLS}[key]
        assert checker.check(3, _row(**{key: written_in(value, script, places)})) is None
        assert [(p.row, p.column) for p in checker.problems if p.error] == [(3, column)]
    checker = _checker()  # an officer's NIK in field results: a warning, never a match
    checker.check(3, _row(officer=written_in("6371040101900001", script, places)))
    assert [(p.column, p.error) for p in checker.problems] == [("NIK Petugas", False)]


# --- 7. Phone numbers stored as numbers ---------------------------------------------

@pytest.mark.parametrize("value, phone, words", [
    (81234567890, "081234567890", "dibaca sebagai 081234567890"),
    (81234567890.0, "081234567890", "dibaca sebagai 081234567890"),
    (812345678, "0812345678", "dibaca sebagai 0812345678"),
    (6281234567890, "6281234567890", "Periksa nomornya"),  # +62: no 0 was lost
    (5112345, "5112345", "Periksa nomornya"),  # a landline without its area code's 0
    (8123, "8123", "Periksa nomornya"),  # too short to be a mobile number
])
def test_a_phone_number_cell_is_named_and_a_mobile_gets_its_0_back(value: object, phone: str,
                                                                   words: str) -> None:
    found, warning = parse_phone(value, "Nomor HP")
    assert found == phone
    assert warning is not None and warning.startswith("Nomor HP tersimpan sebagai angka")
    assert words in warning


@pytest.mark.parametrize("value", ["081234567890", "+62 812-3456-7890", "", None])
def test_a_phone_number_as_text_is_kept(value: object) -> None:
    assert parse_phone(value, "Nomor HP") == (value or "", None)


@pytest.mark.parametrize("value", [1e30, 10**40, "1000000000000000000000", "9" * 5000,
                                   "10.000.000", 2**63])
def test_a_count_too_large_for_any_area_is_refused_not_overflowed(value: object) -> None:
    with pytest.raises(CellProblem, match="terlalu besar"):
        whole_number(value, "Jumlah KK")


def test_a_count_up_to_the_limit_is_read() -> None:
    assert whole_number("9.999.999", "Jumlah KK") == 9_999_999
    assert whole_number(250.0, "Jumlah KK") == 250
