"""The assignment list as a styled workbook: per kecamatan or the whole office."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from models.errors import Cancelled
from models.files import replaced_atomically
from models.office_profile import get_profile, role_labels
from models.officers import Assignment, Officer, OfficerRole, Team, TeamMember
from models.wilayah import Kecamatan, Kelurahan, Sls

Progress = Callable[[int, int], bool]
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="B7C3D3")
TEXT = "@"


@dataclass(frozen=True)
class ExportColumn:
    title: str
    width: int
    is_code: bool = False  # written as text so leading zeros and all 16 digits survive


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


def export_assignments(session: Session, target: Path, kecamatan_id: int | None = None,
                       progress: Progress | None = None) -> int:
    """Write the list to `target` (xlsx); returns the number of SLS rows."""
    profile = get_profile(session)
    columns = _columns(role_labels(profile))
    rows = export_rows(session, kecamatan_id)
    title = "Penugasan"
    if kecamatan_id is not None and rows:
        title = str(rows[0][1])[:31]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.title)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(bottom=THIN)
        header.append(cell)
    sheet.append(header)
    # A write-only row is serialised as soon as it is appended, so one styled cell per
    # code column can be reused; styling 200,000 fresh cells took most of the export time.
    code_cells = {}
    for index, column in enumerate(columns):
        if column.is_code:
            code_cells[index] = WriteOnlyCell(sheet)
            code_cells[index].number_format = TEXT
    for count, row in enumerate(rows, start=1):
        values: list[object] = ["" if v is None else v for v in row]
        for index, cell in code_cells.items():
            cell.value = str(values[index])
            values[index] = cell
        sheet.append(values)
        if progress and count % 2000 == 0 and not progress(count, len(rows)):
            raise Cancelled()
    with replaced_atomically(target) as temporary:
        workbook.save(temporary)
    return len(rows)
