"""Per-SLS day counts of online persons and field households, counted from the stored rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same counts as models.persons.day_counts.recount, written out: a migration must not
# change when the models do. date() works on SQLite's text and PostgreSQL's timestamps.
ONLINE_DAY = "date(coalesce(o.submitted_at, b.imported_at))"
COUNT_ONLINE = f"""
INSERT INTO progress_day_count (kind, sls_id, day, amount)
SELECT 'online', o.sls_id, {ONLINE_DAY}, count(*)
FROM online_submission o JOIN import_batch b ON b.id = o.batch_id
WHERE o.replaced_by_batch_id IS NULL
GROUP BY o.sls_id, {ONLINE_DAY}"""
COUNT_FIELD = """
INSERT INTO progress_day_count (kind, sls_id, day, amount)
SELECT 'lapangan', h.sls_id, h.day, count(*)
FROM (SELECT f.sls_id, f.kk, min(date(coalesce(f.visited_at, b.imported_at))) AS day
      FROM field_result f JOIN import_batch b ON b.id = f.batch_id
      WHERE f.replaced_by_batch_id IS NULL AND f.kk IS NOT NULL AND f.sls_id IS NOT NULL
      GROUP BY f.sls_id, f.kk) AS h
GROUP BY h.sls_id, h.day"""


def upgrade() -> None:
    op.create_table(
        "progress_day_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("sls_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_day_count")),
    )
    op.create_index("ix_progress_day_count_kind", "progress_day_count",
                    ["kind", "sls_id", "day", "amount"])
    op.execute(COUNT_ONLINE)
    op.execute(COUNT_FIELD)


def downgrade() -> None:
    op.drop_index("ix_progress_day_count_kind", table_name="progress_day_count")
    op.drop_table("progress_day_count")
