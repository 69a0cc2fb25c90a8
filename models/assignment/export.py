"""The assignment list as a styled workbook: per kecamatan or the whole office, NIK masked."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from models.audit.nik_disclosure import log_full_export, nik_shown
from models.office.profile import get_profile, role_labels
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.officers import Assignment, Officer, OfficerRole, Team, TeamMember
from models.sheets.xlsx_table import ExportColumn, write_table
from models.work import ProgressCallback


def _columns(labels: dict[OfficerRole, str]) -> list[ExportColumn]:
    return [
        ExportColumn("Kode Kecamatan", 15, True), ExportColumn("Kecamatan", 22),
        ExportColumn("Kode Desa", 13, True), ExportColumn("Kelurahan/Desa", 22),
        ExportColumn("IDSLS", 19, True), ExportColumn("Nama SLS", 14),
        ExportColumn("Jumlah KK", 11), ExportColumn("Penduduk", 11),
        ExportColumn(f"NIK {labels[OfficerRole.PPL]}", 19, True),
        ExportColumn(labels[OfficerRole.PPL], 26), ExportColumn("Tim", 10, True),
        ExportColumn(labels[OfficerRole.PML], 26), ExportColumn(labels[OfficerRole.KOSEKA], 26),
    ]


def export_rows(session: Session, kecamatan_id: int | None = None) -> list[tuple]:  # type: ignore[type-arg]
    ppl, pml, koseka = aliased(Officer), aliased(Officer), aliased(Officer)
    koseka_assignment = aliased(Assignment)
    query = (
        select(Kecamatan.bps_code, Kecamatan.name, Kelurahan.bps_code, Kelurahan.name,
               Sls.bps_code, Sls.name, Sls.expected_households, Sls.expected_population,
               ppl.nik, ppl.name, Team.code, pml.name, koseka.name)
        .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
        .join(Kecamatan, Kecamatan.id == Kelurahan.kecamatan_id)
        .outerjoin(Assignment, and_(Assignment.sls_id == Sls.id, Assignment.valid_to.is_(None)))
        .outerjoin(ppl, ppl.id == Assignment.officer_id)
        .outerjoin(TeamMember, and_(TeamMember.officer_id == ppl.id,
                                    TeamMember.valid_to.is_(None)))
        .outerjoin(Team, Team.id == TeamMember.team_id)
        .outerjoin(pml, pml.id == Team.pml_id)
        .outerjoin(koseka_assignment, and_(koseka_assignment.kecamatan_id == Kecamatan.id,
                                           koseka_assignment.valid_to.is_(None)))
        .outerjoin(koseka, koseka.id == koseka_assignment.officer_id)
        .where(Sls.active)
        .order_by(Sls.bps_code)
    )
    if kecamatan_id is not None:
        query = query.where(Kecamatan.id == kecamatan_id)
    return [tuple(row) for row in session.execute(query)]


NIK_COLUMN = 8  # the PPL's NIK in export_rows


def export_assignments(session: Session, target: Path, kecamatan_id: int | None = None,
                       progress: ProgressCallback | None = None, *, masked: bool = True,
                       reason: str = "") -> int:
    """Write the list to `target` (xlsx); returns the number of SLS rows. The PPL's NIK is
    masked unless `masked` is False, which needs SEE_FULL_NIK and a `reason` (logged)."""
    shown = nik_shown(session, masked, reason)
    profile = get_profile(session)
    columns = _columns(role_labels(profile))
    rows = [(*row[:NIK_COLUMN], shown(row[NIK_COLUMN]), *row[NIK_COLUMN + 1:])
            for row in export_rows(session, kecamatan_id)]
    title = "Penugasan"
    if kecamatan_id is not None and rows:
        title = str(rows[0][1])[:31]
    count = write_table(target, title, columns, rows, progress=progress)
    log_full_export(session, masked, reason, "penugasan", target=target, rows=count)
    return count
