"""Checking sheet rows a chunk at a time as columns; only rows that fail meet the row checker.

Every rule of the row checker (models.persons.check) is asked here of a whole column at
once: the NIK's shape, serial, date part (NikRules.date_parts: every part at once) and
area part (each distinct one judged once by the same NikRules), the No. KK, sex and birth
date against the NIK, the SLS, the time, the officer, and the text cells. A row that
passes them all becomes a record without a Python step of its own. A row that fails any,
or that the column rules leave to it (a number in a text column, a text date that differs
from the NIK), goes through RowChecker.check itself: its problems carry the row checker's
sheet, row, column and reason, and the record it may still give is the row checker's. So
both paths agree by construction where a row fails, and tests/test_column_check.py holds
them equal where it passes.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

import polars as pl

from models.persons.check import FIELD_ORDER, Record, RowChecker, digest_all
from models.persons.rules import SEX_CODES
from models.schema.batches import ImportKind
from models.sheets.column_reading import DATE_TEXT, SheetColumns
from models.sheets.columns import ColumnMapping

# The Record layout of models.persons.check, as columns.
RECORD_SCHEMA: dict[str, Any] = {
    "key": pl.String, "row": pl.Int64, "nik": pl.String, "kk": pl.String, "name": pl.String,
    "sex": pl.String, "birth": pl.String, "area": pl.String, "address": pl.String,
    "sls_id": pl.Int64, "hash": pl.Int64, "moment": pl.String, "officer": pl.Int64,
}
# What clean_text would change (its BREAKS and CONTROLS): such a cell takes the row path.
CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
SIXTEEN = r"^[0-9]{16}$"  # ASCII digits only, as ascii_digits(value, 16)
NAME_CHARS, ADDRESS_CHARS = 150, 300
_FLAG = object()  # a cell the column rules leave to the row checker
NEVER = date(1, 1, 1)  # a birth date no NIK gives: the row fails and the row checker says why
# Parts of a NIK are joined as numbers (of six ASCII digits): twice as fast as their text.
AREAS_SCHEMA = {"nik_area": pl.Int32, "nik_area_ok": pl.Boolean}  # area part in order


def empty_records() -> pl.DataFrame:
    return pl.DataFrame(schema=RECORD_SCHEMA)


def records_frame(records: Sequence[Record]) -> pl.DataFrame:
    """Row-checker records as a frame of RECORD_SCHEMA."""
    if not records:
        return empty_records()
    return pl.DataFrame(list(records), schema=RECORD_SCHEMA, orient="row")


class ColumnChecker:
    """Checks chunks of one sheet's rows; problems collect in the row checker given."""

    def __init__(self, rows: RowChecker, mapping: ColumnMapping) -> None:
        self.rows = rows
        self.header = mapping.header_row
        self.online = rows.kind is ImportKind.ONLINE
        columns = mapping.columns
        self.indices = [columns.get(key, -1) for key in FIELD_ORDER]
        mapped = [index for index in self.indices if index >= 0]
        self._width = max(mapped) + 1 if mapped else 0
        self._pick = itemgetter(*mapped) if len(mapped) > 1 else None
        areas = rows.areas
        active = [(code, sid) for code, sid in areas.sls.items()
                  if code not in areas.inactive_sls]
        self._sls = pl.DataFrame(active, schema={"area": pl.String, "sls_id": pl.Int64},
                                 orient="row")
        self._officers = pl.DataFrame(list(rows.officers.items()),
                                      schema={"officer_nik": pl.String, "officer": pl.Int64},
                                      orient="row")
        # What every date part says, and what each distinct area part said, grown chunk
        # by chunk (a file holds a few hundred).
        self._facts = rows.rules.date_parts().select(
            "part", nik_birth="birth", nik_sex="sex_code", nik_iso="iso")
        self._areas = pl.DataFrame(schema=AREAS_SCHEMA)

    def check(self, rows: Sequence[list[Any]], start: int) -> tuple[pl.DataFrame, int, int]:
        """(records in row order, rows read, rows refused) of `rows`, the sheet's rows from
        0-based index `start`; the header above and blank rows are skipped."""
        numbered = [(index + 1, cells) for index, cells in enumerate(rows, start)
                    if index > self.header and any(cells)]
        if not numbered:
            return empty_records(), 0, 0
        inputs = self._row_inputs([row for row, _cells in numbered],
                                  self._columns([cells for _row, cells in numbered]))
        return self._judged(inputs, lambda at: [numbered[i][1] for i in at])

    def check_columns(self, columns: SheetColumns) -> tuple[pl.DataFrame, int, int]:
        """The same of a sheet read as columns (models.sheets.column_reading)."""
        if not columns.height:
            return empty_records(), 0, 0
        width = self._width
        places = [(key, index) for key, index in zip(FIELD_ORDER, self.indices, strict=True)
                  if index >= 0]

        def cells(at: list[int]) -> list[list[Any]]:
            rows: list[list[Any]] = [[""] * width for _ in at]
            for key, index in places:
                for row, value in zip(rows, columns.cells(key, at), strict=True):
                    row[index] = value
            return rows

        return self._judged(self._column_inputs(columns), cells)

    def _judged(self, inputs: pl.DataFrame, cells: Callable[[list[int]], list[list[Any]]]
                ) -> tuple[pl.DataFrame, int, int]:
        """`cells(at)` gives the rows at those places of `inputs` as the row reader would."""
        frame, clean = self._judge(inputs)
        slow: list[Record] = []
        refused = 0
        failed = [at for at, passed in enumerate(clean) if not passed]
        rows = inputs["row"].gather(failed).to_list() if failed else []
        for row, values in zip(rows, cells(failed), strict=True):
            record = self.rows.check(row, list(values))
            if record is None:
                refused += 1
            else:
                slow.append(record)
        fast = frame.filter(pl.Series(clean))
        records = pl.concat([self._records(fast), records_frame(slow)])
        return records.sort("row"), len(clean), refused

    def _columns(self, rows: list[list[Any]]) -> list[list[Any] | None]:
        """The mapped fields' cells as columns (None for an unmapped field: all blank)."""
        width = self._width
        padded = [cells if len(cells) >= width else cells + [""] * (width - len(cells))
                  for cells in rows]
        if self._pick is None:
            single = [index for index in self.indices if index >= 0]
            picked = [[cells[single[0]] for cells in padded]] if single else []
        else:
            picked = [list(column) for column in zip(*map(self._pick, padded), strict=True)]
        found = iter(picked)
        return [next(found) if index >= 0 else None for index in self.indices]

    def _row_inputs(self, rows: list[int], raw: list[list[Any] | None]) -> pl.DataFrame:
        """The judged columns from Python cells as the row reader gives them."""
        count = len(rows)
        nik, kk, name, sex, birth, area, address, moment, officer = raw
        odd: list[pl.Series] = []
        frame = pl.DataFrame({
            "row": pl.Series(rows, dtype=pl.Int64),
            "nik": _texts(nik, count, odd), "kk_raw": _texts(kk, count, odd),
            "name_raw": _texts(name, count, odd), "sex_raw": _texts(sex, count, odd),
            "area_raw": _texts(area, count, odd),
            "address_raw": _texts(address, count, odd),
            "officer_nik": (_texts(officer, count, odd) if not self.online
                            else pl.Series([None] * count, dtype=pl.String)),
            "birth_cell": self._days(birth, count),
            "moment": self._moments(moment, count),
        })
        flagged = pl.Series([False] * count)
        for series in odd:
            flagged = flagged | series
        return frame.with_columns(odd=flagged)

    def _column_inputs(self, columns: SheetColumns) -> pl.DataFrame:
        """The judged columns from a sheet read as columns: a number or truth value in a
        text column is left to the row checker, as are unreadable dates and times."""
        count = columns.height
        blank = pl.Series([""] * count, dtype=pl.String)
        text, number = columns.text, columns.number
        found: dict[str, pl.Series] = {}
        odd = pl.Series([False] * count)
        for key in ("nik", "kk", "name", "sex", "area", "address", "officer"):
            if key not in text:
                found[key] = blank
                continue
            numeric = number[key].is_not_null()
            odd = odd | numeric
            found[key] = pl.select(pl.when(numeric.not_()).then(text[key])).to_series()
        if self.online:
            found["officer"] = pl.Series([None] * count, dtype=pl.String)
        return pl.DataFrame({
            "row": columns.rows.cast(pl.Int64),
            "nik": found["nik"], "kk_raw": found["kk"], "name_raw": found["name"],
            "sex_raw": found["sex"], "area_raw": found["area"],
            "address_raw": found["address"], "officer_nik": found["officer"],
            "birth_cell": self._text_days(text.get("birth"), number.get("birth"), count),
            "moment": self._text_moments(text.get("moment"), number.get("moment"), count),
            "odd": odd,
        })

    def _judge(self, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[bool]]:
        """The frame of values a clean row stores, and which rows are clean."""
        frame = frame.with_columns(nik_ok=pl.col("nik").str.contains(SIXTEEN).fill_null(False))
        digits = pl.when(pl.col("nik_ok")).then(pl.col("nik"))
        frame = frame.with_columns(part=digits.str.slice(6, 6).cast(pl.Int32),
                                   nik_area=digits.str.slice(0, 6).cast(pl.Int32))
        frame = self._nik_facts(frame)
        frame = frame.join(self._sls, left_on="area_raw", right_on="area", how="left",
                           maintain_order="left")
        if not self.online:
            frame = frame.join(self._officers, on="officer_nik", how="left",
                               maintain_order="left")
        else:
            frame = frame.with_columns(officer=pl.lit(None, dtype=pl.Int64))
        blank = _blank
        sex_code = pl.col("sex_raw").replace_strict(SEX_CODES, default=None,
                                                    return_dtype=pl.String)
        stripped = pl.col("name_raw").str.strip_chars()
        frame = frame.with_columns(
            kk=pl.when(pl.col("kk_raw").str.contains(SIXTEEN)).then(pl.col("kk_raw")),
            name=stripped.str.slice(0, NAME_CHARS),
            address=pl.col("address_raw").str.strip_chars().str.slice(0, ADDRESS_CHARS),
            area=pl.col("area_raw").fill_null(""),
            sex=pl.col("nik_sex"), birth=pl.col("nik_iso"), key=pl.col("nik"),
        )
        checks = [
            pl.col("nik_ok"), pl.col("nik_iso").is_not_null(),
            pl.col("nik").str.slice(12, 4) != "0000", pl.col("nik_area_ok"),
            blank("kk_raw") | pl.col("kk_raw").str.contains(SIXTEEN),
            pl.col("name_raw").is_not_null(), ~pl.col("name_raw").str.contains(CONTROL),
            stripped.str.len_chars() > 0,
            pl.col("address_raw").is_not_null(), ~pl.col("address_raw").str.contains(CONTROL),
            blank("sex_raw") | (sex_code == pl.col("nik_sex")),
            pl.col("birth_cell").is_null() | (pl.col("birth_cell") == pl.col("nik_birth")),
            pl.col("sls_id").is_not_null() | (blank("area_raw") if self.online
                                              else pl.lit(False)),
            pl.col("moment").is_not_null(),
        ]
        if not self.online:
            checks.append(blank("officer_nik") | pl.col("officer").is_not_null())
        verdict = frame.select((pl.all_horizontal(checks).fill_null(False)
                                & pl.col("odd").not_()).alias("clean")).to_series()
        frame = frame.with_columns(
            moment=pl.when(pl.col("moment") != "").then(pl.col("moment")))
        return frame, verdict.to_list()

    def _nik_facts(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Join what the date part and area part of each NIK say; the area parts not met
        in earlier chunks are judged once by the NikRules. A date part no birth date has
        joins nothing: the row checker says why."""
        rules = self.rows.rules
        areas = frame.select(pl.col("nik_area").drop_nulls().unique()).join(
            self._areas, on="nik_area", how="anti")["nik_area"].to_list()
        if areas:
            judged_areas = [rules.area_part(f"{area:06d}") is None for area in areas]
            self._areas = pl.concat([self._areas, pl.DataFrame(
                {"nik_area": areas, "nik_area_ok": judged_areas}, schema=AREAS_SCHEMA)])
        frame = frame.join(self._facts, on="part", how="left", maintain_order="left")
        return frame.join(self._areas, on="nik_area", how="left", maintain_order="left") \
            .with_columns(pl.col("nik_area_ok").fill_null(False))

    def _days(self, column: list[Any] | None, count: int) -> pl.Series:
        """Birth cells as dates: null where blank; a row the column rules cannot judge
        (unreadable text, a number) gets a date no NIK gives, so it fails the check."""
        if column is None:
            return pl.Series([None] * count, dtype=pl.Date)
        kinds = set(map(type, column))
        if kinds <= {datetime}:
            return pl.Series(column, dtype=pl.Datetime).dt.date()
        reader = self.rows.dates

        def day(value: Any) -> date | None:
            kind = type(value)
            if kind is datetime:
                return value.date()
            if kind is date:
                return value
            if value == "" or value is None:
                return None
            if kind is str:
                return reader.day(value) or NEVER
            return NEVER

        return pl.Series([day(value) for value in column], dtype=pl.Date)

    def _moments(self, column: list[Any] | None, count: int) -> pl.Series:
        """Times as stored ('YYYY-MM-DD hh:mm:ss'); '' where blank, null where the row
        checker must judge the cell."""
        if column is None:
            return pl.Series([""] * count, dtype=pl.String)
        kinds = set(map(type, column))
        if kinds <= {datetime}:
            return pl.Series(column, dtype=pl.Datetime).dt.strftime("%Y-%m-%d %H:%M:%S")
        reader = self.rows.dates

        def text(value: Any) -> Any:
            if type(value) is datetime:
                return value.isoformat(" ", "seconds")
            if value == "" or value is None:
                return ""
            if isinstance(value, (str, date)):
                moment = reader.moment(value)
                return _FLAG if moment is None else moment.isoformat(" ", "seconds")
            return _FLAG

        return pl.Series([None if (t := text(v)) is _FLAG else t for v in column],
                         dtype=pl.String)

    def _text_days(self, text: pl.Series | None, number: pl.Series | None,
                   count: int) -> pl.Series:
        """Birth cells read as text, as dates; see `_days` for what null and `NEVER` say."""
        if text is None or number is None:
            return pl.Series([None] * count, dtype=pl.Date)
        frame, looks, others = _plain_texts(text, number)
        reader = self.rows.dates
        read = pl.DataFrame({"t": others, "d": [reader.day(v) or NEVER for v in others]},
                            schema={"t": pl.String, "d": pl.Date})
        day = pl.col("t").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        return frame.join(read, on="t", how="left", maintain_order="left").select(
            pl.when(pl.col("t").is_null()).then(pl.lit(None, dtype=pl.Date))
            .when(pl.col("n").is_not_null()).then(pl.lit(NEVER))
            .when(looks).then(day.fill_null(NEVER))
            .otherwise(pl.col("d"))).to_series()

    def _text_moments(self, text: pl.Series | None, number: pl.Series | None,
                      count: int) -> pl.Series:
        """Time cells read as text, as `_moments` gives them."""
        if text is None or number is None:
            return pl.Series([""] * count, dtype=pl.String)
        frame, looks, others = _plain_texts(text, number)
        reader = self.rows.dates
        read = pl.DataFrame(
            {"t": others, "m": [None if (m := reader.moment(v)) is None
                                else m.isoformat(" ", "seconds") for v in others]},
            schema={"t": pl.String, "m": pl.String})
        valid = pl.col("t").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False).is_not_null()
        return frame.join(read, on="t", how="left", maintain_order="left").select(
            pl.when(pl.col("t").is_null()).then(pl.lit(""))
            .when(pl.col("n").is_not_null()).then(pl.lit(None, dtype=pl.String))
            .when(looks).then(pl.when(valid).then(pl.col("t")))
            .otherwise(pl.col("m"))).to_series()

    def _records(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The clean rows as records, with the content digest of models.persons.check."""
        shown = [pl.col(name).cast(pl.String).fill_null("None")
                 for name in ("nik", "kk", "name", "sex", "birth", "area", "address",
                              "moment", "officer")]
        data = frame.select(pl.concat_str(shown, separator="\x1f").cast(pl.Binary)).to_series()
        digests = digest_all(data.to_list())
        return frame.with_columns(hash=pl.Series(digests, dtype=pl.Int64)).select(
            list(RECORD_SCHEMA))


def _texts(column: list[Any] | None, count: int, odd: list[pl.Series]) -> pl.Series:
    """A column's text cells (None stays null); cells of another type become null and
    are marked in `odd`, for the row checker."""
    if column is None:
        return pl.Series([""] * count, dtype=pl.String)
    if set(map(type, column)) <= {str}:
        return pl.Series(column, dtype=pl.String)
    odd.append(pl.Series([type(v) is not str and v is not None for v in column]))
    return pl.Series([v if type(v) is str else None for v in column], dtype=pl.String)


def _plain_texts(text: pl.Series, number: pl.Series) -> tuple[pl.DataFrame, pl.Expr,
                                                               list[str]]:
    """A date column's text `t` beside its number marks `n`, the test for the form a date
    cell takes, and the distinct texts of another form (for the row checker's DateReader)."""
    frame = pl.DataFrame({"t": text, "n": number})
    looks = pl.col("t").str.contains(DATE_TEXT)
    others = frame.filter(pl.col("t").is_not_null() & pl.col("n").is_null() & ~looks)[
        "t"].unique().to_list()
    return frame, looks, others


def _blank(name: str) -> pl.Expr:
    column = pl.col(name)
    return column.is_null() | (column == "")
