"""Province scale (issue 3): import, tree, auto-balance and apply, then progress against the
schedule and the Beranda (issue 21), timed in one run.

Prints each time and its ratio to a baseline measured in the same run (calamine merely
reading the file), so figures from different machines can be compared.
"""
from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.areas import importing as wilayah_import
from models.assignment.assign import assign
from models.assignment.autobalance import propose
from models.assignment.export import export_assignments
from models.assignment.queries import kecamatan_choices, ppl_loads, sls_rows
from models.officers import importing as officer_import
from models.overview.home import home_figures
from models.progress.facts import load_facts
from models.progress.summary import ProgressLevel, progress_view
from models.schedule.calendar import Window
from models.schedule.settings import load_calendar, save_calendar
from models.schema.areas import Kelurahan, Sls
from models.schema.batches import ImportKind, SlsRecap
from models.schema.progress import ProgressDayCount
from models.schema.users import AuditLog
from models.sheets.importing import inspect_file
from models.sheets.reading import iter_rows
from models.store.bulk import bulk_inserter
from models.store.gc_pause import freeze_long_lived
from models.store.statistics import analyze
from tests.bench.backends import bench_database, open_bench
from tests.bench.province import ProvinceFiles, generate


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> ProvinceFiles:
    started = time.perf_counter()
    files = generate(tmp_path_factory.mktemp("provinsi"))
    print(f"\n[provinsi] dibuat: {files.kecamatan} kecamatan, {files.kelurahan} kelurahan, "
          f"{files.sls} SLS, {files.officer_count} petugas "
          f"({time.perf_counter() - started:.1f} s)")
    return files


def timed(label: str, work: Callable[[], Any], baseline: float | None = None) -> tuple[Any, float]:
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    ratio = f"  ({elapsed / baseline:.2f} × membaca berkas)" if baseline else ""
    print(f"  {label:<44} {elapsed:7.2f} s{ratio}")
    return result, elapsed


def _entries(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditLog)) or 0


def _read_only(path: Path) -> int:
    return sum(1 for _ in iter_rows(path))



@pytest.mark.parametrize("backend", ["SQLite", "PostgreSQL"])
def test_province_scale(province: ProvinceFiles, tmp_path: Path, backend: str,
                        pg_schemas) -> None:  # type: ignore[no-untyped-def]
    with bench_database(backend, tmp_path, pg_schemas, "provinsi") as url:
        db = open_bench(url)
        print(f"\n[provinsi · {backend}]")
        _, read_master = timed("calamine membaca master (dasar)",
                               lambda: _read_only(province.master))
        _, read_officers = timed("calamine membaca daftar petugas (dasar)",
                                 lambda: _read_only(province.officers))
        with db.session() as session:
            preview = inspect_file(province.master, wilayah_import.FIELDS, wilayah_import.KIND)
            report, _ = timed("impor master wilayah", lambda: wilayah_import.import_wilayah(
                session, province.master, preview.mapping, sheet=preview.sheet), read_master)
            assert report.sls.inserted == province.sls
            preview = inspect_file(province.officers, officer_import.FIELDS, officer_import.KIND)
            people, _ = timed("impor daftar petugas", lambda: officer_import.import_petugas(
                session, province.officers, preview.mapping, sheet=preview.sheet), read_officers)
            print(f"  {'':<44} (target < 0,30 s; log audit kini {_entries(session):,} entri)")
            assert people.officers.inserted == province.officer_count
            again, _ = timed("impor ulang master yang sama (tanpa perubahan)",
                             lambda: wilayah_import.import_wilayah(
                                 session, province.master,
                                 inspect_file(province.master, wilayah_import.FIELDS,
                                              wilayah_import.KIND).mapping), read_master)
            assert again.sls.unchanged == province.sls and again.sls.inserted == 0

        with db.session() as session:
            choices, _ = timed("daftar kecamatan untuk pemilih", lambda: kecamatan_choices(session))
            first = choices[0].id
            timed("pohon satu kecamatan (SLS + beban PPL)",
                  lambda: (sls_rows(session, first), ppl_loads(session, first)))
            rows, _ = timed("pohon seluruh provinsi (semua SLS)", lambda: sls_rows(session, None))
            assert len(rows) == province.sls
            _tree_model(rows)

            proposal, _ = timed("penugasan otomatis: usulan seluruh provinsi",
                                lambda: propose(session, None))
            targets, versions = proposal.targets()
            print(f"  usulan: {len(proposal.placed)} SLS ditempatkan, {len(proposal.unplaced)} "
                  f"tidak muat, beban maks {max(proposal.loads_after.values())} ruta "
                  f"(kapasitas {proposal.capacity})")
            assert max(proposal.loads_after.values()) <= proposal.capacity
            timed("menyimpan usulan (satu transaksi)",
                  lambda: assign(session, targets, versions, "bench", reason="penugasan otomatis"))
            timed("ekspor penugasan seluruh provinsi ke xlsx",
                  lambda: export_assignments(session, tmp_path / "penugasan.xlsx"))
            assert session.scalar(select(func.count(Sls.id))) == province.sls

        with db.session() as session:
            rows, _ = timed("progres: hitungan harian dan jadwal disimpan",
                            lambda: _progress_data(session))
            print(f"  progres: {rows[0]} hitungan lapangan, {rows[1]} online, {rows[2]} rekap SLS")
        with db.session() as session:
            _schedule_and_home(session, province.sls)
        freeze_long_lived()  # as the window does once it is built (models.store.gc_pause)
        try:
            _beranda_page(db, tmp_path)
        finally:
            gc.unfreeze()
        db.dispose()


