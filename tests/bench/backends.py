"""Where a benchmark runs: a SQLite file, or a throw-away PostgreSQL schema when configured."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from models.access import Actor
from models.launch.opening import open_database
from models.schema.users import UserRole
from models.store.db import Database

PG_ENV = "KENDALI_TEST_POSTGRES_URL"
BENCH_ADMIN = Actor("benchmark", "Benchmark", UserRole.ADMIN)  # every operation is allowed


def open_bench(url: str) -> Database:
    """The database at the current schema, used by an admin as the window would be."""
    db, _ = open_database(url)
    return db.acting_as(BENCH_ADMIN)


@contextmanager
def bench_database(backend: str, folder: Path, pg_schemas, name: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The URL to measure on; a PostgreSQL schema is dropped afterwards."""
    if backend == "SQLite":
        yield str(folder / f"{name}.sqlite")
        return
    if pg_schemas is None:
        import pytest  # not at the top: the import benchmark's child process measures memory

        pytest.skip(f"set {PG_ENV} to measure PostgreSQL too")
    schema, url = pg_schemas.create()
    try:
        yield url
    finally:
        pg_schemas.drop(schema)


def demo_master(session: Session) -> None:
    """The demo city with every import batch rolled back: the master and officers alone, for
    a benchmark to store its own persons on."""
    # imported here: the import benchmark's child process loads this module, not the demo
    from sqlalchemy import select

    from models.demo.city import load_demo
    from models.persons.rollback import rollback_batch
    from models.schema.batches import ImportBatch

    load_demo(session)
    for batch in session.scalars(select(ImportBatch.id)).all():
        rollback_batch(session, batch)
