"""The second pass (record linkage without NIK) at 700,000 + 700,000 persons: cost and quality.

A labelled city (tests/bench/linkage_city.py) stored on the demo master, reconciled in
full. Goals of the issue: the second pass <= 20 % of the full reconciliation's time; of the
persons without a NIK pair, automatic pairs with precision >= 0.995, automatic and review
pairs together finding >= 97 %, review <= 3 %. Printed, not asserted: a bench measures.

KENDALI_BENCH_LINKAGE: records of the larger source (default 700,000).
KENDALI_BENCH_LINKAGE_PROFIL: `seimbang` (default: both sources the same size, as the
issue's 700,000 + 700,000) or `sp2020` (online a third of persons, as in SP2020).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from models.recon.run import run_reconciliation
from tests.bench import linkage_city, linkage_metrics, recon_data
from tests.bench.backends import bench_database, demo_master, open_bench

PER_SOURCE = int(os.environ.get("KENDALI_BENCH_LINKAGE", "700000"))
PROFILES = {"seimbang": linkage_city.BALANCED, "sp2020": linkage_city.SP2020}
PROFILE = os.environ.get("KENDALI_BENCH_LINKAGE_PROFIL", "seimbang")
TIME_SHARE = 0.20  # the second pass's share of a full reconciliation, at most


@pytest.mark.parametrize("backend", ["SQLite", "PostgreSQL"])
def test_linkage_700k_each(tmp_path: Path, backend: str, pg_schemas) -> None:  # type: ignore[no-untyped-def]
    with bench_database(backend, tmp_path, pg_schemas, "linkage") as url:
        db = open_bench(url)
        with db.session() as session:
            demo_master(session)
        coverage = PROFILES[PROFILE]
        started = time.perf_counter()
        city = linkage_city.generate(linkage_city.records_for(PER_SOURCE, coverage),
                                     linkage_city.areas(db), coverage=coverage)
        generated = time.perf_counter() - started
        online, fielded = city.sources.online, city.sources.field
        recon_data.store(db, city.sources)
        if backend == "PostgreSQL":
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        with db.session() as session:
            report = run_reconciliation(session, full=True, by="bench")
        linkage = getattr(report, "linkage_seconds", 0.0)
        started = time.perf_counter()
        metrics = linkage_metrics.evaluate(db, city.truth)
        evaluated = time.perf_counter() - started
        print(f"\n[Lintasan kedua · {backend}] {len(online):,} online, {len(fielded):,} "
              f"lapangan, {metrics.persons:,} orang (profil {PROFILE})")
        print(f"  {'kota berlabel dibuat':<46} {generated:9.2f} s")
        print(f"  {'rekonsiliasi penuh':<46} {report.seconds:9.2f} s")
        print(f"  {'lintasan kedua':<46} {linkage:9.2f} s  "
              f"({linkage / report.seconds:.1%} dari rekonsiliasi penuh; menambah "
              f"{linkage / max(report.seconds - linkage, 1e-9):.1%} pada sisanya, "
              f"target ≤ {TIME_SHARE:.0%})")
        print(f"  {'evaluasi terhadap kebenaran':<46} {evaluated:9.2f} s")
        print("\n".join(metrics.lines()))
        assert report.online_rows == len(online)
        assert report.field_rows == len(fielded)
        with db.engine.connect() as connection:
            in_outcomes = connection.exec_driver_sql(
                "SELECT count(online_id), count(field_id) FROM person_match").one()
        assert tuple(in_outcomes) == (len(online), len(fielded))  # each record in one outcome
        assert metrics.to_find > 0
        db.dispose()
