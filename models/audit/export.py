"""The audit log, as filtered in the viewer, to a styled xlsx for an inspector or the head."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.access import Permission, require
from models.audit.log import record
from models.audit.nik_disclosure import log_full_export, nik_shown
from models.audit.queries import AuditFilter, AuditLine, audit_lines
from models.errors import KendaliError
from models.sheets.xlsx_table import EXCEL_ROWS, ExportColumn, write_table
from models.work import ProgressCallback

COLUMNS = [ExportColumn("Waktu", 20), ExportColumn("Pengguna", 16),
           ExportColumn("Tindakan", 12), ExportColumn("Data", 18),
           ExportColumn("ID", 14, is_code=True), ExportColumn("Perubahan", 70),
           ExportColumn("Sebelum (JSON)", 40), ExportColumn("Sesudah (JSON)", 40)]


class AuditExportError(KendaliError):
    pass


def _json(values: dict[str, Any] | None) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""


# A NIK or No. KK anywhere in an entry's values or summary (officers, ASN, persons).
NUMBER = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")


def line_values(line: AuditLine, shown: Callable[[str | None], str] | None = None
                ) -> list[object]:
    """The entry's cells; `shown` writes each 16-digit number (masked unless asked)."""
    def numbers(text: str) -> str:
        return NUMBER.sub(lambda m: shown(m.group()), text) if shown else text

    # ISO order so the text sorts by time in Excel's filter
    return [f"{line.at:%Y-%m-%d %H:%M:%S}", line.username, line.action, line.entity,
            numbers(line.entity_id), numbers(line.summary), numbers(_json(line.before)),
            numbers(_json(line.after))]


def export_audit(session: Session, wanted: AuditFilter, target: Path,
                 progress: ProgressCallback | None = None, *, masked: bool = True,
                 reason: str = "") -> int:
    """Every entry `wanted` selects (not only the viewer's newest 5,000), newest first,
    NIK and No. KK in its values masked unless an allowed role gives a reason. The export
    itself is logged: the file holds personal data from the log's values."""
    require(session, Permission.VIEW_AUDIT)
    shown = nik_shown(session, masked, reason)
    lines = audit_lines(session, wanted, limit=EXCEL_ROWS + 1)
    if len(lines) > EXCEL_ROWS:
        raise AuditExportError("Entri log audit yang tersaring melebihi satu lembar Excel "
                               "(1.048.575 baris). Persempit rentang tanggal atau saringannya.")
    count = write_table(target, "Log audit", COLUMNS, [line_values(x, shown) for x in lines],
                        progress=progress)
    record(session, "ekspor", "log_audit", target.name, before=None,
           after={"berkas": str(target), "entri": count, "saringan": _filter_text(wanted)})
    session.commit()
    log_full_export(session, masked, reason, "log_audit", target=target, rows=count)
    return count


def _filter_text(wanted: AuditFilter) -> str:
    parts = [f"{name}={value}" for name, value in (
        ("pengguna", wanted.username), ("data", wanted.entity), ("tindakan", wanted.action),
        ("dari", wanted.first_day), ("sampai", wanted.last_day), ("teks", wanted.text.strip()))
        if value]
    return ", ".join(parts) or "semua"
