"""The operation calendar: windows, working weekdays, pace, thresholds, holidays, and the
field windows of kecamatan that work in their own period.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "operation_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("online_start", sa.Date(), nullable=True),
        sa.Column("online_end", sa.Date(), nullable=True),
        sa.Column("field_start", sa.Date(), nullable=True),
        sa.Column("field_end", sa.Date(), nullable=True),
        sa.Column("working_weekdays", sa.String(length=7), nullable=False),
        sa.Column("pace", sa.String(length=200), nullable=False),
        sa.Column("behind_pct", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("far_behind_pct", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("inactive_days", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_operation_calendar_singleton")),
        sa.CheckConstraint("online_end >= online_start",
                           name=op.f("ck_operation_calendar_online_order")),
        sa.CheckConstraint("field_end >= field_start",
                           name=op.f("ck_operation_calendar_field_order")),
        sa.CheckConstraint("behind_pct BETWEEN 0 AND 100",
                           name=op.f("ck_operation_calendar_behind")),
        sa.CheckConstraint("far_behind_pct BETWEEN 0 AND 100",
                           name=op.f("ck_operation_calendar_far_behind")),
        sa.CheckConstraint("inactive_days BETWEEN 1 AND 60",
                           name=op.f("ck_operation_calendar_inactive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation_calendar")),
    )
    op.create_table(
        "calendar_holiday",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_holiday")),
    )
    op.create_table(
        "kecamatan_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kecamatan_id", sa.Integer(), nullable=False),
        sa.Column("field_start", sa.Date(), nullable=False),
        sa.Column("field_end", sa.Date(), nullable=False),
        sa.CheckConstraint("field_end >= field_start",
                           name=op.f("ck_kecamatan_window_field_order")),
        sa.ForeignKeyConstraint(["kecamatan_id"], ["kecamatan.id"],
                                name=op.f("fk_kecamatan_window_kecamatan_id_kecamatan"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kecamatan_window")),
        sa.UniqueConstraint("kecamatan_id", name=op.f("uq_kecamatan_window_kecamatan_id")),
    )


def downgrade() -> None:
    op.drop_table("kecamatan_window")
    op.drop_table("calendar_holiday")
    op.drop_table("operation_calendar")
