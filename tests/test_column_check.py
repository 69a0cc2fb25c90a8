"""The column checks (issue 24) find what the row checks find: same problems, same records.

A generated file holds every kind of cell the row checker has a rule for, typed as Excel
holds them (text, numbers, truth values, dates, times, blanks), mixed at random over
thousands of rows. The reference is the row checker itself, run row by row with the
"same person twice" rule the import had before; the import (check only, then stored) must
give the same problems in the same order and store the same records, whether the sheet is
read as columns (xlsx) or as rows (the same xlsx forced to rows, and a CSV).
"""
from __future__ import annotations

import random
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from models.ids.cells import ascii_digits
from models.ids.nik import compose_nik
from models.persons import importing
from models.persons.check import KEY, Record, RowChecker
from models.persons.fields import FIELDS
from models.persons.importing import OnError, check_context, import_persons
from models.schema.areas import Sls
from models.schema.batches import ImportKind
from models.sheets.column_reading import SheetColumns
from models.sheets.importing import inspect_file
from models.sheets.reading import iter_rows
from tests.builders import SmallCity, nik, set_office_codes, write_csv, write_xlsx

ROWS = 3000
ONLINE_HEADER = ["No", "NIK", "No. KK", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "IDSLS",
                 "Alamat", "Waktu Submit"]
FIELD_HEADER = [*ONLINE_HEADER[:-1], "Waktu Pencacahan", "NIK Petugas"]
BORN = date(1990, 8, 17)


def _niks(serial: int, female: bool, born: date, dates: bool) -> list[Any]:
    good = compose_nik("637104", born, female, serial)
    return [
        good, good, good, good, good, f" {good} ",
        f"{good[:4]} {good[4:8]} {good[8:12]} {good[12:]}",
        f"{good[:6]}.{good[6:12]}.{good[12:]}", float(good), int(good), good[:15], good + "1",
        "63710A" + good[6:], "６３７１" + good[4:], "٦" + good[1:], "¹" + good[1:],
        good[:6] + "321390" + good[12:], good[:6] + "011390" + good[12:], good[:12] + "0000",
        "99" + good[2:], "637199" + good[6:], compose_nik("640101", born, female, serial),
        compose_nik("110101", born, female, serial), "6.37104E+15", good + ".0", "", True,
        compose_nik("637104", date(1920, 8, 17), female, serial),
        *([born] if dates else []),  # a date cell in the NIK column
    ]


