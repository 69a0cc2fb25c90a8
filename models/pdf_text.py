"""Plain text blocks of a letter drawn on the canvas: labelled rows and the signature.

These blocks hold no markup, so they skip Paragraph's parser and Table's measuring; in a
batch of 52 letters those took a fifth of the time.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable

from models.pdf_rows import BOLD, FONT


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
