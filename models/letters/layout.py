"""An Indonesian official letter (surat dinas) around its body, and many letters in one PDF.

Nomor, Sifat, Lampiran and Hal on the left with place and date on the right, the "Yth."
block, the body, the signature with NIP 8-6-1-3, Tembusan, then any Lampiran pages headed
with the letter's number and date. Every letter starts on a new page under the kop; later
pages carry the letter's number and its own page count.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from models.errors import KendaliError
from models.files.private import written_privately
from models.formatting import format_date
from models.letters.pdf import blocks as letter_pdf
from models.letters.pdf.markup import markup
from models.letters.pdf.text import LabelRows, Line, PlainParagraph, TextLines
from models.office.profile import ProfileData
from models.schema.letters import LetterKind
from models.store.gc_pause import collection_paused


class LetterContentError(KendaliError):
    """The letters asked for cannot be composed (unknown area or OPD)."""


@dataclass
class LetterContent:
    """One letter as its maker composed it; the number is given when it is issued."""

    kind: LetterKind
    subject: str  # Hal
    recipient: str  # after "Yth.", and in the register
    recipient_place: str  # the "di ..." line
    body: list[Flowable]
    file_stem: str
    attachment: list[Flowable] = field(default_factory=list)  # the Lampiran pages
    attachment_label: str = "-"  # what Lampiran says, e.g. "1 (satu) berkas"
    attachment_title: str = ""
    nature: str = "Biasa"  # Sifat
    tembusan: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NumberedLetter:
    content: LetterContent
    number: str
    day: date


class _LetterStart(Flowable):
    """Marks where a letter begins, so later pages number themselves within it."""

    def __init__(self, state: dict[str, Any], number: str) -> None:
        super().__init__()
        self.state, self.number = state, number

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state.update(number=self.number, start=self.canv.getPageNumber())


def _heading(letter: NumberedLetter, profile: ProfileData) -> LabelRows:
    content = letter.content
    return LabelRows([("Nomor", letter.number), ("Sifat", content.nature),
                      ("Lampiran", content.attachment_label), ("Hal", content.subject)],
                     20 * mm, right_text=f"{profile.city or '…'}, {format_date(letter.day)}",
                     right_width=60 * mm)


def _recipient(content: LetterContent) -> TextLines:
    return TextLines([Line(f"Yth. {content.recipient}"), Line("di"),
                      Line(content.recipient_place, indent=8 * mm)])


def _tembusan(lines: list[str]) -> list[Flowable]:
    if not lines:
        return []
    items = [Line("Tembusan:")] + [Line(f"{n}. {x}") for n, x in enumerate(lines, start=1)]
    return [Spacer(1, 6 * mm), TextLines(items, size=9, leading=11.5)]


def _attachment_heading(letter: NumberedLetter, profile: ProfileData,
                        page: letter_pdf.Page) -> list[Flowable]:
    small = letter_pdf.styles()["small"]
    office = profile.head_title or "Kepala"
    rows = [[Paragraph(f"Lampiran Surat {markup(office)}", small), "", ""],
            ["Nomor", ":", Paragraph(markup(letter.number), small)],
            ["Tanggal", ":", Paragraph(markup(format_date(letter.day)), small)]]
    width = 80 * mm
    table = Table(rows, colWidths=[15 * mm, 3 * mm, width - 18 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), letter_pdf.FONT, 9), ("SPAN", (0, 0), (-1, 0)),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    title = [Paragraph(markup(letter.content.attachment_title), letter_pdf.styles()["title"])] \
        if letter.content.attachment_title else []
    return [table, Spacer(1, 6 * mm), *title, Spacer(1, 4 * mm)]


def letter_story(letter: NumberedLetter, profile: ProfileData, page: letter_pdf.Page,
                 state: dict[str, Any]) -> list[Flowable]:
    """The flowables of one letter, starting at the top of a kop page."""
    body = letter_pdf.styles()["justify"]
    content = letter.content
    story: list[Flowable] = [
        _LetterStart(state, letter.number), NextPageTemplate("later"),
        Spacer(1, letter_pdf.KOP_SPACE), _heading(letter, profile), Spacer(1, 7 * mm),
        _recipient(content), Spacer(1, 6 * mm), PlainParagraph("Dengan hormat,", body),
        Spacer(1, 2 * mm), *content.body, Spacer(1, 6 * mm),
        CondPageBreak(52 * mm),  # the signature never stands alone at the top of a page
        letter_pdf.signature_block(profile, page),
        *_tembusan(content.tembusan),
    ]
    if content.attachment:
        story += [PageBreak(), *_attachment_heading(letter, profile, page),
                  *content.attachment]
    return story


def write_letters(letters: list[NumberedLetter], profile: ProfileData, target: Path,
                  title: str) -> None:
    """All `letters` into one PDF at `target` (A4 or F4 as set), each from a new page."""
    page = letter_pdf.page_for(profile)
    left, right, top, bottom = letter_pdf.MARGINS
    state: dict[str, Any] = {"number": "", "start": 1}

    def kop(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        letter_pdf.draw_kop(canvas, profile, page)

    def footer(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        letter_pdf.draw_page_number(canvas, page, state["number"], state["start"])

    def frame() -> Frame:
        return Frame(left, bottom, page.text_width, page.size[1] - top - bottom,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    story: list[Flowable] = []
    for index, letter in enumerate(letters):
        if index:
            story += [NextPageTemplate("kop"), PageBreak()]
        story += letter_story(letter, profile, page, state)
    with written_privately(target) as temporary:
        document = BaseDocTemplate(
            str(temporary), pagesize=page.size, leftMargin=left, rightMargin=right,
            topMargin=top, bottomMargin=bottom, title=title, author=profile.office_name,
            subject=", ".join(x.number for x in letters[:20]))
        document.addPageTemplates([PageTemplate("kop", [frame()], onPage=kop),
                                   PageTemplate("later", [frame()], onPage=footer)])
        with collection_paused():
            document.build(story)
