"""A million SP Online rows (issue 4): import end to end against calamine merely reading.

The office is the demo city (1,233 SLS); its own demo submissions are rolled back first so
the import starts from an empty person table. The import runs in a child process, whose
peak resident memory is the import's own (taken before anything else reads the file).
Goals (issue 24): at most 1.10x reading the columns plus storing, at most 1.5x calamine
iterating the rows, peak <= 1 GB.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from models.schema.areas import Kecamatan, Sls
from tests.bench.backends import bench_database, demo_master, open_bench
from tests.bench.persons import submissions

ROWS = int(os.environ.get("KENDALI_BENCH_ROWS", "1000000"))
ROOT = Path(__file__).resolve().parents[2]


def _office(url: str) -> tuple[list[str], list[str]]:
    """The demo city without its demo submissions; its SLS and Kemendagri kecamatan codes."""
    db = open_bench(url)
    with db.session() as session:
        demo_master(session)
        sls = list(session.scalars(select(Sls.bps_code).where(Sls.active)))
        kecamatan = [k for k in session.scalars(select(Kecamatan.kemendagri_code)) if k]
    db.dispose()
    return sls, kecamatan


@pytest.mark.parametrize("backend", ["SQLite", "PostgreSQL"])
def test_million_rows(tmp_path: Path, backend: str, pg_schemas) -> None:  # type: ignore[no-untyped-def]
    with bench_database(backend, tmp_path, pg_schemas, "kantor") as url:
        sls, kecamatan = _office(url)
        started = time.perf_counter()
        data = submissions(ROWS, sls, kecamatan)
        made = time.perf_counter() - started
        print(f"\n[SP Online · {backend}] {ROWS:,} baris, {data.path.stat().st_size / 1e6:.0f} MB "
              f"({'dibuat' if made > 5 else 'dari cache'} {made:.0f} s)")
        child = subprocess.run([sys.executable, "-m", "tests.bench.import_run", url,
                                str(data.path)], cwd=ROOT, capture_output=True, text=True,
                               check=True)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        ratio = result["import"] / result["baseline"]
        per_row = result["import"] / ROWS * 1e6
        floor = result["columns_read"] + result["storing_only"]
        rows_floor = result["baseline"] + result["storing_only"]
        print(f"  {'pratinjau berkas (30 baris pertama)':<46} {result['preview']:7.2f} s  "
              f"(memori {result['preview_mb']:.0f} MB)")
        print(f"  {'calamine membaca baris saja (dasar)':<46} {result['baseline']:7.2f} s")
        print(f"  {'fastexcel membaca kolom sebagai teks saja':<46} "
              f"{result['columns_read']:7.2f} s")
        print(f"  {'menyimpan saja (urut kunci, tanpa periksa)':<46} "
              f"{result['storing_only']:7.2f} s")
        print(f"  {'batas bawah: baca kolom + simpan':<46} {floor:7.2f} s  "
              f"(baca baris + simpan: {rows_floor:.2f} s)")
        print(f"  {'impor ujung ke ujung (baca, periksa, simpan)':<46} {result['import']:7.2f} s  "
              f"({per_row:.1f} µs/baris)")
        print(f"  {'  ÷ batas bawah':<46} {result['import'] / floor:7.2f} ×  (target ≤ 1,10)")
        print(f"  {'  ÷ calamine membaca baris':<46} {ratio:7.2f} ×  (target ≤ 1,5)")
        print(f"  {'memori puncak proses impor':<46} {result['peak_mb']:7.0f} MB "
              "(target ≤ 1.024 MB)")
        print(f"  tersimpan {result['inserted']:,}, ditolak {result['rejected']:,} "
              f"(NIK dirusak Excel), peringatan {result['warnings']:,}")
        assert result["inserted"] + result["rejected"] == ROWS
        assert result["rejected"] == data.damaged