def _row(rng: random.Random, number: int, *, field: bool, inactive: str,
         ambiguous: bool) -> list[Any]:
    """One row; `ambiguous` adds the cells only the row reader can type exactly (a date
    cell in a text column, date-like text there, a time of day as a birth date)."""
    female = rng.random() < 0.5
    born = rng.choice([BORN, date(1985, 1, 31), date(2001, 12, 5), date(1960, 2, 29)])
    serial = number + 1
    good = compose_nik("637104", born, female, serial)
    sex = "P" if female else "L"
    other = "L" if female else "P"
    nik_cell = rng.choice(_niks(serial, female, born, ambiguous)) if rng.random() < 0.4 else good
    kk = rng.choice(["6371040101200001", "", 6371040101200001.0, "637104010120", "6371 0401 "
                     "0120 0001", "637104010120000X"] if rng.random() < 0.3
                    else ["6371040101200001"])
    name = rng.choice([f"Warga {number}", "", "   ", f"Warga\t{number}", f"Warga\n{number}",
                       f"Wa\x7frga {number}", "W" * 200, 12.0, f"\xa0Warga {number}\u3000",
                       f" Warga {number} ", "IBU", f"Warga {number}\u2028", True,
                       *(["1990-01-02 00:00:00"] if ambiguous else [])]
                      if rng.random() < 0.15 else [f"Warga {number}"])
    sex_cell = rng.choice([sex, sex.lower(), "Laki-laki" if not female else "Perempuan", other,
                           "1", 2.0, "X", "", "LAKI-LAKI", "wanita", True] if rng.random() < 0.2
                          else [sex])
    birth = rng.choice([born, datetime.combine(born, time(10, 30)), date(1920, born.month,
                       born.day) if not (born.month == 2 and born.day == 29) else born,
                        date(2099, 1, 1), born.strftime("%d-%m-%Y"), f"{born.day} Agustus 1990",
                        born.isoformat(), "kemarin", 32875.0, "",
                        *([time(10, 30)] if ambiguous else []),
                        date(1991, 3, 4), f"{born:%Y-%m-%d} 00:00:00", "2020-02-30 00:00:00"]
                       if rng.random() < 0.25 else [born])
    area = rng.choice(["6371040001000100", "6371040001000200", inactive, "63710400020001",
                       "6371040002", "6371040", "6371049999000100", "", 6371040001000100.0,
                       "63710400010001AB", " 6371040001000300 "] if rng.random() < 0.2
                      else ["6371040001000100", "6371040002000100"])
    address = rng.choice(["Jl. Pramuka", "", "Jl.\tPramuka", "J" * 400, 17.0, "Jl.\x9f Gatot",
                          "Jl.\r\nGatot", " Jl. Sudirman "]
                         if rng.random() < 0.15 else ["Jl. Pramuka"])
    moment = rng.choice([datetime(2020, 2, 16, 9, 0, 5), "2020-02-15 08:30", "15-02-2020 08:30",
                         "2020-02-30 10:00:00", "kemarin", 43876.5, date(2020, 2, 16), "",
                         "2020-02-15 08:30:15.5", datetime(2020, 2, 16, 9, 0, 5, 999999),
                         "2020-02-15T08:30:00"] if rng.random() < 0.2
                        else [datetime(2020, 2, 16, 9, number % 60)])
    row = [number, nik_cell, kk, name, sex_cell, birth, area, address, moment]
    if field:
        row.append(rng.choice([nik(10), nik(11), nik(99), "", "123", float(nik(12)), nik(12)]))
    return row


def _sheet_rows(*, field: bool, inactive: str, seed: int, ambiguous: bool) -> list[list[Any]]:
    rng = random.Random(seed)
    rows = [_row(rng, n, field=field, inactive=inactive, ambiguous=ambiguous)
            for n in range(ROWS)]
    for at in rng.sample(range(ROWS), 40):  # the same person twice in the file
        rows[at] = [at, *rows[rng.randrange(ROWS)][1:]]
    for at in rng.sample(range(ROWS), 15):  # blank rows inside the data
        rows[at] = [""] * len(rows[at])
    return rows


def _reference(session, path: Path, kind: ImportKind  # type: ignore[no-untyped-def]
               ) -> tuple[list[Record], list[Any]]:
    """The row checks, one row at a time, as the import ran them before issue 24."""
    preview = inspect_file(path, FIELDS[kind], kind.value)
    checker = RowChecker(check_context(session, kind), preview.mapping, preview.sheet)
    seen: dict[str, int] = {}
    records: list[Record] = []
    for index, cells in enumerate(iter_rows(path, preview.sheet)):
        if index <= preview.mapping.header_row or not any(cells):
            continue
        row = index + 1
        record = checker.check(row, list(cells))
        if record is None:
            continue
        first = seen.setdefault(record[KEY], row)
        if first != row:
            same = (f"NIK {record[KEY]}" if ascii_digits(record[KEY], 16) else
                    "No. KK, nama, tanggal lahir dan wilayah")
            checker.note(row, "nik", f"Orang yang sama ({same}) sudah ada di baris {first}.",
                         True)
            continue
        records.append(record)
    return records, checker.problems


