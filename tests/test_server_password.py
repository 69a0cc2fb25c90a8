"""The window asks the PostgreSQL password it cannot find, and keeps it only in the keyring."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from sqlalchemy.engine import make_url

import desktop.app
from desktop.sign_in.server_password_dialog import ServerPasswordDialog
from models.cli.parser import build_parser
from models.store import config
from tests.conftest import FakeDialogs
from tests.keyrings import MemoryKeyring

BARE = "postgresql://sensus@db.kantor:5433/kantor"
PASSWORD = "Rahasia!99"
URL = "postgresql://sensus:Rahasia%2199@db.kantor:5433/kantor"


@pytest.fixture(autouse=True)
def no_password_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.DB_PASSWORD_ENV, raising=False)
    monkeypatch.delenv(config.DB_ENV_VAR, raising=False)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs the window opened; the server itself is not needed for these tests."""
    urls: list[str] = []

    def open_or_explain(url: str, _dialogs: object) -> object:
        urls.append(url)
        return object()

    monkeypatch.setattr(desktop.app, "open_or_explain", open_or_explain)
    return urls


def _typing(qtbot, password: str, keep: bool):  # type: ignore[no-untyped-def]
    """The user: types the password, ticks (or not) the box, presses Hubungkan."""
    asked: list[ServerPasswordDialog] = []

    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        if not isinstance(dialog, ServerPasswordDialog):
            return False  # the sign-in that follows: not part of these tests
        asked.append(dialog)
        assert dialog.password.echoMode() is QLineEdit.EchoMode.Password
        assert not dialog.connect_button.isEnabled()
        qtbot.keyClicks(dialog.password, password)
        dialog.keep.setChecked(keep)
        dialog.connect_button.click()
        return dialog.result() == dialog.DialogCode.Accepted

    return fill, asked


def _args(db: str | None) -> argparse.Namespace:
    return argparse.Namespace(db=db, demo=False)


def _file_text() -> str:
    return config.config_file().read_text(encoding="utf-8")


def test_the_password_is_asked_and_kept_in_the_keyring_when_ticked(  # type: ignore[no-untyped-def]
        qtbot, store: MemoryKeyring, opened: list[str]) -> None:
    dialogs = FakeDialogs()
    dialogs.fill, asked = _typing(qtbot, PASSWORD, keep=True)
    assert desktop.app.open_chosen(_args(BARE), dialogs) is not None  # type: ignore[arg-type]
    assert len(asked) == 1 and opened == [URL]
    assert store.items == {(config.KEYRING_SERVICE, "sensus@db.kantor:5433/kantor"): PASSWORD}
    assert PASSWORD not in _file_text() and "Rahasia" not in _file_text()
    assert dialogs.infos == []
    # the next start, without --db: the remembered URL and the stored password, no question
    again = FakeDialogs()
    assert desktop.app.open_chosen(_args(None), again) is not None  # type: ignore[arg-type]
    assert again.shown == [] and opened[-1] == URL


def test_an_unticked_password_is_used_once_and_asked_again(  # type: ignore[no-untyped-def]
        qtbot, store: MemoryKeyring, opened: list[str]) -> None:
    dialogs = FakeDialogs()
    dialogs.fill, asked = _typing(qtbot, PASSWORD, keep=False)
    desktop.app.open_chosen(_args(BARE), dialogs)  # type: ignore[arg-type]
    assert opened == [URL] and store.items == {}
    assert make_url(config.remembered_url() or "").password is None
    desktop.app.open_chosen(_args(None), dialogs)  # type: ignore[arg-type]
    assert len(asked) == 2 and opened == [URL, URL]
    dialogs.fill = lambda dialog: False  # Batal: the server is tried without a password
    desktop.app.open_chosen(_args(None), dialogs)  # type: ignore[arg-type]
    assert opened[-1] == BARE and dialogs.infos == []


def test_without_a_keyring_the_window_says_once_the_password_is_not_kept(  # type: ignore[no-untyped-def]
        qtbot, no_store: None, opened: list[str]) -> None:
    dialogs = FakeDialogs()
    dialogs.fill, asked = _typing(qtbot, PASSWORD, keep=True)
    desktop.app.open_chosen(_args(BARE), dialogs)  # type: ignore[arg-type]
    assert opened == [URL] and len(asked) == 1
    assert dialogs.infos == [("Kata sandi server", config.NO_KEYRING)]
    assert "Rahasia" not in _file_text()
    given = FakeDialogs()  # a password given in --db: not asked, and not kept either
    desktop.app.open_chosen(_args(URL), given)  # type: ignore[arg-type]
    assert given.shown == [] and given.infos == [("Kata sandi server", config.NO_KEYRING)]
    assert "Rahasia" not in _file_text()


def test_a_wrong_password_is_not_kept(qtbot, store: MemoryKeyring,  # type: ignore[no-untyped-def]
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    dialogs = FakeDialogs()
    dialogs.fill, _asked = _typing(qtbot, "salah", keep=True)
    monkeypatch.setattr(desktop.app, "open_or_explain", lambda url, d: None)
    assert desktop.app.open_chosen(_args(BARE), dialogs) is None  # type: ignore[arg-type]
    assert store.items == {}


def test_the_window_asks_a_real_server_and_opens_it(  # type: ignore[no-untyped-def]
        qtbot, db_url: str, store: MemoryKeyring, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Through `run_gui`: SQLite is never asked about; a server account without a password
    in the URL is (the test server trusts its clients, so any password opens it)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    dialogs = FakeDialogs()
    dialogs.fill, asked = _typing(qtbot, "apa-saja", keep=True)
    code = desktop.app.run_gui(build_parser().parse_args(["--db", db_url]), dialogs)  # type: ignore[arg-type]
    assert code == 0 and dialogs.errors == []
    server = db_url.startswith("postgresql")
    assert len(asked) == (1 if server else 0)
    assert list(store.items.values()) == (["apa-saja"] if server else [])
    assert "apa-saja" not in _file_text()