# Progress over the first three weeks of September 2020's field window, online in August.
FIELD_WINDOW = Window(date(2020, 9, 1), date(2020, 9, 30))
ONLINE_WINDOW = Window(date(2020, 8, 1), date(2020, 8, 31))
LAST_DAY = date(2020, 9, 21)


def _progress_data(session: Session, seed: int = 2020) -> tuple[int, int, int]:
    """Day counts as the imports keep them, for every SLS: households found on 3 to 8 of
    the field days so far, each kecamatan at its own pace (some far behind); online persons
    on 10 days of August; a recap for one SLS in twenty. Then the calendar. Written straight
    into the tables: a province's person rows would take an hour to import."""
    rng = random.Random(seed)
    areas = session.execute(select(Sls.id, Sls.expected_households, Sls.expected_population,
                                   Kelurahan.kecamatan_id)
                            .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)).all()
    pace = {kecamatan: rng.uniform(0.45, 1.15) for kecamatan in {a[3] for a in areas}}
    field_days = [d for n in range((LAST_DAY - FIELD_WINDOW.start).days + 1)
                  if (d := FIELD_WINDOW.start + timedelta(days=n)).weekday() != 6]
    online_days = [ONLINE_WINDOW.start + timedelta(days=n) for n in range(31)]
    gone_by = len(field_days) / 26  # of the window's Monday-to-Saturday days
    field, online, recaps = [], [], []
    for sls_id, households, population, kecamatan in areas:
        found = min(households, round(households * gone_by * pace[kecamatan]
                                      * rng.uniform(0.7, 1.2)))
        days, left = sorted(rng.sample(field_days, rng.randint(3, 8))), found
        for index, day in enumerate(days):
            amount = left if index == len(days) - 1 else rng.randint(0, left)
            left -= amount
            if amount:
                field.append((ImportKind.LAPANGAN.value, sls_id, day.isoformat(), amount))
        filled = round(population * rng.uniform(0.05, 0.3)) // 10
        if filled:
            online += [(ImportKind.ONLINE.value, sls_id, day.isoformat(), filled)
                       for day in rng.sample(online_days, 10)]
        if sls_id % 20 == 0 and found:
            recaps.append((sls_id, days[-1].isoformat(), found, found * 4, 0, 0, "bench", 1))
    connection = session.connection()
    with bulk_inserter(connection, ProgressDayCount.__table__,
                       ("kind", "sls_id", "day", "amount")) as write:
        write(field)
        write(online)
    with bulk_inserter(connection, SlsRecap.__table__,
                       ("sls_id", "report_date", "households_found", "persons_found",
                        "male", "female", "entered_by", "version_id")) as write:
        write(recaps)
    session.commit()
    analyze(session, ProgressDayCount.__tablename__, SlsRecap.__tablename__)  # as imports do
    save_calendar(session, replace(load_calendar(session), field=FIELD_WINDOW,
                                   online=ONLINE_WINDOW))
    return len(field), len(online), len(recaps)


def _schedule_and_home(session: Session, sls: int) -> None:
    """Progres against the schedule from all the day counts, and the Beranda's lighter
    path to the same figures."""
    facts, _ = timed("progres: load_facts (semua hitungan harian)", lambda: load_facts(session))
    assert facts.last_day == LAST_DAY
    view, _ = timed("jadwal: progress_view per SLS dengan jadwal",
                    lambda: progress_view(facts, ProgressLevel.SLS))
    assert len(view.rows) == sls
    kecamatan, _ = timed("jadwal: progress_view per kecamatan",
                         lambda: progress_view(facts, ProgressLevel.KECAMATAN))
    home, _ = timed("Beranda: angka-angka (inti)", lambda: home_figures(session))
    timed("Beranda: angka-angka (inti, diulang)", lambda: home_figures(session))
    # the Beranda says what Progres says
    assert (home.day, home.households_found, home.expected_today, home.field_status) == (
        view.day, view.total.households_found, view.total.expected_households_today,
        view.total.field_status)
    assert kecamatan.total.expected_households_today == home.expected_today
    assert home.behind and home.sls_total == sls


def _beranda_page(db, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """The Beranda's first show offscreen, until its figures are on the screen."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop import tasks
    from desktop.context import AppContext, DataBus
    from desktop.home.page import BerandaPage
    from desktop.settings import AppSettings

    app = QApplication.instance() or QApplication([])
    settings = AppSettings(QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat))
    page = BerandaPage(AppContext(db, settings, DataBus()))
    page.resize(1150, 650)

    def shown() -> None:
        page.show()
        deadline = time.monotonic() + 60
        while (page.figures is None or tasks._running) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)

    timed("Beranda: halaman pertama tampil (offscreen)", shown)
    assert page.figures is not None and page.model.rowCount() == len(page.figures.behind)
    page.close()
    page.deleteLater()
    app.processEvents()


def _tree_model(rows: list) -> None:  # type: ignore[type-arg]
    """Filling the Penugasan tree model with every SLS of the province (Qt, offscreen)."""
    from PySide6.QtWidgets import QApplication

    from desktop.assignment.sls_tree import SlsAssignTreeModel

    _app = QApplication.instance() or QApplication([])
    model = SlsAssignTreeModel()
    timed("model pohon Qt untuk semua SLS", lambda: model.set_rows(rows))
    assert model.rowCount() > 1000

