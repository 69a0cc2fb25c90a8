"""Area boundaries for the Peta page and the letters' maps.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "boundary_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Enum("kecamatan", "kelurahan", "sls", name="boundary_level", native_enum=False,
                                   create_constraint=True), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_crs", sa.String(length=200), nullable=False),
        sa.Column("shapes_read", sa.Integer(), nullable=False),
        sa.Column("shapes_matched", sa.Integer(), nullable=False),
        sa.Column("made_up", sa.Boolean(), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boundary_import")),
    )
    op.create_table(
        "area_boundary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("kecamatan_id", sa.Integer(), nullable=True),
        sa.Column("kelurahan_id", sa.Integer(), nullable=True),
        sa.Column("sls_id", sa.Integer(), nullable=True),
        sa.Column("min_x", sa.Float(), nullable=False),
        sa.Column("min_y", sa.Float(), nullable=False),
        sa.Column("max_x", sa.Float(), nullable=False),
        sa.Column("max_y", sa.Float(), nullable=False),
        sa.Column("label_x", sa.Float(), nullable=False),
        sa.Column("label_y", sa.Float(), nullable=False),
        sa.Column("detail_0", sa.LargeBinary(), nullable=False),
        sa.Column("detail_1", sa.LargeBinary(), nullable=False),
        sa.Column("detail_2", sa.LargeBinary(), nullable=False),
        sa.Column("detail_3", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["boundary_import.id"],
                                name=op.f("fk_area_boundary_import_id_boundary_import")),
        sa.ForeignKeyConstraint(["kecamatan_id"], ["kecamatan.id"],
                                name=op.f("fk_area_boundary_kecamatan_id_kecamatan")),
        sa.ForeignKeyConstraint(["kelurahan_id"], ["kelurahan.id"],
                                name=op.f("fk_area_boundary_kelurahan_id_kelurahan")),
        sa.ForeignKeyConstraint(["sls_id"], ["sls.id"], name=op.f("fk_area_boundary_sls_id_sls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_boundary")),
    )
    op.create_index("ix_area_boundary_import_code", "area_boundary", ["import_id", "code"])
    op.create_index(op.f("ix_area_boundary_import_id"), "area_boundary", ["import_id"])
    op.create_index(op.f("ix_area_boundary_kecamatan_id"), "area_boundary", ["kecamatan_id"])
    op.create_index(op.f("ix_area_boundary_kelurahan_id"), "area_boundary", ["kelurahan_id"])
    op.create_index(op.f("ix_area_boundary_sls_id"), "area_boundary", ["sls_id"])


def downgrade() -> None:
    op.drop_table("area_boundary")
    op.drop_table("boundary_import")
