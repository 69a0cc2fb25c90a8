"""`kendali-sensus cadangkan FOLDER` and `pulihkan BERKAS`: backups from a script or scheduler."""
from __future__ import annotations

import argparse
from pathlib import Path

from models.backup.copies import backup_now, backup_postgres, restore
from models.cli.login import open_signed_in
from models.errors import KendaliError
from models.store import config


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = sub.add_parser("cadangkan", help="menyalin database ke folder cadangan (admin)")
    backup.add_argument("folder", type=Path, metavar="FOLDER")
    back = sub.add_parser("pulihkan", help="mengganti isi database SQLite dengan cadangan (admin)")
    back.add_argument("berkas", type=Path, metavar="BERKAS")
    back.add_argument("--ya", action="store_true", help="tanpa ini pemulihan tidak dijalankan")


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


COMMANDS = {"cadangkan": cmd_backup, "pulihkan": cmd_restore}
