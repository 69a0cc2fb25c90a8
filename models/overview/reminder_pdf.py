"""The reminder sheets as PDF: one page per team or Koseka, with the kop, the PPL table and
what to do next.

Many sheets go either into one PDF, a page each (printed at once for a briefing), or into
one file per sheet in a folder (each PML is sent his or her own to forward to the group).
Every file is written under a temporary name and renamed into place.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from sqlalchemy.orm import Session

from models.files.private import private_folder, written_privately
from models.formatting import format_date, format_number, format_percent, format_short_date
from models.letters.issue import safe_file_name
from models.letters.pdf import blocks as letter_pdf
from models.letters.pdf.markup import bold, markup
from models.office.logo import LogoImage, get_logo
from models.office.profile import ProfileData, get_profile, role_labels
from models.overview.reminders import (
    PplLine,
    SheetKind,
    TeamSheet,
    forecast_phrase,
    sheet_heading,
)
from models.schedule.standing import ScheduleStatus
from models.schema.officers import OfficerRole

log = logging.getLogger(__name__)

TODO_ITEMS = 5  # what-to-do lines on a page; the rest are counted
CELL_SIZE = 8.5
STATUS_COLOURS = {ScheduleStatus.JAUH_TERTINGGAL: colors.HexColor("#F8D7DA"),
                  ScheduleStatus.TERTINGGAL: colors.HexColor("#FFF3CD"),
                  ScheduleStatus.SELESAI: colors.HexColor("#D4EDDA")}


@dataclass(frozen=True)
class _Office:
    """What every page needs from the office, read once per PDF."""

    profile: ProfileData
    labels: dict[OfficerRole, str]
    logo: LogoImage | None


def _office(session: Session) -> _Office:
    profile = get_profile(session)
    return _Office(profile, role_labels(profile), get_logo(session))


def _count(done: int, whole: int) -> str:
    return f"{format_number(done)} / {format_number(whole)}"


def _idle(line: PplLine) -> str:
    if not line.inactive:
        return "—"
    since = f"sejak {format_short_date(line.last_gain)}" if line.last_gain else "belum lapor"
    return f"{format_number(line.idle_days)} hari, {since}"


def _status(line: PplLine, scheduled: bool) -> str:
    if not line.sls_count:
        return "belum ada SLS"
    if not scheduled and line.status is ScheduleStatus.TIDAK_DIJADWALKAN:
        return "—"  # the note under the table says why
    return line.status.label


def _finish(line: PplLine) -> tuple[str, bool]:
    """The likely finish as plain text, and whether it falls after the window's end (then
    said on a line of its own)."""
    forecast = line.forecast
    if forecast is None or forecast.day is None or line.status is ScheduleStatus.SELESAI:
        return forecast_phrase(forecast) or "—", False
    return format_short_date(forecast.day), not forecast.finishes_in_window


def _table(sheet: TeamSheet, office: _Office, width: float) -> LongTable:
    style = letter_pdf.styles()
    cell = style["cell"].clone("reminder_cell", fontSize=CELL_SIZE, leading=10.5)
    titles = [("No.", 8 * mm), (office.labels[OfficerRole.PPL], 0.0),
              ("SLS selesai", 12 * mm), ("Ruta ditemukan / target", 21 * mm),
              ("Target hari ini", 18 * mm), ("Status", 19 * mm),
              ("Perkiraan selesai", 22 * mm), ("Tidak aktif", 21 * mm),
              ("Hanya online", 12 * mm)]
    widths = [w for _, w in titles]
    widths[1] = width - sum(widths)
    rows: list[list[object]] = [[letter_pdf.header_text(t, w)
                                 for (t, _), w in zip(titles, widths, strict=True)]]
    for number, line in enumerate(sheet.lines, start=1):
        finish, late = _finish(line)
        found = f"{_count(line.households_found, line.households_target)}"
        if line.households_target:
            found += f"\n({format_percent(line.found_pct, 0)})"
        expected = (f"{format_number(line.expected_today)}\n"
                    f"({format_percent(line.expected_pct, 0)})"
                    if sheet.scheduled and line.households_target else "—")
        rows.append([
            str(number), Paragraph(markup(line.name), cell),
            _count(line.sls_done, line.sls_count), found, expected,
            Paragraph(markup(_status(line, sheet.scheduled)), cell),
            Paragraph(f"{markup(finish)}<br/>lewat jadwal" if late else markup(finish), cell),
            Paragraph(markup(_idle(line)), cell), format_number(line.online_only)])
    if not sheet.lines:
        rows.append(["", Paragraph(markup(f"Belum ada {office.labels[OfficerRole.PPL]} "
                                          "dengan SLS."), cell), *[""] * 7])
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    grid = letter_pdf.grid_style()
    grid.add("FONT", (0, 1), (-1, -1), letter_pdf.FONT, CELL_SIZE, 10.5)
    grid.add("ALIGN", (0, 1), (0, -1), "CENTER")
    grid.add("ALIGN", (2, 1), (4, -1), "CENTER")
    grid.add("ALIGN", (-1, 1), (-1, -1), "CENTER")
    for number, line in enumerate(sheet.lines, start=1):
        colour = STATUS_COLOURS.get(line.status)
        if colour is not None:
            grid.add("BACKGROUND", (5, number), (5, number), colour)
        if line.inactive:
            grid.add("BACKGROUND", (7, number), (7, number), STATUS_COLOURS[
                ScheduleStatus.TERTINGGAL])
    table.setStyle(grid)
    return table


def todo_items(sheet: TeamSheet, office: _Office) -> list[str]:
    """What the PML (or Koseka) should do next, one sentence per PPL, worst first."""
    items = []
    for line in sheet.lines:
        parts = []
        if line.status.behind:
            parts.append(f"kurang {format_number(line.gap)} ruta dari jadwal (sisa "
                         f"{format_number(line.households_left)} ruta di "
                         f"{format_number(line.sls_left)} SLS)")
        if line.inactive:
            since = (f"sejak {format_short_date(line.last_gain)}" if line.last_gain
                     else "sejak awal pencacahan")
            parts.append(f"tanpa ruta baru {since} "
                         f"({format_number(line.idle_days)} hari kerja)")
        if parts:
            ask = "hubungi, tanyakan kendalanya" if line.inactive else \
                "bantu susun rencana kunjungan"
            items.append(f"{line.name}: {'; '.join(parts)} — {ask}.")
    if not sheet.scheduled:  # no plan to be behind: the lowest shares are pushed instead
        lowest = sorted((line for line in sheet.lines
                         if line.households_target and line.status is not ScheduleStatus.SELESAI),
                        key=lambda line: (line.found_pct, line.name.casefold()))[:3]
        items += [f"{line.name}: baru {format_percent(line.found_pct, 0)} dari target, sisa "
                  f"{format_number(line.households_left)} ruta di "
                  f"{format_number(line.sls_left)} SLS — bantu susun rencana kunjungan."
                  for line in lowest]
    if sheet.online_only:
        items.append(f"Kunjungi dan verifikasi {format_number(sheet.online_only)} orang yang "
                     "baru mengisi online (daftar hanya online per "
                     f"{office.labels[OfficerRole.PPL]} di menu Rekonsiliasi).")
    empty = [line.name for line in sheet.lines if not line.sls_count]
    if empty:
        items.append(f"Belum ada SLS untuk: {', '.join(empty)}.")
    if not items:
        items.append("Tidak ada yang tertinggal. Pertahankan laju pencacahan.")
    return items


def _page(sheet: TeamSheet, office: _Office, page: letter_pdf.Page) -> list[object]:
    style = letter_pdf.styles()
    small = style["small"]
    labels = office.labels
    leader = labels[OfficerRole.PML if sheet.kind is SheetKind.TEAM else OfficerRole.KOSEKA]
    state = "belum ada data"
    if sheet.day is not None:
        state = (f"{format_number(sheet.households_found)} dari "
                 f"{format_number(sheet.households_target)} ruta "
                 f"({format_percent(sheet.found_pct, 0)})")
        if sheet.scheduled and sheet.status not in (ScheduleStatus.TANPA_TARGET,
                                                    ScheduleStatus.SELESAI):
            state += (f"; seharusnya {format_number(sheet.expected_today)} "
                      f"({format_percent(sheet.expected_pct, 0)}): {sheet.status.label}")
    left = (f"{format_number(sheet.sls_count - sheet.sls_done)} dari "
            f"{format_number(sheet.sls_count)} SLS belum selesai; "
            f"{format_number(sheet.online_only)} orang hanya online perlu dikunjungi")
    rows = [(leader, bold(sheet.leader or "(belum ada)")),
            ("Keadaan per", markup(format_date(sheet.day) or "—")),
            ("Capaian", markup(state)),
            ("Sisa", markup(left))]
    finish = forecast_phrase(sheet.forecast)
    if finish and sheet.status is not ScheduleStatus.SELESAI:
        rows.append(("Perkiraan selesai", markup(finish)))
    items = todo_items(sheet, office)
    shown = items[:TODO_ITEMS]
    if len(items) > TODO_ITEMS:
        shown.append(f"… dan {format_number(len(items) - TODO_ITEMS)} hal lain.")
    todo = [Paragraph("Yang perlu dilakukan", style["body"].clone("todo_head",
                                                                  fontName=letter_pdf.BOLD))]
    todo += [Paragraph(markup(item), small, bulletText="•") for item in shown]
    return [
        _KopMark(),
        Spacer(1, letter_pdf.KOP_SPACE),
        Paragraph(f"STATUS {markup(sheet_heading_plain(sheet, labels).upper())}",
                  style["title"]),
        Spacer(1, 3 * mm),
        letter_pdf.label_rows(rows, page.text_width, indent=0),
        Spacer(1, 3 * mm),
        _table(sheet, office, page.text_width),
        Spacer(1, 2 * mm),
        Paragraph(markup(_note(sheet)), small),
        Spacer(1, 4 * mm),
        KeepTogether(todo),
    ]


def _note(sheet: TeamSheet) -> str:
    if not sheet.scheduled:
        return ("Belum ada jadwal pencacahan lapangan (Pengaturan › Jadwal): target harian, "
                "status dan perkiraan selesai belum dihitung. Diurutkan dari capaian terendah.")
    return ("Diurutkan dari yang paling tertinggal. Tidak aktif: tanpa ruta baru selama hari "
            "kerja berturut-turut, dihitung sampai tanggal keadaan.")


def sheet_heading_plain(sheet: TeamSheet, labels: dict[OfficerRole, str]) -> str:
    """The sheet's title as on the page: 'Tim 03' or 'Koseka Rahmat — Kecamatan …'."""
    if sheet.kind is SheetKind.TEAM:
        return sheet.title
    return f"{labels[OfficerRole.KOSEKA]} {sheet.leader} — {sheet.title}"


