"""The records the second pass weighs, read from the outcomes as columns.

A record enters when no NIK paired it (an online-only or field-only outcome, also one left
tidak valid for want of a NIK or No. KK), when a NIK paired it to a record whose name and
birth date both differ (the online form took a relative's NIK), or when an earlier second
pass paired it (redone whole, kelurahan by kelurahan). Duplicates stay out: they are
decided. Records outside the master have no kelurahan to be blocked in and stay out too.

Hundreds of thousands of records are read, so the database hands over what every
comparison needs as numbers (birth date as YYYYMMDD, sex, NIK and No. KK as integers where
they are 16 digits, whether the record could stand alone as valid); names come as text to
be folded. The natural keys and numbers as written are read afterwards, for the few
records whose outcome changes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from models.recon.linkage.names import fold
from models.recon.sql import FIELD, ONLINE, plausible_nik, valid_field, valid_number
from models.store.bulk import chunks

# Why a record is in the pool: the outcome row it sits in now.
SINGLE, NIK_PAIR, SCORED = 0, 1, 2
# "%%": psycopg reads a lone % as a placeholder; to SQLite's LIKE "%%" means what "%" does.
RELEASABLE = ("m.method = 'nik' AND m.category IN ('beda', 'pindah') "
              "AND m.differing LIKE '%%name,%%' AND m.differing LIKE '%%birth_date,%%'")
ENTERS = ("(m.category IN ('hanya_online', 'hanya_lapangan', 'tidak_valid', 'mungkin') "
          f"OR m.method = 'skor' OR ({RELEASABLE}))")
ORIGIN = (f"CASE WHEN m.method = 'skor' OR m.category = 'mungkin' THEN {SCORED} "
          f"WHEN m.method = 'nik' AND m.field_id IS NOT NULL THEN {NIK_PAIR} ELSE {SINGLE} END")
SEX_CODES = {"L": 1, "P": 2}
LITERAL_IDS = 20_000  # ids written into one IN list: integers, no bound parameters to count


def _birth_number(column: str, dialect: str) -> str:
    """The birth date as the integer YYYYMMDD, -1 without one."""
    if dialect == "postgresql":
        return f"COALESCE(CAST(to_char({column}, 'YYYYMMDD') AS INTEGER), -1)"
    return f"COALESCE(CAST(replace({column}, '-', '') AS INTEGER), -1)"


def _as_number(column: str, dialect: str) -> str:
    """A NIK or No. KK of 16 digits as an integer (it fits in 64 bits), else -1.

    On SQLite a cast reads the longest leading run of digits, so 16 characters cast to at
    least 10^15 are 16 digits: one comparison instead of a pattern test per record. A number
    led by 0 (no region code is) counts as none, like the all-zero KK copied from examples.
    """
    if dialect == "postgresql":
        return (f"CASE WHEN {valid_number(column, dialect)} AND {column} NOT LIKE '0%%' "
                f"THEN CAST({column} AS BIGINT) ELSE -1 END")
    return (f"CASE WHEN length({column}) = 16 AND CAST({column} AS INTEGER) >= {10 ** 15} "
            f"THEN CAST({column} AS INTEGER) ELSE -1 END")


def _alone(alias: str, dialect: str) -> str:
    """Whether the record, left alone, is hanya online / hanya lapangan (else tidak valid)."""
    test = plausible_nik(f"{alias}.nik", dialect) if alias == "o" else valid_field(alias, dialect)
    return f"CASE WHEN {test} THEN 1 ELSE 0 END"


_SEPARATOR = " ;; "  # between the expressions of _columns, for the SQLite fetch
SHIFT = 2 ** 31  # ids and batches stay below it: two of them share one 64-bit column


def _columns(alias: str, dialect: str) -> str:
    """Six columns: the nine numbers of a record packed in pairs (each column more to read
    costs as much as its numbers), then the name; `_unpack` takes them apart."""
    sex = " ".join(f"WHEN '{v}' THEN {c}" for v, c in SEX_CODES.items())
    big = "BIGINT" if dialect == "postgresql" else "INTEGER"
    return _SEPARATOR.join([
        f"CAST(m.id AS {big}) * {SHIFT} + {alias}.id",
        f"(CAST({_birth_number(f'{alias}.birth_date', dialect)} AS {big}) + 1) * 100 "
        f"+ (CASE {alias}.sex {sex} ELSE -1 END + 1) * 10 + {ORIGIN}",
        f"CAST({alias}.sls_id AS {big}) * {SHIFT} + COALESCE({alias}.batch_id, 0)",
        _as_number(f"{alias}.nik", dialect), _as_number(f"{alias}.kk", dialect),
        f"{alias}.name"])


def _unpack(packed: tuple[np.ndarray, ...]) -> Columns:
    """The packed columns of _columns as Columns: row, origin, record, batch, YYYYMMDD,
    SLS, sex, NIK, No. KK."""
    ids, moment, place, nik, kk = packed
    born, rest = moment // 100 - 1, moment % 100
    return (ids // SHIFT, rest % 10, ids % SHIFT, place % SHIFT, born, place // SHIFT,
            rest // 10 - 1, nik, kk)


@dataclass
class Side:
    """One source's records in the pool, column by column (index i is one record)."""

    table: str
    record: np.ndarray  # record id in its source table; the order of the pool
    batch: np.ndarray  # 0: none
    row: np.ndarray  # person_match id holding it now
    origin: np.ndarray  # SINGLE, NIK_PAIR or SCORED
    born: np.ndarray  # YYYYMMDD, -1: no birth date
    sls: np.ndarray
    kelurahan: np.ndarray
    sex: np.ndarray  # SEX_CODES, -1: none
    nik: np.ndarray  # the NIK as an integer, -1: none or not 16 digits
    kk: np.ndarray  # the No. KK as an integer, -1: none or not 16 digits
    name: list[str]  # as written
    folded: list[str]
    name_code: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    # Read afterwards for the records whose outcome changes (index -> value).
    key: dict[int, str] = field(default_factory=dict)
    kk_text: dict[int, str | None] = field(default_factory=dict)
    alone_valid: dict[int, bool] = field(default_factory=dict)  # hanya online/lapangan alone

    def __len__(self) -> int:
        return len(self.name)

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

    def index_of(self) -> dict[int, int]:
        return {int(r): i for i, r in enumerate(self.record.tolist())}


