"""Bulk inserts store every row exactly, and the background worker never outlives its block."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, select

from models.store import bulk
from models.store.bulk import bulk_inserter, in_background
from models.store.db import Database

SCRATCH = Table("bulk_scratch", MetaData(), Column("id", Integer, primary_key=True),
                Column("name", String(40)), Column("digest", BigInteger),
                Column("note", String(20), nullable=True))
COLUMNS = ("id", "name", "digest", "note")


def _rows(count: int) -> list[tuple[int, str, int, str | None]]:
    # Names with quotes and non-ASCII, 63-bit digests and NULLs: what an import writes.
    return [(n, f"Siti 'Nur' Ḥayati {n}", (1 << 62) + n, None if n % 3 else f"c{n}")
            for n in range(1, count + 1)]


@pytest.mark.parametrize("background", [False, True], ids=["langsung", "latar"])
def test_every_row_is_stored_across_statement_boundaries(
        db: Database, monkeypatch: pytest.MonkeyPatch, background: bool) -> None:
    # 3 rows per statement: 7-row chunks end in a short statement, and so does the last one.
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 3)
    SCRATCH.create(db.engine)
    rows = _rows(23)
    with db.session() as session:
        with bulk_inserter(session.connection(), SCRATCH, COLUMNS, background) as insert:
            for start in range(0, len(rows), 7):
                insert(rows[start:start + 7])
            insert([])
        session.commit()
    with db.session() as session:
        stored = [tuple(r) for r in session.execute(select(SCRATCH).order_by(SCRATCH.c.id))]
    assert stored == rows


def test_a_refused_row_in_the_background_reaches_the_caller(db: Database) -> None:
    SCRATCH.create(db.engine)
    with db.session() as session:
        with pytest.raises(bulk.INTEGRITY_ERRORS):
            with bulk_inserter(session.connection(), SCRATCH, COLUMNS, True) as insert:
                insert(_rows(5))
                insert(_rows(2))  # ids 1 and 2 again
        session.rollback()
        assert session.scalar(select(SCRATCH.c.id).limit(1)) is None


def test_background_calls_run_in_order_and_all_finish_inside_the_block() -> None:
    done: list[int] = []
    with in_background(lambda n: (time.sleep(0.002), done.append(n)), "urut") as submit:
        for n in range(20):
            submit(n)
    assert done == list(range(20))


def test_an_error_in_the_caller_waits_for_the_running_call() -> None:
    started, finished = threading.Event(), threading.Event()

    def slow(_: int) -> None:
        started.set()
        time.sleep(0.2)
        finished.set()

    with pytest.raises(KeyError), in_background(slow, "tunggu") as submit:
        submit(1)
        started.wait(5)
        raise KeyError("batal")
    # The caller may roll back now: nothing is still writing.
    assert finished.is_set()


def test_a_worker_error_surfaces_at_the_next_submit_and_the_rest_is_dropped() -> None:
    ran: list[int] = []

    def call(n: int) -> None:
        if n == 0:
            raise ValueError("baris ditolak")
        ran.append(n)

    with pytest.raises(ValueError, match="ditolak"), in_background(call, "galat", 1) as submit:
        submit(0)
        submit(1)  # waits for 0 first, which failed
        submit(2)
    assert ran == []
