"""Surat Tugas: one numbered letter per officer listing the areas they work in."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from models.access import Permission, require
from models.audit.nik_disclosure import masked_number
from models.errors import KendaliError
from models.files.private import written_privately
from models.formatting import format_number
from models.ids.nip import format_nip
from models.letters.files import staged_batch
from models.letters.numbers import LetterDraft, register_letter, serial_text
from models.letters.pdf import blocks as letter_pdf
from models.letters.pdf.markup import bold, markup
from models.office.logo import LogoImage, get_logo
from models.office.profile import ProfileData, get_profile, role_labels
from models.schedule.calendar import Calendar, Window, period_text
from models.schedule.settings import load_calendar
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.letters import LetterKind
from models.schema.officers import Assignment, Officer, OfficerRole, Team, TeamMember
from models.sheets.reading import file_sha256
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)

ROLE_DUTY = {
    OfficerRole.PPL: "melaksanakan pencacahan lapangan (door to door) Sensus Penduduk, "
                     "termasuk verifikasi penduduk yang telah mengisi secara online,",
    OfficerRole.PML: "melaksanakan pengawasan dan pemeriksaan hasil pencacahan lapangan "
                     "Sensus Penduduk oleh petugas dalam timnya,",
    OfficerRole.KOSEKA: "mengoordinasikan pelaksanaan Sensus Penduduk di tingkat kecamatan,",
}


NO_PERIOD = "(periode belum diatur)"  # a draft's placeholder; a numbered letter needs one


class SuratTugasError(KendaliError):
    """A Surat Tugas that cannot be made (officer without areas, unknown officer, no field
    enumeration period)."""


@dataclass(frozen=True)
class AreaLine:
    kecamatan: str
    kelurahan: str
    sls_code: str
    sls_name: str
    households: int
    ppl: str
    kecamatan_id: int = 0


@dataclass(frozen=True)
class SuratTugasData:
    officer_id: int
    name: str
    nik: str
    role: OfficerRole
    role_label: str
    team: str
    areas: list[AreaLine]
    period: Window | None = None  # the field enumeration window the letter names

    @property
    def households(self) -> int:
        return sum(a.households for a in self.areas)

    @property
    def kecamatan(self) -> str | None:
        """The one kecamatan all areas lie in, or None when they span several."""
        names = {a.kecamatan for a in self.areas}
        return names.pop() if len(names) == 1 else None


def officer_areas(session: Session, officer: Officer) -> list[AreaLine]:
    """PPL: their SLS. PML: their team's SLS. Koseka: every SLS of their kecamatan."""
    ppl = aliased(Officer)
    query = (
        select(Kecamatan.name, Kelurahan.name, Sls.bps_code, Sls.name, Sls.expected_households,
               ppl.name, Kecamatan.id)
        .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
        .join(Kecamatan, Kecamatan.id == Kelurahan.kecamatan_id)
        .outerjoin(Assignment, and_(Assignment.sls_id == Sls.id, Assignment.valid_to.is_(None)))
        .outerjoin(ppl, ppl.id == Assignment.officer_id)
        .where(Sls.active)
        .order_by(Sls.bps_code)
    )
    if officer.role is OfficerRole.PPL:
        query = query.where(ppl.id == officer.id)
    elif officer.role is OfficerRole.PML:
        members = (select(TeamMember.officer_id).join(Team, Team.id == TeamMember.team_id)
                   .where(Team.pml_id == officer.id, TeamMember.valid_to.is_(None)))
        query = query.where(ppl.id.in_(members))
    else:  # Koseka
        kecamatan = select(Assignment.kecamatan_id).where(
            Assignment.officer_id == officer.id, Assignment.valid_to.is_(None),
            Assignment.kecamatan_id.is_not(None))
        query = query.where(Kecamatan.id.in_(kecamatan))
    return [AreaLine(*row[:5], row[5] or "", row[6]) for row in session.execute(query)]


def assignment_period(calendar: Calendar, areas: list[AreaLine]) -> Window | None:
    """Areas all in one kecamatan with its own field window: that window; else the office's."""
    kecamatan = {area.kecamatan_id for area in areas}
    return calendar.field_window(kecamatan.pop() if len(kecamatan) == 1 else None)


