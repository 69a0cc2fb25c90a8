"""The second matching pass: scored pairs without NIK, the review band, linked households.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = ('cocok', 'beda', 'hanya_online', 'hanya_lapangan', 'ganda', 'pindah', 'tidak_valid')


def _category_check(categories: tuple[str, ...]) -> str:
    return "category IN (" + ", ".join(f"'{c}'" for c in categories) + ")"


def upgrade() -> None:
    # Nullable or with a constant default: both backends add these without rewriting rows.
    with op.batch_alter_table("person_match") as batch:
        batch.add_column(sa.Column("weight", sa.Float(), nullable=True))
        batch.add_column(sa.Column("evidence", sa.String(length=40), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("field_kk", sa.String(length=16), nullable=True))
    op.create_index("ix_person_match_kk_change", "person_match", ["kk", "field_kk"],
                    sqlite_where=sa.text("field_kk IS NOT NULL"),
                    postgresql_where=sa.text("field_kk IS NOT NULL"))
    with op.batch_alter_table("resolution") as batch:
        batch.drop_constraint(op.f("ck_resolution_recon_category"), type_="check")
        batch.create_check_constraint(op.f("ck_resolution_recon_category"),
                                      _category_check((*CATEGORIES, "mungkin")))
    op.create_table(
        "household_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("online_kk", sa.String(length=16), nullable=False),
        sa.Column("field_kk", sa.String(length=16), nullable=False),
        sa.Column("sls_id", sa.Integer(), nullable=True),
        sa.Column("paired", sa.Integer(), nullable=False),
        sa.Column("online_members", sa.Integer(), nullable=False),
        sa.Column("field_members", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_link")),
    )
    op.create_index(op.f("ix_household_link_online_kk"), "household_link", ["online_kk"])
    op.create_index(op.f("ix_household_link_sls_id"), "household_link", ["sls_id"])
    op.create_table(
        "linkage_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sure", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("likely", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_linkage_bands_singleton")),
        sa.CheckConstraint("likely < sure", name=op.f("ck_linkage_bands_ordered")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_bands")),
    )


def downgrade() -> None:
    op.drop_table("linkage_bands")
    op.drop_index(op.f("ix_household_link_sls_id"), table_name="household_link")
    op.drop_index(op.f("ix_household_link_online_kk"), table_name="household_link")
    op.drop_table("household_link")
    # Review decisions and outcomes of the second pass have no place in the older schema.
    op.execute("DELETE FROM resolution WHERE category = 'mungkin'")
    op.execute("DELETE FROM person_match WHERE category = 'mungkin' OR method = 'skor'")
    with op.batch_alter_table("resolution") as batch:
        batch.drop_constraint(op.f("ck_resolution_recon_category"), type_="check")
        batch.create_check_constraint(op.f("ck_resolution_recon_category"),
                                      _category_check(CATEGORIES))
    op.drop_index("ix_person_match_kk_change", table_name="person_match")
    with op.batch_alter_table("person_match") as batch:
        batch.drop_column("field_kk")
        batch.drop_column("evidence")
        batch.drop_column("weight")