Columns = tuple[np.ndarray, ...]  # the nine numbers of _columns, then the names (a list)


def _side(table: str, columns: Columns, names: list[str], kelurahan_of: dict[int, int]
          ) -> Side:
    row, origin, record, batch, born, sls, sex, nik, kk = columns
    order = np.argsort(record, kind="stable")  # the order of import, alike on both backends
    row, origin, record, batch, born, sls, sex, nik, kk = (c[order] for c in columns)
    names = [names[i] or "" for i in order.tolist()]
    return Side(table=table, record=record, batch=batch, row=row,
                origin=origin.astype(np.int8), born=born, sls=sls,
                kelurahan=_kelurahan(sls, kelurahan_of), sex=sex, nik=nik, kk=kk,
                name=names, folded=_folded(names))


def _folded(names: list[str]) -> list[str]:
    """Each name folded; a name written alike many times is folded once."""
    codes, uniques = pd.factorize(np.array(names, dtype=object))
    folded = np.array([fold(name) for name in uniques.tolist()], dtype=object)
    return folded[codes].tolist() if len(names) else []


def columns_of(rows: list[tuple]) -> tuple[Columns, list[str]]:  # type: ignore[type-arg]
    """Rows (numbers, then the name last) as the numbers' columns and the names."""
    n = len(rows)
    width = len(rows[0]) if rows else 1
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    numbers = tuple(np.fromiter(c, dtype=np.int64, count=n) for c in columns[:-1])
    return numbers, list(columns[-1])


def _fetch(connection: Connection, select_list: str, source: str
           ) -> tuple[Columns, list[str]]:
    """The pool's columns of one source.

    SQLite hands each column over as one text (group_concat: every aggregate of one query
    reads the rows in the same order), parsed by numpy: three times less than building a
    Python tuple per record and taking the tuples apart again. PostgreSQL's driver returns
    rows, taken apart into columns.
    """
    parts = select_list.split(_SEPARATOR)
    if connection.dialect.name != "sqlite":
        rows = connection.exec_driver_sql(
            f"SELECT {select_list.replace(_SEPARATOR, ', ')} {source}").cursor.fetchall()
        if not rows:
            return tuple(np.empty(0, dtype=np.int64) for _ in parts[:-1]), []
        return columns_of(rows)
    aggregated = [f"group_concat({p}, ',')" for p in parts[:-1]]
    # a unit separator inside a name would split it: none is left in what is compared
    aggregated.append(f"group_concat(replace(COALESCE({parts[-1]}, ''), char(31), ' '), "
                      "char(31))")
    found = connection.exec_driver_sql(
        f"SELECT count(*), {', '.join(aggregated)} {source}").cursor.fetchone()
    count = int(found[0])
    if count == 0:
        return tuple(np.empty(0, dtype=np.int64) for _ in parts[:-1]), []
    # numpy's own text parser: six times faster than splitting into Python strings
    numbers = tuple(np.fromstring(text, dtype=np.int64, sep=",") for text in found[1:-1])
    names = found[-1].split("\x1f")
    assert len(names) == count and all(len(c) == count for c in numbers)
    return numbers, names


