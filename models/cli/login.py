"""Signing in on the command line: the same accounts, roles and lockout as the window.

The name comes from --pengguna or KENDALI_USER, the password from KENDALI_PASSWORD or a
prompt. A database without any account yet (just created) runs the command as the
setting-up admin, as the window's first run does before the admin is made. An account
whose password an admin chose runs nothing until its owner has replaced it (`ganti-sandi`).
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys

from models.access import SYSTEM, Actor
from models.accounts.auth import authenticate, has_users
from models.cli.parser import CHANGE_COMMAND, NEW_PASSWORD_ENV, PASSWORD_ENV, USER_ENV
from models.errors import KendaliError
from models.launch.opening import open_database
from models.store import config
from models.store.db import Database
from models.store.migrate import UpgradeResult


class PasswordChangeRequired(KendaliError):
    """The account's password was set by an admin; its owner must choose one first."""


def credentials(args: argparse.Namespace) -> tuple[str, str]:
    name = getattr(args, "pengguna", None) or os.environ.get(USER_ENV, "")
    if not name:
        raise KendaliError(f"Masuk dahulu: beri --pengguna NAMA (atau {USER_ENV}) dan kata "
                           f"sandinya (lewat {PASSWORD_ENV} atau saat ditanya).")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise KendaliError(f"Kata sandi untuk '{name}' tidak diberikan: isi {PASSWORD_ENV} "
                               "atau jalankan perintah di terminal agar ditanyakan.")
        password = getpass.getpass(f"Kata sandi {name}: ")
    return name, password


def sign_in(db: Database, args: argparse.Namespace) -> Actor:
    """The signed-in user; refused while the account must change its password."""
    with db.acting_as(SYSTEM).session() as session:
        if not has_users(session):
            return Actor(config.os_username(), "Admin penyiapan", SYSTEM.role)
        name, password = credentials(args)
        login = authenticate(session, name, password)
    if login.must_change_password:
        user = login.actor.username
        raise PasswordChangeRequired(
            f"Kata sandi akun '{user}' dibuat oleh admin dan harus diganti dahulu oleh "
            f"pemiliknya sebelum perintah lain dapat dijalankan. Ganti dengan: kendali-sensus "
            f"--pengguna {user} {CHANGE_COMMAND} (kata sandi baru lewat {NEW_PASSWORD_ENV} "
            "atau ditanyakan), atau masuk sekali lewat jendela aplikasi.")
    return login.actor


def open_signed_in(args: argparse.Namespace) -> tuple[Database, UpgradeResult]:
    """Open the database the command line names and act as the signed-in user."""
    db, result = open_database(config.choose_url(args.db))
    try:
        return db.acting_as(sign_in(db, args)), result
    except BaseException:
        db.dispose()
        raise
