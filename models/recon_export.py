"""Any reconciliation view as a styled xlsx: a summary level, a list of persons, the queue."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from models.access import Permission, require
from models.nik import mask_nik
from models.recon_views import (
    LEVEL_LABELS,
    Level,
    PersonLine,
    SummaryRow,
    persons,
    summary,
    total,
)
from models.reconciliation import ACTION_LABELS, CATEGORY_LABELS, ReconCategory
from models.xlsx_table import ExportColumn, Progress, write_table

DIFFERING_LABELS = {"name": "nama", "sex": "jenis kelamin", "birth_date": "tanggal lahir",
                    "sls": "SLS"}


def summary_columns(level: Level) -> list[ExportColumn]:
    return [
        ExportColumn("Kode" if level is not Level.PPL else "NIK PPL", 18, is_code=True),
        ExportColumn(LEVEL_LABELS[level], 30),
        ExportColumn("KK target", 11), ExportColumn("KK online", 11),
        ExportColumn("KK lapangan", 11),
        *[ExportColumn(CATEGORY_LABELS[c], 12) for c in ReconCategory],
        ExportColumn("Jumlah orang", 12), ExportColumn("Belum ditinjau", 12),
    ]


def summary_values(row: SummaryRow) -> list[object]:
    return [row.code, row.name, row.expected_households, row.households_online,
            row.households_field, *[row.counts.get(c, 0) for c in ReconCategory], row.persons,
            row.open_reviews]


def export_summary(session: Session, target: Path, level: Level,
                   progress: Progress | None = None) -> int:
    rows = summary(session, level)
    values = [summary_values(r) for r in rows] + [summary_values(total(rows))]
    return write_table(target, f"Rekon per {LEVEL_LABELS[level]}", summary_columns(level),
                       values, progress)


PERSON_COLUMNS = [
    ExportColumn("Kategori", 14), ExportColumn("Cara cocok", 10), ExportColumn("Skor nama", 9),
    ExportColumn("Isian berbeda", 22), ExportColumn("NIK", 19, is_code=True),
    ExportColumn("No. KK", 19, is_code=True), ExportColumn("Nama (online)", 26),
    ExportColumn("Nama (lapangan)", 26), ExportColumn("JK online", 7),
    ExportColumn("JK lapangan", 7), ExportColumn("Tgl lahir online", 12),
    ExportColumn("Tgl lahir lapangan", 12), ExportColumn("SLS online", 18, is_code=True),
    ExportColumn("SLS lapangan", 18, is_code=True), ExportColumn("Keputusan", 18),
    ExportColumn("Alasan", 30),
]


def person_values(line: PersonLine, masked: bool) -> list[object]:
    online, fielded = line.online, line.field

    def hide(value: str | None) -> str:
        return mask_nik(value) if masked and value else value or ""

    return [
        CATEGORY_LABELS[line.category], line.method if line.method != "none" else "",
        line.score if line.score is not None else "",
        ", ".join(DIFFERING_LABELS.get(f, f) for f in line.differing), hide(line.nik),
        hide(line.kk),
        online.name if online else "", fielded.name if fielded else "",
        online.sex or "" if online else "", fielded.sex or "" if fielded else "",
        online.birth if online else None, fielded.birth if fielded else None,
        online.sls_code if online else "", fielded.sls_code if fielded else "",
        ACTION_LABELS[line.action] if line.action else "", line.reason,
    ]


def export_persons(session: Session, target: Path, *, sls_ids: list[int] | None = None,
                   outside: bool = False, category: ReconCategory | None = None,
                   open_only: bool = False, masked: bool = True,
                   progress: Progress | None = None) -> int:
    """The persons of a view; NIK and No. KK masked unless asked otherwise."""
    if not masked:
        require(session, Permission.SEE_FULL_NIK)
    lines = persons(session, sls_ids=sls_ids, outside=outside, category=category,
                    open_only=open_only)
    title = "Tinjauan" if open_only else (CATEGORY_LABELS[category] if category else "Orang")
    return write_table(target, title, PERSON_COLUMNS,
                       [person_values(line, masked) for line in lines], progress)
