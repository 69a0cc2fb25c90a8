"""Province scale (issue 3): import, tree, auto-balance and apply, timed in one run.

Prints each time and its ratio to a baseline measured in the same run (calamine merely
reading the file), so figures from different machines can be compared.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from models.areas import importing as wilayah_import
from models.assignment.assign import assign
from models.assignment.autobalance import propose
from models.assignment.export import export_assignments
from models.assignment.queries import kecamatan_choices, ppl_loads, sls_rows
from models.officers import importing as officer_import
from models.schema.areas import Sls
from models.sheets.importing import inspect_file
from models.sheets.reading import iter_rows
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
        db.dispose()


def _tree_model(rows: list) -> None:  # type: ignore[type-arg]
    """Filling the Penugasan tree model with every SLS of the province (Qt, offscreen)."""
    from PySide6.QtWidgets import QApplication

    from desktop.assignment.sls_tree import SlsAssignTreeModel

    _app = QApplication.instance() or QApplication([])
    model = SlsAssignTreeModel()
    timed("model pohon Qt untuk semua SLS", lambda: model.set_rows(rows))
    assert model.rowCount() > 1000

