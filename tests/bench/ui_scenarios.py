"""The window on a province-sized database, driven the way a user drives it (issue 19).

Each scenario starts what a click starts (the page's own method, its Op on the worker,
its progress dialog or strip, its result message and the page reloads after it) and
lasts until the window has settled: no op left running and no event waiting.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from models.persons.store import COMMON, MOMENT_COLUMN
from models.schema.areas import Kelurahan
from models.schema.batches import ImportBatch, ImportKind
from models.store.db import Database
from models.store.gc_pause import freeze_long_lived
from tests.bench.ui_gap import GOAL_MS, Gaps, Heartbeat
from tests.conftest import FakeDialogs

LETTER_DAY = date(2020, 9, 14)
LETTERS = 52
FIELD_SHARE = (0, 1, 2)  # online rows whose id % 5 is one of these are also counted in the field


def wait_until(done: Callable[[], bool], timeout: float = 900.0) -> None:
    """Run the event loop (the heartbeat ticks meanwhile) until `done()`."""
    from PySide6.QtTest import QTest

    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("jendela tidak selesai dalam batas waktu")
        QTest.qWait(5)


def settle() -> None:
    """Until no op runs and nothing is queued: the page has shown what it loaded."""
    from PySide6.QtTest import QTest

    from desktop import tasks

    for _ in range(3):  # a finished load may start another one
        wait_until(lambda: not tasks._running)
        QTest.qWait(100)


class Office:
    """The main window on `db`, with messages recorded and the heartbeat ticking."""

    def __init__(self, db: Database, folder: Path) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtTest import QTest

        from desktop.context import AppContext, DataBus
        from desktop.main_window import MainWindow
        from desktop.settings import AppSettings

        self.db = db
        self.failures: list[tuple[str, str, str]] = []  # error messages the window showed
        self.dialogs = FakeDialogs(answer=False)  # no problem report written anywhere
        self.dialogs.fill = _accept  # every mapping as the app proposes it
        settings = AppSettings(QSettings(str(folder / "pengaturan.ini"),
                                         QSettings.Format.IniFormat))
        self.ctx = AppContext(db, settings, DataBus())
        self.window = MainWindow(self.ctx, self.dialogs)  # type: ignore[arg-type]
        self.window.show()
        QTest.qWaitForWindowExposed(self.window)
        settle()
        freeze_long_lived()  # as desktop.app does once the window is built
        self.beat = Heartbeat()

    def close(self) -> None:
        settle()
        self.beat.stop()
        self.window.close()
        self.window.deleteLater()

    def _until_reported(self, start: Callable[[], Any]) -> None:
        seen = len(self.dialogs.infos) + len(self.dialogs.questions) + len(self.dialogs.errors)
        start()
        wait_until(lambda: len(self.dialogs.infos) + len(self.dialogs.questions)
                   + len(self.dialogs.errors) > seen)
        settle()
        if self.dialogs.errors:  # told at the end of the benchmark; the next steps still run
            print(f"  GAGAL: {self.dialogs.errors}")
            self.failures += self.dialogs.errors
            self.dialogs.errors.clear()

    # -- the scenarios ----------------------------------------------------------------
    def idle(self, label: str, seconds: float = 5.0) -> Gaps:
        """The window doing nothing: the gaps this machine makes by itself (other
        processes on the same cores), the floor under every other line."""
        from PySide6.QtTest import QTest

        with self.beat.measure(label) as gaps:
            QTest.qWait(int(seconds * 1000))
        return gaps

    def master_import(self, label: str, page_key: str, path: Path) -> Gaps:
        page = self.window.show_page(page_key)
        settle()
        self.dialogs.path = path
        start = page.import_master if page_key == "wilayah" else page.import_officers  # type: ignore[attr-defined]
        with self.beat.measure(label) as gaps:
            self._until_reported(start)
        return gaps

    def person_import(self, label: str, path: Path) -> Gaps:
        page = self.window.show_page("impor")
        settle()
        self.dialogs.path = path
        with self.beat.measure(label) as gaps:
            self._until_reported(lambda: page.import_persons(ImportKind.ONLINE))  # type: ignore[attr-defined]
        return gaps

    def reconciliation(self, label: str) -> Gaps:
        page = self.window.show_page("rekonsiliasi")
        settle()
        with self.beat.measure(label) as gaps:
            op = page.reconcile(True)  # type: ignore[attr-defined]
            wait_until(lambda: op not in _running())
            settle()
        return gaps

    def letters(self, label: str, target: Path) -> Gaps:
        from desktop.letters.flow import issue
        from models.letters.requests import LetterRequest

        page = self.window.show_page("surat")
        settle()
        with self.db.session() as session:
            codes = list(session.scalars(select(Kelurahan.bps_code)
                                         .order_by(Kelurahan.bps_code).limit(LETTERS)))
        self.dialogs.path = target
        request = LetterRequest("kelurahan", codes, LETTER_DAY)
        with self.beat.measure(label) as gaps:
            self._until_reported(lambda: issue(page, self.ctx, self.dialogs, request, True))
        return gaps

    def page_switching(self, label: str, rounds: int = 2) -> Gaps:
        """Every page in turn, each shown until its rows are in; the longest gap of all."""
        from PySide6.QtTest import QTest

        worst: dict[str, float] = {}
        whole = Gaps(label)
        for _ in range(rounds):
            for page in self.window.pages:
                with self.beat.measure(f"halaman {page.title}", quiet=True) as gaps:
                    self.window.show_page(page.key)
                    QTest.qWait(20)
                    settle()
                worst[page.title] = max(worst.get(page.title, 0), gaps.longest_ms)
                whole.longest_ms = max(whole.longest_ms, gaps.longest_ms)
                whole.ticks += gaps.ticks
                whole.seconds += gaps.seconds
                whole.long_ones += gaps.long_ones
            # the next round again loads every page: as after an import
            self.ctx.changed(*_all_kinds())
        print(whole.line())
        print("  per halaman: " + ", ".join(
            f"{title} {ms:.0f} ms{' (!)' if ms >= GOAL_MS else ''}"
            for title, ms in worst.items()))
        return whole


def _accept(dialog: Any) -> bool:
    """The user's OK; for persons: store the valid rows, leave out the wrong ones."""
    valid_only = getattr(dialog, "valid_only", None)
    if valid_only is not None:
        valid_only.setChecked(True)
    return True


