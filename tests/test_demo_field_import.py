"""The demo's field results are judged and stored as an import of the same sheet would be."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models.demo import field_import
from models.demo.field_import import FieldResultsImport
from models.ids.nik import compose_nik
from models.persons.fields import FIELDS
from models.persons.importing import OnError, import_persons
from models.schema.batches import FieldResult, ImportBatch, ImportKind
from models.sheets.importing import inspect_file
from tests.builders import SmallCity, set_office_codes, write_xlsx

HEADER = [spec.label for spec in field_import.COLUMNS]  # the names the demo's problems give
PPL = "6371040101900010"  # SmallCity's first PPL
KK = "6371040101200001"
SLS = "6371040001000100"
BORN = date(1990, 8, 17)
AT = datetime(2020, 9, 2, 10, 0)


def row(serial: int, **change: Any) -> list[Any]:
    cells = {"nik": compose_nik("637104", BORN, False, serial), "kk": KK,
             "name": f"Warga {serial}", "sex": "L", "birth": BORN, "sls": SLS,
             "address": "Jl. Pramuka", "at": AT, "ppl": PPL}
    cells.update(change)
    return list(cells.values())


ROWS = [
    row(1), row(2), row(3, birth=date(1991, 8, 17)),  # a birth date that differs: a warning
    ["", KK, "Bayi Tanpa NIK", "P", date(2020, 8, 1), SLS, "", AT, PPL],
    row(5, sls=""),  # refused: no SLS
    row(6, nik=6371041708900006.0),  # refused: a NIK Excel kept as a number
    row(1, name="Warga Satu"),  # the person of row 2 again, from another chunk
    row(7), row(7),  # one person twice within a chunk
    row(8, ppl="6371049999999999"),  # an officer not registered: a warning
    row(9),
]


def stored(session) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(r) for r in session.execute(
        select(FieldResult.source_row, FieldResult.natural_key, FieldResult.nik, FieldResult.kk,
               FieldResult.name, FieldResult.sex, FieldResult.birth_date, FieldResult.sls_id,
               FieldResult.visited_at, FieldResult.officer_id, FieldResult.content_hash)
        .order_by(FieldResult.source_row))]  # the import stores in key order


@pytest.mark.parametrize("chunk", [3, 1000])
def test_the_demo_refuses_warns_and_stores_as_the_import_does(
        db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:  # type: ignore[no-untyped-def]
    """Checked a chunk at a time, a person repeated across chunks is still refused once,
    its error naming the row it came first in, as the import of the whole sheet says."""
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
    monkeypatch.setattr(field_import, "CHECK_EVERY", chunk)
    with db.session() as session:
        with FieldResultsImport(session, "uji") as field:
            for at in range(0, len(ROWS), 2):  # an SLS's rows at a time, as the demo adds
                field.add([list(cells) for cells in ROWS[at:at + 2]])
        demo = sorted((p.row, p.column, p.reason, p.error) for p in field.checker.problems)
        demo_rows = stored(session)
        batch = field.batch
        demo_counts = (batch.rows_read, batch.rows_inserted, batch.rows_rejected,
                       batch.rows_warned)
        session.rollback()
    path = write_xlsx(tmp_path / field_import.FILE_NAME, [HEADER, *ROWS])
    preview = inspect_file(path, FIELDS[ImportKind.LAPANGAN], ImportKind.LAPANGAN.value)
    with db.session() as session:
        report = import_persons(session, ImportKind.LAPANGAN, path, preview.mapping,
                                sheet=preview.sheet, on_error=OnError.VALID_ONLY)
        imported = sorted((p.row, p.column, p.reason, p.error) for p in report.problems)
        batch = session.get(ImportBatch, report.batch_id)
        counts = (batch.rows_read, batch.rows_inserted, batch.rows_rejected,
                  batch.rows_warned)
        assert stored(session) == demo_rows
    assert demo == imported
    assert demo_counts == counts == (11, 7, 4, batch.rows_warned) and batch.rows_warned >= 3
    again = [p for p in demo if p[0] == 8]
    assert again == [(8, "NIK", f"Orang yang sama (NIK {ROWS[0][0]}) sudah ada di baris 2.",
                      True)]
