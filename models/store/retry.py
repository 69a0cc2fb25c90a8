"""Running a small transaction again when another PC's transaction crossed it."""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from models.store.errors import conflict_error

log = logging.getLogger(__name__)
T = TypeVar("T")
ATTEMPTS = 3


def retry_on_conflict(session: Session, work: Callable[[], T], attempts: int | None = None
                      ) -> T:
    """`work()`, a whole transaction that commits itself, tried again after a deadlock, a
    serialization failure or SQLite busy, at most `attempts` times in all.

    Only for work that reads what it needs inside its transaction, so a second try sees
    what the other one committed (an optimistic version check then refuses it cleanly).
    The last failure is raised as ConcurrentChangeError; other errors pass unchanged.
    """
    attempts = attempts or ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except Exception as exc:
            conflict = conflict_error(exc)
            if conflict is None:
                raise
            session.rollback()
            if attempt == attempts:
                log.warning("gave up after %d conflicts: %s", attempts, conflict.detail)
                raise conflict from exc
            log.info("conflict on try %d, trying again: %s", attempt, conflict.detail)
            time.sleep(random.uniform(0.02, 0.1) * attempt)  # the two do not meet again
    raise AssertionError("unreachable")
