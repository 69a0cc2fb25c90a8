"""The audit log becomes a hash chain; on PostgreSQL passwords are tested, not read, by the app.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every existing entry is chained here, in id order, the same way models.audit.chain chains
# new ones; audit_chain_head holds the last link. The foreign key from audit_log.user_id to
# app_user goes: its ON DELETE SET NULL would have to rewrite the log. On PostgreSQL three
# SECURITY DEFINER functions let a role without SELECT on app_user.password_hash test a
# password (models/accounts/password_store.py; roles are set up by `kendali-sensus siapkan-server`).

MESSAGE = "log audit hanya dapat ditambah, tidak dapat diubah atau dihapus"  # as in 0005
GENESIS = "0" * 64
PAGE = 5000
FK = "fk_audit_log_user_id_app_user"

# The chain's canonical form, written out: a migration must not change when the models do
# (models/audit/chain.py keeps the same form; tests check a migrated log verifies).
FIELDS = ("at", "user_id", "username", "action", "entity", "entity_id", "before", "after")

LOG = sa.table(
    "audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
    sa.column("user_id", sa.Integer), sa.column("username", sa.String),
    sa.column("action", sa.String), sa.column("entity", sa.String),
    sa.column("entity_id", sa.String), sa.column("before", sa.JSON),
    sa.column("after", sa.JSON), sa.column("prev_hash", sa.String),
    sa.column("entry_hash", sa.String))


def _hash(row: dict[str, Any], prev_hash: str) -> str:
    document = {name: row[name] for name in FIELDS}
    at: datetime = row["at"]
    document["at"] = at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    document["prev_hash"] = prev_hash
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_existing(bind: sa.Connection) -> tuple[int | None, str]:
    """Link every entry in id order, a page at a time; returns the last id and hash."""
    last_id: int | None = None
    prev = GENESIS
    while True:
        query = sa.select(*[LOG.c[name] for name in ("id", *FIELDS)]).order_by(LOG.c.id)
        if last_id is not None:
            query = query.where(LOG.c.id > last_id)
        rows = [dict(r._mapping) for r in bind.execute(query.limit(PAGE))]
        if not rows:
            return last_id, prev
        links = []
        for row in rows:
            digest = _hash(row, prev)
            links.append({"row_id": row["id"], "p": prev, "h": digest})
            prev = digest
        bind.execute(sa.update(LOG).where(LOG.c.id == sa.bindparam("row_id"))
                     .values(prev_hash=sa.bindparam("p"), entry_hash=sa.bindparam("h")), links)
        last_id = rows[-1]["id"]


def _sqlite_triggers(create: bool) -> None:
    for event in ("UPDATE", "DELETE"):
        name = f"audit_log_no_{event.lower()}"
        op.execute(f"CREATE TRIGGER {name} BEFORE {event} ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END" if create
                   else f"DROP TRIGGER {name}")


def _password_functions(schema: str) -> list[str]:
    """Run as the schema's owner. The app role may ask a stored hash's setting (algorithm,
    cost, salt: not secret), register a candidate (counted, at most 20 per account in 15
    minutes) and, once that registration is committed, learn whether it matched. A caller
    who rolls the registration back learns nothing, so every guess is counted."""
    path = f"SET search_path = {schema}, pg_temp"
    return [
        f"""CREATE FUNCTION kendali_password_setting(p_user_id integer)
RETURNS TABLE (setting text, digest_length integer)
LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
  SELECT left(u.password_hash, length(u.password_hash) - strpos(reverse(u.password_hash), '$') + 1),
         strpos(reverse(u.password_hash), '$') - 1
  FROM app_user u WHERE u.id = p_user_id AND strpos(u.password_hash, '$') > 0
$$""",
        f"""CREATE FUNCTION kendali_password_attempt(p_user_id integer, p_candidate text)
RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
  now_utc timestamp := clock_timestamp() AT TIME ZONE 'UTC';
  recent integer;
  attempt integer;
BEGIN
  PERFORM pg_advisory_xact_lock(746723, p_user_id);
  DELETE FROM password_attempt WHERE user_id = p_user_id AND at < now_utc - interval '1 day';
  SELECT count(*) INTO recent FROM password_attempt
   WHERE user_id = p_user_id AND at > now_utc - interval '15 minutes';
  IF recent >= 20 THEN
    RAISE EXCEPTION 'kendali: batas percobaan kata sandi tercapai';
  END IF;
  INSERT INTO password_attempt (user_id, candidate, txid, at)
  VALUES (p_user_id, encode(sha256(convert_to(p_candidate, 'UTF8')), 'hex'), txid_current(),
          now_utc)
  RETURNING id INTO attempt;
  RETURN attempt;
END $$""",
        f"""CREATE FUNCTION kendali_password_result(p_attempt integer)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
  tried password_attempt%ROWTYPE;
  stored text;
BEGIN
  SELECT * INTO tried FROM password_attempt WHERE id = p_attempt;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF txid_status(tried.txid) IS DISTINCT FROM 'committed' THEN
    RAISE EXCEPTION 'kendali: percobaan kata sandi harus di-commit dahulu';
  END IF;
  SELECT password_hash INTO stored FROM app_user WHERE id = tried.user_id;
  RETURN stored IS NOT NULL
     AND encode(sha256(convert_to(stored, 'UTF8')), 'hex') = tried.candidate;
END $$""",
    ]


FUNCTIONS = ("kendali_password_setting(integer)", "kendali_password_attempt(integer, text)",
             "kendali_password_result(integer)")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=True),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.create_table(
        "password_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("candidate", sa.String(length=64), nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_attempt")),
    )
    op.create_index("ix_password_attempt_user_at", "password_attempt", ["user_id", "at"])
    # The rows are rewritten once, to add their links: the append-only guard steps aside.
    if sqlite:
        _sqlite_triggers(create=False)
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("entry_hash", sa.String(length=64), nullable=True))
    last_id, last_hash = _chain_existing(bind)
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=False)
        batch.drop_constraint(FK, type_="foreignkey")
    if sqlite:
        _sqlite_triggers(create=True)  # the table was rebuilt without them
    else:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
    op.bulk_insert(sa.table("audit_chain_head", sa.column("id", sa.Integer),
                            sa.column("last_id", sa.Integer), sa.column("last_hash", sa.String)),
                   [{"id": 1, "last_id": last_id, "last_hash": last_hash}])
    if not sqlite:
        schema = bind.dialect.identifier_preparer.quote(bind.scalar(sa.text(
            "SELECT current_schema()")))
        for statement in _password_functions(schema):
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_triggers(create=False)
    else:
        for function in FUNCTIONS:
            op.execute(f"DROP FUNCTION {function}")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
        batch.create_foreign_key(FK, "app_user", ["user_id"], ["id"], ondelete="SET NULL")
    if sqlite:
        _sqlite_triggers(create=True)
    op.drop_index("ix_password_attempt_user_at", table_name="password_attempt")
    op.drop_table("password_attempt")
    op.drop_table("audit_chain_head")
