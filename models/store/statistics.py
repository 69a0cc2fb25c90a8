"""Refreshing the query planner's statistics after a bulk change.

PostgreSQL plans from statistics that autovacuum gathers only later; right after tens of
thousands of rows arrive it may pick nested loops over whole tables (an xlsx export of a
fresh province took two minutes instead of seconds). ANALYZE on the touched tables fixes
the plan at once. SQLite's planner benefits too (sqlite_stat1).
"""
from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
BULK = 2000  # rows changed before it is worth analysing


def analyze(session: Session, *tables: str) -> None:
    """Run after commit; failures only cost speed, so they are logged, never raised."""
    try:
        for table in tables:
            session.execute(text(f"ANALYZE {table}"))
        session.commit()
    except Exception:  # noqa: BLE001 - statistics are an optimisation
        session.rollback()
        log.warning("ANALYZE %s failed", tables, exc_info=True)


def analyze_uncommitted(session: Session, *tables: str) -> None:
    """ANALYZE inside the caller's transaction, which goes on (the demo is one commit):
    PostgreSQL samples the rows the transaction itself wrote, so the statements after it
    are planned for them; without it the demo's matching run planned a nested loop over
    400,000 rows for minutes."""
    for table in tables:
        session.execute(text(f"ANALYZE {table}"))
