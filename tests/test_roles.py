"""Roles in the core: each guarded operation refuses a role lacking its permission."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.access import (
    ROLE_PERMISSIONS,
    AccessDenied,
    Actor,
    Permission,
)
from models.accounts.admin import list_users
from models.areas.edit import add_sls
from models.assignment.assign import assign
from models.audit.queries import AuditFilter, audit_lines
from models.backup.copies import backup_now, restore
from models.errors import KendaliError
from models.letters.issue import issue_letters
from models.office.profile import get_profile, update_profile
from models.persons.recap import save_recaps
from models.persons.rollback import rollback_batch
from models.recon.export import export_persons
from models.recon.review import revoke
from models.recon.run import run_reconciliation
from models.schema.users import AuditLog, UserRole
from models.store.db import Database

ACTORS = {role: Actor(role.value, role.value.title(), role) for role in UserRole}

# One call per permission; each passes the guard first, then may fail for its own reasons.
OPERATIONS: dict[Permission, Callable[[Session, Path], object]] = {
    Permission.IMPORT_DATA: lambda s, tmp: save_recaps(s, []),
    Permission.RECONCILE: lambda s, tmp: run_reconciliation(s),
    Permission.ROLLBACK_IMPORT: lambda s, tmp: rollback_batch(s, 999),
    Permission.EDIT_MASTER: lambda s, tmp: add_sls(s, 999, "0001", "RT 01", households=10),
    Permission.ASSIGN: lambda s, tmp: assign(s, {}, {}, "x"),
    Permission.RESOLVE: lambda s, tmp: revoke(s, 999),
    Permission.ISSUE_LETTERS: lambda s, tmp: issue_letters(s, [], tmp / "surat.pdf", "x"),
    Permission.SEE_FULL_NIK: lambda s, tmp: export_persons(s, tmp / "orang.xlsx", masked=False),
    Permission.EDIT_SETTINGS: lambda s, tmp: update_profile(s, get_profile(s)),
    Permission.MANAGE_USERS: lambda s, tmp: list_users(s),
    Permission.VIEW_AUDIT: lambda s, tmp: audit_lines(s, AuditFilter()),
}


def test_each_role_includes_the_one_below() -> None:
    staf, supervisor, admin = (ROLE_PERMISSIONS[r] for r in
                               (UserRole.STAF, UserRole.SUPERVISOR, UserRole.ADMIN))
    assert staf == {Permission.IMPORT_DATA, Permission.RECONCILE}
    assert staf < supervisor < admin == set(Permission)
    assert {Permission.MANAGE_USERS, Permission.EDIT_SETTINGS, Permission.RESTORE,
            Permission.VIEW_AUDIT, Permission.BACKUP}.isdisjoint(supervisor)


def _entries(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditLog)) or 0


@pytest.mark.parametrize("role", list(UserRole))
def test_the_core_refuses_what_the_role_may_not_do(db: Database, tmp_path: Path,
                                                   role: UserRole) -> None:
    acting = db.acting_as(ACTORS[role])
    for permission, operation in OPERATIONS.items():
        before = _entries(db)
        with acting.session() as session:
            try:
                operation(session, tmp_path)
            except AccessDenied as denied:
                assert not ACTORS[role].can(permission), f"{role} refused {permission}"
                assert "tidak boleh" in denied.message and permission.value in denied.message
                assert _entries(db) == before  # refused before anything was written
                continue
            except KendaliError:
                pass  # past the guard: refused for its own reason (unknown id, nothing to do)
        assert ACTORS[role].can(permission), f"{role} was allowed {permission}"


def test_nobody_signed_in_may_do_nothing(db_url: str, tmp_path: Path) -> None:
    from models.launch.opening import open_database

    anonymous, _ = open_database(db_url)
    try:
        for operation in OPERATIONS.values():
            with anonymous.session() as session, pytest.raises(AccessDenied, match="Masuk"):
                operation(session, tmp_path)
    finally:
        anonymous.dispose()


def test_backup_and_restore_need_the_admin(db: Database, tmp_path: Path) -> None:
    if not db.is_sqlite:
        pytest.skip("file backups are for SQLite")
    supervisor = db.acting_as(ACTORS[UserRole.SUPERVISOR])
    with pytest.raises(AccessDenied, match="cadangan"):
        backup_now(supervisor, tmp_path / "cadangan")
    copy = backup_now(db, tmp_path / "cadangan")
    with pytest.raises(AccessDenied, match="memulihkan"):
        restore(supervisor, copy, tmp_path / "aman")
    assert not (tmp_path / "aman").exists()
