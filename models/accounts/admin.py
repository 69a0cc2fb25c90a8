"""The admin's work on accounts: list, add, change role or name, deactivate, reset, unlock.

There is always at least one active admin: the last one can be neither demoted nor
deactivated, so the office can never lock itself out of its own settings.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.access import Permission, actor_of, require
from models.accounts import password_store
from models.accounts.auth import (
    MAX_FAILURES,
    PasswordRejected,
    check_new_password,
    hash_password,
    new_user,
)
from models.audit import log as audit
from models.errors import KendaliError, StaleEditError
from models.schema.base import utcnow
from models.schema.users import User, UserRole


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    nip: str
    role: UserRole
    active: bool
    locked: bool
    must_change_password: bool
    last_login_at: datetime | None
    version: int


@dataclass(frozen=True)
class UserEdit:
    full_name: str
    nip: str
    role: UserRole
    active: bool


def list_users(session: Session, now: datetime | None = None) -> list[UserRow]:
    require(session, Permission.MANAGE_USERS)
    now = now or utcnow()
    users = session.scalars(select(User).order_by(User.username))
    return [UserRow(u.id, u.username, u.full_name, u.nip, u.role, u.active,
                    u.failed_logins >= MAX_FAILURES and u.locked_until is not None
                    and u.locked_until > now,
                    u.must_change_password, u.last_login_at, u.version_id) for u in users]


def add_user(session: Session, username: str, full_name: str, *, nip: str, role: UserRole,
             password: str) -> int:
    """A new account with a password the admin chose; its owner replaces it at first sign-in."""
    require(session, Permission.MANAGE_USERS)
    user = new_user(username, full_name, nip=nip, role=role, password=password, must_change=True)
    taken = session.scalar(select(User.id).where(func.lower(User.username) == user.username))
    if taken is not None:
        raise KendaliError(f"Nama pengguna '{user.username}' sudah dipakai.")
    session.add(user)
    session.commit()
    return user.id


def _get(session: Session, user_id: int, seen_version: int | None = None) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise KendaliError("Pengguna tidak ditemukan; mungkin sudah diubah di komputer lain.")
    if seen_version is not None and user.version_id != seen_version:
        raise KendaliError(f"Akun '{user.username}' baru saja diubah di komputer lain. "
                           "Muat ulang daftar, lalu ulangi.")
    return user


def _commit(session: Session, user: User) -> None:
    """Commit an edit of `user`, refused if another PC saved the account since it was read
    (sign-ins do not count: they leave the version alone)."""
    username = user.username
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleEditError(f"Akun '{username}' baru saja diubah di komputer lain. Tidak ada "
                             "yang disimpan; muat ulang daftar, lalu ulangi.") from exc


def _other_active_admins(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == UserRole.ADMIN, User.active.is_(True), User.id != user_id)) or 0


def update_user(session: Session, user_id: int, edit: UserEdit, seen_version: int) -> None:
    require(session, Permission.MANAGE_USERS)
    user = _get(session, user_id, seen_version)
    if not edit.full_name.strip():
        raise KendaliError("Nama lengkap wajib diisi.")
    stays_admin = edit.role is UserRole.ADMIN and edit.active
    if user.role is UserRole.ADMIN and not stays_admin and not _other_active_admins(session,
                                                                                  user_id):
        raise KendaliError(f"'{user.username}' adalah satu-satunya admin aktif. Jadikan "
                           "pengguna lain admin dahulu, agar pengaturan tetap dapat diubah.")
    user.full_name, user.nip = edit.full_name.strip(), edit.nip.strip()
    user.role, user.active = edit.role, edit.active
    _commit(session, user)


def reset_password(session: Session, user_id: int, new_password: str) -> None:
    """For a forgotten password: the admin sets one, which its owner must replace."""
    require(session, Permission.MANAGE_USERS)
    user = _get(session, user_id)
    check_new_password(new_password, user.username)
    user.password_hash = hash_password(new_password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    _commit(session, user)


def unlock(session: Session, user_id: int) -> None:
    require(session, Permission.MANAGE_USERS)
    user = _get(session, user_id)
    audit.record(session, "buka kunci", "pengguna", user.id,
                 before={"gagal": user.failed_logins}, after={"gagal": 0})
    user.failed_logins, user.locked_until = 0, None
    _commit(session, user)


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    """Any signed-in user; the old password is asked again so an unattended PC is not enough."""
    actor = actor_of(session)
    user = _get(session, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise KendaliError("Akun ini tidak dapat mengganti kata sandi.")
    if not password_store.password_matches(session, user.id, old_password):
        raise PasswordRejected("Kata sandi lama salah.")
    if new_password == old_password:
        raise PasswordRejected("Kata sandi baru harus berbeda dari yang lama.")
    check_new_password(new_password, user.username)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    _commit(session, user)
