"""One bogus No. KK shared by 16,000 online persons against the same persons in families of
four (issue 18): the full reconciliation's time, as a ratio measured in one run. Goal: linear
work per household, so the ratio stays near 1 (it was ~1,500× before: 30 s against 0.02 s).
"""
from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from models.recon.run import run_reconciliation
from models.schema.batches import ImportBatch, ImportKind, OnlineSubmission
from tests.bench.backends import bench_database, open_bench
from tests.builders import SmallCity, set_office_codes
from tests.recon_cases import P

PERSONS = 16_000
BOGUS_KK = "0000000000000000"


def _reconcile_seconds(url: str, giant: bool) -> float:
    db = open_bench(url)
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        codes = [s.bps_code for s in city.sls]
        batch = ImportBatch(kind=ImportKind.ONLINE, file_name="online.xlsx",
                            file_sha256="0" * 64, sheet_name="Data", rows_read=PERSONS)
        session.add(batch)
        session.flush()
        records = []
        for serial in range(1, PERSONS + 1):
            kk = BOGUS_KK if giant else f"637104010120{serial // 4:04d}"
            born = date(1960, 1, 1) + timedelta(days=serial % 3650)
            person = P(serial // 3650 + 1, name=f"WARGA {serial}", kk=kk, born=born)
            records.append({**person.values(city.sls_ids, codes), "batch_id": batch.id,
                            "source_row": serial})
        session.execute(insert(OnlineSubmission), records)
        session.commit()
        started = time.perf_counter()
        run_reconciliation(session, full=True, by="benchmark")
        seconds = time.perf_counter() - started
    db.dispose()
    return seconds


@pytest.mark.parametrize("backend", ["SQLite", "PostgreSQL"])
def test_giant_household_costs_linear_time(backend: str, tmp_path: Path, pg_schemas) -> None:  # type: ignore[no-untyped-def]
    with bench_database(backend, tmp_path, pg_schemas, "families") as url:
        families = _reconcile_seconds(url, giant=False)
    with bench_database(backend, tmp_path, pg_schemas, "giant") as url:
        giant = _reconcile_seconds(url, giant=True)
    print(f"\n[{backend}] {PERSONS} online persons reconciled: in families of four "
          f"{families:.2f} s, all under one No. KK {giant:.2f} s: ratio {giant / families:.2f}")
