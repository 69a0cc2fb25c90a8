"""First run on an empty database: the Wilayah page offers the demo and loads it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.app import open_or_explain
from desktop.pages.wilayah_page import WilayahPage
from tests.conftest import FakeDialogs


def test_empty_database_offers_demo_and_loads_it(qtbot, empty_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    page: WilayahPage = empty_window.show_page("wilayah")  # type: ignore[assignment]
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
