"""`init-db` and `info`: the database made or brought to the current schema, and described."""
from __future__ import annotations

import argparse

from models.formatting import format_number
from models.launch.opening import open_database
from models.office.profile import get_profile
from models.store import config
from models.store.info import database_counts


def cmd_init_db(args: argparse.Namespace) -> int:
    db, result = open_database(config.choose_url(args.db))
    with db.session() as session:
        get_profile(session)  # creates the default profile row
        session.commit()
    print(f"Database siap: {db.description}")
    if result.changed:
        print(f"Skema diperbarui dari {result.from_revision or 'kosong'} ke {result.to_revision}.")
    if result.backup:
        print(f"Salinan sebelum pembaruan: {result.backup}")
    db.dispose()
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    db, result = open_database(config.choose_url(args.db))
    print(f"Database : {db.description}")
    print(f"Skema    : revisi {result.to_revision}")
    with db.session() as session:
        for label, count in database_counts(session).counts:
            print(f"{label:<24} {format_number(count):>10}")
    db.dispose()
    return 0
