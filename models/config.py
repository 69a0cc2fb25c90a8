"""Where the data lives: the default SQLite path and the remembered database URL.

The URL is kept in a small INI file rather than QSettings because the headless
command line (no Qt) must open the same database the window does.
"""
from __future__ import annotations

import configparser
import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "KendaliSensus"
APP_AUTHOR = "BPS"
DB_ENV_VAR = "KENDALI_SENSUS_DB"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, APP_AUTHOR)


def config_file() -> Path:
    return platformdirs.user_config_path(APP_NAME, APP_AUTHOR) / "koneksi.ini"


def default_sqlite_path() -> Path:
    return data_dir() / "kendali-sensus.sqlite"


def remembered_url() -> str | None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config_file(), encoding="utf-8")
    return parser.get("database", "url", fallback=None) or None


def remember_url(url: str) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    parser = configparser.ConfigParser(interpolation=None)
    parser["database"] = {"url": url}
    with path.open("w", encoding="utf-8") as handle:
        parser.write(handle)


def choose_url(explicit: str | None) -> str:
    """--db first, then the environment, then the remembered URL, then the default file."""
    for candidate in (explicit, os.environ.get(DB_ENV_VAR), remembered_url()):
        if candidate:
            return candidate
    return str(default_sqlite_path())


def os_username() -> str:
    """The operating system's account name, for work done before any app account exists."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "pengguna"
