"""Passwords tested against the stored hash the same way on both backends."""
from __future__ import annotations

from argon2 import PasswordHasher

from models.access import SYSTEM
from models.accounts import password_store
from models.accounts.auth import create_first_admin
from models.schema.users import User
from models.store.db import Database

PASSWORD = "rahasia-123"


def _admin(db: Database) -> int:
    with db.acting_as(SYSTEM).session() as session:
        actor = create_first_admin(session, "admin", "Admin", PASSWORD)
    assert actor.user_id is not None
    return actor.user_id


def test_the_right_password_matches_and_others_do_not(db: Database) -> None:
    user_id = _admin(db)
    with db.session() as session:
        assert password_store.password_matches(session, user_id, PASSWORD)
        assert not password_store.password_matches(session, user_id, "rahasia-124")
        assert not password_store.password_matches(session, user_id, "")
        assert not password_store.password_matches(session, user_id + 99, PASSWORD)
        assert not password_store.needs_rehash(session, user_id)
        setting, length = password_store.stored_setting(session, user_id)  # type: ignore[misc]
        stored = session.get(User, user_id).password_hash  # type: ignore[union-attr]
    assert stored == password_store.candidate_hash(setting, length, PASSWORD)


def test_an_older_cost_asks_for_a_rehash_and_still_verifies(db: Database) -> None:
    user_id = _admin(db)
    weaker = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with db.session() as session:
        session.get(User, user_id).password_hash = weaker  # type: ignore[union-attr]
        session.commit()
        assert password_store.needs_rehash(session, user_id)
        assert password_store.password_matches(session, user_id, PASSWORD)
        assert not password_store.password_matches(session, user_id, "lain-1234")


def test_a_value_that_is_not_an_argon2_hash_never_matches(db: Database) -> None:
    user_id = _admin(db)
    with db.session() as session:
        session.get(User, user_id).password_hash = "bukan-hash"  # type: ignore[union-attr]
        session.commit()
        assert not password_store.password_matches(session, user_id, "bukan-hash")
        assert password_store.stored_setting(session, user_id) is None


def test_the_dummy_test_for_an_unknown_name_says_no(db: Database) -> None:
    _admin(db)
    with db.session() as session:
        assert not password_store.dummy_matches(session, PASSWORD)
        assert not password_store.dummy_matches(session, "kendali-sensus: tidak ada pengguna ini")


def test_the_unknown_name_is_tested_against_a_hash_of_the_accounts_cost() -> None:
    """The fixed hash an unknown name is tested against costs what an account's hash costs
    (the same argon2 parameters), and it is the one used: none is made at every start."""
    assert not PasswordHasher().check_needs_rehash(password_store._FIXED_DUMMY_HASH)
    assert password_store._DUMMY_HASH == password_store._FIXED_DUMMY_HASH
