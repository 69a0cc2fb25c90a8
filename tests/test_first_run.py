"""First run on an empty database: the Wilayah page offers the demo and loads it."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import open_or_explain
from desktop.areas.page import WilayahPage
from tests.conftest import FakeDialogs, wait_idle


def test_empty_database_offers_demo_and_loads_it(qtbot, db, empty_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    if not db.is_sqlite:
        # The window's part (button, worker, refresh) is the same on both backends, and the
        # demo loads into PostgreSQL before every demo-city test there: a second 80 s load
        # on PostgreSQL would test nothing more.
        pytest.skip("the demo's load into PostgreSQL is the demo-city fixture's build")
    page: WilayahPage = empty_window.show_page("wilayah")  # type: ignore[assignment]
    wait_idle(qtbot)  # the empty state shows once the read found no kecamatan
    assert page.empty.isVisible() and not page.tree.isVisible()
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=60_000)
    assert not page.empty.isVisible()
    assert "Data contoh dimuat" in empty_window.statusBar().currentMessage()
    assert dialogs.errors == []
    empty_window.load_demo()  # a second time: refused with a clear message, data kept
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=10_000)
    assert "hanya dimuat ke database kosong" in dialogs.errors[0][1]
    assert page.model.rowCount() == 5


def test_corrupt_file_at_start_is_explained_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "kantor.sqlite"
    path.write_bytes(b"SQLite format 2\x00" + b"\xff" * 4000)
    before = path.read_bytes()
    dialogs = FakeDialogs()
    assert open_or_explain(str(path), dialogs) is None  # type: ignore[arg-type]
    (title, text, detail), = dialogs.errors
    assert title == "Database tidak dapat dibuka"
    assert "rusak atau bukan database" in text and detail
    assert path.read_bytes() == before


def test_unreachable_server_at_start_is_explained() -> None:
    dialogs = FakeDialogs()
    assert open_or_explain("postgresql://sensus@127.0.0.1:1/sensus", dialogs) is None  # type: ignore[arg-type]
    (title, text, _), = dialogs.errors
    assert "Tidak dapat terhubung ke server PostgreSQL" in text


def test_start_with_corrupt_file_exits_with_a_message(tmp_path: Path,
                                                      monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from desktop.app import run_gui
    from models.cli.parser import build_parser

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    path = tmp_path / "kantor.sqlite"
    path.write_bytes(b"\x00" * 5000)
    dialogs = FakeDialogs()
    code = run_gui(build_parser().parse_args(["--db", str(path)]), dialogs)  # type: ignore[arg-type]
    assert code == 2
    assert "rusak atau bukan database" in dialogs.errors[0][1]
    assert path.read_bytes() == b"\x00" * 5000


def test_window_that_cannot_be_built_ends_the_app_with_a_message(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    import desktop.app
    from models.cli.parser import build_parser

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("rusak saat membangun jendela")

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(desktop.app, "MainWindow", broken)
    dialogs = FakeDialogs()

    def first_admin(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.full_name.setText("Kepala Kantor")
        dialog.password.setText("rahasia123")
        dialog.repeat.setText("rahasia123")
        dialog.submit()
        return dialog.actor is not None

    dialogs.fill = first_admin
    code = desktop.app.run_gui(build_parser().parse_args(["--db", str(tmp_path / "a.sqlite")]),
                               dialogs)  # type: ignore[arg-type]
    assert code == 1
    assert dialogs.errors and "rusak saat membangun jendela" in dialogs.errors[0][1]
