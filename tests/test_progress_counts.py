"""The per-SLS day counts progress reads stay equal to the stored person rows.

They are kept by the writes (import, newer export, rollback, demo), so each of those is
followed here by the counts a user would see on the Progres page and in letters.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import text

from models.launch.opening import open_database
from models.persons.day_counts import day_counts, recount
from models.persons.importing import OnError
from models.persons.rollback import rollback_batch
from models.progress.facts import load_facts
from models.schema.batches import ImportBatch, ImportKind
from models.store import migrate
from tests.builders import write_xlsx
from tests.test_person_import import FIELD_HEADER, KK, SLS_A, city, person, run, sheet

__all__ = ["city"]  # the fixture, imported for its use here
SLS_B = "6371040002000100"
KK_2 = "6371040101200002"
MARCH_5, MARCH_9, MARCH_12 = date(2020, 3, 5), date(2020, 3, 9), date(2020, 3, 12)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 30)


def _counts(db, kind: ImportKind) -> dict[tuple[str, date], int]:  # type: ignore[no-untyped-def]
    """(SLS code or '-', day) → amount, as stored."""
    with db.session() as session:
        codes = dict(session.execute(text("SELECT id, bps_code FROM sls")).all())
        return {(codes.get(sls_id, "-"), day): amount
                for sls_id, day, amount in day_counts(session, kind)}


def test_online_counts_follow_import_newer_export_and_rollback(db, city, tmp_path: Path) -> None:
    first = sheet(tmp_path, "online-1.xlsx", [
        person(1, at=_at(MARCH_5)), person(2, at=_at(MARCH_5)), person(3, sls=SLS_B,
                                                                      at=_at(MARCH_9))])
    with db.session() as session:
        run(session, first)
    before = {(SLS_A, MARCH_5): 2, (SLS_B, MARCH_9): 1}
    assert _counts(db, ImportKind.ONLINE) == before
    # A newer export: person 2 filled again later in another SLS, person 4 is new, and
    # person 5 came without a time (counted on the import's day).
    newer = sheet(tmp_path, "online-2.xlsx", [
        person(1, at=_at(MARCH_5)), person(2, sls=SLS_B, at=_at(MARCH_12)),
        person(4, at=_at(MARCH_12)), person(5, at="")])
    with db.session() as session:
        report = run(session, newer)
    assert (report.inserted, report.updated, report.unchanged) == (2, 1, 1)
    with db.session() as session:
        imported = session.get(ImportBatch, report.batch_id).imported_at.date()
    after = {(SLS_A, MARCH_5): 1, (SLS_B, MARCH_9): 1, (SLS_B, MARCH_12): 1,
             (SLS_A, MARCH_12): 1, (SLS_A, imported): 1}
    assert _counts(db, ImportKind.ONLINE) == after
    # The import added its rows to the counts; counting everything again agrees.
    with db.session() as session:
        recount(session, ImportKind.ONLINE)
        session.commit()
    assert _counts(db, ImportKind.ONLINE) == after
    with db.session() as session:
        rollback_batch(session, report.batch_id)
    assert _counts(db, ImportKind.ONLINE) == before


def test_field_counts_households_on_the_day_their_first_member_was_found(
        db, city, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [[*person(1, kk=KK)[:7], "2020-03-05 10:00", ""],
            [*person(2, kk=KK)[:7], "2020-03-09 10:00", ""],  # same household, found later
            [*person(3, kk=KK_2)[:7], "2020-03-09 11:00", ""]]
    path = write_xlsx(tmp_path / "lapangan.xlsx", [FIELD_HEADER, *rows])
    with db.session() as session:
        report = run(session, path, ImportKind.LAPANGAN, OnError.VALID_ONLY)
    assert report.inserted == 3
    assert _counts(db, ImportKind.LAPANGAN) == {(SLS_A, MARCH_5): 1, (SLS_A, MARCH_9): 1}
    with db.session() as session:
        facts = load_facts(session)
    assert facts.field_at(city.sls_ids[0], MARCH_5) == 1
    assert facts.field_at(city.sls_ids[0], MARCH_9) == 2
    with db.session() as session:
        rollback_batch(session, report.batch_id)
    assert _counts(db, ImportKind.LAPANGAN) == {}


def test_a_file_with_nothing_new_leaves_the_counts(db, city, tmp_path: Path) -> None:
    with db.session() as session:
        run(session, sheet(tmp_path, "a.xlsx", [person(1, at=_at(MARCH_5))]))
        run(session, sheet(tmp_path, "b.xlsx", [person(1, at=_at(MARCH_5)), person(9, nik="1")]),
            on_error=OnError.VALID_ONLY)
    assert _counts(db, ImportKind.ONLINE) == {(SLS_A, MARCH_5): 1}


def test_upgrade_counts_the_rows_stored_before_the_counts_existed(db_url: str) -> None:
    db, _ = open_database(db_url)
    with db.engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0005")
        connection.execute(text(
            "INSERT INTO import_batch (id, kind, file_name, file_sha256, sheet_name, "
            "imported_at, imported_by, rows_read, rows_inserted, rows_updated, rows_unchanged, "
            "rows_rejected, rows_warned, status) VALUES (1, 'online', 'a.xlsx', 'x', 'Data', "
            "'2020-03-20 08:00:00', 'rina', 2, 2, 0, 0, 0, 0, 'aktif')"))
        connection.execute(text(
            "INSERT INTO online_submission (batch_id, natural_key, source_row, name, area_code, "
            "address, submitted_at, content_hash) VALUES "
            "(1, 'a', 2, 'A', '', '', '2020-03-05 09:00:00', 0), "
            "(1, 'b', 3, 'B', '', '', NULL, 0)"))
    assert migrate.upgrade_to_head(db).changed
    with db.session() as session:
        assert sorted(day_counts(session, ImportKind.ONLINE)) == [
            (None, date(2020, 3, 5), 1), (None, date(2020, 3, 20), 1)]
        recount(session, ImportKind.ONLINE)  # the model's count agrees with the migration's
        assert sorted(day_counts(session, ImportKind.ONLINE)) == [
            (None, date(2020, 3, 5), 1), (None, date(2020, 3, 20), 1)]
    db.dispose()
