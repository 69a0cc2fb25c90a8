"""Data quality per officer over 1,000,000 field persons (issue 22): the time of the measures.

A generated kab/kota: 5 kecamatan x 10 kelurahan x 50 SLS (2,500 SLS), 500 PPL in teams of
7, each PPL 5 SLS; 1,000,000 field persons in households of 1-7, visited over 30 days, with
a reconciliation outcome for every one (0.3 % ganda, 1 % pindah). A few PPL heap ages, give
1 January, list only men or work too fast, so the flags have something to find. Printed:
quality_rows per PPL and per kecamatan (each reading the counts afresh), per team from the
counts already read, flag_count cold and warm, flagged_records.
Goal: a few seconds on SQLite and PostgreSQL (the Kualitas page loads it in the background).
"""
from __future__ import annotations

import os
import random
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from models.ids.nik import compose_kk, compose_nik
from models.quality import officers
from models.quality.measures import Measure
from models.quality.officers import QualityLevel, flag_count, flagged_records, quality_rows
from models.schedule.calendar import Calendar, Window
from models.schedule.settings import save_calendar
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import FieldResult, ImportBatch, ImportKind
from models.schema.officers import Officer, Team, TeamMember
from models.store.bulk import bulk_inserter, bulk_loading
from tests.bench.backends import bench_database, open_bench

PERSONS = int(os.environ.get("KENDALI_BENCH_QUALITY", "1000000"))
KECAMATAN, KELURAHAN, SLS_PER_KELURAHAN, SLS_PER_PPL, TEAM_SIZE = 5, 10, 50, 5, 7
START = date(2020, 9, 15)
COLUMNS = ("batch_id", "natural_key", "source_row", "nik", "kk", "name", "sex", "birth_date",
           "area_code", "address", "sls_id", "content_hash", "officer_id", "visited_at")


