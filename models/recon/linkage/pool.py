"""The records the second pass weighs, read from the outcomes as columns.

A record enters when no NIK paired it (an online-only or field-only outcome, also one left
tidak valid for want of a NIK or No. KK), when a NIK paired it to a record whose name and
birth date both differ (the online form took a relative's NIK), or when an earlier second
pass paired it (redone whole, kelurahan by kelurahan). Duplicates stay out: they are
decided. Records outside the master have no kelurahan to be blocked in and stay out too.

Hundreds of thousands of records are read, so values arrive as plain tuples from the
driver's cursor and become arrays column by column; the codes every comparison needs
(No. KK, NIK, sex, folded name) are numbered once per record, not compared per pair, and
the database tells which No. KK are 16 digits.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from models.recon.linkage.names import fold
from models.recon.sql import FIELD, ONLINE, valid_number

# Why a record is in the pool: the outcome row it sits in now.
SINGLE, NIK_PAIR, SCORED = 0, 1, 2
# "%%": psycopg reads a lone % as a placeholder; to SQLite's LIKE "%%" means what "%" does.
RELEASABLE = ("m.method = 'nik' AND m.category IN ('beda', 'pindah') "
              "AND m.differing LIKE '%%name,%%' AND m.differing LIKE '%%birth_date,%%'")
ENTERS = ("(m.category IN ('hanya_online', 'hanya_lapangan', 'tidak_valid', 'mungkin') "
          f"OR m.method = 'skor' OR ({RELEASABLE}))")
ORIGIN = (f"CASE WHEN m.method = 'skor' OR m.category = 'mungkin' THEN {SCORED} "
          f"WHEN m.method = 'nik' AND m.field_id IS NOT NULL THEN {NIK_PAIR} ELSE {SINGLE} END")


def _birth_number(column: str, dialect: str) -> str:
    """The birth date as the integer YYYYMMDD, -1 without one."""
    if dialect == "postgresql":
        return f"COALESCE(CAST(to_char({column}, 'YYYYMMDD') AS INTEGER), -1)"
    return f"COALESCE(CAST(replace({column}, '-', '') AS INTEGER), -1)"


@dataclass
class Side:
    """One source's records in the pool, column by column (index i is one record)."""

    record: np.ndarray  # record id in its source table
    batch: np.ndarray  # 0: none
    row: np.ndarray  # person_match id holding it now
    origin: np.ndarray  # SINGLE, NIK_PAIR or SCORED
    key: list[str]
    nik: list[str | None]
    kk: list[str | None]
    kk_valid_values: list[str | None]  # the No. KK where it is 16 digits, else None
    name: list[str]  # as written
    folded: list[str]
    sex: list[str | None]
    born: np.ndarray  # YYYYMMDD, -1: no birth date
    sls: np.ndarray
    kelurahan: np.ndarray
    # Numbered values shared by both sides of one pool (-1: none): equal codes, equal values.
    kk_code: np.ndarray | None = None
    nik_code: np.ndarray | None = None
    sex_code: np.ndarray | None = None
    name_code: np.ndarray | None = None
    kk_valid: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.key)

    @property
    def year(self) -> np.ndarray:
        return np.where(self.born >= 0, self.born // 10000, -1)

    @property
    def month(self) -> np.ndarray:
        return np.where(self.born >= 0, self.born // 100 % 100, -1)

    @property
    def day(self) -> np.ndarray:
        return np.where(self.born >= 0, self.born % 100, -1)

    def birth(self, i: int) -> date | None:
        value = int(self.born[i])
        return None if value < 0 else date(value // 10000, value // 100 % 100, value % 100)


def _side(rows: list[tuple], kelurahan_of: dict[int, int]) -> Side:  # type: ignore[type-arg]
    rows.sort(key=itemgetter(3))  # by natural key, in code-point order on both backends
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 12
    row, origin, record, key, batch, nik, kk, name, sex, born, sls_values, kk_valid = columns
    sls = np.fromiter(sls_values, dtype=np.int64, count=n)
    names = [v or "" for v in name]
    return Side(
        record=np.fromiter(record, dtype=np.int64, count=n),
        batch=np.fromiter(batch, dtype=np.int64, count=n),
        row=np.fromiter(row, dtype=np.int64, count=n),
        origin=np.fromiter(origin, dtype=np.int8, count=n),
        key=list(key), nik=list(nik), kk=list(kk), kk_valid_values=list(kk_valid), name=names,
        folded=list(map(fold, names)), sex=list(sex),
        born=np.fromiter(born, dtype=np.int64, count=n), sls=sls,
        kelurahan=np.fromiter((kelurahan_of.get(s, -1) for s in sls.tolist()),
                              dtype=np.int64, count=n))


def _number(online: list[str | None], fielded: list[str | None]
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The values of both sides numbered alike (None and '' are -1), and the values."""
    codes, uniques = pd.factorize(np.array(online + fielded, dtype=object),
                                  use_na_sentinel=True)
    codes = codes.astype(np.int64)
    empty = np.flatnonzero(uniques == "")
    if empty.size:
        codes[codes == empty[0]] = -1
    return codes[:len(online)], codes[len(online):], uniques


def read_pool(connection: Connection, kelurahan_of: dict[int, int],
              sls_ids: Iterable[int] | None = None) -> tuple[Side, Side]:
    """The online and field records of the pool; of the SLS `sls_ids` only, when given."""
    where = f"WHERE {ENTERS} AND m.sls_id IS NOT NULL"
    if sls_ids is not None:
        listed = ",".join(str(int(s)) for s in sls_ids) or "NULL"
        where += f" AND m.sls_id IN ({listed})"
    dialect = connection.dialect.name
    sides: list[list[tuple]] = []  # type: ignore[type-arg]
    for a, table, column in (("o", ONLINE, "online_id"), ("f", FIELD, "field_id")):
        result = connection.exec_driver_sql(
            f"SELECT m.id, {ORIGIN}, {a}.id, {a}.natural_key, COALESCE({a}.batch_id, 0), "
            f"{a}.nik, {a}.kk, {a}.name, {a}.sex, {_birth_number(f'{a}.birth_date', dialect)}, "
            f"{a}.sls_id, CASE WHEN {valid_number(f'{a}.kk', dialect)} THEN {a}.kk END "
            f"FROM person_match m JOIN {table} {a} ON {a}.id = m.{column} "
            f"{where} AND {a}.sls_id IS NOT NULL")
        rows = result.cursor.fetchall()  # plain tuples: no result row objects per record
        sides.append(rows)
    return build_sides(sides[0], sides[1], kelurahan_of)


def build_sides(online_rows: list[tuple], field_rows: list[tuple],  # type: ignore[type-arg]
                kelurahan_of: dict[int, int]) -> tuple[Side, Side]:
    """Both sides from rows (outcome row, origin, record, natural key, batch, NIK, No. KK,
    name, sex, YYYYMMDD, SLS, valid No. KK or None), with their shared codes."""
    online, fielded = _side(online_rows, kelurahan_of), _side(field_rows, kelurahan_of)
    online.kk_code, fielded.kk_code, _ = _number(online.kk_valid_values, fielded.kk_valid_values)
    online.kk_valid, fielded.kk_valid = online.kk_code >= 0, fielded.kk_code >= 0
    online.nik_code, fielded.nik_code, _ = _number(online.nik, fielded.nik)
    online.sex_code, fielded.sex_code, _ = _number(online.sex, fielded.sex)
    online.name_code, fielded.name_code, _ = _number(online.folded, fielded.folded)  # type: ignore[arg-type]
    return online, fielded
