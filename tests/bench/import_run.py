"""Child process of the import benchmark: time calamine alone, then the whole import.

Run apart from pytest so that its peak memory is the import's own: the kernel's high-water
mark of this process's memory (VmHWM), which starts afresh at exec; ru_maxrss does not (a
child started by a pytest that had held 600 MB reports 600 MB before doing anything).
    python -m tests.bench.import_run DB_URL FILE
prints one JSON line. The child previews the file first, as the window does (the preview
reads a copy of the sheet's first rows, and the guard's streamed scan of the whole sheet).

Last, a lower bound: the stored rows inserted once more, as they are, into an empty table
of the same columns with the same unique key and foreign keys, in the order they are
stored (by key, the fastest). Reading the file plus that is what any import must spend,
before a single cell is checked; the fastest read is one load of the mapped columns as
text (fastexcel).
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import fastexcel
from sqlalchemy import table

from models.persons.fields import FIELDS
from models.persons.importing import WRITE_EVERY, OnError, import_persons
from models.persons.store import COMMON, MOMENT_COLUMN
from models.schema.batches import ImportKind
from models.sheets import guard as sheet_guard
from models.sheets.importing import inspect_file
from models.sheets.reading import iter_rows
from models.store.bulk import bulk_inserter, bulk_loading
from models.store.db import Database
from tests.bench.backends import open_bench

FLOOR_TABLE = "bench_floor"


def peak_memory_mb() -> float:
    """This process's peak resident memory since it started (Linux: VmHWM)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # inherits the parent's


def storing_only(db: Database, batch_id: int) -> float:
    """Seconds to insert the batch's rows again, unchecked, into an empty keyed table."""
    columns = ("batch_id", *COMMON, MOMENT_COLUMN[ImportKind.ONLINE])
    with db.engine.connect() as connection:  # as stored: no enum or date conversions
        rows = [tuple(row) for row in connection.exec_driver_sql(
            f"SELECT {', '.join(columns)} FROM online_submission WHERE batch_id = {batch_id}")]
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":  # the import's WAL, copied back first
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        # The same foreign keys as the persons' table: on PostgreSQL they cost more than
        # the insert itself (a trigger per row and key).
        keys = {"batch_id": "import_batch", "sls_id": "sls"}
        if connection.dialect.name == "sqlite":
            shape = ", ".join(f"{c} REFERENCES {keys[c]} (id)" if c in keys else c
                              for c in columns)
            connection.exec_driver_sql(f"CREATE TABLE {FLOOR_TABLE} ({shape})")
        else:
            connection.exec_driver_sql(f"CREATE TABLE {FLOOR_TABLE} AS SELECT "
                                       f"{', '.join(columns)} FROM online_submission WHERE 1 = 0")
            connection.exec_driver_sql(f"ALTER TABLE {FLOOR_TABLE} " + ", ".join(
                f"ADD FOREIGN KEY ({c}) REFERENCES {t} (id)" for c, t in keys.items()))
        connection.exec_driver_sql(f"CREATE UNIQUE INDEX {FLOOR_TABLE}_key "
                                   f"ON {FLOOR_TABLE} (natural_key)")
    try:
        with db.engine.connect() as connection, bulk_loading(connection):
            started = time.perf_counter()
            with connection.begin():
                with bulk_inserter(connection, table(FLOOR_TABLE), columns) as insert:  # type: ignore[arg-type]
                    for at in range(0, len(rows), WRITE_EVERY):
                        insert(rows[at:at + WRITE_EVERY])
            return time.perf_counter() - started
    finally:
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP TABLE {FLOOR_TABLE}")


def text_columns(path: Path, sheet: str, columns: list[int]) -> float:
    """Seconds to load the mapped columns once, as text, into Arrow columns."""
    started = time.perf_counter()
    fastexcel.read_excel(str(path)).load_sheet(sheet, header_row=None, skip_rows=0,
                                               use_columns=columns, dtypes="string").to_polars()
    return time.perf_counter() - started


def main(url: str, path: Path) -> None:
    started = time.perf_counter()
    preview = inspect_file(path, FIELDS[ImportKind.ONLINE], ImportKind.ONLINE.value)
    previewed = time.perf_counter() - started
    preview_mb = peak_memory_mb()
    # The preview has bounded the sheet (the guard's answer is kept for the import).
    assert sheet_guard.refusal(path, preview.sheet) is None
    db = open_bench(url)
    with db.session() as session:
        started = time.perf_counter()
        report = import_persons(session, ImportKind.ONLINE, path, preview.mapping,
                                sheet=preview.sheet, on_error=OnError.VALID_ONLY)
        elapsed = time.perf_counter() - started
    peak_mb = peak_memory_mb()
    assert report.batch_id is not None
    floor = storing_only(db, report.batch_id)
    db.dispose()
    started = time.perf_counter()
    rows = sum(1 for _ in iter_rows(path))
    baseline = time.perf_counter() - started
    columns_read = text_columns(path, preview.sheet, sorted(preview.mapping.columns.values()))
    print(json.dumps({
        "rows": rows, "baseline": baseline, "columns_read": columns_read, "import": elapsed,
        "peak_mb": peak_mb, "preview": previewed, "preview_mb": preview_mb,
        "storing_only": floor,
        "inserted": report.inserted, "rejected": report.rejected,
        "warnings": len(report.warnings),
    }))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
