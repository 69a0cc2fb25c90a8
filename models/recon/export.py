"""Any reconciliation view as a styled xlsx: a summary level, a list of persons, the queue.

NIK and No. KK (of persons, and of PPL in the summary per PPL) are masked unless an allowed
role asks for them whole with a reason (`models.audit.nik_disclosure`).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from models.audit.nik_disclosure import Shown, log_full_export, masked_number, nik_shown
from models.recon.linkage.evidence import reasons
from models.recon.review import action_label
from models.recon.views import (
    LEVEL_LABELS,
    Level,
    PersonLine,
    SummaryRow,
    household_links,
    persons,
    summary,
    total,
)
from models.schema.recon import CATEGORY_LABELS, METHOD_LABELS, MatchMethod, ReconCategory
from models.sheets.xlsx_table import ExportColumn, write_table
from models.work import ProgressCallback

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


def summary_values(row: SummaryRow, shown: Shown | None = None) -> list[object]:
    """One row; `shown` writes the code when it is a PPL's NIK."""
    return [shown(row.code) if shown else row.code, row.name, row.expected_households,
            row.households_online, row.households_field,
            *[row.counts.get(c, 0) for c in ReconCategory], row.persons, row.open_reviews]


def export_summary(session: Session, target: Path, level: Level,
                   progress: ProgressCallback | None = None, *, masked: bool = True,
                   reason: str = "") -> int:
    """One row per area or PPL and the total; a PPL's NIK masked unless asked otherwise."""
    shown = nik_shown(session, masked, reason) if level is Level.PPL else None
    rows = summary(session, level)
    values = [summary_values(r, shown) for r in rows] + [summary_values(total(rows))]
    count = write_table(target, f"Rekon per {LEVEL_LABELS[level]}", summary_columns(level),
                        values, progress=progress)
    if shown is not None:
        log_full_export(session, masked, reason, "rekonsiliasi per PPL", target=target, rows=count)
    return count


PERSON_COLUMNS = [
    ExportColumn("Kategori", 14), ExportColumn("Cara cocok", 10), ExportColumn("Skor nama", 9),
    ExportColumn("Isian berbeda", 22), ExportColumn("NIK", 19, is_code=True),
    ExportColumn("No. KK", 19, is_code=True), ExportColumn("Nama (online)", 26),
    ExportColumn("Nama (lapangan)", 26), ExportColumn("JK online", 7),
    ExportColumn("JK lapangan", 7), ExportColumn("Tgl lahir online", 12),
    ExportColumn("Tgl lahir lapangan", 12), ExportColumn("SLS online", 18, is_code=True),
    ExportColumn("SLS lapangan", 18, is_code=True), ExportColumn("Keputusan", 18),
    ExportColumn("Alasan", 30), ExportColumn("Skor", 8),
    ExportColumn("Bukti skor", 60), ExportColumn("No. KK lapangan (berubah)", 19, is_code=True),
]


def evidence_text(code: str) -> str:
    """The second pass's reasons on one line: "Nama: sama (+7,7); Tanggal lahir: …"."""
    return "; ".join(f"{r.label}: {r.text} ({format(r.weight, '+.1f').replace('.', ',')})"
                     for r in reasons(code))


def person_values(line: PersonLine, shown: Shown = masked_number) -> list[object]:
    online, fielded = line.online, line.field
    return [
        CATEGORY_LABELS[line.category], METHOD_LABELS[MatchMethod(line.method)],
        line.score if line.score is not None else "",
        ", ".join(DIFFERING_LABELS.get(f, f) for f in line.differing), shown(line.nik),
        shown(line.kk),
        online.name if online else "", fielded.name if fielded else "",
        online.sex or "" if online else "", fielded.sex or "" if fielded else "",
        online.birth if online else None, fielded.birth if fielded else None,
        online.sls_code if online else "", fielded.sls_code if fielded else "",
        action_label(line.category, line.action) if line.action else "", line.reason,
        line.weight if line.weight is not None else "", evidence_text(line.evidence),
        shown(line.field_kk) if line.field_kk else "",
    ]


def export_persons(session: Session, target: Path, *, sls_ids: list[int] | None = None,
                   outside: bool = False, category: ReconCategory | None = None,
                   open_only: bool = False, masked: bool = True, reason: str = "",
                   progress: ProgressCallback | None = None) -> int:
    """The persons of a view; NIK and No. KK masked unless `masked` is False, which needs
    SEE_FULL_NIK and a `reason` (written to the audit log)."""
    shown = nik_shown(session, masked, reason)
    lines = persons(session, sls_ids=sls_ids, outside=outside, category=category,
                    open_only=open_only)
    title = "Tinjauan" if open_only else (CATEGORY_LABELS[category] if category else "Orang")
    count = write_table(target, title, PERSON_COLUMNS,
                        [person_values(line, shown) for line in lines], progress=progress)
    log_full_export(session, masked, reason, "rekonsiliasi orang", target=target, rows=count)
    return count


HOUSEHOLD_LINK_COLUMNS = [
    ExportColumn("SLS", 18, is_code=True), ExportColumn("Nama SLS", 26),
    ExportColumn("No. KK online", 19, is_code=True),
    ExportColumn("No. KK lapangan", 19, is_code=True),
    ExportColumn("Anggota berpasangan", 12), ExportColumn("Anggota online", 12),
    ExportColumn("Anggota lapangan", 12),
]


def export_household_links(session: Session, target: Path, *, masked: bool = True,
                           reason: str = "", progress: ProgressCallback | None = None) -> int:
    """Households found under another No. KK (tab KK berubah); numbers masked unless
    `masked` is False, which needs SEE_FULL_NIK and a `reason` (written to the audit log)."""
    shown = nik_shown(session, masked, reason)
    values = [[link.sls_code, link.sls_name, shown(link.online_kk), shown(link.field_kk),
               link.paired, link.online_members, link.field_members]
              for link in household_links(session)]
    count = write_table(target, "KK berubah", HOUSEHOLD_LINK_COLUMNS, values, progress=progress)
    log_full_export(session, masked, reason, "rekonsiliasi KK berubah", target=target,
                    rows=count)
    return count
