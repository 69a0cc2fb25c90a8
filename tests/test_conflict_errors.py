"""A deadlock, a serialization failure, a busy SQLite file: tried again, else one clear message."""
from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import psycopg.errors
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.context import AppContext, DataBus
from desktop.settings import AppSettings
from desktop.tasks import Op
from models.assignment import assign as assignment
from models.assignment.assign import assign, sls_versions
from models.cli import main as cli
from models.errors import ConcurrentChangeError, StaleEditError
from models.launch.opening import open_database
from models.schema.users import AuditLog
from models.store.errors import conflict_error
from tests.builders import SmallCity
from tests.conftest import TEST_ADMIN

CHANGED = "sedang diubah pengguna lain"


def _deadlock() -> OperationalError:
    return OperationalError("UPDATE sls ...", {}, psycopg.errors.DeadlockDetected(
        "deadlock detected\nDETAIL:  Process 1 waits for ShareLock on transaction 2"))


@pytest.mark.parametrize("error", [
    _deadlock(),
    OperationalError("UPDATE ...", {}, psycopg.errors.SerializationFailure(
        "could not serialize access due to concurrent update")),
    psycopg.errors.DeadlockDetected("deadlock detected"),  # straight from a COPY
    OperationalError("UPDATE ...", {}, sqlite3.OperationalError("database is locked")),
], ids=["deadlock", "serialization", "copy", "sqlite-busy"])
def test_each_kind_of_crossing_reads_as_changed_by_someone_else(error: Exception) -> None:
    conflict = conflict_error(error)
    assert isinstance(conflict, ConcurrentChangeError) and isinstance(conflict, StaleEditError)
    assert CHANGED in conflict.message and "Tidak ada yang disimpan" in conflict.message
    assert conflict.detail and "\n" not in conflict.detail


@pytest.mark.parametrize("error", [
    IntegrityError("INSERT ...", {}, psycopg.errors.UniqueViolation("duplicate key")),
    OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error")),
    ValueError("database is locked"),
])
def test_other_failures_are_not_taken_for_a_crossing(error: Exception) -> None:
    assert conflict_error(error) is None


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return SmallCity(session)


def test_a_save_crossed_by_a_deadlock_is_tried_again(db, city: SmallCity,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    real, tries = assignment._claim, []

    def crossed_once(session, seen):  # type: ignore[no-untyped-def]
        tries.append(1)
        real(session, seen)
        if len(tries) == 1:
            raise _deadlock()

    monkeypatch.setattr(assignment, "_claim", crossed_once)
    s1, s2 = city.sls_ids[:2]
    with db.session() as session:
        assign(session, {s1: city.ppl_ids[0], s2: city.ppl_ids[0]},
               sls_versions(session, [s1, s2]), "sari")
        assert SmallCity.current(session) == {s1: city.ppl_ids[0], s2: city.ppl_ids[0]}
        entries = session.scalars(select(AuditLog.action)
                                  .where(AuditLog.action == "tugaskan PPL")).all()
    assert len(tries) == 2 and len(entries) == 1


def test_a_save_crossed_every_time_is_refused_with_the_message(db, city: SmallCity,  # type: ignore[no-untyped-def]
                                                               monkeypatch) -> None:
    def always(session, seen):  # type: ignore[no-untyped-def]
        raise _deadlock()

    monkeypatch.setattr(assignment, "_claim", always)
    s1 = city.sls_ids[0]
    with db.session() as session, pytest.raises(ConcurrentChangeError, match=CHANGED):
        assign(session, {s1: city.ppl_ids[0]}, sls_versions(session, [s1]), "sari")
    with db.session() as session:
        assert SmallCity.current(session) == {}


def test_a_sqlite_file_busy_past_its_wait_refuses_the_save_clearly(tmp_path: Path) -> None:
    path = tmp_path / "kantor.sqlite"
    db, _ = open_database(str(path), busy_timeout_s=0.2)
    db = db.acting_as(TEST_ADMIN)
    with db.session() as session:
        city = SmallCity(session)
    other = sqlite3.connect(path)  # another program holding the write lock
    other.execute("BEGIN IMMEDIATE")
    try:
        s1 = city.sls_ids[0]
        with db.session() as session, pytest.raises(ConcurrentChangeError, match=CHANGED):
            assign(session, {s1: city.ppl_ids[0]}, sls_versions(session, [s1]), "sari")
    finally:
        other.rollback()
        other.close()
    with db.session() as session:
        assert SmallCity.current(session) == {}
    db.dispose()


def test_the_window_shows_a_deadlock_as_changed_by_someone_else(qtbot, db, dialogs,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    settings = AppSettings(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    parent = QWidget()
    qtbot.addWidget(parent)

    def crossed(_session, _progress):  # type: ignore[no-untyped-def]
        raise _deadlock()

    op = Op(parent, AppContext(db, settings, DataBus()), crossed, dialogs=dialogs)
    with qtbot.waitSignal(op.signals.finished, timeout=10_000):
        op.start()
    [(_, text, _)] = dialogs.errors
    assert CHANGED in text and "deadlock" not in text


def crossed_command(_args: argparse.Namespace) -> int:
    """A command whose transaction PostgreSQL chose as the deadlock's victim."""
    raise _deadlock()


def test_the_command_line_answers_a_deadlock_with_exit_code_2(
        capsys: pytest.CaptureFixture[str]) -> None:
    handler = f"{__name__}:crossed_command"
    assert cli.run_command(argparse.Namespace(handler=handler, verbose=False)) == 2
    err = capsys.readouterr().err
    assert CHANGED in err and "Traceback" not in err
