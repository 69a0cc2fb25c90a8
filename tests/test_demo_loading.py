"""While the demo city is being written, the Wilayah page says so instead of 'empty'."""
from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from desktop.areas.page import WilayahPage
from models.errors import Cancelled
from models.work import ProgressCallback
from tests.conftest import wait_idle


def test_wilayah_shows_loading_not_empty_while_the_demo_loads(qtbot, empty_window,  # type: ignore[no-untyped-def]
                                                              monkeypatch, dialogs) -> None:
    import desktop.main_window

    release = threading.Event()

    def demo_still_loading(session: Session, progress: ProgressCallback | None = None) -> None:
        assert release.wait(30)
        raise Cancelled()  # then cancelled: the database stays empty

    monkeypatch.setattr(desktop.main_window, "load_demo", demo_still_loading)
    page: WilayahPage = empty_window.show_page("wilayah")  # type: ignore[assignment]
    qtbot.waitUntil(lambda: not page.loading)
    assert page.empty.isVisible()
    empty_window.load_demo(as_system=True)  # as a --demo start does, right after show()
    assert not page.empty.isVisible()
    assert "Memuat data contoh" in page.summary.text()
    page.refresh()  # a read while the demo is not committed yet finds no kecamatan
    qtbot.waitUntil(lambda: not page.loading)
    assert not page.empty.isVisible() and "Memuat data contoh" in page.summary.text()
    release.set()
    wait_idle(qtbot)
    qtbot.waitUntil(page.empty.isVisible)  # nothing was loaded after all
    assert dialogs.errors == []
