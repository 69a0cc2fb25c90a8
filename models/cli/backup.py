"""`kendali-sensus cadangkan FOLDER` and `pulihkan BERKAS`: backups from a script or scheduler."""
from __future__ import annotations

import argparse

from models.backup.copies import backup_now, backup_postgres, restore
from models.cli.login import open_signed_in
from models.errors import KendaliError
from models.store import config


def cmd_backup(args: argparse.Namespace) -> int:
    db, _ = open_signed_in(args)
    try:
        target = (backup_now(db, args.folder) if db.is_sqlite
                  else backup_postgres(db, args.folder))
    finally:
        db.dispose()
    print(f"Cadangan ditulis: {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.ya:
        raise KendaliError("Pemulihan mengganti seluruh isi database. Ulangi dengan --ya bila "
                           "benar itu yang dimaksud.")
    db, _ = open_signed_in(args)
    try:
        report = restore(db, args.berkas, config.data_dir() / "cadangan")
    finally:
        db.dispose()
    print(f"Database dipulihkan dari {report.source}. Isi sebelumnya disalin ke "
          f"{report.safety_copy}.")
    return 0
