"""One call that opens a database and brings its schema to the current version."""
from __future__ import annotations

from models.store.db import Database, connect
from models.launch.leftovers import clear_leftovers
from models.store.migrate import UpgradeResult, upgrade_to_head


def open_database(raw_url: str, busy_timeout_s: float = 5.0) -> tuple[Database, UpgradeResult]:
    """Raises DatabaseOpenError with an Indonesian message; the database is left as it was."""
    db = connect(raw_url, busy_timeout_s)
    try:
        result = upgrade_to_head(db)
    except BaseException:
        db.dispose()
        raise
    clear_leftovers(db)  # what a killed backup, restore or letter batch left behind
    return db, result
