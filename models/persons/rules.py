"""The rules a person's NIK, No. KK, sex and dates must follow; one cell at a time, cached.

A NIK is 6 digits of Kemendagri kecamatan code (where it was issued), DDMMYY of birth with
40 added to the day for women, and a 4-digit serial that is never 0000. Rows repeat the
same birth dates and codes endlessly, so every check that depends only on such a part is
cached: a million rows cost a few dictionary look-ups each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

import polars as pl

from models.ids.cells import CellProblem, ascii_digits, digits
from models.ids.kemendagri import KemendagriCodes
from models.ids.nik import FEMALE_DAY_OFFSET
from models.schema.batches import Sex

MONTHS = {
    name: number for number, names in enumerate((
        ("januari", "jan"), ("februari", "feb", "pebruari"), ("maret", "mar"),
        ("april", "apr"), ("mei",), ("juni", "jun"), ("juli", "jul"),
        ("agustus", "agu", "agt", "ags", "aug"), ("september", "sep", "sept"),
        ("oktober", "okt", "oct"), ("november", "nov", "nop"),
        ("desember", "des", "dec")), start=1) for name in names
}
# Dates as text, ASCII digits only: a plain \d would also take '١٧' (Arabic-Indic).
DAY_FIRST = re.compile(r"^([0-9]{1,2})[-/. ]([0-9]{1,2}|[A-Za-z]+)[-/. ]([0-9]{4})$")
YEAR_FIRST = re.compile(r"^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T]([0-9:.]+))?$")
DAY_FIRST_TIME = re.compile(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})[ T]([0-9:.]+)$")

SEX_WORDS = {
    **dict.fromkeys(("l", "lk", "laki", "lakilaki", "pria", "1", "m", "male"), Sex.LAKI_LAKI),
    **dict.fromkeys(("p", "pr", "perempuan", "wanita", "2", "f", "female", "w"), Sex.PEREMPUAN),
}
SEX_TEXT = {Sex.LAKI_LAKI: "laki-laki", Sex.PEREMPUAN: "perempuan"}
# The spellings seen most, straight to the stored value (the fast path of an import).
SEX_CODES = {"L": "L", "P": "P", "Laki-laki": "L", "Perempuan": "P", "LAKI-LAKI": "L",
             "PEREMPUAN": "P", "l": "L", "p": "P"}


@dataclass(frozen=True)
class NikFacts:
    """What a NIK says about its holder (made once per date part, then cached)."""

    birth: date  # century guessed: the latest such date not after today
    sex: Sex
    sex_code: str = field(init=False)  # as stored
    birth_key: tuple[int, int, int] = field(init=False)  # day, month, two year digits

    def __post_init__(self) -> None:
        object.__setattr__(self, "sex_code", self.sex.value)
        object.__setattr__(self, "birth_key",
                           (self.birth.day, self.birth.month, self.birth.year % 100))


def _year(two_digits: int, this_year: int) -> int:
    year = 2000 + two_digits
    return year if year <= this_year else year - 100


class NikRules:
    """Checks NIKs against the shipped Kemendagri codes and the office's province.

    `today` (default: the real one) bounds birth dates; `this_year` alone pretends to be
    that year, with today its last day.
    """

    def __init__(self, codes: KemendagriCodes, office_province: str, *,
                 today: date | None = None, this_year: int | None = None) -> None:
        self.codes = codes
        self.province = office_province
        if today is None:
            today = date(this_year, 12, 31) if this_year else date.today()
        self.today = today
        self.this_year = this_year or today.year
        self._dates: dict[str, NikFacts | CellProblem] = {}
        self._areas: dict[str, str | CellProblem | None] = {}

    @property
    def checks_kecamatan(self) -> bool:
        return self.province in self.codes.provinces_with_kecamatan

    def check(self, value: Any) -> tuple[str, NikFacts, str | None]:
        """(NIK, what it says, a warning or None); CellProblem when it cannot be a NIK."""
        # ascii_digits(value, 16), spelled out for the hot path (see there).
        if type(value) is str and len(value) == 16 and value.isascii() and value.isdigit():
            nik = value
        else:
            nik = digits(value, "NIK", (16,))
        facts = self._dates.get(nik[6:12])
        if facts is None:
            facts = self.date_part(nik[6:12])
        if isinstance(facts, CellProblem):
            raise facts
        if nik[12:] == "0000":
            raise CellProblem(f"NIK {nik}: nomor urut (4 digit terakhir) tidak boleh 0000.")
        area = self._areas.get(nik[:6], False)
        if area is False:
            area = self.area_part(nik[:6])
        if isinstance(area, CellProblem):
            raise area
        return nik, facts, area

    def date_part(self, part: str) -> NikFacts | CellProblem:
        """What digits 7–12 of a NIK say, or why they are no birth date (cached)."""
        facts = self._dates.get(part)
        if facts is None:
            facts = self._dates[part] = self._date_part(part)
        return facts

    def area_part(self, area: str) -> str | CellProblem | None:
        """Digits 1–6 of a NIK: None when in order, a warning, or a problem (cached)."""
        found = self._areas.get(area, False)
        if found is False:
            found = self._areas[area] = self._area_part(area)
        return found

    def _date_part(self, part: str) -> NikFacts | CellProblem:
        day, month, year = int(part[:2]), int(part[2:4]), int(part[4:])
        sex = Sex.LAKI_LAKI
        if day > FEMALE_DAY_OFFSET:
            day, sex = day - FEMALE_DAY_OFFSET, Sex.PEREMPUAN
        try:
            birth = date(_year(year, self.this_year), month, day)
        except ValueError:
            return CellProblem(
                f"Digit 7–12 NIK ({part}) bukan tanggal lahir yang sah (DDMMYY, tanggal "
                f"ditambah 40 untuk perempuan).")
        if birth > self.today:
            # Two year digits cannot say the century: a date not yet reached this year is
            # the century before (a 99-year-old, not someone unborn). Cached with the part.
            try:
                birth = birth.replace(year=birth.year - 100)
            except ValueError:  # 29 February in a century year that was no leap year
                return CellProblem(f"Digit 7–12 NIK ({part}) bukan tanggal lahir yang sah.")
        return NikFacts(birth, sex)

    def date_parts(self, parts: pl.Series | None = None) -> pl.DataFrame:
        """Every NIK date part `date_part` accepts, as columns: the part as a number
        (DDMMYY), the birth date, its text as stored and the stored sex code. `_date_part`
        written over all days, months and two year digits at once (a million NIKs hold
        some 70,000 parts: 0.5 s one by one, a few milliseconds so). With `parts` (as
        numbers), only those of them it accepts: a list of a few thousand NIKs need not
        build the whole table."""
        if parts is None:
            return _date_parts(self.this_year, self.today)
        frame = pl.DataFrame({"part": parts.cast(pl.Int32)}).select(
            dd=pl.col("part") // 10_000, mm=pl.col("part") // 100 % 100,
            yy=pl.col("part") % 100)
        return _facts(frame, self.this_year, self.today)

    def _area_part(self, area: str) -> str | CellProblem | None:
        """An error when the code exists nowhere, a warning when it is another province's.

        Every province whose kecamatan are shipped is checked to the kecamatan, whichever
        the office's province; one without its table can only be checked to the province.
        """
        province = area[:2]
        if province not in self.codes.provinces:
            return CellProblem(f"Kode provinsi NIK ({province}) tidak dikenal Kemendagri.")
        name = self.codes.province_name(province)
        kecamatan = self.codes.kecamatan.get(area)
        if kecamatan is not None:
            if province == self.province:
                return None
            return f"NIK diterbitkan di luar provinsi ({kecamatan}, {name})."
        if province in self.codes.provinces_with_kecamatan:
            return CellProblem(f"Digit 1–6 NIK ({area}) bukan kode kecamatan Kemendagri di "
                               f"{name}.")
        if province != self.province:
            return f"NIK diterbitkan di luar provinsi ({name})."
        return None


def check_kk(value: Any) -> str:
    return value if ascii_digits(value, 16) else digits(value, "No. KK", (16,))


def parse_sex(value: Any) -> Sex | None:
    """Sex from 'L'/'P', 'Laki-laki'/'Perempuan', 1/2 and the like; None when unreadable."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return SEX_WORDS.get(re.sub(r"[^a-z0-9]", "", str(value).lower()))


