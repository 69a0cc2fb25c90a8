"""Letters to each lurah / kepala desa: a letter kind of their own.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ('progres_kota', 'progres_kecamatan', 'asn_opd', 'surat_tugas', 'lainnya')
NEW = ('progres_kota', 'progres_kecamatan', 'progres_kelurahan', 'asn_opd', 'surat_tugas',
       'lainnya')


def _check(kinds: tuple[str, ...]) -> None:
    allowed = ", ".join(f"'{k}'" for k in kinds)
    # batch mode: SQLite changes a CHECK only by copying the table
    with op.batch_alter_table("letter") as batch:
        batch.drop_constraint(op.f("ck_letter_letter_kind"), type_="check")
        batch.create_check_constraint("letter_kind", f"kind IN ({allowed})")


def upgrade() -> None:
    _check(NEW)


def downgrade() -> None:
    op.execute("DELETE FROM letter WHERE kind = 'progres_kelurahan'")
    _check(OLD)
