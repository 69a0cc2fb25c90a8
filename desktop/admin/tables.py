"""The accounts and the audit log on the Admin page."""
from __future__ import annotations

from PySide6.QtGui import QBrush

from desktop.table_model import WARN, Column, RowsTableModel
from models.access import ROLE_LABELS
from models.accounts.admin import UserRow
from models.audit.queries import AuditLine
from models.schema.base import to_local


def _state(row: UserRow) -> str:
    if not row.active:
        return "Nonaktif"
    if row.locked:
        return "Terkunci"
    return "Harus ganti sandi" if row.must_change_password else "Aktif"


class UserTableModel(RowsTableModel[UserRow]):
    COL_USERNAME, COL_NAME, COL_ROLE, COL_STATE, COL_LAST = range(5)

    columns = [
        Column("Nama pengguna", lambda r: r.username),
        Column("Nama lengkap", lambda r: r.full_name),
        Column("Peran", lambda r: ROLE_LABELS[r.role]),
        Column("Status", _state),
        Column("Terakhir masuk", lambda r: to_local(r.last_login_at)),
    ]

    def highlight(self, row: UserRow) -> QBrush | None:
        return WARN if row.locked or not row.active else None


class AuditTableModel(RowsTableModel[AuditLine]):
    COL_AT, COL_USER, COL_ACTION, COL_ENTITY, COL_ID, COL_CHANGE = range(6)

    columns = [
        Column("Waktu", lambda r: r.at),
        Column("Pengguna", lambda r: r.username),
        Column("Tindakan", lambda r: r.action),
        Column("Data", lambda r: r.entity),
        Column("ID", lambda r: r.entity_id),
        Column("Perubahan", lambda r: r.summary),
    ]
