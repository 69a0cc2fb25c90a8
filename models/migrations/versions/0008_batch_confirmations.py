"""Which batches a person import's unchanged ("tetap") persons confirmed, per batch.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Batches stored before this revision said only how many persons they found unchanged, not
# whose version: they get one row with confirmed_batch_id NULL ("not known"), so rolling
# back an older batch stays as careful for them as it was.
UNKNOWN = """
INSERT INTO batch_confirmation (batch_id, confirmed_batch_id, persons)
SELECT id, NULL, rows_unchanged FROM import_batch
WHERE kind IN ('online', 'lapangan') AND rows_unchanged > 0"""


def upgrade() -> None:
    op.create_table(
        "batch_confirmation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_batch_id", sa.Integer(), nullable=True),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"],
                                name=op.f("fk_batch_confirmation_batch_id_import_batch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_confirmation")),
    )
    op.create_index(op.f("ix_batch_confirmation_batch_id"), "batch_confirmation", ["batch_id"])
    op.create_index(op.f("ix_batch_confirmation_confirmed_batch_id"), "batch_confirmation",
                    ["confirmed_batch_id"])
    op.execute(UNKNOWN)


def downgrade() -> None:
    op.drop_index(op.f("ix_batch_confirmation_confirmed_batch_id"),
                  table_name="batch_confirmation")
    op.drop_index(op.f("ix_batch_confirmation_batch_id"), table_name="batch_confirmation")
    op.drop_table("batch_confirmation")
