"""Signing in: argon2 password hashes, failed attempts counted by the database, then a lock.

Every attempt is numbered by one atomic UPDATE before its password is tested; only the
first MAX_FAILURES of a LOCK_MINUTES window are tested at all, so the fifth wrong password
locks the account for LOCK_MINUTES (or until an admin unlocks it), however many attempts
arrive at once. Every refusal has the same words and costs the same argon2 test: an
unknown name, a wrong password and a locked account cannot be told apart, and no count of
attempts left is shown (it would differ for names that do not exist). Each attempt is in
the audit log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from models.access import Actor
from models.accounts import password_store
from models.audit import log as audit
from models.audit import trail as audit_trail
from models.errors import KendaliError
from models.schema.base import utcnow
from models.schema.users import User, UserRole
from models.store.retry import retry_on_conflict

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_MINUTES = 15  # failures count within this window; the lock lasts as long
MIN_PASSWORD = 8
RETRY_AFTER = 1.0  # seconds the sign-in form waits after any refusal

_hasher = PasswordHasher()  # argon2id with the library's recommended cost (~50 ms here)
FAILED = (f"Nama pengguna atau kata sandi salah. Setelah {MAX_FAILURES} kali salah dalam "
          f"{LOCK_MINUTES} menit, akun dikunci selama {LOCK_MINUTES} menit; admin dapat "
          "membukanya lebih awal di halaman Pengguna.")


class LoginFailed(KendaliError):
    """Any refused sign-in: wrong name or password, or a locked account. One answer, in the
    same time, for all of them; `retry_after` seconds the form waits before the next try."""

    def __init__(self, message: str = FAILED, retry_after: float = RETRY_AFTER) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PasswordRejected(KendaliError):
    """A new password does not meet the rules; nothing was changed."""


@dataclass(frozen=True)
class Login:
    actor: Actor
    must_change_password: bool


@dataclass(frozen=True)
class _Attempt:
    """An account's sign-in attempt as counted, before its password is tested."""

    user_id: int
    username: str
    full_name: str
    role: UserRole
    active: bool
    must_change_password: bool
    number: int  # this attempt's number in the account's current window
    window_end: datetime  # naive UTC: the window's end, or the lock's once it is locked

    @property
    def allowed(self) -> bool:
        return self.number <= MAX_FAILURES


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_new_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise PasswordRejected(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    if password.strip().lower() == username.strip().lower():
        raise PasswordRejected("Kata sandi tidak boleh sama dengan nama pengguna.")
    if password.isdigit() or password.isalpha():  # a password, not an identifier: never int()
        raise PasswordRejected("Kata sandi harus memuat huruf dan angka.")


def actor_for(user: User) -> Actor:
    return Actor(user.username, user.full_name, user.role, user.id)


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def authenticate(session: Session, username: str, password: str,
                 now: datetime | None = None) -> Login:
    """Count the attempt, test the password, commit the outcome and its audit entry.

    Raises LoginFailed, with the same words for an unknown name, a wrong password and a
    locked account (whatever password it was given), after one argon2 test each.
    """
    now = now or utcnow()
    name = username.strip().lower()
    attempt = retry_on_conflict(session, lambda: _count_attempt(session, name, now))
    tested = attempt.user_id if attempt is not None and attempt.allowed else None
    if not _password_matches(session, tested, password):
        retry_on_conflict(session, lambda: _record_failure(session, name, attempt))
        raise LoginFailed()
    assert attempt is not None
    if not attempt.active:
        retry_on_conflict(session, lambda: _record_failure(session, name, attempt,
                                                           "akun nonaktif"))
        raise LoginFailed("Akun ini dinonaktifkan. Hubungi admin kantor.")
    retry_on_conflict(session, lambda: _record_success(session, attempt, password, now))
    log.info("signed in: %s (%s)", attempt.username, attempt.role.value)
    return Login(Actor(attempt.username, attempt.full_name, attempt.role, attempt.user_id),
                 attempt.must_change_password)


def _count_attempt(session: Session, name: str, now: datetime) -> _Attempt | None:
    """Number this attempt before its password is tested, in one committed UPDATE …
    RETURNING: parallel attempts each get their own number (the database, not a read
    followed by a write, counts), so at most MAX_FAILURES passwords are ever tested per
    window, however many arrive at once. The attempt that reaches the limit starts the
    lock; a right password lifts it again. None for an unknown name."""
    user = User.__table__.c
    fresh = or_(user.locked_until.is_(None), user.locked_until <= now)
    ends = now + timedelta(minutes=LOCK_MINUTES)
    row = session.execute(
        update(User.__table__).where(func.lower(user.username) == name)
        .values(failed_logins=case((fresh, 1), else_=user.failed_logins + 1),
                locked_until=case((fresh, ends),
                                  (user.failed_logins + 1 == MAX_FAILURES, ends),
                                  else_=user.locked_until))
        .returning(user.id, user.username, user.full_name, user.role, user.active,
                   user.must_change_password, user.failed_logins, user.locked_until)).first()
    session.commit()
    return _Attempt(*row) if row is not None else None


def _password_matches(session: Session, user_id: int | None, password: str) -> bool:
    """The one test of a password against an account's stored hash; with no account (an
    unknown name, a locked one) a dummy hash is tested instead, so every answer costs the
    same argon2 work."""
    if user_id is None:
        return password_store.dummy_matches(session, password)
    try:
        return password_store.password_matches(session, user_id, password)
    except password_store.PasswordCheckRefused:
        return False  # the server's own limit: the same answer as any other refusal


def _record_failure(session: Session, name: str, attempt: _Attempt | None,
                    reason: str = "") -> None:
    if attempt is None:
        audit.record(session, "gagal masuk", "pengguna", name[:50], before=None,
                     after={"alasan": "nama tidak dikenal"}, by=name[:50])
    else:
        wrong = attempt.allowed and not reason
        reason = reason or ("kata sandi salah" if wrong else "akun terkunci")
        audit.record(session, "gagal masuk", "pengguna", attempt.user_id, before=None,
                     after={"alasan": reason, "percobaan": attempt.number},
                     by=attempt.username, user_id=attempt.user_id)
        if wrong and attempt.number == MAX_FAILURES:
            audit.record(session, "akun dikunci", "pengguna", attempt.user_id, before=None,
                         after={"gagal": attempt.number, "sampai": attempt.window_end.isoformat()},
                         by=attempt.username, user_id=attempt.user_id)
            log.warning("account locked after %d failures: %s", attempt.number,
                        attempt.username)
    session.commit()


def _record_success(session: Session, attempt: _Attempt, password: str, now: datetime) -> None:
    """Counters back to zero, without the ORM's version check: two sign-ins to one account
    at the same moment both succeed, and an admin's open edit of it is not made stale."""
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None,
                                 "last_login_at": now}
    if password_store.needs_rehash(session, attempt.user_id):
        values["password_hash"] = hash_password(password)
    session.execute(update(User.__table__).where(User.__table__.c.id == attempt.user_id)
                    .values(**values))
    audit.record(session, "masuk", "pengguna", attempt.user_id, before=None, after=None,
                 by=attempt.username, user_id=attempt.user_id)
    session.commit()


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def create_first_admin(session: Session, username: str, full_name: str,
                       password: str) -> Actor:
    """The first run's account; refused once any user exists."""
    if has_users(session):
        raise KendaliError("Admin pertama sudah dibuat. Masuk dengan akun yang ada.")
    user = new_user(username, full_name, nip="", role=UserRole.ADMIN, password=password,
                    must_change=False)
    with audit_trail.summarized(session, "buat admin pertama", "pengguna", entity_id=user.username,
                                details={"nama_lengkap": user.full_name, "peran": "admin"},
                                by=user.username):
        session.add(user)
    session.commit()
    return actor_for(user)


def new_user(username: str, full_name: str, *, nip: str, role: UserRole, password: str,
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
