"""The thresholds of the data-quality measures (Pengaturan › Kualitas), one row.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

THRESHOLDS = ("whipple", "myers", "jan_1", "aug_17", "first_of_month", "same_birth_in_household",
              "sex_ratio", "household_size", "one_person_share", "no_nik", "invalid_nik",
              "duplicates", "pindah", "pace", "long_gap")


def upgrade() -> None:
    op.create_table(
        "quality_thresholds",
        sa.Column("id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Numeric(precision=7, scale=2), nullable=False)
          for name in THRESHOLDS),
        sa.Column("min_persons", sa.Integer(), nullable=False),
        sa.Column("min_households", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_quality_thresholds_singleton")),
        sa.CheckConstraint("min_persons >= 1 AND min_households >= 1",
                           name=op.f("ck_quality_thresholds_minimums")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_thresholds")),
    )


def downgrade() -> None:
    op.drop_table("quality_thresholds")
