"""Person rows keep their versions: natural key, source row, content digest, replaced-by batch.

Only the current-key index stays on the person tables: the others cost more per imported
row than they save (summaries scan the table anyway).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERSON_TABLES = ("online_submission", "field_result")
CURRENT = "replaced_by_batch_id IS NULL"
OLD_INDEXES = {
    "online_submission": ("batch_id", "kk", "nik", "sls_id", "submitted_at"),
    "field_result": ("batch_id", "kk", "nik", "officer_id", "sls_id", "visited_at"),
}


def upgrade() -> None:
    with op.batch_alter_table("import_batch") as batch_op:
        batch_op.add_column(sa.Column("rows_warned", sa.Integer(), nullable=False,
                                      server_default="0"))
    for table in PERSON_TABLES:
        with op.batch_alter_table(table) as batch_op:
            for column in OLD_INDEXES[table]:
                batch_op.drop_index(op.f(f"ix_{table}_{column}"))
            batch_op.add_column(sa.Column("natural_key", sa.String(length=40), nullable=False,
                                          server_default=""))
            batch_op.add_column(sa.Column("source_row", sa.Integer(), nullable=False,
                                          server_default="0"))
            batch_op.add_column(sa.Column("content_hash", sa.BigInteger(), nullable=False,
                                          server_default="0"))
            batch_op.add_column(sa.Column("replaced_by_batch_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_replaced_by_batch_id_import_batch"), "import_batch",
                ["replaced_by_batch_id"], ["id"])
        # Rows stored before versions existed: the NIK is the key, the newest row is current.
        op.execute(f"UPDATE {table} SET natural_key = COALESCE(nik, 'R' || CAST(id AS VARCHAR(20)))")
        op.execute(f"CREATE INDEX tmp_{table}_key ON {table} (natural_key)")
        op.execute(
            f"UPDATE {table} SET replaced_by_batch_id = (SELECT MAX(n.batch_id) FROM {table} n "
            f"WHERE n.natural_key = {table}.natural_key AND n.id > {table}.id) "
            f"WHERE EXISTS (SELECT 1 FROM {table} n WHERE n.natural_key = {table}.natural_key "
            f"AND n.id > {table}.id)")
        op.execute(f"DROP INDEX tmp_{table}_key")
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("natural_key", server_default=None)
            batch_op.alter_column("source_row", server_default=None)
            batch_op.alter_column("content_hash", server_default=None)
            batch_op.create_index(f"ux_{table}_current_key", ["natural_key"], unique=True,
                                  sqlite_where=sa.text(CURRENT),
                                  postgresql_where=sa.text(CURRENT))
    with op.batch_alter_table("import_batch") as batch_op:
        batch_op.alter_column("rows_warned", server_default=None)


def downgrade() -> None:
    for table in PERSON_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ux_{table}_current_key")
            batch_op.drop_constraint(op.f(f"fk_{table}_replaced_by_batch_id_import_batch"),
                                     type_="foreignkey")
            batch_op.drop_column("replaced_by_batch_id")
            batch_op.drop_column("content_hash")
            batch_op.drop_column("source_row")
            batch_op.drop_column("natural_key")
            for column in OLD_INDEXES[table]:
                batch_op.create_index(op.f(f"ix_{table}_{column}"), [column], unique=False)
    with op.batch_alter_table("import_batch") as batch_op:
        batch_op.drop_column("rows_warned")
