"""Signing in, the lockout, the admin's work on accounts, and the audit trail of changes."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from models.access import SYSTEM, AccessDenied, Actor
from models.accounts.admin import (
    UserEdit,
    add_user,
    change_own_password,
    list_users,
    unlock,
    update_user,
)
from models.accounts.auth import (
    FAILED,
    LOCK_MINUTES,
    MAX_FAILURES,
    LoginFailed,
    PasswordRejected,
    authenticate,
    create_first_admin,
)
from models.areas.edit import rename_area
from models.areas.queries import AreaLevel
from models.audit.export import export_audit
from models.audit.queries import AuditFilter
from models.errors import KendaliError
from models.schema.areas import Kecamatan
from models.schema.base import utcnow
from models.schema.users import AuditLog, UserRole
from models.sheets.reading import iter_rows
from models.store.db import Database

PASSWORD = "rahasia123"


@pytest.fixture
def admin(db: Database) -> Actor:
    with db.acting_as(SYSTEM).session() as session:
        return create_first_admin(session, "Admin", "Kepala Kantor", PASSWORD)


def _actions(db: Database) -> list[str]:
    with db.session() as session:
        return [e.action for e in session.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_first_admin_only_once_then_sign_in(db: Database, admin: Actor) -> None:
    assert (admin.username, admin.role) == ("admin", UserRole.ADMIN)
    with db.session() as session:
        with pytest.raises(KendaliError, match="sudah dibuat"):
            create_first_admin(session, "lain", "Lain", PASSWORD)
        login = authenticate(session, " ADMIN ", PASSWORD)
    assert login.actor == admin and not login.must_change_password
    assert _actions(db) == ["buat admin pertama", "masuk"]


def test_wrong_passwords_lock_the_account_for_the_window(db: Database, admin: Actor) -> None:
    now = utcnow()
    with db.session() as session:
        for attempt in range(MAX_FAILURES):
            with pytest.raises(LoginFailed) as failed:
                authenticate(session, "admin", "keliru123", now + timedelta(seconds=attempt))
            assert (failed.value.message, failed.value.retry_after) == (FAILED, 1.0)
        with pytest.raises(LoginFailed) as locked:  # the right password does not open a lock
            authenticate(session, "admin", PASSWORD, now + timedelta(minutes=5))
        assert locked.value.message == FAILED
        login = authenticate(session, "admin", PASSWORD,
                             now + timedelta(minutes=LOCK_MINUTES, seconds=MAX_FAILURES))
    assert login.actor.username == "admin"
    actions = _actions(db)
    assert actions.count("gagal masuk") == MAX_FAILURES + 1
    assert actions.count("akun dikunci") == 1 and actions[-1] == "masuk"


def test_failures_outside_the_window_do_not_add_up(db: Database, admin: Actor) -> None:
    now = utcnow()
    with db.session() as session:
        for attempt in range(2 * MAX_FAILURES):
            with pytest.raises(LoginFailed):
                authenticate(session, "admin", "keliru123",
                             now + timedelta(minutes=attempt * LOCK_MINUTES / 4))
        assert authenticate(session, "admin", PASSWORD,
                            now + timedelta(minutes=2 * MAX_FAILURES * LOCK_MINUTES / 4))
    assert "akun dikunci" not in _actions(db)


def test_an_unknown_name_gets_the_same_answer(db: Database, admin: Actor) -> None:
    with db.session() as session, pytest.raises(LoginFailed) as failed:
        authenticate(session, "tidakada", PASSWORD)
    assert failed.value.message == FAILED


def test_admin_adds_a_user_who_must_choose_a_password(db: Database, admin: Actor) -> None:
    signed = db.acting_as(admin)
    with signed.session() as session:
        with pytest.raises(PasswordRejected, match="huruf dan angka"):
            add_user(session, "budi", "Budi", nip="", role=UserRole.STAF, password="12345678")
        user_id = add_user(session, "budi", "Budi Santoso", nip="", role=UserRole.STAF,
                           password="awal1234")
        with pytest.raises(KendaliError, match="sudah dipakai"):
            add_user(session, "BUDI", "Budi Lain", nip="", role=UserRole.STAF, password="awal1234")
        login = authenticate(session, "budi", "awal1234")
    assert login.must_change_password and login.actor.role is UserRole.STAF
    budi = db.acting_as(login.actor)
    with budi.session() as session:
        with pytest.raises(PasswordRejected, match="lama salah"):
            change_own_password(session, "salah999", "milikku99")
        change_own_password(session, "awal1234", "milikku99")
        assert not authenticate(session, "budi", "milikku99").must_change_password
    with signed.session() as session:
        row = next(r for r in list_users(session) if r.id == user_id)
        assert row.role is UserRole.STAF and not row.must_change_password
        entry = session.scalars(select(AuditLog).where(AuditLog.action == "tambah",
                                                       AuditLog.entity == "pengguna")).one()
    assert entry.username == "admin" and entry.after["password_hash"] == "(disembunyikan)"
    assert PASSWORD not in str(entry.after) and "argon2" not in str(entry.after)


def test_the_last_admin_stays_admin(db: Database, admin: Actor) -> None:
    signed = db.acting_as(admin)
    with signed.session() as session:
        me = next(r for r in list_users(session) if r.username == "admin")
        with pytest.raises(KendaliError, match="satu-satunya admin"):
            update_user(session, me.id, UserEdit("Kepala", "", UserRole.STAF, True), me.version)
        with pytest.raises(KendaliError, match="satu-satunya admin"):
            update_user(session, me.id, UserEdit("Kepala", "", UserRole.ADMIN, False), me.version)
        other = add_user(session, "wakil", "Wakil", nip="", role=UserRole.ADMIN,
                         password="wakil1234")
        update_user(session, me.id, UserEdit("Kepala", "", UserRole.SUPERVISOR, True),
                    me.version)
        rows = {r.username: r for r in list_users(session)}
    assert rows["admin"].role is UserRole.SUPERVISOR and rows["wakil"].id == other


def test_admin_unlocks_a_locked_account(db: Database, admin: Actor) -> None:
    signed = db.acting_as(admin)
    with signed.session() as session:
        add_user(session, "sari", "Sari", nip="", role=UserRole.SUPERVISOR, password="awal1234")
    now = utcnow()
    with db.session() as session:
        for step in range(MAX_FAILURES):
            with pytest.raises(LoginFailed):
                authenticate(session, "sari", "keliru123", now + timedelta(seconds=20 * step))
    with signed.session() as session:
        sari = next(r for r in list_users(session) if r.username == "sari")
        assert sari.locked
        unlock(session, sari.id)
        assert authenticate(session, "sari", "awal1234").actor.username == "sari"


def test_an_edit_is_logged_with_before_and_after_and_a_rollback_leaves_nothing(
        db: Database) -> None:
    with db.session() as session:
        kec = Kecamatan(bps_code="6371040", name="Banjarmasin Utra", kemendagri_code="637104")
        session.add(kec)
        session.commit()
        kec_id, version = kec.id, kec.version_id
        rename_area(session, AreaLevel.KECAMATAN, kec_id, "Banjarmasin Utara", seen_version=version)
        entries = list(session.scalars(select(AuditLog).order_by(AuditLog.id)))
    assert [(e.action, e.entity) for e in entries] == [("tambah", "kecamatan"),
                                                       ("ubah", "kecamatan")]
    change = entries[1]
    assert change.username == "penguji" and change.entity_id == str(kec_id)
    assert change.before == {"name": "Banjarmasin Utra"}
    assert change.after == {"name": "Banjarmasin Utara"}
    with db.session() as session:
        session.add(Kecamatan(bps_code="6371050", name="Batal", kemendagri_code="637105"))
        session.flush()
        session.rollback()
    assert len(_actions(db)) == 2


def test_the_database_refuses_to_edit_or_delete_the_log(db: Database) -> None:
    with db.session() as session:
        session.add(Kecamatan(bps_code="6371040", name="Utara", kemendagri_code="637104"))
        session.commit()
    for statement in ("UPDATE audit_log SET username = 'x'", "DELETE FROM audit_log"):
        with db.engine.connect() as conn, pytest.raises(DBAPIError, match="hanya dapat ditambah"):
            conn.execute(text(statement))
    assert _actions(db) == ["tambah"]


def test_the_filtered_log_exports_to_xlsx_and_the_export_is_logged(
        db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        kec = Kecamatan(bps_code="6371040", name="Banjarmasin Utra", kemendagri_code="637104")
        session.add(kec)
        session.commit()
        rename_area(session, AreaLevel.KECAMATAN, kec.id, "Banjarmasin Utara",
                    seen_version=kec.version_id)
    staf = Actor("sari", "Sari", UserRole.STAF)
    with db.acting_as(staf).session() as session, pytest.raises(AccessDenied):
        export_audit(session, AuditFilter(), tmp_path / "dilarang.xlsx")
    assert not (tmp_path / "dilarang.xlsx").exists()

    target = tmp_path / "log.xlsx"
    with db.session() as session:
        assert export_audit(session, AuditFilter(action="ubah"), target) == 1

    header, row = list(iter_rows(target))
    assert header[:6] == ["Waktu", "Pengguna", "Tindakan", "Data", "ID", "Perubahan"]
    assert row[1:5] == ["penguji", "ubah", "kecamatan", str(kec.id)]
    assert row[5] == "Nama: Banjarmasin Utra → Banjarmasin Utara"  # in words, as on screen
    assert json.loads(row[6]) == {"name": "Banjarmasin Utra"}
    assert _actions(db)[-1] == "ekspor"
    with db.session() as session:
        logged = session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert logged is not None and logged.after is not None
    assert logged.after["entri"] == 1 and logged.after["saringan"] == "tindakan=ubah"
