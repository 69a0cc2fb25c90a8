"""Two PCs writing the same rows at once: waits, never deadlocks, and a clear message if refused."""
from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from models.assignment.assign import assign, sls_versions
from models.ids.nik import compose_nik
from models.launch.opening import open_database
from models.persons.day_counts import day_counts
from models.persons.fields import FIELDS
from models.persons.importing import OnError, import_persons
from models.schema.batches import ImportKind, OnlineSubmission
from models.sheets.importing import inspect_file
from models.store import retry
from tests.builders import SmallCity, set_office_codes, write_csv
from tests.conftest import TEST_ADMIN
from tests.processes import outcome, run_together

SLS_COUNT = 1200  # more than two chunks of 500: the chunks of one save are locked one by one
PERSONS = 3000  # enough for two imports to be inside their inserts at the same moment
HEADER = ["NIK", "No. KK", "Nama", "JK", "Tgl Lahir", "IDSLS", "Alamat", "Waktu"]



def _save(url: str, sls_ids: list[int], officer_id: int, rounds: int, start: Any,
          results: Any) -> None:
    """A supervisor saving every SLS of `sls_ids` (in that order) for one PPL, `rounds`
    times; a deadlock is not tried again here, so the test sees it."""
    retry.ATTEMPTS = 1
    db, _ = open_database(url)
    db = db.acting_as(TEST_ADMIN)
    for step in range(rounds):
        with db.session() as session:
            seen = sls_versions(session, sls_ids)
            session.rollback()
            start.wait()
            targets = dict.fromkeys(sls_ids, officer_id)
            results.put((step, outcome(partial(assign, session, targets, seen,
                                               f"pc-{officer_id}"))))
    db.dispose()


def test_overlapping_saves_in_opposite_orders_never_deadlock(db_url: str, db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        city = SmallCity(session, households=(10,) * SLS_COUNT)
    ids, (first, second) = city.sls_ids, city.ppl_ids[:2]
    rounds = 3
    outcomes = run_together(_save, [(db_url, ids, first, rounds),
                                    (db_url, ids[::-1], second, rounds)], rounds)
    for step in outcomes:  # one wins, the other finds the versions moved on
        assert step[1] == "ok" and step[0].startswith("StaleEditError: 1200 SLS"), outcomes
    with db.session() as session:
        assert len(set(SmallCity.current(session).values())) == 1


def _person(n: int, tag: str = "") -> list[Any]:
    born = date(1950 + n % 60, 1 + n % 12, 1 + n % 28)
    return [compose_nik("637104", born, n % 2 == 1, n % 9999 + 1), "6371040101200001",
            f"Warga {n}{tag}", "", "", "6371040001000100", "", ""]


def _import(url: str, path: str, start: Any, results: Any) -> None:
    retry.ATTEMPTS = 1
    db, _ = open_database(url)
    db = db.acting_as(TEST_ADMIN)
    preview = inspect_file(Path(path), FIELDS[ImportKind.ONLINE], ImportKind.ONLINE.value)

    def run() -> None:
        with db.session() as session:
            report = import_persons(session, ImportKind.ONLINE, Path(path), preview.mapping,
                                    sheet=preview.sheet, on_error=OnError.NOTHING)
            assert report.stored

    start.wait()
    results.put((0, outcome(run)))
    db.dispose()


@pytest.mark.parametrize("stored_before", [False, True], ids=["baru", "diperbarui"])
def test_two_imports_sharing_persons_in_opposite_orders_both_store(
        db_url: str, db, tmp_path: Path, stored_before: bool) -> None:  # type: ignore[no-untyped-def]
    if db.is_sqlite:
        pytest.skip("SQLite has one writer: the second import waits for the whole file")
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
    if stored_before:  # both files then bring a new version of every stored person
        base = write_csv(tmp_path / "awal.csv", [HEADER, *map(_person, range(PERSONS))])
        preview = inspect_file(base, FIELDS[ImportKind.ONLINE], ImportKind.ONLINE.value)
        with db.session() as session:
            import_persons(session, ImportKind.ONLINE, base, preview.mapping, sheet=preview.sheet)
    files = [write_csv(tmp_path / f"pc-{tag}.csv",
                       [HEADER, *(_person(n, tag) for n in order)])
             for tag, order in (("a", range(PERSONS)), ("b", reversed(range(PERSONS))))]
    [outcomes] = run_together(_import, [(db_url, str(path)) for path in files])
    assert outcomes == ["ok", "ok"]
    with db.session() as session:
        current = session.execute(
            select(OnlineSubmission.natural_key, func.count())
            .where(OnlineSubmission.replaced_by_batch_id.is_(None))
            .group_by(OnlineSubmission.natural_key)).all()
        assert len(current) == PERSONS and {n for _, n in current} == {1}
        counted = sum(amount for _, _, amount in day_counts(session, ImportKind.ONLINE))
        assert counted == PERSONS  # the day counts saw both imports, one after the other


MASTER_HEADER = ["Kode SLS", "Nama SLS", "Jumlah KK", "Nama Kecamatan", "Nama Desa"]


def _master_import(url: str, path: str, start: Any, results: Any) -> None:
    from models.areas import importing as wilayah_import

    retry.ATTEMPTS = 1
    db, _ = open_database(url)
    db = db.acting_as(TEST_ADMIN)
    preview = inspect_file(Path(path), wilayah_import.FIELDS, wilayah_import.KIND)

    def run() -> None:
        with db.session() as session:
            wilayah_import.import_wilayah(session, Path(path), preview.mapping, sheet=preview.sheet)

    start.wait()
    results.put((0, outcome(run)))
    db.dispose()


def test_two_master_imports_of_overlapping_files_in_opposite_orders_both_store(
        db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if db.is_sqlite:
        pytest.skip("SQLite has one writer: the second import waits for the whole file")
    with db.session() as session:
        set_office_codes(session)
    rows = [[f"637104000{k % 4 + 1}{n:04d}00", f"RT {n:03d}", 10 + tag, "Banjarmasin Utara",
             f"Kelurahan {k % 4 + 1}"] for k, n in ((k, k + 1) for k in range(1500))
            for tag in (0,)]
    files = []
    for tag, order in (("a", rows), ("b", rows[::-1])):
        changed = [[*row[:2], row[2] + (1 if tag == "b" else 0), *row[3:]] for row in order]
        files.append(write_csv(tmp_path / f"wilayah-{tag}.csv", [MASTER_HEADER, *changed]))
    [outcomes] = run_together(_master_import, [(db.url.render_as_string(hide_password=False),
                                                str(path)) for path in files])
    assert outcomes == ["ok", "ok"], outcomes
    from models.schema.areas import Sls

    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Sls)) == 1500


def test_the_same_file_from_two_pcs_at_once_is_stored_once(db_url: str, db,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite has one writer: the second import waits for the whole file")
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
    path = write_csv(tmp_path / "sama.csv", [HEADER, *map(_person, range(PERSONS))])
    [outcomes] = run_together(_import, [(db_url, str(path)), (db_url, str(path))])
    assert outcomes[0].startswith("AlreadyImported") and outcomes[1] == "ok", outcomes
