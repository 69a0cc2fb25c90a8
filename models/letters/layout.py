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
from models.letters.pdf.rows import RowTable
from models.letters.pdf.text import LabelRows, Line, PlainParagraph, TextLines
from models.office.logo import LogoImage
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


class _Ending(Flowable):
    """The letter's closing paragraph, signature and tembusan, kept on one page together with
    the last lines of what stands above them (`above`: a paragraph or a table).

    When they do not fit below the body, `above` is split so that at least `keep` points of
    it go to the next page with them: the signature never stands alone, nor the closing.
    """

    def __init__(self, above: Flowable | None, tail: list[Flowable], page_height: float,
                 keep: float = 30.0) -> None:
        super().__init__()
        self.above, self.tail = above, tail
        self.page_height, self.keep = page_height, keep

    @property
    def parts(self) -> list[Flowable]:
        return ([self.above] if self.above is not None else []) + self.tail

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = sum(part.wrap(available_width, available_height)[1]
                          for part in self.parts)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        tail = sum(part.wrap(available_width, available_height)[1] for part in self.tail)
        if tail > self.page_height:  # longer than a page: let the parts flow on their own
            return self.parts
        if self.above is None:
            return []  # all to the next page
        above = self.above.wrap(available_width, available_height)[1]
        pieces = self.above.split(available_width,
                                  min(available_height, above - self.keep))
        if len(pieces) != 2:  # cannot leave a part of it here: all go to the next page
            return []
        return [pieces[0], _Ending(pieces[1], self.tail, self.page_height, self.keep)]

    def draw(self) -> None:
        y = self.height
        for part in self.parts:
            _, height = part.wrap(self.width, self.height)
            y -= height
            part.drawOn(self.canv, 0, y)


def _ending(body: list[Flowable], tail: list[Flowable], page_height: float) -> list[Flowable]:
    """`body` with its closing paragraph (its last flowable) and the last lines above that
    joined to `tail` (signature, tembusan) as one _Ending."""
    solid = [n for n, part in enumerate(body) if not isinstance(part, Spacer)]
    if not solid:
        return [*body, _Ending(None, tail, page_height)]
    closing = solid[-1]
    above = solid[-2] if len(solid) > 1 else None
    if above is not None and not isinstance(body[above], PlainParagraph | RowTable):
        above = None  # a chart or a kept block: it moves whole or not at all
    start = above if above is not None else closing
    return [*body[:start], _Ending(body[above] if above is not None else None,
                                   [*body[start + (1 if above is not None else 0):], *tail],
                                   page_height)]


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
        Spacer(1, 2 * mm),
        *_ending(content.body, [Spacer(1, 6 * mm), letter_pdf.signature_block(profile, page),
                                *_tembusan(content.tembusan)],
                 page.size[1] - letter_pdf.MARGINS[2] - letter_pdf.MARGINS[3]),
    ]
    if content.attachment:
        story += [PageBreak(), *_attachment_heading(letter, profile, page),
                  *content.attachment]
    return story


def write_letters(letters: list[NumberedLetter], profile: ProfileData, target: Path,
                  title: str, *, draft: bool = False, logo: LogoImage | None = None) -> None:
    """All `letters` into one PDF at `target` (A4 or F4 as set), each from a new page
    under the kop (with the office's `logo`, read once for the batch by its caller);
    a `draft` has 'DRAF' across every page."""
    page = letter_pdf.page_for(profile)
    left, right, top, bottom = letter_pdf.MARGINS
    state: dict[str, Any] = {"number": "", "start": 1}
    kop_logo = letter_pdf.kop_logo(logo)  # one image for every kop of the PDF

    def kop(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        letter_pdf.draw_kop(canvas, profile, page, kop_logo)

    def footer(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        letter_pdf.draw_page_number(canvas, page, state["number"], state["start"])

    def mark(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        if draft:  # over the page's content, see-through: tables do not hide it
            letter_pdf.draw_draft_mark(canvas, page)

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
            initialFontName=letter_pdf.FONT,
            subject=", ".join(x.number for x in letters[:20]))
        document.addPageTemplates([
            PageTemplate("kop", [frame()], onPage=kop, onPageEnd=mark),
            PageTemplate("later", [frame()], onPage=footer, onPageEnd=mark)])
        with collection_paused():
            document.build(story)
