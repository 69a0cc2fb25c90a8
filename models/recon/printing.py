"""The printable list of hanya-online persons per PPL: whom each officer must still visit.

One section per PPL with the persons of their SLS that filled online but were not found
in the field yet. The NIK is masked: the officer finds people by name and address.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy.orm import Session

from models.audit.nik_disclosure import masked_number
from models.files.private import written_privately
from models.formatting import format_date, format_number
from models.letters.pdf import blocks as letter_pdf
from models.letters.pdf.markup import bold, markup
from models.office.profile import get_profile
from models.recon.views import PersonLine, online_only_by_ppl


def _table(lines: list[PersonLine], width: float) -> LongTable:
    style = letter_pdf.styles()
    cell = style["cell"]
    titles = [("No.", 10 * mm), ("Nama", 0.0), ("NIK", 31 * mm), ("SLS", 31 * mm),
              ("Alamat", 42 * mm)]
    widths = [w for _, w in titles]
    widths[1] = width - sum(widths)
    rows: list[list[object]] = [[letter_pdf.header_text(t, w)
                                 for (t, _), w in zip(titles, widths, strict=True)]]
    for number, line in enumerate(lines, start=1):
        online = line.online
        assert online is not None
        rows.append([str(number), Paragraph(markup(online.name), cell),
                     masked_number(online.nik), online.sls_code,
                     Paragraph(markup(online.address or "—"), cell)])
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    grid = letter_pdf.grid_style()
    grid.add("FONT", (0, 1), (-1, -1), letter_pdf.FONT, 9)
    grid.add("ALIGN", (0, 1), (0, -1), "CENTER")
    table.setStyle(grid)
    return table


def render_online_only(session: Session, target: Path, day: date | None = None) -> int:
    """Write the list to `target` (PDF); returns the number of persons listed."""
    profile = get_profile(session)
    page = letter_pdf.page_for(profile)
    style = letter_pdf.styles()
    groups = online_only_by_ppl(session)
    day = day or date.today()
    story: list[object] = []
    for (officer_id, _nik, name), lines in groups.items():
        if story:
            story.append(PageBreak())
        story += [
            Paragraph("DAFTAR PENDUDUK YANG MENGISI SENSUS ONLINE", style["title"]),
            Paragraph("belum ditemui petugas lapangan (untuk diverifikasi)", style["center"]),
            Spacer(1, 5 * mm),
            letter_pdf.label_rows([
                ("Petugas", bold(name) if officer_id else markup(name)),
                ("Jumlah orang", format_number(len(lines))),
                ("Keadaan per", markup(format_date(day))),
            ], page.text_width),
            Spacer(1, 4 * mm),
            _table(lines, page.text_width),
        ]
    if not story:
        story.append(Paragraph("Tidak ada penduduk berstatus hanya online.", style["body"]))
    left, right, top, bottom = letter_pdf.MARGINS

    def number_pages(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        letter_pdf.draw_page_number(canvas, page, " · ".join(
            p for p in ("Daftar hanya online", profile.office_name) if p))

    with written_privately(target) as temporary:
        SimpleDocTemplate(str(temporary), pagesize=page.size, leftMargin=left,
                          rightMargin=right, topMargin=top, bottomMargin=bottom,
                          title="Daftar hanya online per PPL",
                          author=profile.office_name, initialFontName=letter_pdf.FONT).build(
            story, onFirstPage=number_pages, onLaterPages=number_pages)
    return sum(len(v) for v in groups.values())