def _master(db) -> tuple[list[tuple[int, str, str]], dict[int, int]]:  # type: ignore[no-untyped-def]
    """The areas and officers; returns the SLS (id, code, Kemendagri kecamatan) and each
    SLS's PPL."""
    with db.session() as session:
        connection = session.connection()
        connection.execute(insert(Kecamatan), [
            {"id": k + 1, "bps_code": f"6371{k + 1:03d}", "kemendagri_code": f"6371{k + 1:02d}",
             "name": f"Kecamatan {k + 1}", "version_id": 1} for k in range(KECAMATAN)])
        connection.execute(insert(Kelurahan), [
            {"id": k * KELURAHAN + j + 1, "kecamatan_id": k + 1,
             "bps_code": f"6371{k + 1:03d}{j + 1:03d}", "name": f"Kelurahan {k + 1}-{j + 1}",
             "kind": "kelurahan", "version_id": 1}
            for k in range(KECAMATAN) for j in range(KELURAHAN)])
        sls_rows = []
        for kel in range(KECAMATAN * KELURAHAN):
            kec = kel // KELURAHAN
            for s in range(SLS_PER_KELURAHAN):
                sls_id = kel * SLS_PER_KELURAHAN + s + 1
                sls_rows.append({"id": sls_id, "kelurahan_id": kel + 1,
                                 "bps_code": f"6371{kec + 1:03d}{kel % KELURAHAN + 1:03d}"
                                             f"{s + 1:04d}00",
                                 "name": f"RT {s + 1:03d}", "expected_households": 100,
                                 "expected_population": 400, "active": True, "version_id": 1})
        connection.execute(insert(Sls), sls_rows)
        ppl_count = len(sls_rows) // SLS_PER_PPL
        connection.execute(insert(Officer), [
            {"id": o + 1, "nik": f"6371010101900{o + 1:03d}"[:16], "name": f"PPL {o + 1}",
             "role": "ppl", "status": "aktif", "kecamatan_id": o * SLS_PER_PPL //
             (KELURAHAN * SLS_PER_KELURAHAN) + 1, "version_id": 1}
            for o in range(ppl_count)])
        teams = (ppl_count + TEAM_SIZE - 1) // TEAM_SIZE
        connection.execute(insert(Team), [
            {"id": t + 1, "code": f"T{t + 1:03d}", "name": f"Tim {t + 1}", "version_id": 1}
            for t in range(teams)])
        connection.execute(insert(TeamMember), [
            {"team_id": o // TEAM_SIZE + 1, "officer_id": o + 1} for o in range(ppl_count)])
        save_calendar(session, Calendar(field=Window(START, date(2020, 10, 31))))
    codes = [(row["id"], row["bps_code"], f"6371{(row['id'] - 1) // 500 + 1:02d}")
             for row in sls_rows]
    return codes, {row["id"]: (row["id"] - 1) // SLS_PER_PPL + 1 for row in sls_rows}


def _rows(batch_id: int, sls: list[tuple[int, str, str]], ppl_of: dict[int, int]
          ) -> list[tuple[Any, ...]]:
    rng = random.Random(2020)
    rows: list[tuple[Any, ...]] = []
    serial = 0
    per_sls = PERSONS // len(sls)
    for sls_id, code, kemendagri in sls:
        officer = ppl_of[sls_id]
        heaps, jan_1, men_only, fast = (officer % 97 == 3, officer % 89 == 5, officer % 83 == 7,
                                        officer % 79 == 11)
        made = 0
        while made < per_sls:
            serial += 1
            kk = compose_kk(kemendagri, date(2010, 1, 1) + timedelta(days=serial % 3650),
                            serial % 9999 + 1)
            day = START + timedelta(days=0 if fast else rng.randrange(30))
            visited = datetime(day.year, day.month, day.day, 8) + timedelta(
                minutes=rng.randrange(600))
            for _member in range(min(rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7)),
                                     per_sls - made)):
                serial += 1
                made += 1
                age = rng.randrange(90)
                if heaps:
                    age = age // 5 * 5
                born = date(2020 - age, 1, 1) if jan_1 else (
                    date(2019 - age, 1, 1) + timedelta(days=rng.randrange(365)))
                female = not men_only and rng.random() < 0.5
                nik = compose_nik(kemendagri, born, female, serial % 9999 + 1)
                rows.append((batch_id, f"Q{serial:09d}", serial, nik, kk, f"WARGA {serial}",
                             "P" if female else "L", born.isoformat(), code, "", sls_id, 0,
                             officer, visited.isoformat(" ")))
    return rows


OUTCOMES = """
INSERT INTO person_match (category, method, differing, field_id, field_batch_id, person_key,
                          kk, birth_date, sls_id)
SELECT CASE WHEN id - 300 * (id / 300) = 0 THEN 'ganda'
            WHEN id - 100 * (id / 100) = 1 THEN 'pindah'
            ELSE 'hanya_lapangan' END, 'none', '', id, batch_id, natural_key, kk, birth_date,
       sls_id
FROM field_result"""


def _timed(label: str, work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:7.2f} s")
    return result, seconds


@pytest.mark.parametrize("backend", ["SQLite", "PostgreSQL"])
def test_quality_over_a_million_persons(tmp_path: Path, backend: str, pg_schemas) -> None:  # type: ignore[no-untyped-def]
    with bench_database(backend, tmp_path, pg_schemas, "kualitas") as url:
        db = open_bench(url)
        sls, ppl_of = _master(db)
        with db.session() as session:
            batch = ImportBatch(kind=ImportKind.LAPANGAN, file_name="bench-lapangan.xlsx",
                                file_sha256="q" * 64, sheet_name="Data")
            session.add(batch)
            session.flush()
            rows = _rows(batch.id, sls, ppl_of)
            connection = session.connection()
            with bulk_loading(connection), bulk_inserter(
                    connection, FieldResult.__table__, COLUMNS) as write:  # type: ignore[arg-type]
                write(rows)
            connection.exec_driver_sql(OUTCOMES)
            session.commit()
        with db.engine.begin() as connection:  # as an import leaves it a moment later
            # only this schema's tables: a bare ANALYZE would wait on every other schema's
            connection.exec_driver_sql("ANALYZE field_result, person_match, sls, officer"
                                       if backend == "PostgreSQL"
                                       else "PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"\n[Kualitas · {backend}] {len(rows):,} penduduk lapangan, {len(ppl_of) // 5} PPL")
        del rows
        with db.session() as session:
            officers._COUNTS_CACHE.clear()
            ppl, ppl_seconds = _timed("quality_rows per PPL", lambda: quality_rows(session))
            officers._COUNTS_CACHE.clear()
            kecamatan, _ = _timed("quality_rows per kecamatan",
                                  lambda: quality_rows(session, QualityLevel.KECAMATAN))
            _timed("quality_rows per tim (hitungan sudah dibaca)",
                   lambda: quality_rows(session, QualityLevel.TIM))
            officers._COUNTS_CACHE.clear()
            flags, _ = _timed("flag_count (pertama)", lambda: flag_count(session))
            again, warm = _timed("flag_count (kedua, data tidak berubah)",
                                 lambda: flag_count(session))
            flagged = next(row for row in ppl if Measure.WHIPPLE in row.flags)
            records, _ = _timed("flagged_records (Whipple satu PPL)", lambda: flagged_records(
                session, officer_id=flagged.key, measure=Measure.WHIPPLE))
        print(f"  {len(ppl)} PPL, {len(kecamatan)} kecamatan, {flags} tanda, "
              f"{len(records)} catatan di balik satu tanda")
        assert sum(row.persons for row in kecamatan) == PERSONS
        assert flags == again == sum(len(row.flags) for row in ppl) and warm < 1
        assert {Measure.WHIPPLE, Measure.JAN_1, Measure.SEX_RATIO, Measure.PACE} <= {
            measure for row in ppl for measure in row.flags}
        assert ppl_seconds < 60
        db.dispose()
