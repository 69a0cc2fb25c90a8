"""Testing a password against its stored hash, which on PostgreSQL the app role cannot read."""
from __future__ import annotations

import base64
import logging

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import hash_secret_raw
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models.errors import KendaliError
from models.schema.users import User

log = logging.getLogger(__name__)

# On PostgreSQL the SECURITY DEFINER functions of migration 0007 hand out only the hash's
# setting (algorithm, cost and salt, which are not secret). The candidate hash is computed
# here with that setting, registered with the server in a transaction of its own that is
# committed (the server counts it: at most 20 per account in 15 minutes), and only then
# compared by the server. A caller that rolls the registration back learns nothing, so no
# one holding the app's database URL can harvest hashes or guess without being counted.
# On SQLite whoever has the file has every hash; the column is read directly.

_hasher = PasswordHasher()
# What an unknown name is tested against, made once with the hasher's parameters: hashing it
# at import cost every start of the app and of each command a third of a second. Should a
# new argon2 release change its parameters, it is made again, so the cost stays the same.
_FIXED_DUMMY_HASH = ("$argon2id$v=19$m=65536,t=3,p=4$Y1i4RNR7vcQjVxCWsbJEIw"
                     "$9blReG53PhdtvPVtLFSmVAFx2EAZh4EFus6VMa4R4JA")
_DUMMY_HASH = (_FIXED_DUMMY_HASH if not _hasher.check_needs_rehash(_FIXED_DUMMY_HASH)
               else _hasher.hash("kendali-sensus: tidak ada pengguna ini"))
NO_USER = 0  # no account has id 0: the server's dummy test finds no hash and says no
LIMIT_MARK = "batas percobaan kata sandi"  # in the server function's exception


class PasswordCheckRefused(KendaliError):
    """The server refused to test more passwords for this account for now."""


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def stored_setting(session: Session, user_id: int) -> tuple[str, int] | None:
    """The stored hash without its digest (ending in '$') and the digest's length in
    characters; None for an unknown user or a value that is not a PHC-style hash."""
    if _is_sqlite(session):
        stored = session.scalar(select(User.password_hash).where(User.id == user_id))
        if not stored or "$" not in stored:
            return None
        setting, _, digest = stored.rpartition("$")
        return setting + "$", len(digest)
    row = session.execute(text("SELECT setting, digest_length FROM "
                               "kendali_password_setting(:user_id)"),
                          {"user_id": user_id}).first()
    return (row.setting, row.digest_length) if row is not None and row.setting else None


def _placeholder(setting: str, digest_length: int) -> str:
    """A syntactically whole hash with the setting's parameters and a dummy digest."""
    return setting + "A" * digest_length


def candidate_hash(setting: str, digest_length: int, password: str) -> str | None:
    """The hash `password` would have under `setting`, in the same encoding; None when the
    setting is not an argon2 one."""
    try:
        params = extract_parameters(_placeholder(setting, digest_length))
        salt_text = setting.rstrip("$").rsplit("$", 1)[1]
        salt = base64.b64decode(salt_text + "=" * (-len(salt_text) % 4))
    except (InvalidHashError, ValueError, IndexError):
        return None
    digest = hash_secret_raw(password.encode("utf-8"), salt, time_cost=params.time_cost,
                             memory_cost=params.memory_cost, parallelism=params.parallelism,
                             hash_len=params.hash_len, type=params.type,
                             version=params.version)
    return setting + base64.b64encode(digest).decode("ascii").rstrip("=")


def _server_compare(session: Session, user_id: int, candidate: str) -> bool:
    """Register the candidate and commit, then ask for the verdict, on a connection of its
    own: the caller's transaction (and its locks) stay as they are."""
    try:
        with _engine(session).connect() as side:
            attempt = side.scalar(text("SELECT kendali_password_attempt(:user_id, :candidate)"),
                                  {"user_id": user_id, "candidate": candidate})
            side.commit()
            matched = side.scalar(text("SELECT kendali_password_result(:attempt)"),
                                  {"attempt": attempt})
            side.commit()
    except DBAPIError as exc:
        if LIMIT_MARK in str(exc.orig):
            log.warning("server refused a password test for user %s: limit reached", user_id)
            raise PasswordCheckRefused(
                "Terlalu banyak percobaan kata sandi untuk akun ini dalam 15 menit terakhir. "
                "Tunggu sebentar, lalu coba lagi.") from exc
        raise
    return bool(matched)


def password_matches(session: Session, user_id: int, password: str) -> bool:
    """Whether `password` is the user's. Costs one argon2 hash, like a verify."""
    if _is_sqlite(session):
        stored = session.scalar(select(User.password_hash).where(User.id == user_id))
        try:
            return stored is not None and _hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    found = stored_setting(session, user_id)
    candidate = candidate_hash(*found, password) if found is not None else None
    if candidate is None:
        return False
    return _server_compare(session, user_id, candidate)


def dummy_matches(session: Session, password: str) -> bool:
    """The same work as `password_matches` for an account that exists (one argon2 hash and,
    on PostgreSQL, the server's round trips), for an unknown or locked name: the time of an
    answer tells nothing about which it was. Always False."""
    if _is_sqlite(session):
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            pass
        return False
    setting, _, digest = _DUMMY_HASH.rpartition("$")
    candidate = candidate_hash(setting + "$", len(digest), password)
    try:
        _server_compare(session, NO_USER, candidate or "")
    except PasswordCheckRefused:
        pass
    return False


def needs_rehash(session: Session, user_id: int) -> bool:
    """Whether the stored hash uses other argon2 parameters than the app's current ones."""
    found = stored_setting(session, user_id)
    if found is None:
        return False
    try:
        return _hasher.check_needs_rehash(_placeholder(*found))
    except InvalidHashError:
        return True
