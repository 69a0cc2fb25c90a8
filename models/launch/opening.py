"""One call that opens a database for work: schema upgraded, audit trail on, leftovers cleared."""
from __future__ import annotations

from models.audit import trail
from models.launch.leftovers import clear_leftovers
from models.store.db import Database, connect
from models.store.migrate import UpgradeResult, upgrade_to_head


def open_database(raw_url: str, busy_timeout_s: float = 5.0) -> tuple[Database, UpgradeResult]:
    """Raises DatabaseOpenError with an Indonesian message; the database is left as it was."""
    trail.install()  # every row change from here on goes into the audit log
    db = connect(raw_url, busy_timeout_s)
    try:
        result = upgrade_to_head(db)
    except BaseException:
        db.dispose()
        raise
    clear_leftovers(db)  # what a killed backup, restore or letter batch left behind
    return db, result
