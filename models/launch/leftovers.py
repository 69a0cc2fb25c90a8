"""At a start, clear what killed processes left: temporary copies, unfinished letter batches."""
from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from models.files.atomic import remove_stale_temporaries
from models.letters.files import sweep_letter_folders
from models.store.db import Database

log = logging.getLogger(__name__)


def clear_leftovers(db: Database) -> None:
    """Best effort, never in the way of opening: a failure is only logged.

    Beside an SQLite file: a killed restore's prepared copy, a killed pre-upgrade copy.
    In every folder letters went to: the hidden folder of a batch killed before its commit
    (removed), or after it (its registered letters moved into place).
    """
    try:
        if db.sqlite_path is not None:
            remove_stale_temporaries(db.sqlite_path.parent)
        with Session(db.engine) as session:
            sweep_letter_folders(session)
    except (OSError, SQLAlchemyError) as exc:
        log.warning("leftovers of killed processes not cleared: %s", exc)
