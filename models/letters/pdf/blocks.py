"""Building blocks of an Indonesian official letter in reportlab: page, kop, signature.

Later letters (progress reports, OPD letters) reuse these, so every letter of the office
shares one letterhead and one signature layout.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from models.formatting import format_date
from models.ids.nip import format_nip
from models.letters.pdf.fonts import BOLD, FONT
from models.letters.pdf.rows import stringWidth
from models.letters.pdf.text import Line, TextLines
from models.office.logo import LogoImage
from models.office.profile import ProfileData
from models.schema.office import PaperSize

F4 = (215 * mm, 330 * mm)
PAGE_SIZES = {PaperSize.A4: A4, PaperSize.F4: F4}
MARGINS = (25 * mm, 20 * mm, 20 * mm, 20 * mm)  # left, right, top, bottom
KOP_SPACE = 22 * mm  # room the first page's story leaves below the top margin for the kop
KOP_LOGO_HEIGHT = 22 * mm  # about the height of the kop's lines
KOP_LOGO_WIDTH = 34 * mm  # a wide logo is fitted to this instead
KOP_LOGO_GAP = 4 * mm  # between the logo and the kop's lines


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15)
    return {
        "body": base,
        "justify": ParagraphStyle("justify", parent=base, alignment=TA_JUSTIFY),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=13, leading=17,
                                alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=9.5, leading=12,
                               alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=11),
    }


@dataclass(frozen=True)
class Page:
    size: tuple[float, float]

    @property
    def text_width(self) -> float:
        return self.size[0] - MARGINS[0] - MARGINS[1]


def page_for(profile: ProfileData) -> Page:
    return Page(PAGE_SIZES[profile.paper_size])


def kop_logo(logo: LogoImage | None) -> ImageReader | None:
    """The stored logo ready for draw_kop. Made once per PDF and handed to every page:
    reportlab then embeds the image once, however many letters the PDF holds."""
    return ImageReader(io.BytesIO(logo.data)) if logo is not None else None


def _kop_lines(profile: ProfileData) -> list[tuple[str, float, str]]:
    lines = [(BOLD, 14.0, "BADAN PUSAT STATISTIK")]
    region = profile.region_name or profile.office_name.replace("Badan Pusat Statistik", "")
    if region.strip():
        lines.append((BOLD, 13.0, region.strip().upper()))
    if profile.address:
        lines.append((FONT, 9.5, profile.address))
    contact = "   ".join(part for part in (
        f"Telp. {profile.phone}" if profile.phone else "",
        f"Surel: {profile.email}" if profile.email else "",
        f"Laman: {profile.website}" if profile.website else "") if part)
    if contact:
        lines.append((FONT, 9.5, contact))
    return lines


def draw_kop(canvas: Canvas, profile: ProfileData, page: Page,
             logo: ImageReader | None = None) -> None:
    """The letterhead at the top of the first page (the story leaves room for it): the
    office's lines centred, the logo (if one is set) at the left, a double rule below.

    With a logo the lines stay centred on the page when they clear it, as government kops
    are; a line that would run into it centres them over the width right of the logo.
    A line too long for its width is set smaller rather than past the margin.
    """
    width, height = page.size
    top = height - 14 * mm
    left, right = MARGINS[0], width - MARGINS[1]
    lines = _kop_lines(profile)
    rule = min(top - 5 * mm - sum(size * 1.35 for _, size, _ in lines) + 1 * mm,
               top - 22 * mm)
    text_left, text_right = left, right
    if logo is not None:
        pixels_wide, pixels_high = logo.getSize()
        logo_height = min(KOP_LOGO_HEIGHT, top - rule - 2 * mm)
        logo_width = logo_height * pixels_wide / pixels_high
        if logo_width > KOP_LOGO_WIDTH:
            logo_width, logo_height = KOP_LOGO_WIDTH, KOP_LOGO_WIDTH * pixels_high / pixels_wide
        bottom = rule + 2 * mm + (top - rule - 2 * mm - logo_height) / 2
        canvas.drawImage(logo, left, bottom, logo_width, logo_height, mask="auto")
        clear = logo_width + KOP_LOGO_GAP
        widest = max(stringWidth(text, font, size) for font, size, text in lines)
        text_left, text_right = left + clear, right - (clear if widest <= right - left
                                                       - 2 * clear else 0)
    text_x = (text_left + text_right) / 2
    room = text_right - text_left
    y = top - 5 * mm
    for font, size, text in lines:
        shown = size
        if stringWidth(text, font, size) > room:
            shown = max(size * room / stringWidth(text, font, size), 6.0)
        canvas.setFont(font, shown)
        canvas.drawCentredString(text_x, y, text)
        y -= size * 1.35
    canvas.setLineWidth(2.2)
    canvas.line(left, rule, right, rule)
    canvas.setLineWidth(0.6)
    canvas.line(left, rule - 1.2 * mm, right, rule - 1.2 * mm)


def draw_page_number(canvas: Canvas, page: Page, number: str, first_page: int = 1) -> None:
    """'<number> — halaman N', N counted from `first_page` (a letter inside a batch PDF)."""
    canvas.setFont(FONT, 8.5)
    canvas.setFillColor(colors.grey)
    canvas.drawRightString(page.size[0] - MARGINS[1], 10 * mm,
                           f"{number} — halaman {canvas.getPageNumber() - first_page + 1}")
    canvas.setFillColor(colors.black)


DRAFT_MARK = "DRAF"


def draw_draft_mark(canvas: Canvas, page: Page) -> None:
    """'DRAF' in large see-through grey letters across the page, corner to corner."""
    width, height = page.size
    size = width * 0.3
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#808080"))
    canvas.setFillAlpha(0.25)
    canvas.setFont(BOLD, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    canvas.drawCentredString(0, -size * 0.35, DRAFT_MARK)
    canvas.restoreState()


def label_rows(rows: list[tuple[str, str]], width: float, indent: float = 8 * mm) -> Table:
    """'Nama : ...' blocks, with the colons aligned: the label column is as wide as the
    longest label needs (at least 30 mm), so no label runs into its colon."""
    style = styles()["body"]
    data = [[label, ":", Paragraph(value, style)] for label, value in rows]
    labels = max(indent + max(stringWidth(label, FONT, 11) for label, _ in rows) + 6,
                 30 * mm)
    table = Table(data, colWidths=[labels, 4 * mm, width - labels - 4 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), indent), ("LEFTPADDING", (1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def signature_block(profile: ProfileData, page: Page, day: date | None = None) -> TextLines:
    """The head's title, room to sign, name and NIP 8-6-1-3, in the right-hand column.

    A Surat Tugas puts place and `day` above them; a letter (surat dinas) carries them
    beside its number instead.
    """
    nip = format_nip(profile.head_nip)
    lines = [Line(f"{profile.city or '…'}, {format_date(day)}")] if day else []
    lines += [Line(f"{profile.head_title or 'Kepala'},"),
              Line(profile.head_name or "…", bold=True, gap_before=18 * mm)]
    if nip:
        lines.append(Line(f"NIP {nip}"))
    return TextLines(lines, offset=page.text_width - 85 * mm)


HEADER_SIZE = 9.5
CELL_PADDING = 6  # Table's own left and right padding


def header_text(title: str, width: float, size: float = HEADER_SIZE) -> str:
    """A column title as lines for a Table's plain-text header cell (`grid_style` sets it in
    bold, centred): broken only at spaces and after '/', never inside a word."""
    room = width - 2 * CELL_PADDING
    pieces = [p for p in re.split(r"(?<=/)|(?<= )", title) if p]
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and stringWidth((line + piece).rstrip(), BOLD, size) > room:
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip())
    return "\n".join(lines)


def grid_style(header_rows: int = 1) -> TableStyle:
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, -1), FONT, HEADER_SIZE),  # not Table's default Helvetica
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#E6ECF3")),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, HEADER_SIZE, 12),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ])
