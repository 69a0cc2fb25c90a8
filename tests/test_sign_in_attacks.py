"""Sign-in under attack: parallel guesses are all counted, and no refusal tells names apart."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select

from models.access import SYSTEM
from models.accounts.admin import UserEdit, add_user, list_users, update_user
from models.accounts.auth import FAILED, LOCK_MINUTES, MAX_FAILURES, LoginFailed, authenticate
from models.launch.opening import open_database
from models.schema.base import utcnow
from models.schema.users import AuditLog, UserRole
from models.store.db import Database
from tests.processes import outcome, run_together

PASSWORD = "rahasia123"
WRONG = "keliru123"
GUESSERS, WAVES = 10, 3


def _accounts(db: Database) -> None:
    with db.session() as session:
        add_user(session, "sari", "Sari Pengawas", nip="", role=UserRole.SUPERVISOR,
                 password=PASSWORD)
        add_user(session, "budi", "Budi Staf", nip="", role=UserRole.STAF, password=PASSWORD)


def _sign_in(url: str, name: str, password: str, rounds: int, start: Any,
             results: Any) -> None:
    """One PC signing in `rounds` times, each time together with the others."""
    db, _ = open_database(url)
    system = db.acting_as(SYSTEM)
    for step in range(rounds):
        start.wait()
        with system.session() as session:
            results.put((step, outcome(partial(authenticate, session, name, password))))
    db.dispose()


def _entries(db: Database, action: str, username: str) -> list[AuditLog]:
    with db.session() as session:
        return list(session.scalars(select(AuditLog).where(
            AuditLog.action == action, AuditLog.username == username)))


def test_waves_of_parallel_wrong_passwords_are_all_counted_and_lock(db_url: str,
                                                                   db: Database) -> None:
    _accounts(db)
    waves = run_together(_sign_in, [(db_url, "sari", WRONG, WAVES)] * GUESSERS, WAVES)
    with db.session() as session:
        with pytest.raises(LoginFailed, match="salah"):  # the right one is refused now
            authenticate(session, "sari", PASSWORD)
        assert next(r for r in list_users(session) if r.username == "sari").locked
    failures = _entries(db, "gagal masuk", "sari")
    assert len(failures) == GUESSERS * WAVES + 1  # every attempt is in the log
    tested = [f for f in failures if (f.after or {}).get("alasan") == "kata sandi salah"]
    assert len(tested) == MAX_FAILURES  # only so many passwords were ever tested
    assert len(_entries(db, "akun dikunci", "sari")) == 1
    assert waves == [[f"LoginFailed: {FAILED}"] * GUESSERS] * WAVES
    with db.session() as session:
        later = utcnow() + timedelta(minutes=LOCK_MINUTES, seconds=30)
        assert authenticate(session, "sari", PASSWORD, later).actor.username == "sari"


def test_two_right_passwords_at_the_same_moment_both_sign_in(db_url: str, db: Database) -> None:
    _accounts(db)
    rounds = 4
    outcomes = run_together(_sign_in, [(db_url, "sari", PASSWORD, rounds)] * 2, rounds)
    assert outcomes == [["ok", "ok"]] * rounds
    assert len(_entries(db, "masuk", "sari")) == 2 * rounds


def _refusal(db: Database, name: str, password: str, when: Any = None) -> tuple[str, float]:
    with db.acting_as(SYSTEM).session() as session, pytest.raises(LoginFailed) as failed:
        authenticate(session, name, password, when)
    return failed.value.message, failed.value.retry_after


def _median_seconds(call: Callable[[], object], times: int = 5) -> float:
    spent = []
    for _ in range(times):
        began = time.perf_counter()
        call()
        spent.append(time.perf_counter() - began)
    return statistics.median(spent)


def test_every_refusal_has_the_same_words_and_takes_the_same_time(db: Database) -> None:
    _accounts(db)
    now = utcnow()
    # Each wrong password of 'sari' in a window of its own: never locked by these.
    fresh = iter(now + timedelta(minutes=2 * LOCK_MINUTES * k) for k in range(1, 100))
    for _ in range(MAX_FAILURES):
        _refusal(db, "budi", WRONG)  # 'budi' is locked from here on
    answers = {
        "nama tidak dikenal": _refusal(db, "tidakada", WRONG),
        "kata sandi salah": _refusal(db, "sari", WRONG, next(fresh)),
        "akun terkunci, sandi salah": _refusal(db, "budi", WRONG),
        "akun terkunci, sandi benar": _refusal(db, "budi", PASSWORD),
    }
    assert set(answers.values()) == {(FAILED, 1.0)}, answers
    assert "Sisa" not in FAILED and "budi" not in FAILED
    costs = {
        "unknown": _median_seconds(lambda: _refusal(db, "tidakada", WRONG)),
        "wrong": _median_seconds(lambda: _refusal(db, "sari", WRONG, next(fresh))),
        "locked": _median_seconds(lambda: _refusal(db, "budi", PASSWORD)),
    }
    assert max(costs.values()) < 3 * min(costs.values()), costs



def test_a_sign_in_does_not_make_an_admins_open_edit_stale(db: Database) -> None:
    _accounts(db)
    with db.session() as session:
        sari = next(r for r in list_users(session) if r.username == "sari")
    with db.acting_as(SYSTEM).session() as session:  # sari signs in on her PC meanwhile
        authenticate(session, "sari", PASSWORD)
    with db.session() as session:
        update_user(session, sari.id, UserEdit("Sari Wulandari", "", UserRole.SUPERVISOR, True),
                    sari.version)
        assert next(r for r in list_users(session) if r.id == sari.id).full_name == \
            "Sari Wulandari"