class DateReader:
    """Dates and timestamps as Excel, ODS or a CSV may hold them; text forms are cached."""

    def __init__(self) -> None:
        self._dates: dict[str, date | None] = {}

    def day(self, value: Any) -> date | None:
        """A calendar date from a date cell or 'dd-mm-yyyy', 'dd/mm/yyyy', 'yyyy-mm-dd',
        '17 Agustus 1990'; None when the cell holds none of these."""
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            return None
        if value not in self._dates:
            self._dates[value] = _text_date(value.strip())
        return self._dates[value]

    def moment(self, value: Any) -> datetime | None:
        """A timestamp from a date-time cell, 'yyyy-mm-dd hh:mm[:ss]' or 'dd-mm-yyyy hh:mm'."""
        if isinstance(value, datetime):
            return value.replace(tzinfo=None, microsecond=0)
        if isinstance(value, date):
            return datetime.combine(value, time())
        if not isinstance(value, str):
            return None
        raw = value.strip()
        match = YEAR_FIRST.match(raw) or DAY_FIRST_TIME.match(raw)
        if match is None:
            day = self.day(raw)
            return datetime.combine(day, time()) if day else None
        first, second, third, clock = match.groups()
        year, month, day_ = ((first, second, third) if len(first) == 4
                             else (third, second, first))
        try:
            parts = [int(float(p)) for p in (clock or "0").split(":")[:3]]
            return datetime(int(year), int(month), int(day_), *parts)
        except ValueError:
            return None


