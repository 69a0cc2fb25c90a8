"""Where the data lives: the default SQLite path, the remembered URL and the server password.

The URL is kept in a small INI file rather than QSettings because the headless
command line (no Qt) must open the same database the window does. The file never holds
a password: a PostgreSQL password goes to the operating system's credential store
(Windows Credential Manager, the Secret Service of a Linux desktop, the macOS Keychain)
through `keyring`, looked up by user, server and database. Where there is no such store
(a headless Linux PC) it is not kept at all: it comes from KENDALI_DB_PASSWORD, or is
asked each time. The data and configuration folders and the file are owner-only.
"""
from __future__ import annotations

import configparser
import getpass
import io
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from models.files.private import private_folder, write_private_text

log = logging.getLogger(__name__)

APP_NAME = "KendaliSensus"
APP_AUTHOR = "BPS"
DB_ENV_VAR = "KENDALI_SENSUS_DB"
DB_PASSWORD_ENV = "KENDALI_DB_PASSWORD"
KEYRING_SERVICE = "Kendali Sensus (PostgreSQL)"
NO_KEYRING = (f"Komputer ini tidak mempunyai tempat penyimpanan kata sandi sistem (keyring), "
              f"jadi kata sandi server PostgreSQL tidak disimpan: isi variabel "
              f"{DB_PASSWORD_ENV}, atau kata sandi ditanyakan setiap kali.")

Ask = Callable[[str], str | None]  # asks the password for the server named; None: no answer


def _own_folder(folder: Path) -> Path:
    try:
        return private_folder(folder, own=True)
    except OSError as exc:  # opening the database there will explain what is wrong
        log.warning("folder %s not prepared: %s", folder, exc)
        return folder


def data_dir() -> Path:
    """The app's data folder (database, backups, logs), owner-only (0700)."""
    return _own_folder(platformdirs.user_data_path(APP_NAME, APP_AUTHOR))


def config_file() -> Path:
    return _own_folder(platformdirs.user_config_path(APP_NAME, APP_AUTHOR)) / "koneksi.ini"


def default_sqlite_path() -> Path:
    return data_dir() / "kendali-sensus.sqlite"


def _server_url(text: str) -> URL | None:
    """The PostgreSQL URL in `text`, or None for a SQLite path or URL (no password)."""
    if "://" not in text:
        return None
    try:
        url = make_url(text.strip())
    except ArgumentError:
        return None
    return url if url.get_backend_name() == "postgresql" else None


def _without_password(url: URL) -> URL:
    return URL.create(url.drivername, url.username, None, url.host, url.port, url.database,
                      url.query)


def _text(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def credential_name(url: URL) -> str:
    """The keyring entry of a server account: user@host:port/database."""
    return f"{url.username}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def store_password(url: URL, password: str) -> bool:
    """Keep the password in the OS credential store; False (and a warning) without one."""
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, credential_name(url), password)
    except Exception as exc:  # noqa: BLE001 - any backend failure means: not stored
        log.warning("%s (%s: %s)", NO_KEYRING, type(exc).__name__, exc)
        return False
    return True


def stored_password(url: URL) -> str | None:
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, credential_name(url))
    except Exception as exc:  # noqa: BLE001 - no store, or it refused: ask instead
        log.info("no stored password for %s: %s", credential_name(url), exc)
        return None


def _write(url_text: str) -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser["database"] = {"url": url_text}
    buffer = io.StringIO()
    parser.write(buffer)
    write_private_text(config_file(), buffer.getvalue())


def remembered_url() -> str | None:
    """The remembered URL. A file written by an older version may hold the password: it
    moves to the credential store (when there is one) and the file is rewritten without
    it; the URL returned still has it, so this start connects."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config_file(), encoding="utf-8")
    text = parser.get("database", "url", fallback=None) or None
    server = _server_url(text) if text else None
    if server is not None and server.password is not None:
        if not store_password(server, str(server.password)):
            log.warning("password removed from %s; it is no longer kept", config_file())
        _write(_text(_without_password(server)))
        log.info("password moved out of %s", config_file())
    return text


def remember_url(url: str) -> bool:
    """Remember `url` for the next start: the file gets it without a password, the password
    goes to the credential store. False when a password was given but could not be kept."""
    server = _server_url(url)
    if server is None or server.password is None:
        _write(url)
        return True
    kept = store_password(server, str(server.password))
    _write(_text(_without_password(server)))
    return kept


def ask_in_terminal(where: str) -> str | None:
    """The password typed at a terminal; None when there is none (a window, a script)."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    return getpass.getpass(f"Kata sandi server {where}: ") or None


def with_password(text: str, ask: Ask | None = ask_in_terminal) -> str:
    """A server URL without a password completed from KENDALI_DB_PASSWORD, the credential
    store, or `ask`; anything else unchanged (the server may need none, e.g. with .pgpass)."""
    server = _server_url(text)
    if server is None or server.password is not None or not server.username:
        return text
    password = (os.environ.get(DB_PASSWORD_ENV) or stored_password(server)
                or (ask(credential_name(server)) if ask else None))
    return _text(server.set(password=password)) if password else text


def choose_url(explicit: str | None, ask: Ask | None = ask_in_terminal) -> str:
    """--db first, then the environment, then the remembered URL, then the default file;
    a server's password from the environment, the credential store or `ask`."""
    for candidate in (explicit, os.environ.get(DB_ENV_VAR), remembered_url()):
        if candidate:
            return with_password(candidate, ask)
    return str(default_sqlite_path())


def os_username() -> str:
    """The operating system's account name, for work done before any app account exists."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "pengguna"
