"""Plain text blocks of a letter drawn on the canvas: labelled rows and the signature.

These blocks hold no markup, so they skip Paragraph's parser and Table's measuring; in a
batch of 52 letters those took a fifth of the time.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable

from models.letters.pdf.rows import BOLD, FONT, show_at, stringWidth


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    gap_before: float = 0.0  # extra room above, e.g. for a signature
    indent: float = 0.0


class LabelRows(Flowable):
    """'Nomor : …' rows with aligned colons; values wrap; text at the first row's right."""

    def __init__(self, rows: list[tuple[str, str]], label_width: float, *,
                 right_text: str = "", right_width: float = 0.0, size: float = 11,
                 leading: float = 15, indent: float = 0.0) -> None:
        super().__init__()
        self.rows, self.label_width, self.indent = rows, label_width, indent
        self.right_text, self.right_width = right_text, right_width
        self.size, self.leading = size, leading
        self.lines: list[list[str]] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        value_x = self.indent + self.label_width + 10
        self.lines = []
        for number, (_, value) in enumerate(self.rows):
            room = available_width - value_x - (self.right_width if number == 0 else 0)
            self.lines.append(simpleSplit(value, FONT, self.size, room) or [""])
        self.height = sum(len(v) for v in self.lines) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        text = self.canv.beginText()
        text.setFont(FONT, self.size)
        y = self.height - self.size
        value_x = self.indent + self.label_width + 10
        for (label, _), values in zip(self.rows, self.lines, strict=True):
            text.setTextOrigin(self.indent, y)
            text.textOut(label)
            text.setTextOrigin(self.indent + self.label_width, y)
            text.textOut(":")
            for value in values:
                text.setTextOrigin(value_x, y)
                text.textOut(value)
                y -= self.leading
        self.canv.drawText(text)
        if self.right_text:
            self.canv.setFont(FONT, self.size)
            self.canv.drawRightString(self.width, self.height - self.size, self.right_text)


class TextLines(Flowable):
    """Lines of plain text starting `offset` from the left (the signature sits at the right)."""

    def __init__(self, lines: list[Line], *, offset: float = 0.0, size: float = 11,
                 leading: float = 15) -> None:
        super().__init__()
        self.lines, self.offset, self.size, self.leading = lines, offset, size, leading
        self.wrapped: list[tuple[Line, list[str]]] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        room = available_width - self.offset
        self.wrapped = [(line, simpleSplit(line.text, BOLD if line.bold else FONT, self.size,
                                           room - line.indent) or [""]) for line in self.lines]
        self.height = sum(line.gap_before + len(parts) * self.leading
                          for line, parts in self.wrapped)
        return self.width, self.height

    def draw(self) -> None:
        text = self.canv.beginText()
        y = self.height
        for line, parts in self.wrapped:
            y -= line.gap_before
            text.setFont(BOLD if line.bold else FONT, self.size)
            for part in parts:
                y -= self.leading
                text.setTextOrigin(self.offset + line.indent, y + self.leading - self.size)
                text.textOut(part)
        self.canv.drawText(text)


class PlainParagraph(Flowable):
    """A paragraph of plain text in a ParagraphStyle's font, leading, indents and alignment
    (left or justified). Letters' body text holds no markup, and Paragraph's parser and
    fragment machinery cost more than the rest of a progress letter's text; characters
    such as '&' or '<' in an area's name need no escaping here."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.lines: list[str] | None = None  # broken at the first wrap; fixed in a piece
        self.first = True  # holds the paragraph's first line (its indent applies)
        self.ends = True  # holds the paragraph's last line (not spread when justified)

    def _piece(self, lines: list[str], first: bool, ends: bool) -> PlainParagraph:
        piece = PlainParagraph(self.text, self.style)
        piece.lines, piece.first, piece.ends = lines, first, ends
        return piece

    def _break(self, available_width: float) -> list[str]:
        style, lines = self.style, []
        font, size = style.fontName, style.fontSize
        space = stringWidth(" ", font, size)
        room = available_width - style.leftIndent - style.rightIndent - style.firstLineIndent
        line: list[str] = []
        used = 0.0
        for word in self.text.split():
            width = stringWidth(word, font, size)
            if line and used + space + width > room:
                lines.append(" ".join(line))
                room = available_width - style.leftIndent - style.rightIndent
                line, used = [], 0.0
            used += (space if line else 0.0) + width
            line.append(word)
        if line:
            lines.append(" ".join(line))
        return lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.lines is None:
            self.lines = self._break(available_width)
        self.width = available_width
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        assert self.lines is not None
        fits = int(available_height // self.style.leading)
        if fits >= len(self.lines):
            return [self]
        if fits < 1 or (fits == 1 and self.first):  # never one first line alone at the bottom
            return []
        return [self._piece(self.lines[:fits], self.first, False),
                self._piece(self.lines[fits:], False, self.ends)]

    def draw(self) -> None:
        style, lines = self.style, self.lines or []
        font, size = style.fontName, style.fontSize
        text = self.canv.beginText()
        text.setFont(font, size)
        justify = style.alignment == TA_JUSTIFY
        y = self.height - size
        spacing = 0.0
        for number, line in enumerate(lines):
            left = style.leftIndent + (style.firstLineIndent if self.first and number == 0 else 0)
            gaps = line.count(" ")
            wanted = 0.0
            if justify and gaps and (number < len(lines) - 1 or not self.ends):
                room = self.width - left - style.rightIndent
                wanted = (room - stringWidth(line, font, size)) / gaps
            if wanted != spacing:
                text.setWordSpace(wanted)
                spacing = wanted
            show_at(text, line, font=font, x=left, y=y)
            y -= style.leading
        self.canv.drawText(text)
