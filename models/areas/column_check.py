"""The area master's rows checked as columns: the plain rows at once, the rest by the row rules.

Almost every row of a master file is plain: a 16-digit IDSLS typed as text, ASCII names,
counts as digits. Those rows are recognised and read as whole columns (polars). Any other
row, whatever is odd about it, goes through the row rules of `models.areas.importing`
unchanged, so a problem is found and worded exactly as before, and the file's rows keep
their order (duplicates are found in it).
"""
from __future__ import annotations

import polars as pl

from models.ids.cells import MAX_COUNT
from models.sheets.column_reading import SheetColumns
from models.sheets.plain_rows import blank, frame_of, is_text, plain_text

# What the row rules would accept as they are, and read to the same value.
CODE = {16: r"^[0-9]{16}$", 2: r"^[0-9]{2}$", 6: r"^[0-9]{6}$"}
COUNT = rf"^[0-9]{{1,{len(str(MAX_COUNT))}}}$"
Ready = tuple[str, str, int, int, str, str, str | None, str | None]  # an AreaRecord's fields


def _consistent(key: str, length: int) -> pl.Expr:
    """A kecamatan or kelurahan code beside the IDSLS: blank, or digits that agree with it."""
    given = pl.col(key)
    agrees = (given.str.len_bytes() != length) | pl.col("sls_code").str.starts_with(given)
    return blank(key) | (given.str.contains(r"^[0-9]+$") & agrees)


def plain_rows(columns: SheetColumns, *, name_limit: int) -> pl.DataFrame:
    """Per row: `plain`, and for the plain rows the record's fields as the row rules give."""
    frame = frame_of(columns, ("sls_code", "sls_name", "households", "population", "sub_code",
                               "kec_code", "kel_code", "kec_name", "kel_name",
                               "kec_kemendagri", "kel_kemendagri"))
    sls_name, sls_value = plain_text("sls_name", name_limit, required=True)
    kec_name, kec_value = plain_text("kec_name", name_limit, required=False)
    kel_name, kel_value = plain_text("kel_name", name_limit, required=False)
    kec_k = pl.col("kec_kemendagri")
    kel_k = pl.col("kel_kemendagri")
    conditions = [
        pl.col("sls_code").str.contains(CODE[16]).fill_null(False), is_text(columns, "sls_code"),
        blank("sub_code") | (pl.col("sub_code").str.contains(CODE[2])
                             & is_text(columns, "sub_code")),
        _consistent("kec_code", 7), _consistent("kel_code", 10),
        sls_name, is_text(columns, "sls_name"),
        blank("households") | pl.col("households").str.contains(COUNT),
        blank("population") | pl.col("population").str.contains(COUNT),
        blank("kec_kemendagri") | (kec_k.str.contains(CODE[6])
                                   & is_text(columns, "kec_kemendagri")),
        blank("kel_kemendagri") | (kel_k.str.contains(r"^(?:[0-9]{10}|[0-9]{4})$")
                                   & is_text(columns, "kel_kemendagri")),
        kec_name, is_text(columns, "kec_name"), kel_name, is_text(columns, "kel_name"),
    ]
    kec_code = pl.when(blank("kec_kemendagri")).then(None).otherwise(kec_k)
    kel_code = pl.when(blank("kel_kemendagri")).then(None).otherwise(kel_k)
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