def _kelurahan(sls: np.ndarray, kelurahan_of: dict[int, int]) -> np.ndarray:
    """Each SLS's kelurahan through one lookup array; -1 for an SLS the master lacks."""
    if not len(sls):
        return np.empty(0, dtype=np.int64)
    size = max(int(sls.max()), max(kelurahan_of, default=0)) + 1
    lookup = np.full(size, -1, dtype=np.int64)
    for sls_id, kelurahan in kelurahan_of.items():
        lookup[sls_id] = kelurahan
    return lookup[np.clip(sls, 0, size - 1)]


def read_pool(connection: Connection, kelurahan_of: dict[int, int],
              sls_ids: Iterable[int] | None = None) -> tuple[Side, Side]:
    """The online and field records of the pool; of the SLS `sls_ids` only, when given."""
    where = f"WHERE {ENTERS} AND m.sls_id IS NOT NULL"
    if sls_ids is not None:
        listed = ",".join(str(int(s)) for s in sls_ids) or "NULL"
        where += f" AND m.sls_id IN ({listed})"
    dialect = connection.dialect.name
    fetched = []
    for a, table, column in (("o", ONLINE, "online_id"), ("f", FIELD, "field_id")):
        select_list = _columns(a, dialect)
        packed, names = _fetch(connection, select_list,
                               f"FROM person_match m JOIN {table} {a} ON {a}.id = m.{column} "
                               f"{where} AND {a}.sls_id IS NOT NULL")
        fetched.append((_unpack(packed), names))
    return _both(fetched[0], fetched[1], kelurahan_of)


def build_sides(online_rows: list[tuple], field_rows: list[tuple],  # type: ignore[type-arg]
                kelurahan_of: dict[int, int]) -> tuple[Side, Side]:
    """Both sides from rows (outcome row, origin, record, batch, YYYYMMDD, SLS, sex code,
    NIK and No. KK as integers, name), the folded names numbered alike."""
    return _both(columns_of(online_rows), columns_of(field_rows), kelurahan_of)


def _both(online_columns: tuple[Columns, list[str]], field_columns: tuple[Columns, list[str]],
          kelurahan_of: dict[int, int]) -> tuple[Side, Side]:
    online = _side(ONLINE, *online_columns, kelurahan_of)
    fielded = _side(FIELD, *field_columns, kelurahan_of)
    codes, uniques = pd.factorize(np.array(online.folded + fielded.folded, dtype=object))
    codes = codes.astype(np.int64)
    empty = np.flatnonzero(uniques == "")
    if empty.size:  # no name left: no code, so equal to nothing
        codes[codes == empty[0]] = -1
    online.name_code, fielded.name_code = codes[:len(online)], codes[len(online):]
    return online, fielded


def identify(connection: Connection, side: Side, indices: Iterable[int]) -> None:
    """Natural keys, No. KK as written and validity alone, for the records at `indices`."""
    wanted = sorted({int(i) for i in indices} - side.key.keys())
    at = {int(side.record[i]): i for i in wanted}
    alias = "o" if side.table == ONLINE else "f"
    alone = _alone(alias, connection.dialect.name)
    for ids in chunks(sorted(at), LITERAL_IDS):
        for record, key, kk, valid in connection.exec_driver_sql(
                f"SELECT {alias}.id, {alias}.natural_key, {alias}.kk, {alone} "
                f"FROM {side.table} {alias} WHERE {alias}.id IN ({', '.join(map(str, ids))})"):
            side.key[at[record]] = key
            side.kk_text[at[record]] = kk
            side.alone_valid[at[record]] = bool(valid)