def province_office(db: Database) -> None:
    """The office's profile, as filled in Pengaturan before anything is imported."""
    from models.office.profile import get_profile, update_profile

    with db.session() as session:
        profile = get_profile(session)
        profile.office_name = "Badan Pusat Statistik Provinsi Kalimantan Selatan"
        profile.region_code, profile.satker_code = "6300", "63000"
        update_profile(session, profile)
        session.commit()


def _running() -> set[Any]:
    from desktop import tasks

    return tasks._running


def _all_kinds() -> set[str]:
    from desktop.context import ALL_KINDS

    return ALL_KINDS


def count_in_field(db: Database) -> int:
    """A field batch of 3 in 5 of the online persons, as stored by an import (not timed)."""
    kind = ImportKind.LAPANGAN
    with db.session() as session:
        batch = ImportBatch(kind=kind, file_name="bench-lapangan.xlsx",
                            file_sha256="f" * 64, sheet_name="Data")
        session.add(batch)
        session.flush()
        columns = ", ".join((*COMMON, MOMENT_COLUMN[kind]))
        sources = ", ".join((*COMMON, MOMENT_COLUMN[ImportKind.ONLINE]))
        share = ", ".join(str(n) for n in FIELD_SHARE)
        connection = session.connection()
        copied = connection.exec_driver_sql(
            f"INSERT INTO field_result (batch_id, {columns}) SELECT {batch.id}, {sources} "
            f"FROM online_submission WHERE id % 5 IN ({share})").rowcount
        batch.rows_read = batch.rows_inserted = copied
        session.commit()
    return copied
