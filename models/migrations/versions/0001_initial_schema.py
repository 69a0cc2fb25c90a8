"""Initial schema: the whole census domain.

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('head_name', sa.String(length=150), nullable=False),
    sa.Column('head_title', sa.String(length=150), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
    sa.UniqueConstraint('code', name=op.f('uq_agency_code'))
    )
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('full_name', sa.String(length=150), nullable=False),
    sa.Column('nip', sa.String(length=18), nullable=False),
    sa.Column('role', sa.Enum('admin', 'supervisor', 'staf', name='user_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('wilayah', 'petugas', 'online', 'lapangan', 'rekap_sls', 'asn', name='import_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('sheet_name', sa.String(length=100), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_inserted', sa.Integer(), nullable=False),
    sa.Column('rows_updated', sa.Integer(), nullable=False),
    sa.Column('rows_unchanged', sa.Integer(), nullable=False),
    sa.Column('rows_rejected', sa.Integer(), nullable=False),
    sa.Column('imported_by', sa.String(length=100), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('aktif', 'dibatalkan', name='batch_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('rolled_back_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index('ix_import_batch_kind_sha', ['kind', 'file_sha256'], unique=False)

    op.create_table('kecamatan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bps_code', sa.String(length=7), nullable=False),
    sa.Column('kemendagri_code', sa.String(length=6), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kecamatan')),
    sa.UniqueConstraint('bps_code', name=op.f('uq_kecamatan_bps_code'))
    )
    with op.batch_alter_table('kecamatan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kecamatan_kemendagri_code'), ['kemendagri_code'], unique=False)

    op.create_table('letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('classification', sa.String(length=20), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('progres_kota', 'progres_kecamatan', 'asn_opd', 'surat_tugas', 'lainnya', name='letter_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('nature', sa.String(length=50), nullable=False),
    sa.Column('attachment', sa.String(length=100), nullable=False),
    sa.Column('recipient', sa.String(length=300), nullable=False),
    sa.Column('file_path', sa.String(length=500), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter')),
    sa.UniqueConstraint('number', name=op.f('uq_letter_number')),
    sa.UniqueConstraint('year', 'serial', name=op.f('uq_letter_year_serial'))
    )
    op.create_table('office_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_name', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=4), nullable=False),
    sa.Column('satker_code', sa.String(length=5), nullable=False),
    sa.Column('region_name', sa.String(length=100), nullable=False),
    sa.Column('province_name', sa.String(length=100), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('email', sa.String(length=100), nullable=False),
    sa.Column('website', sa.String(length=100), nullable=False),
    sa.Column('head_name', sa.String(length=150), nullable=False),
    sa.Column('head_nip', sa.String(length=18), nullable=False),
    sa.Column('head_title', sa.String(length=150), nullable=False),
    sa.Column('online_target_pct', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('field_target_pct', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('ppl_capacity_households', sa.Integer(), nullable=False),
    sa.Column('label_ppl', sa.String(length=40), nullable=False),
    sa.Column('label_pml', sa.String(length=40), nullable=False),
    sa.Column('label_koseka', sa.String(length=40), nullable=False),
    sa.Column('paper_size', sa.Enum('A4', 'F4', name='paper_size', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('field_target_pct BETWEEN 0 AND 100', name=op.f('ck_office_profile_field_target')),
    sa.CheckConstraint('id = 1', name=op.f('ck_office_profile_singleton')),
    sa.CheckConstraint('online_target_pct BETWEEN 0 AND 100', name=op.f('ck_office_profile_online_target')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_profile'))
    )
    op.create_table('recon_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('online_rows', sa.Integer(), nullable=False),
    sa.Column('field_rows', sa.Integer(), nullable=False),
    sa.Column('run_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_run'))
    )
    op.create_table('asn_employee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('nip', sa.String(length=18), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_asn_employee_agency_id_agency'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_asn_employee_batch_id_import_batch'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asn_employee')),
    sa.UniqueConstraint('agency_id', 'nip', name=op.f('uq_asn_employee_agency_id_nip'))
    )
    with op.batch_alter_table('asn_employee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asn_employee_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asn_employee_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asn_employee_nik'), ['nik'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=50), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_audit_log_user_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_user_id'), ['user_id'], unique=False)

    op.create_table('kelurahan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kecamatan_id', sa.Integer(), nullable=False),
    sa.Column('bps_code', sa.String(length=10), nullable=False),
    sa.Column('kemendagri_code', sa.String(length=10), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.Enum('kelurahan', 'desa', name='village_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kecamatan_id'], ['kecamatan.id'], name=op.f('fk_kelurahan_kecamatan_id_kecamatan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kelurahan')),
    sa.UniqueConstraint('bps_code', name=op.f('uq_kelurahan_bps_code'))
    )
    with op.batch_alter_table('kelurahan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kelurahan_kecamatan_id'), ['kecamatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kelurahan_kemendagri_code'), ['kemendagri_code'], unique=False)

    op.create_table('officer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('role', sa.Enum('ppl', 'pml', 'koseka', name='officer_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('aktif', 'nonaktif', name='officer_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('kecamatan_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kecamatan_id'], ['kecamatan.id'], name=op.f('fk_officer_kecamatan_id_kecamatan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officer')),
    sa.UniqueConstraint('nik', name=op.f('uq_officer_nik'))
    )
    with op.batch_alter_table('officer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officer_kecamatan_id'), ['kecamatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_officer_role'), ['role'], unique=False)

    op.create_table('sls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kelurahan_id', sa.Integer(), nullable=False),
    sa.Column('bps_code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('expected_households', sa.Integer(), nullable=False),
    sa.Column('expected_population', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kelurahan_id'], ['kelurahan.id'], name=op.f('fk_sls_kelurahan_id_kelurahan')),
    sa.ForeignKeyConstraint(['parent_id'], ['sls.id'], name=op.f('fk_sls_parent_id_sls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sls')),
    sa.UniqueConstraint('bps_code', name=op.f('uq_sls_bps_code'))
    )
    with op.batch_alter_table('sls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sls_kelurahan_id'), ['kelurahan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sls_parent_id'), ['parent_id'], unique=False)

    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kecamatan_id', sa.Integer(), nullable=True),
    sa.Column('pml_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kecamatan_id'], ['kecamatan.id'], name=op.f('fk_team_kecamatan_id_kecamatan')),
    sa.ForeignKeyConstraint(['pml_id'], ['officer.id'], name=op.f('fk_team_pml_id_officer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team')),
    sa.UniqueConstraint('code', name=op.f('uq_team_code'))
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_kecamatan_id'), ['kecamatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_pml_id'), ['pml_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('sls_id', sa.Integer(), nullable=True),
    sa.Column('kecamatan_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.DateTime(), nullable=False),
    sa.Column('valid_to', sa.DateTime(), nullable=True),
    sa.Column('assigned_by', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.CheckConstraint('(sls_id IS NULL) <> (kecamatan_id IS NULL)', name=op.f('ck_assignment_one_area')),
    sa.ForeignKeyConstraint(['kecamatan_id'], ['kecamatan.id'], name=op.f('fk_assignment_kecamatan_id_kecamatan')),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_assignment_officer_id_officer')),
    sa.ForeignKeyConstraint(['sls_id'], ['sls.id'], name=op.f('fk_assignment_sls_id_sls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_kecamatan_id'), ['kecamatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_sls_id'), ['sls_id'], unique=False)
        batch_op.create_index('uq_assignment_current_kecamatan', ['kecamatan_id'], unique=True, sqlite_where=sa.text('valid_to IS NULL AND kecamatan_id IS NOT NULL'), postgresql_where=sa.text('valid_to IS NULL AND kecamatan_id IS NOT NULL'))
        batch_op.create_index('uq_assignment_current_sls', ['sls_id'], unique=True, sqlite_where=sa.text('valid_to IS NULL AND sls_id IS NOT NULL'), postgresql_where=sa.text('valid_to IS NULL AND sls_id IS NOT NULL'))

    op.create_table('field_result',
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('visited_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('kk', sa.String(length=16), nullable=True),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('sex', sa.Enum('L', 'P', name='sex', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('area_code', sa.String(length=16), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('sls_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_field_result_batch_id_import_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_field_result_officer_id_officer')),
    sa.ForeignKeyConstraint(['sls_id'], ['sls.id'], name=op.f('fk_field_result_sls_id_sls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_result'))
    )
    with op.batch_alter_table('field_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_result_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_result_kk'), ['kk'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_result_nik'), ['nik'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_result_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_result_sls_id'), ['sls_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_result_visited_at'), ['visited_at'], unique=False)

    op.create_table('household_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kk', sa.String(length=16), nullable=False),
    sa.Column('sls_id', sa.Integer(), nullable=True),
    sa.Column('online_members', sa.Integer(), nullable=False),
    sa.Column('field_members', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('cocok', 'beda', 'hanya_online', 'hanya_lapangan', 'ganda', 'pindah', 'tidak_valid', name='recon_category', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['recon_run.id'], name=op.f('fk_household_match_run_id_recon_run'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sls_id'], ['sls.id'], name=op.f('fk_household_match_sls_id_sls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_match'))
    )
    with op.batch_alter_table('household_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_match_kk'), ['kk'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_match_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_match_sls_id'), ['sls_id'], unique=False)

    op.create_table('online_submission',
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('kk', sa.String(length=16), nullable=True),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('sex', sa.Enum('L', 'P', name='sex', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('area_code', sa.String(length=16), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('sls_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_online_submission_batch_id_import_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sls_id'], ['sls.id'], name=op.f('fk_online_submission_sls_id_sls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_submission'))
    )
    with op.batch_alter_table('online_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_online_submission_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_online_submission_kk'), ['kk'], unique=False)
        batch_op.create_index(batch_op.f('ix_online_submission_nik'), ['nik'], unique=False)
        batch_op.create_index(batch_op.f('ix_online_submission_sls_id'), ['sls_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_online_submission_submitted_at'), ['submitted_at'], unique=False)

    op.create_table('sls_recap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sls_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('households_found', sa.Integer(), nullable=False),
    sa.Column('persons_found', sa.Integer(), nullable=False),
    sa.Column('male', sa.Integer(), nullable=False),
    sa.Column('female', sa.Integer(), nullable=False),
    sa.Column('entered_by', sa.String(length=100), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_sls_recap_batch_id_import_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sls_id'], ['sls.id'], name=op.f('fk_sls_recap_sls_id_sls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sls_recap')),
    sa.UniqueConstraint('sls_id', 'report_date', name=op.f('uq_sls_recap_sls_id_report_date'))
    )
    with op.batch_alter_table('sls_recap', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sls_recap_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sls_recap_sls_id'), ['sls_id'], unique=False)

    op.create_table('team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.DateTime(), nullable=False),
    sa.Column('valid_to', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_team_member_officer_id_officer')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_team_member_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member'))
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_member_team_id'), ['team_id'], unique=False)
        batch_op.create_index('uq_team_member_current', ['officer_id'], unique=True, sqlite_where=sa.text('valid_to IS NULL'), postgresql_where=sa.text('valid_to IS NULL'))

    op.create_table('person_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('online_id', sa.Integer(), nullable=True),
    sa.Column('field_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.Enum('cocok', 'beda', 'hanya_online', 'hanya_lapangan', 'ganda', 'pindah', 'tidak_valid', name='recon_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('method', sa.Enum('nik', 'kk_nama', 'none', name='match_method', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('differing_fields', sa.String(length=100), nullable=False),
    sa.Column('sls_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['field_id'], ['field_result.id'], name=op.f('fk_person_match_field_id_field_result'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['online_id'], ['online_submission.id'], name=op.f('fk_person_match_online_id_online_submission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['recon_run.id'], name=op.f('fk_person_match_run_id_recon_run'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sls_id'], ['sls.id'], name=op.f('fk_person_match_sls_id_sls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_match'))
    )
    with op.batch_alter_table('person_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_match_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_match_field_id'), ['field_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_match_online_id'), ['online_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_match_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_match_sls_id'), ['sls_id'], unique=False)

    op.create_table('resolution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('online_id', sa.Integer(), nullable=True),
    sa.Column('field_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.Enum('cocok', 'beda', 'hanya_online', 'hanya_lapangan', 'ganda', 'pindah', 'tidak_valid', name='recon_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('action', sa.Enum('pilih_online', 'pilih_lapangan', 'gabung', 'pindah', name='resolution_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('resolved_by', sa.String(length=100), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['field_result.id'], name=op.f('fk_resolution_field_id_field_result'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['online_id'], ['online_submission.id'], name=op.f('fk_resolution_online_id_online_submission'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolution'))
    )
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolution_field_id'), ['field_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resolution_nik'), ['nik'], unique=False)
        batch_op.create_index(batch_op.f('ix_resolution_online_id'), ['online_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolution_online_id'))
        batch_op.drop_index(batch_op.f('ix_resolution_nik'))
        batch_op.drop_index(batch_op.f('ix_resolution_field_id'))

    op.drop_table('resolution')
    with op.batch_alter_table('person_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_match_sls_id'))
        batch_op.drop_index(batch_op.f('ix_person_match_run_id'))
        batch_op.drop_index(batch_op.f('ix_person_match_online_id'))
        batch_op.drop_index(batch_op.f('ix_person_match_field_id'))
        batch_op.drop_index(batch_op.f('ix_person_match_category'))

    op.drop_table('person_match')
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index('uq_team_member_current', sqlite_where=sa.text('valid_to IS NULL'), postgresql_where=sa.text('valid_to IS NULL'))
        batch_op.drop_index(batch_op.f('ix_team_member_team_id'))
        batch_op.drop_index(batch_op.f('ix_team_member_officer_id'))

    op.drop_table('team_member')
    with op.batch_alter_table('sls_recap', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sls_recap_sls_id'))
        batch_op.drop_index(batch_op.f('ix_sls_recap_batch_id'))

    op.drop_table('sls_recap')
    with op.batch_alter_table('online_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_online_submission_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_online_submission_sls_id'))
        batch_op.drop_index(batch_op.f('ix_online_submission_nik'))
        batch_op.drop_index(batch_op.f('ix_online_submission_kk'))
        batch_op.drop_index(batch_op.f('ix_online_submission_batch_id'))

    op.drop_table('online_submission')
    with op.batch_alter_table('household_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_match_sls_id'))
        batch_op.drop_index(batch_op.f('ix_household_match_run_id'))
        batch_op.drop_index(batch_op.f('ix_household_match_kk'))

    op.drop_table('household_match')
    with op.batch_alter_table('field_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_result_visited_at'))
        batch_op.drop_index(batch_op.f('ix_field_result_sls_id'))
        batch_op.drop_index(batch_op.f('ix_field_result_officer_id'))
        batch_op.drop_index(batch_op.f('ix_field_result_nik'))
        batch_op.drop_index(batch_op.f('ix_field_result_kk'))
        batch_op.drop_index(batch_op.f('ix_field_result_batch_id'))

    op.drop_table('field_result')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('uq_assignment_current_sls', sqlite_where=sa.text('valid_to IS NULL AND sls_id IS NOT NULL'), postgresql_where=sa.text('valid_to IS NULL AND sls_id IS NOT NULL'))
        batch_op.drop_index('uq_assignment_current_kecamatan', sqlite_where=sa.text('valid_to IS NULL AND kecamatan_id IS NOT NULL'), postgresql_where=sa.text('valid_to IS NULL AND kecamatan_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_assignment_sls_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_officer_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_kecamatan_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_pml_id'))
        batch_op.drop_index(batch_op.f('ix_team_kecamatan_id'))

    op.drop_table('team')
    with op.batch_alter_table('sls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sls_parent_id'))
        batch_op.drop_index(batch_op.f('ix_sls_kelurahan_id'))

    op.drop_table('sls')
    with op.batch_alter_table('officer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_officer_role'))
        batch_op.drop_index(batch_op.f('ix_officer_kecamatan_id'))

    op.drop_table('officer')
    with op.batch_alter_table('kelurahan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kelurahan_kemendagri_code'))
        batch_op.drop_index(batch_op.f('ix_kelurahan_kecamatan_id'))

    op.drop_table('kelurahan')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_entity'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('asn_employee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asn_employee_nik'))
        batch_op.drop_index(batch_op.f('ix_asn_employee_batch_id'))
        batch_op.drop_index(batch_op.f('ix_asn_employee_agency_id'))

    op.drop_table('asn_employee')
    op.drop_table('recon_run')
    op.drop_table('office_profile')
    op.drop_table('letter')
    with op.batch_alter_table('kecamatan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kecamatan_kemendagri_code'))

    op.drop_table('kecamatan')
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index('ix_import_batch_kind_sha')

    op.drop_table('import_batch')
    op.drop_table('app_user')
    op.drop_table('agency')