def gather(session: Session, officer_id: int, labels: dict[OfficerRole, str],
           calendar: Calendar | None = None) -> SuratTugasData:
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise SuratTugasError("Petugas tidak ditemukan.")
    team = session.scalar(
        select(Team.code).join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.officer_id == officer.id, TeamMember.valid_to.is_(None))
    ) or session.scalar(select(Team.code).where(Team.pml_id == officer.id)) or ""
    areas = officer_areas(session, officer)
    if not areas:
        raise SuratTugasError(f"{officer.name} belum mempunyai wilayah tugas; Surat Tugas "
                              "tidak dibuat.")
    if calendar is None:
        calendar = load_calendar(session)
    return SuratTugasData(officer.id, officer.name, officer.nik or "", officer.role,
                          labels[officer.role], team, areas, assignment_period(calendar, areas))


def _area_table(data: SuratTugasData, width: float) -> LongTable:
    style = letter_pdf.styles()
    cell = style["cell"]
    columns: list[tuple[str, float]] = [("No.", 10 * mm)]
    if data.kecamatan is None:  # areas in several kecamatan: say which for each
        columns.append(("Kecamatan", 30 * mm))
    columns += [("Kelurahan/Desa", 29 * mm), ("IDSLS", 35 * mm), ("Nama SLS", 0.0)]
    show_ppl = data.role is not OfficerRole.PPL
    if show_ppl:
        columns.append(("Petugas", 32 * mm))
    columns.append(("Jumlah KK", 17 * mm))
    widths = [w for _, w in columns]
    name_column = [t for t, _ in columns].index("Nama SLS")
    widths[name_column] = width - sum(widths)
    rows: list[list[object]] = [[letter_pdf.header_text(t, w)
                                 for (t, _), w in zip(columns, widths, strict=True)]]
    for number, area in enumerate(data.areas, start=1):
        row: list[object] = [str(number)]
        if data.kecamatan is None:
            row.append(Paragraph(markup(area.kecamatan), cell))
        row += [Paragraph(markup(area.kelurahan), cell), area.sls_code,
                Paragraph(markup(area.sls_name), cell)]
        if show_ppl:
            row.append(Paragraph(markup(area.ppl or "—"), cell))
        rows.append([*row, format_number(area.households)])
    total: list[object] = [""] * len(columns)
    total[name_column] = Paragraph("<b>Jumlah</b>", cell)
    total[-1] = format_number(data.households)
    rows.append(total)
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    grid = letter_pdf.grid_style()
    grid.add("FONT", (0, 1), (-1, -1), letter_pdf.FONT, 9.5)
    grid.add("ALIGN", (-1, 1), (-1, -1), "RIGHT")
    grid.add("ALIGN", (0, 1), (0, -1), "CENTER")
    grid.add("FONT", (-1, -1), (-1, -1), letter_pdf.BOLD, 9.5)
    table.setStyle(grid)
    return table


def _kelurahan_table(data: SuratTugasData, width: float) -> LongTable:
    """A Koseka's letter lists kelurahan, not each of their hundreds of SLS."""
    style = letter_pdf.styles()
    cell = style["cell"]
    groups: dict[tuple[str, str], list[AreaLine]] = {}
    for area in data.areas:
        groups.setdefault((area.kecamatan, area.kelurahan), []).append(area)
    widths = [10 * mm, 45 * mm, 0.0, 25 * mm, 25 * mm]
    widths[2] = width - sum(widths)
    rows: list[list[object]] = [[letter_pdf.header_text(t, w) for t, w in zip(
        ("No.", "Kecamatan", "Kelurahan/Desa", "Jumlah SLS", "Jumlah KK"), widths, strict=True)]]
    for number, ((kecamatan, kelurahan), areas) in enumerate(groups.items(), start=1):
        rows.append([str(number), Paragraph(markup(kecamatan), cell),
                     Paragraph(markup(kelurahan), cell),
                     format_number(len(areas)), format_number(sum(a.households for a in areas))])
    rows.append(["", "", Paragraph("<b>Jumlah</b>", cell), format_number(len(data.areas)),
                 format_number(data.households)])
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    grid = letter_pdf.grid_style()
    grid.add("FONT", (0, 1), (-1, -1), letter_pdf.FONT, 9.5)
    grid.add("ALIGN", (-2, 1), (-1, -1), "RIGHT")
    grid.add("ALIGN", (0, 1), (0, -1), "CENTER")
    grid.add("FONT", (-2, -1), (-1, -1), letter_pdf.BOLD, 9.5)
    table.setStyle(grid)
    return table


