"""Where a benchmark runs: a SQLite file, or a throw-away PostgreSQL schema when configured."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_ENV = "KENDALI_TEST_POSTGRES_URL"


@contextmanager
def bench_database(backend: str, folder: Path, pg_schemas, name: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The URL to measure on; a PostgreSQL schema is dropped afterwards."""
    if backend == "SQLite":
        yield str(folder / f"{name}.sqlite")
        return
    if pg_schemas is None:
        pytest.skip(f"set {PG_ENV} to measure PostgreSQL too")
    schema, url = pg_schemas.create()
    try:
        yield url
    finally:
        pg_schemas.drop(schema)
