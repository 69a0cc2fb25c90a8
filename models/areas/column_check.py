"""The area master's rows checked as columns: the plain rows at once, the rest by the row rules.

Almost every row of a master file is plain: a 16-digit IDSLS typed as text, ASCII names,
counts as digits. Those rows are recognised and read as whole columns (polars). Any other
row, whatever is odd about it, goes through the row rules of `models.areas.importing`
unchanged, so a problem is found and worded exactly as before, and the file's rows keep
their order (duplicates are found in it).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from models.ids.cells import MAX_COUNT
from models.sheets.column_reading import SheetColumns

# What the row rules would accept as they are, and read to the same value.
CODE = {16: r"^[0-9]{16}$", 2: r"^[0-9]{2}$", 6: r"^[0-9]{6}$"}
PLAIN_NAME = r"^[\x20-\x7E]*$"  # printable ASCII: nothing for the row rules to clean
COUNT = rf"^[0-9]{{1,{len(str(MAX_COUNT))}}}$"
Ready = tuple[str, str, int, int, str, str, str | None, str | None]  # an AreaRecord's fields


def _text(columns: SheetColumns, key: str, height: int) -> pl.Series:
    found = columns.text.get(key)
    return found if found is not None else pl.Series(key, [None] * height, dtype=pl.String)


def _is_text(columns: SheetColumns, key: str) -> pl.Expr:
    """No number or truth value in the cell (a 0 reads as the text "0", alike both ways)."""
    return pl.col(f"n_{key}").is_null() if key in columns.number else pl.lit(True)


def _blank(key: str) -> pl.Expr:
    return pl.col(key).is_null() | (pl.col(key) == "")


def _plain_name(key: str, limit: int, *, required: bool) -> tuple[pl.Expr, pl.Expr]:
    """(the cell passes as written, its stripped value) for a name column."""
    value = pl.col(key).str.strip_chars(" ")
    ok = pl.col(key).str.contains(PLAIN_NAME) & (value.str.len_bytes() <= limit)
    if required:
        return ok.fill_null(False) & (value.str.len_bytes() > 0), value
    return _blank(key) | ok, value.fill_null("")


def _consistent(key: str, length: int) -> pl.Expr:
    """A kecamatan or kelurahan code beside the IDSLS: blank, or digits that agree with it."""
    given = pl.col(key)
    agrees = (given.str.len_bytes() != length) | pl.col("sls_code").str.starts_with(given)
    return _blank(key) | (given.str.contains(r"^[0-9]+$") & agrees)


def plain_rows(columns: SheetColumns, *, name_limit: int) -> pl.DataFrame:
    """Per row: `plain`, and for the plain rows the record's fields as the row rules give."""
    height = columns.height
    keys = ("sls_code", "sls_name", "households", "population", "sub_code", "kec_code",
            "kel_code", "kec_name", "kel_name", "kec_kemendagri", "kel_kemendagri")
    frame = pl.DataFrame({key: _text(columns, key, height) for key in keys}).with_columns(
        **{f"n_{key}": series for key, series in columns.number.items() if key in keys})
    sls_name, sls_value = _plain_name("sls_name", name_limit, required=True)
    kec_name, kec_value = _plain_name("kec_name", name_limit, required=False)
    kel_name, kel_value = _plain_name("kel_name", name_limit, required=False)
    kec_k = pl.col("kec_kemendagri")
    kel_k = pl.col("kel_kemendagri")
    conditions = [
        pl.col("sls_code").str.contains(CODE[16]).fill_null(False), _is_text(columns, "sls_code"),
        _blank("sub_code") | (pl.col("sub_code").str.contains(CODE[2])
                              & _is_text(columns, "sub_code")),
        _consistent("kec_code", 7), _consistent("kel_code", 10),
        sls_name, _is_text(columns, "sls_name"),
        _blank("households") | pl.col("households").str.contains(COUNT),
        _blank("population") | pl.col("population").str.contains(COUNT),
        _blank("kec_kemendagri") | (kec_k.str.contains(CODE[6])
                                    & _is_text(columns, "kec_kemendagri")),
        _blank("kel_kemendagri") | (kel_k.str.contains(r"^(?:[0-9]{10}|[0-9]{4})$")
                                    & _is_text(columns, "kel_kemendagri")),
        kec_name, _is_text(columns, "kec_name"), kel_name, _is_text(columns, "kel_name"),
    ]
    kec_code = pl.when(_blank("kec_kemendagri")).then(None).otherwise(kec_k)
    kel_code = pl.when(_blank("kel_kemendagri")).then(None).otherwise(kel_k)
    return frame.select(
        plain=pl.all_horizontal(c.fill_null(False) for c in conditions),
        code=pl.col("sls_code"),
        name=sls_value,
        households=pl.col("households").cast(pl.Int64, strict=False).fill_null(0),
        population=pl.col("population").cast(pl.Int64, strict=False).fill_null(0),
        kec_name=kec_value, kel_name=kel_value, kec_kemendagri=kec_code,
        # four digits follow the kecamatan's code when the row has one (as the rules do)
        kel_kemendagri=pl.when((kel_code.str.len_bytes() == 4) & kec_code.is_not_null())
        .then(kec_code + kel_code).otherwise(kel_code))


def column_rows(columns: SheetColumns, *, name_limit: int
                ) -> Iterator[tuple[int, dict[str, Any] | None, Ready | None]]:
    """(row number, the row's cells for the row rules or None, the plain row's fields or None)
    for every row, in the file's order."""
    judged = plain_rows(columns, name_limit=name_limit)
    ready = zip(*(judged[c].to_list() for c in judged.columns[1:]), strict=True)
    keys = list(columns.text)
    for at, (row, plain, fields) in enumerate(zip(columns.rows.to_list(),
                                                  judged["plain"].to_list(), ready,
                                                  strict=True)):
        if plain:
            yield row, None, fields  # type: ignore[misc]
        else:
            yield row, {key: columns.cell(key, at) for key in keys}, None