class _KopMark(Flowable):
    """Takes no room; marks its page as a sheet's first, which gets the kop."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[int] = set()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.pages.add(self.canv.getPageNumber())


def render_sheets(sheets: list[TeamSheet], target: Path, office: _Office) -> Path:
    """Write `sheets` to `target`, each starting on a page of its own under the kop (a
    sheet too long for its page goes on without it)."""
    profile = office.profile
    page = letter_pdf.page_for(profile)
    logo = letter_pdf.kop_logo(office.logo)
    story: list[object] = []
    for sheet in sheets:
        if story:
            story.append(PageBreak())
        story += _page(sheet, office, page)
    if not story:
        story = [_KopMark(), Spacer(1, letter_pdf.KOP_SPACE),
                 Paragraph("Belum ada tim atau Koseka.", letter_pdf.styles()["body"])]
    first_pages: set[int] = set()
    for flowable in story:
        if isinstance(flowable, _KopMark):
            flowable.pages = first_pages  # one set for the document
    left, right, top, bottom = letter_pdf.MARGINS
    footer = " · ".join(p for p in ("Status tim", profile.office_name) if p)

    def page_end(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        if canvas.getPageNumber() in first_pages:
            letter_pdf.draw_kop(canvas, profile, page, logo)
        letter_pdf.draw_page_number(canvas, page, footer)

    width, height = page.size
    frame = Frame(left, bottom, width - left - right, height - top - bottom, id="isi")
    with written_privately(target) as temporary:
        document = BaseDocTemplate(str(temporary), pagesize=page.size, title="Status tim",
                                   author=profile.office_name,
                                   initialFontName=letter_pdf.FONT)
        document.addPageTemplates([PageTemplate("lembar", [frame], onPageEnd=page_end)])
        document.build(story)
    return target


def write_reminder_pdf(session: Session, sheets: list[TeamSheet], target: Path) -> Path:
    """All `sheets` in one PDF at `target`, a page each."""
    return render_sheets(sheets, target, _office(session))


def sheet_file_name(sheet: TeamSheet, labels: dict[OfficerRole, str]) -> str:
    day = sheet.day.isoformat() if sheet.day else "tanpa-data"
    return f"Status {safe_file_name(sheet_heading(sheet, labels))} {day}.pdf"


def write_reminder_pdfs(session: Session, sheets: list[TeamSheet], folder: Path) -> list[Path]:
    """One PDF per sheet in `folder` (made if missing), named after the team or Koseka and
    the day; two sheets of one name get a number. Returns the files written."""
    office = _office(session)
    private_folder(folder)
    written: list[Path] = []
    taken: set[str] = set()
    for sheet in sheets:
        name = sheet_file_name(sheet, office.labels)
        stem, number = name.removesuffix(".pdf"), 2
        while name.casefold() in taken:
            name, number = f"{stem} ({number}).pdf", number + 1
        taken.add(name.casefold())
        written.append(render_sheets([sheet], folder / name, office))
    log.info("%d reminder sheets written to %s", len(written), folder)
    return written

