"""A plain ruled table drawn straight on the canvas, for long lists in letters.

reportlab's Table measures every cell and re-measures on each page split: a 10,000-name
attachment took 6 s as a LongTable and 1.5 s as page-sized Tables. Here every row has one
fixed height and text that does not fit is set smaller, then shortened with '…', so a page
split is arithmetic and drawing is a few canvas calls per cell.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import Font, getFont, unicode2T1
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from models.letters.pdf.fonts import BOLD, FONT

HEADER_FILL = colors.HexColor("#E6ECF3")
PAD = 2.5
SMALLEST = 6.5  # font size below which text is shortened instead


@dataclass(frozen=True)
class Col:
    title: str
    width: float = 0.0  # points; 0 shares the width left over
    align: str = "left"  # left, right or center


WIDEST = 1.02  # no Liberation Sans (Helvetica-wide) glyph is wider than this many ems


@cache
def _font(name: str) -> Font:
    return getFont(name)


@lru_cache(maxsize=16384)
def stringWidth(text: str, font: str, size: float) -> float:  # noqa: N802 - reportlab's name
    """pdfmetrics.stringWidth without its lookups, remembered: called for most of 50,000
    cells, whose numbers and names repeat from row to row and letter to letter."""
    return _font(font).stringWidth(text, size)


def show_at(text: PDFTextObject, value: str, *, font: str, x: float, y: float,
            turn: tuple[float, float] = (1.0, 0.0)) -> None:
    """`setTextOrigin` + `textOut` as one operator string, the text turned by `turn`
    (cosine, sine). textOut also sums the width to move its cursor, which a cell never
    uses; together they were a third of a 10,000-name attachment's time. Text the font
    cannot encode goes the general way."""
    cos, sin = turn
    if _font(font)._dynamicFont:  # TrueType: reportlab picks the subset and its codes
        matrix = "1 0 0 1" if turn == (1.0, 0.0) else fp_str(cos, sin, -sin, cos)
        ascii_shown = _ascii(value) if text._curSubset == 0 else None
        text._code.append(f"{matrix} {fp_str(x, y)} Tm "
                          f"{ascii_shown or text._formatText(value)}")
        return
    shown = _encoded(value, font)
    if shown is not None:
        matrix = "1 0 0 1" if turn == (1.0, 0.0) else fp_str(cos, sin, -sin, cos)
        text._code.append(f"{matrix} {fp_str(x, y)} Tm {shown}")
    else:
        text.setTextTransform(cos, sin, -sin, cos, x, y)
        text.textOut(value)


@lru_cache(maxsize=16384)
def _ascii(value: str) -> str | None:
    """`(text) Tj` for printable ASCII in a TrueType font whose first subset is already
    selected: reportlab keeps ASCII at its own codes there (rl_config.ttfAsciiReadable),
    so the text needs no lookup; None for any other text."""
    if value.isascii() and value.isprintable():
        return f"({escapePDF(value)}) Tj"
    return None


@lru_cache(maxsize=16384)
def _encoded(value: str, font: str) -> str | None:
    """`(text) Tj` in the font's own encoding; None when some character needs another font.
    Remembered: numbers and names repeat from row to row."""
    face = _font(font)
    pieces = unicode2T1(value, [face, *face.substitutionFonts])
    if len(pieces) == 1 and pieces[0][0] is face:
        return f"({escapePDF(pieces[0][1])}) Tj"
    return None


def fit(text: str, width: float, font: str, size: float) -> tuple[str, float]:
    """The text and font size that fit `width`: smaller type first, then '…'."""
    if len(text) * size * WIDEST <= width:  # short text: no need to measure
        return text, size
    full = stringWidth(text, font, size)
    if full <= width:
        return text, size
    smaller = max(SMALLEST, size * width / full)
    if stringWidth(text, font, smaller) <= width:
        return text, smaller
    while text and stringWidth(text + "…", font, SMALLEST) > width:
        text = text[:-1]
    return text.rstrip() + "…", SMALLEST


class RowTable(Flowable):
    """Rows of text under a repeated header; the last row may be a bold total."""

    def __init__(self, columns: Sequence[Col], rows: Sequence[Sequence[str]], *,
                 total: Sequence[str] | None = None, font_size: float = 9,
                 row_height: float = 13.5) -> None:
        super().__init__()
        self.columns, self.rows, self.total = list(columns), rows, total
        self.font_size, self.row_height = font_size, row_height
        self.widths: list[float] = []
        self.header_lines: list[list[str]] = []
        self._laid_out_for: float | None = None  # the width the columns were measured for

    def _layout(self, width: float) -> None:
        if self._laid_out_for == width:
            return  # wrap and split ask again with the same width: the header is measured
        self._laid_out_for = width
        fixed = sum(c.width for c in self.columns)
        flexible = [c for c in self.columns if not c.width]
        share = (width - fixed) / len(flexible) if flexible else 0
        self.widths = [c.width or share for c in self.columns]
        self.header_lines = [simpleSplit(c.title, BOLD, self.font_size, w - 2 * PAD)
                             for c, w in zip(self.columns, self.widths, strict=True)]

    @property
    def header_height(self) -> float:
        lines = max(len(lines) for lines in self.header_lines)
        return lines * (self.font_size + 1.5) + 2 * PAD + 1

    def _body_rows(self) -> int:
        return len(self.rows) + (1 if self.total is not None else 0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._layout(available_width)
        self.width = sum(self.widths)
        self.height = self.header_height + self._body_rows() * self.row_height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._layout(available_width)
        fits = int((available_height - self.header_height) // self.row_height)
        if fits < 2:  # never a header alone, or a single row, at the bottom of a page
            return []
        if fits >= self._body_rows():
            return [self]
        if fits >= len(self.rows):  # keep the total with at least one row
            fits = len(self.rows) - 1
        first = RowTable(self.columns, self.rows[:fits], font_size=self.font_size,
                         row_height=self.row_height)
        rest = RowTable(self.columns, self.rows[fits:], total=self.total,
                        font_size=self.font_size, row_height=self.row_height)
        return [first, rest]

    def draw(self) -> None:
        canvas = self.canv
        size, header = self.font_size, self.header_height
        top = self.height
        canvas.setFillColor(HEADER_FILL)
        canvas.rect(0, top - header, self.width, header, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        x = 0.0
        for lines, width in zip(self.header_lines, self.widths, strict=True):
            y = top - header / 2 + (len(lines) - 1) * (size + 1.5) / 2 - size * 0.35
            for line in lines:
                canvas.setFont(BOLD, size)
                canvas.drawCentredString(x + width / 2, y, line)
                y -= size + 1.5
            x += width
        body = list(self.rows) + ([self.total] if self.total is not None else [])
        text = canvas.beginText()  # one text object for every cell: far fewer PDF operators
        self._font: tuple[str, float] = ("", 0.0)
        y = top - header
        for number, row in enumerate(body):
            font = BOLD if self.total is not None and number == len(body) - 1 else FONT
            baseline = y - self.row_height / 2 - size * 0.35
            x = 0.0
            for value, column, width in zip(row, self.columns, self.widths, strict=True):
                if value:
                    self._cell(text, str(value), x=x, baseline=baseline, width=width,
                               align=column.align, font=font)
                x += width
            y -= self.row_height
        canvas.drawText(text)
        canvas.setLineWidth(0.5)
        canvas.rect(0, y, self.width, top - y, stroke=1, fill=0)
        x = 0.0
        for width in self.widths[:-1]:
            x += width
            canvas.line(x, y, x, top)
        line_y = top - header
        while line_y > y + 0.01:
            canvas.line(0, line_y, self.width, line_y)
            line_y -= self.row_height

    def _cell(self, text: PDFTextObject, value: str, *, x: float, baseline: float, width: float,
              align: str, font: str) -> None:
        shown, size = fit(value, width - 2 * PAD, font, self.font_size)
        if align == "left":
            left = x + PAD
        else:
            used = stringWidth(shown, font, size)
            left = x + width - PAD - used if align == "right" else x + (width - used) / 2
        if self._font != (font, size):  # a font operator only where the font changes
            text.setFont(font, size)
            self._font = (font, size)
        show_at(text, shown, font=font, x=left, y=baseline)