def _text_date(raw: str) -> date | None:
    match = DAY_FIRST.match(raw)
    try:
        if match:
            day, month, year = match.groups()
            number = int(month) if ascii_digits(month) else MONTHS.get(month.lower())
            return date(int(year), number, int(day)) if number else None
        match = YEAR_FIRST.match(raw)
        if match:
            year, month, day = match.groups()[:3]
            return date(int(year), int(month), int(day))
    except ValueError:
        return None
    return None


def same_birth(nik: NikFacts, birth: date) -> bool:
    """The NIK holds only two year digits; day, month and those digits must agree."""
    return nik.birth_key == (birth.day, birth.month, birth.year % 100)


@lru_cache(maxsize=4)  # a preview checks 30 rows: the table is made once, not each time
def _date_parts(this_year: int, today: date) -> pl.DataFrame:
    """NikRules.date_parts for that year and day."""
    days = pl.int_range(1, 32, dtype=pl.Int32, eager=True)
    frame = pl.DataFrame({"dd": pl.concat([days, days + FEMALE_DAY_OFFSET])}).join(
        pl.DataFrame({"mm": pl.int_range(1, 13, dtype=pl.Int32, eager=True)}),
        how="cross").join(
        pl.DataFrame({"yy": pl.int_range(0, 100, dtype=pl.Int32, eager=True)}),
        how="cross")
    return _facts(frame, this_year, today)


def _facts(frame: pl.DataFrame, this_year: int, today: date) -> pl.DataFrame:
    """What the date parts of `frame` (its columns dd, mm, yy) say, those that are dates."""
    year = pl.col("yy") + 2000
    year = pl.when(year <= this_year).then(year).otherwise(year - 100)
    female = pl.col("dd") > FEMALE_DAY_OFFSET
    day = pl.col("dd") - pl.when(female).then(FEMALE_DAY_OFFSET).otherwise(0)

    def birth(years: pl.Expr) -> pl.Expr:  # null where there is no such day
        return pl.format("{}-{}-{}", years, pl.col("mm"), day).str.to_date(
            "%Y-%m-%d", strict=False)

    first = birth(year)
    # A date not yet reached is the century before; 29 February may not exist there.
    return frame.select(
        part=pl.col("dd") * 10_000 + pl.col("mm") * 100 + pl.col("yy"),
        birth=pl.when(first > today).then(birth(year - 100)).otherwise(first),
        sex_code=pl.when(female).then(pl.lit(Sex.PEREMPUAN.value))
        .otherwise(pl.lit(Sex.LAKI_LAKI.value)),
    ).drop_nulls("birth").with_columns(iso=pl.col("birth").dt.to_string("%Y-%m-%d"))