def _stored(session, kind: ImportKind) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    moment = "submitted_at" if kind is ImportKind.ONLINE else "visited_at"
    officer = ", officer_id" if kind is ImportKind.LAPANGAN else ", NULL"
    table = "online_submission" if kind is ImportKind.ONLINE else "field_result"
    rows = session.connection().exec_driver_sql(
        f"SELECT natural_key, source_row, nik, kk, name, sex, birth_date, area_code, address, "
        f"sls_id, content_hash, {moment}{officer} FROM {table} ORDER BY source_row").all()
    return [tuple(None if v is None else str(v) if isinstance(v, (date, datetime)) else v
                  for v in row) for row in rows]


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        split = session.get(Sls, city.sls_ids[2])
        split.active = False  # split into sub-SLS: its code now only warns
        session.commit()
        return split.bps_code


@pytest.mark.parametrize("kind", [ImportKind.ONLINE, ImportKind.LAPANGAN])
@pytest.mark.parametrize(("reading", "ambiguous", "as_columns"), [
    ("xlsx", False, True),  # read as columns
    ("xlsx", True, False),  # cells the columns cannot type: read as rows
    ("xlsx-rows", False, False),  # the same as the first, forced to rows
    ("csv", True, False),  # text only, always rows
])
def test_column_checks_find_what_the_row_checks_find(db, office, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch, kind: ImportKind,
                                                     reading: str, ambiguous: bool,
                                                     as_columns: bool) -> None:
    field = kind is ImportKind.LAPANGAN
    header = FIELD_HEADER if field else ONLINE_HEADER
    rows = _sheet_rows(field=field, inactive=office, seed=24 + field, ambiguous=ambiguous)
    if reading == "csv":
        path = write_csv(tmp_path / "data.csv", [header, *[
            ["" if v is None else v.isoformat(" ") if isinstance(v, datetime) else v
             for v in row] for row in rows]], delimiter=";")
    else:
        path = write_xlsx(tmp_path / "data.xlsx", [["Ekspor 2020"], header, *rows],
                          sheet="Data")
    if reading == "xlsx-rows":
        monkeypatch.setattr(importing, "read_columns", lambda *args, **kwargs: None)
    read: list[object] = []
    original = importing.read_sheet
    monkeypatch.setattr(importing, "read_sheet",
                        lambda *args: read.append(original(*args)) or read[-1])
    preview = inspect_file(path, FIELDS[kind], kind.value)
    with db.session() as session:
        records, problems = _reference(session, path, kind)
        checked = import_persons(session, kind, path, preview.mapping, sheet=preview.sheet,
                                 check_only=True)
    assert isinstance(read[0], SheetColumns) is as_columns
    assert len({p.reason[:25] for p in problems}) >= 30  # the file holds many kinds of problem
    assert checked.problems == problems
    assert checked.rows_read == len(records) + checked.rejected
    with db.session() as session:
        stored = import_persons(session, kind, path, preview.mapping, sheet=preview.sheet,
                                on_error=OnError.VALID_ONLY)
        assert stored.problems == problems and stored.inserted == len(records)
        assert _stored(session, kind) == [tuple(r[:13]) if field else (*r[:12], None)
                                          for r in records]


def test_the_columns_reader_is_used_for_a_plain_export(db, office, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    """A clean xlsx is read as columns; a row reader would not be opened at all."""
    rows = [[n, compose_nik("637104", BORN, False, n + 1), "6371040101200001", f"Warga {n}",
             "L", BORN, "6371040001000100", "Jl. Pramuka", datetime(2020, 2, 16, 9, 0)]
            for n in range(50)]
    path = write_xlsx(tmp_path / "bersih.xlsx", [["Ekspor"], ONLINE_HEADER, *rows], sheet="Data")
    preview = inspect_file(path, FIELDS[ImportKind.ONLINE], "online")

    def no_rows(*args: Any) -> Any:
        raise AssertionError("the rows reader was opened")

    monkeypatch.setattr(importing, "open_rows", no_rows)
    with db.session() as session:
        report = import_persons(session, ImportKind.ONLINE, path, preview.mapping,
                                sheet=preview.sheet)
    assert report.inserted == 50 and not report.problems