def render(data: SuratTugasData, profile: ProfileData, number: str, day: date,
           *, target: Path, logo: LogoImage | None = None) -> None:
    """Write the letter to `target` as PDF (A4 or F4 as set in Pengaturan)."""
    page = letter_pdf.page_for(profile)
    style = letter_pdf.styles()
    left, right, top, bottom = letter_pdf.MARGINS

    def first_page(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        letter_pdf.draw_kop(canvas, profile, page, letter_pdf.kop_logo(logo))

    def later_pages(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        letter_pdf.draw_page_number(canvas, page, number)

    duty = ROLE_DUTY[data.role]
    when = f"pada tanggal {period_text(data.period)}" if data.period else NO_PERIOD
    where = f"Kecamatan {data.kecamatan}, meliputi " if data.kecamatan else ""
    task = (f"untuk {duty} {when} di {where}{len(data.areas)} satuan lingkungan setempat (SLS) "
            f"dengan {format_number(data.households)} kepala keluarga sebagai berikut:")
    officer_rows = [("Nama", bold(data.name)), ("NIK", markup(masked_number(data.nik))),
                    ("Jabatan", f"{markup(data.role_label)} Sensus Penduduk")]
    if data.team:
        officer_rows.append(("Tim", markup(data.team)))
    story = [
        Spacer(1, letter_pdf.KOP_SPACE),
        Paragraph("<u>SURAT TUGAS</u>", style["title"]),
        Paragraph(f"Nomor: {markup(number)}", style["center"]),
        Spacer(1, 8 * mm),
        Paragraph("Yang bertanda tangan di bawah ini:", style["body"]),
        letter_pdf.label_rows([
            ("Nama", markup(profile.head_name or "…")),
            ("NIP", markup(format_nip(profile.head_nip) or "…")),
            ("Jabatan", markup(profile.head_title or "…")),
        ], page.text_width),
        Spacer(1, 3 * mm),
        Paragraph("dengan ini memberi tugas kepada:", style["body"]),
        letter_pdf.label_rows(officer_rows, page.text_width),
        Spacer(1, 3 * mm),
        Paragraph(markup(task), style["justify"]),
        Spacer(1, 3 * mm),
        (_kelurahan_table if data.role is OfficerRole.KOSEKA else _area_table)(
            data, page.text_width),
        Spacer(1, 4 * mm),
        KeepTogether([  # the closing never sits on a page apart from the signature
            Paragraph("Petugas wajib membawa surat tugas ini beserta tanda pengenal selama "
                      "bertugas. Demikian surat tugas ini dibuat untuk dipergunakan "
                      "sebagaimana mestinya.", style["justify"]),
            Spacer(1, 5 * mm),
            letter_pdf.signature_block(profile, page, day),
        ]),
    ]
    with written_privately(target) as temporary:
        SimpleDocTemplate(
            str(temporary), pagesize=page.size, leftMargin=left, rightMargin=right,
            topMargin=top, bottomMargin=bottom, title=f"Surat Tugas {data.name}",
            author=profile.office_name, subject=number, initialFontName=letter_pdf.FONT,
        ).build(story, onFirstPage=first_page, onLaterPages=later_pages)


def file_name(number: str, data: SuratTugasData) -> str:
    serial = serial_text(number)
    safe = re.sub(r"[^\w .-]", "", data.name).strip() or f"petugas-{data.officer_id}"
    return f"Surat Tugas {serial} - {safe}.pdf"


@dataclass(frozen=True)
class IssuedLetter:
    number: str
    officer: str
    path: Path


def _gather_all(session: Session, officer_ids: list[int], labels: dict[OfficerRole, str],
                skip_without_areas: bool) -> list[SuratTugasData]:
    calendar = load_calendar(session)
    if calendar.field is None and not calendar.kecamatan_field:
        raise SuratTugasError(_no_period_message())
    gathered = []
    for officer_id in officer_ids:
        try:
            gathered.append(gather(session, officer_id, labels, calendar))
        except SuratTugasError:
            if not skip_without_areas:
                raise
    if without := [data.name for data in gathered if data.period is None]:
        shown = ", ".join(without[:5]) + (f" dan {len(without) - 5} lainnya"
                                          if len(without) > 5 else "")
        raise SuratTugasError(_no_period_message(shown))
    return gathered


def _no_period_message(officers: str = "") -> str:
    why = (f", padahal wilayah tugas {officers} tidak berada dalam satu kecamatan yang "
           "mempunyai periode sendiri" if officers else "")
    return (f"Periode pencacahan lapangan belum diatur{why}. Atur periode pencacahan "
            "lapangan di Pengaturan › Jadwal, lalu terbitkan Surat Tugas lagi; tidak ada nomor "
            "surat yang terpakai.")


def issue_surat_tugas(session: Session, officer_ids: list[int], folder: Path, by: str,
                      *, day: date | None = None, progress: ProgressCallback | None = None,
                      skip_without_areas: bool = False) -> list[IssuedLetter]:
    """Number, render and register one letter per officer; all of them or none.

    An officer without areas refuses the whole batch, unless `skip_without_areas`
    (a batch for a whole role) leaves them out. The PDFs are written into the batch's
    hidden folder and moved to their real names only after the register's commit, so a
    batch killed at any moment leaves no numbered letter outside the register.
    """
    require(session, Permission.ISSUE_LETTERS)
    day = day or date.today()
    profile, logo = get_profile(session), get_logo(session)  # once for the batch
    # refuse before numbering anything
    gathered = _gather_all(session, officer_ids, role_labels(profile), skip_without_areas)
    folder = Path(os.path.abspath(folder))  # the register keeps where the file really is
    try:
        pending = staged_batch(session, folder)
    except OSError as exc:
        raise SuratTugasError(f"Folder {folder} tidak dapat dibuat untuk Surat Tugas.",
                              str(exc)) from exc
    issued: list[IssuedLetter] = []
    try:
        for done, data in enumerate(gathered, start=1):
            letter = register_letter(session, LetterDraft(
                LetterKind.SURAT_TUGAS, f"Surat Tugas {data.role_label} Sensus Penduduk",
                data.name, day, attachment="-"), by)
            target = folder / file_name(letter.number, data)
            written = pending.path_for(target)
            render(data, profile, letter.number, day, target=written, logo=logo)
            issued.append(IssuedLetter(letter.number, data.name, target))
            letter.file_path, letter.file_sha256 = str(target), file_sha256(written)
            advance(progress, done, len(gathered))
        session.commit()
    except OSError as exc:
        session.rollback()
        pending.discard()
        raise SuratTugasError(f"Surat Tugas tidak dapat ditulis ke {folder}. Periksa izin "
                              "folder dan ruang disk; tidak ada nomor surat yang terpakai.",
                              str(exc)) from exc
    except BaseException:
        session.rollback()
        pending.discard()  # numbers were not kept, so neither are their files
        raise
    if stuck := pending.publish():
        raise SuratTugasError(
            f"{len(issued)} Surat Tugas sudah bernomor dan tercatat di register, tetapi "
            f"{len(stuck)} berkasnya belum dapat dipindahkan ke {folder} (mungkin sedang "
            "dibuka program lain). Tutup berkas itu, lalu buka Kendali Sensus lagi: berkasnya "
            "dipindahkan otomatis.",
            ", ".join(p.name for p in stuck[:5]))
    log.info("issued %d surat tugas into %s", len(issued), folder)
    return issued
