"""`kendali-sensus ganti-sandi`: the signed-in user replaces their own password."""
from __future__ import annotations

import argparse
import getpass
import os
import sys

from models.access import SYSTEM
from models.accounts.admin import change_own_password
from models.accounts.auth import authenticate, has_users
from models.cli.login import credentials
from models.cli.parser import NEW_PASSWORD_ENV
from models.errors import KendaliError
from models.launch.opening import open_database
from models.store import config


def _new_password(name: str) -> str:
    given = os.environ.get(NEW_PASSWORD_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise KendaliError(f"Kata sandi baru untuk '{name}' tidak diberikan: isi "
                           f"{NEW_PASSWORD_ENV} atau jalankan perintah di terminal agar "
                           "ditanyakan.")
    first = getpass.getpass(f"Kata sandi baru {name}: ")
    if getpass.getpass("Ulangi kata sandi baru: ") != first:
        raise KendaliError("Kedua kata sandi baru tidak sama. Tidak ada yang diubah.")
    return first


def cmd_change_password(args: argparse.Namespace) -> int:
    db, _ = open_database(config.choose_url(args.db))
    try:
        with db.acting_as(SYSTEM).session() as session:
            if not has_users(session):
                raise KendaliError("Database ini belum punya akun. Buat admin pertama lewat "
                                   "jendela aplikasi.")
            name, old = credentials(args)
            login = authenticate(session, name, old)
        new = _new_password(login.actor.username)
        with db.acting_as(login.actor).session() as session:
            change_own_password(session, old, new)
    finally:
        db.dispose()
    print(f"Kata sandi '{login.actor.username}' sudah diganti. Perintah lain kini dapat "
          "dijalankan dengan kata sandi baru.")
    return 0
