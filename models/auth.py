"""Signing in: argon2 password hashes, failed attempts slowed down, then the account locked.

After each wrong password the account waits longer before the next try (1, 2, 4, 8 s);
the fifth wrong password in a row locks it for LOCK_MINUTES, or until an admin unlocks it.
A name that does not exist gets the same answer and costs the same time as a wrong
password, so trying names tells nothing about who has an account.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import audit, audit_trail
from models.access import Actor
from models.base import to_local, utcnow
from models.errors import KendaliError
from models.users import User, UserRole

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8

_hasher = PasswordHasher()  # argon2id with the library's recommended cost (~50 ms here)
_DUMMY_HASH = _hasher.hash("kendali-sensus: tidak ada pengguna ini")


class LoginFailed(KendaliError):
    """Wrong name or password; `retry_after` seconds must pass before the next try."""

    def __init__(self, message: str, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AccountLocked(KendaliError):
    """Too many wrong passwords in a row; `until` is naive UTC."""

    def __init__(self, message: str, until: datetime) -> None:
        super().__init__(message)
        self.until = until


class PasswordRejected(KendaliError):
    """A new password does not meet the rules; nothing was changed."""


@dataclass(frozen=True)
class Login:
    actor: Actor
    must_change_password: bool


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_new_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise PasswordRejected(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    if password.strip().lower() == username.strip().lower():
        raise PasswordRejected("Kata sandi tidak boleh sama dengan nama pengguna.")
    if password.isdigit() or password.isalpha():
        raise PasswordRejected("Kata sandi harus memuat huruf dan angka.")


def actor_for(user: User) -> Actor:
    return Actor(user.username, user.full_name, user.role, user.id)


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def wait_after(failures: int) -> float:
    """Seconds the account waits after `failures` wrong passwords in a row (below the lock)."""
    return float(2 ** (failures - 1)) if failures > 0 else 0.0


def _clock(at: datetime) -> str:
    local = to_local(at)
    assert local is not None
    return local.strftime("%H.%M")


def _locked_message(user: User, until: datetime) -> str:
    return (f"Akun '{user.username}' dikunci sampai pukul {_clock(until)} karena {MAX_FAILURES} "
            "kali salah kata sandi berturut-turut. Coba lagi setelah itu, atau minta admin "
            "membuka kuncinya di halaman Pengguna.")


def authenticate(session: Session, username: str, password: str,
                 now: datetime | None = None) -> Login:
    """Check the password and commit the outcome (counters and the audit entry).

    Raises LoginFailed (wrong name or password, or tried again too soon) or AccountLocked.
    """
    now = now or utcnow()
    name = username.strip().lower()
    user = session.scalar(select(User).where(func.lower(User.username) == name))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        audit.record(session, "gagal masuk", "pengguna", name[:50], None,
                     {"alasan": "nama tidak dikenal"}, by=name[:50])
        session.commit()
        raise LoginFailed("Nama pengguna atau kata sandi salah.", wait_after(1))
    if user.locked_until is not None and user.locked_until > now:
        if user.failed_logins >= MAX_FAILURES:
            raise AccountLocked(_locked_message(user, user.locked_until), user.locked_until)
        wait = (user.locked_until - now).total_seconds()
        raise LoginFailed(f"Tunggu {int(wait) + 1} detik sebelum mencoba lagi.", wait)
    if not verify_password(user.password_hash, password):
        _failed(session, user, now)  # commits, then raises
    if not user.active:
        raise LoginFailed("Akun ini dinonaktifkan. Hubungi admin kantor.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    audit.record(session, "masuk", "pengguna", user.id, None, None, by=user.username,
                 user_id=user.id)
    session.commit()
    log.info("signed in: %s (%s)", user.username, user.role.value)
    return Login(actor_for(user), user.must_change_password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _failed(session: Session, user: User, now: datetime) -> NoReturn:
    user.failed_logins += 1
    failures = user.failed_logins
    if failures >= MAX_FAILURES:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        audit.record(session, "akun dikunci", "pengguna", user.id, None,
                     {"gagal": failures, "sampai": user.locked_until.isoformat()},
                     by=user.username, user_id=user.id)
        session.commit()
        log.warning("account locked after %d failures: %s", failures, user.username)
        raise AccountLocked(_locked_message(user, user.locked_until), user.locked_until)
    wait = wait_after(failures)
    user.locked_until = now + timedelta(seconds=wait)
    audit.record(session, "gagal masuk", "pengguna", user.id, None, {"gagal": failures},
                 by=user.username, user_id=user.id)
    session.commit()
    left = MAX_FAILURES - failures
    raise LoginFailed(f"Nama pengguna atau kata sandi salah. Sisa {left} kali percobaan "
                      "sebelum akun dikunci.", wait)


def create_first_admin(session: Session, username: str, full_name: str,
                       password: str) -> Actor:
    """The first run's account; refused once any user exists."""
    if has_users(session):
        raise KendaliError("Admin pertama sudah dibuat. Masuk dengan akun yang ada.")
    user = new_user(username, full_name, "", UserRole.ADMIN, password, must_change=False)
    with audit_trail.summarized(session, "buat admin pertama", "pengguna", user.username,
                                {"nama_lengkap": user.full_name, "peran": "admin"},
                                by=user.username):
        session.add(user)
    session.commit()
    return actor_for(user)


def new_user(username: str, full_name: str, nip: str, role: UserRole, password: str,
             must_change: bool) -> User:
    name = username.strip().lower()
    check_username(name)
    if not full_name.strip():
        raise KendaliError("Nama lengkap wajib diisi.")
    check_new_password(password, name)
    return User(username=name, full_name=full_name.strip(), nip=nip.strip(), role=role,
                password_hash=hash_password(password), active=True, failed_logins=0,
                must_change_password=must_change)


def check_username(name: str) -> None:
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
    if not 3 <= len(name) <= 50 or not set(name) <= allowed:
        raise KendaliError("Nama pengguna 3–50 karakter: huruf kecil, angka, titik, garis bawah "
                           "atau tanda hubung, tanpa spasi.")
