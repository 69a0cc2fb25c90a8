"""Reconciliation outcomes keyed by natural keys, for re-runs that redo only what changed.

The tables of 0001 were never written by a release (matching did not exist yet), so they
are replaced rather than converted.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORY = ('cocok', 'beda', 'hanya_online', 'hanya_lapangan', 'ganda', 'pindah', 'tidak_valid')
OLD_TABLES = ("person_match", "household_match", "resolution", "recon_run")


def _category(checked: bool = True) -> sa.Enum:
    return sa.Enum(*CATEGORY, name='recon_category', native_enum=False,
                   create_constraint=checked)


def upgrade() -> None:
    for table in OLD_TABLES:
        op.drop_table(table)
    op.create_table(
        'recon_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('full', sa.Boolean(), nullable=False),
        sa.Column('batch_ids', sa.Text(), nullable=False),
        sa.Column('online_rows', sa.Integer(), nullable=False),
        sa.Column('field_rows', sa.Integer(), nullable=False),
        sa.Column('redone', sa.Integer(), nullable=False),
        sa.Column('run_by', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_run')),
    )
    op.create_table(
        'person_match',
        sa.Column('id', sa.Integer(), nullable=False),
        # No CHECKs: only the run's SQL writes these, and on SQLite each costs ~1.7 µs a row.
        sa.Column('category', _category(checked=False), nullable=False),
        sa.Column('method', sa.Enum('nik', 'kk_nama', 'none', name='match_method',
                                    native_enum=False, create_constraint=False), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('differing', sa.String(length=60), nullable=False),
        sa.Column('online_id', sa.Integer(), nullable=True),
        sa.Column('field_id', sa.Integer(), nullable=True),
        sa.Column('online_batch_id', sa.Integer(), nullable=True),
        sa.Column('field_batch_id', sa.Integer(), nullable=True),
        sa.Column('person_key', sa.String(length=40), nullable=False),
        sa.Column('other_key', sa.String(length=40), nullable=True),
        sa.Column('kk', sa.String(length=16), nullable=True),
        sa.Column('birth_date', sa.Date(), nullable=True),
        sa.Column('sls_id', sa.Integer(), nullable=True),
        sa.Column('resolution_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_match')),
    )
    op.create_index('ix_person_match_area', 'person_match',
                    ['sls_id', 'category', 'resolution_id'], unique=False)
    op.create_table(
        'household_match',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kk', sa.String(length=16), nullable=False),
        sa.Column('sls_id', sa.Integer(), nullable=True),
        sa.Column('online_members', sa.Integer(), nullable=False),
        sa.Column('field_members', sa.Integer(), nullable=False),
        sa.Column('category', _category(checked=False), nullable=False),
        sa.Column('field_without_nik', sa.Integer(), nullable=False),
        sa.Column('online_birth_dates', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_household_match')),
    )
    op.create_index(op.f('ix_household_match_kk'), 'household_match', ['kk'], unique=False)
    op.create_index(op.f('ix_household_match_sls_id'), 'household_match', ['sls_id'],
                    unique=False)
    op.create_table(
        'resolution',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_key', sa.String(length=40), nullable=False),
        sa.Column('other_key', sa.String(length=40), nullable=True),
        sa.Column('category', _category(), nullable=False),
        sa.Column('action', sa.Enum('pilih_online', 'pilih_lapangan', 'gabung', 'pindah',
                                    'terpisah', name='resolution_action', native_enum=False,
                                    create_constraint=True), nullable=False),
        sa.Column('choices', sa.JSON(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('resolved_by', sa.String(length=100), nullable=False),
        sa.Column('resolved_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_by', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resolution')),
    )
    op.create_index(op.f('ix_resolution_person_key'), 'resolution', ['person_key'], unique=False)
    op.create_table(
        'recon_scope',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=2), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_scope')),
    )
    op.create_index('ix_recon_scope_kind_key', 'recon_scope', ['kind', 'key'], unique=False)


def downgrade() -> None:
    # Back to the empty tables of 0001: outcomes are recomputed by matching again.
    op.drop_table("recon_scope")
    for table in ("person_match", "household_match", "resolution", "recon_run"):
        op.drop_table(table)
    op.create_table(
        'recon_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('online_rows', sa.Integer(), nullable=False),
        sa.Column('field_rows', sa.Integer(), nullable=False),
        sa.Column('run_by', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_run')),
    )
    op.create_table(
        'household_match',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('kk', sa.String(length=16), nullable=False),
        sa.Column('sls_id', sa.Integer(), nullable=True),
        sa.Column('online_members', sa.Integer(), nullable=False),
        sa.Column('field_members', sa.Integer(), nullable=False),
        sa.Column('category', _category(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['recon_run.id'],
                                name=op.f('fk_household_match_run_id_recon_run'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sls_id'], ['sls.id'], name=op.f('fk_household_match_sls_id_sls')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_household_match')),
    )
    op.create_table(
        'person_match',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('online_id', sa.Integer(), nullable=True),
        sa.Column('field_id', sa.Integer(), nullable=True),
        sa.Column('category', _category(), nullable=False),
        sa.Column('method', sa.Enum('nik', 'kk_nama', 'none', name='match_method',
                                    native_enum=False, create_constraint=True), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('differing_fields', sa.String(length=100), nullable=False),
        sa.Column('sls_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['run_id'], ['recon_run.id'],
                                name=op.f('fk_person_match_run_id_recon_run'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_match')),
    )
    op.create_table(
        'resolution',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('nik', sa.String(length=16), nullable=True),
        sa.Column('online_id', sa.Integer(), nullable=True),
        sa.Column('field_id', sa.Integer(), nullable=True),
        sa.Column('category', _category(), nullable=False),
        sa.Column('action', sa.Enum('pilih_online', 'pilih_lapangan', 'gabung', 'pindah',
                                    name='resolution_action', native_enum=False,
                                    create_constraint=True), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('resolved_by', sa.String(length=100), nullable=False),
        sa.Column('resolved_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resolution')),
    )
    old_indexes = {
        "resolution": ("online_id", "nik", "field_id"),
        "person_match": ("sls_id", "run_id", "online_id", "field_id", "category"),
        "household_match": ("sls_id", "run_id", "kk"),
    }
    for table, columns in old_indexes.items():
        for column in columns:
            op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)
