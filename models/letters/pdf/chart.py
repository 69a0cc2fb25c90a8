"""A bar chart of percentages per area for letters, with the target drawn as a line.

Drawn with a handful of canvas calls (reportlab.graphics' bar chart costs more than the
rest of a letter), as vectors, so it prints sharp at any size.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable

from models.formatting import format_number
from models.letters.pdf.rows import BOLD, FONT, fit, show_at, stringWidth

ONLINE = colors.HexColor("#2F6DB5")
FIELD = colors.HexColor("#9DB4CC")
TARGET = colors.HexColor("#C0392B")
LABEL_SPACING = 1.6  # turned area names: baselines at least this many font sizes apart
LABEL_LENGTH = 70.0  # points; longer names are set smaller, then shortened


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    color: colors.Color


def axis_top(values: Sequence[float]) -> float:
    """A round top for the value axis: 25, 50 or a multiple of 20, up to 100 and beyond."""
    highest = max([*values, 1.0])
    for top in (25.0, 50.0):
        if highest <= top:
            return top
    return 20.0 * math.ceil(highest / 20.0)


class BarChart(Flowable):
    def __init__(self, title: str, labels: Sequence[str], series: Sequence[Series],
                 height: float, *, target: float | None = None, target_label: str = "") -> None:
        super().__init__()
        self.title, self.labels, self.series = title, list(labels), list(series)
        self.chart_height, self.target, self.target_label = height, target, target_label

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.chart_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left, top_room = 28.0, 30.0
        plot_w = self.width - left - 4
        count = max(1, len(self.labels))
        slot = plot_w / count
        labels = self._label_layout(slot)
        bottom = labels.depth + 6
        plot_h = self.height - bottom - top_room
        values = [v for s in self.series for v in s.values]
        if self.target is not None:
            values.append(self.target)
        top = axis_top(values)
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(0, self.height - 11, self.title)
        self._legend(left, self.height - 25)
        canvas.setFont(FONT, 7.5)
        canvas.setStrokeColor(colors.HexColor("#D0D7DE"))
        canvas.setLineWidth(0.4)
        for step in range(5):
            value = top * step / 4
            y = bottom + plot_h * step / 4
            canvas.line(left, y, left + plot_w, y)
            canvas.drawRightString(left - 3, y - 2.5, format_number(value))
        canvas.setStrokeColor(colors.black)
        canvas.line(left, bottom, left + plot_w, bottom)
        bar = slot * 0.8 / max(1, len(self.series))
        for number, series in enumerate(self.series):  # one path per colour
            bars = canvas.beginPath()
            for index, value in enumerate(series.values):
                x = left + index * slot + slot * 0.1 + number * bar
                bars.rect(x, bottom, bar, plot_h * min(value, top) / top)
            canvas.setFillColor(series.color)
            canvas.drawPath(bars, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        self._labels(labels, left, slot, bottom - 4)
        if self.target is not None:  # its label is in the legend, clear of the bars
            y = bottom + plot_h * self.target / top
            canvas.setStrokeColor(TARGET)
            canvas.setDash(4, 2)
            canvas.setLineWidth(1)
            canvas.line(left, y, left + plot_w, y)
            canvas.setDash()
            canvas.setStrokeColor(colors.black)

    def _legend(self, x: float, y: float) -> None:
        canvas = self.canv
        canvas.setFont(FONT, 8)
        for series in self.series:
            canvas.setFillColor(series.color)
            canvas.rect(x, y, 8, 8, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.drawString(x + 11, y + 1, series.name)
            x += 20 + canvas.stringWidth(series.name, FONT, 8)
        if self.target is not None and self.target_label:
            canvas.setStrokeColor(TARGET)
            canvas.setDash(4, 2)
            canvas.setLineWidth(1)
            canvas.line(x, y + 4, x + 16, y + 4)
            canvas.setDash()
            canvas.setStrokeColor(colors.black)
            canvas.setFillColor(TARGET)
            canvas.drawString(x + 19, y + 1, self.target_label)
            canvas.setFillColor(colors.black)

    def _label_layout(self, slot: float) -> LabelLayout:
        """Area names under the bars: level and wrapped on up to two lines when they fit
        their bar's width, else turned just as far as keeps neighbours a line apart, and
        past what a vertical label allows only every n-th named."""
        size = 7.0
        gap = size * LABEL_SPACING
        lines = [simpleSplit(label, FONT, size, slot - 2) for label in self.labels]
        if lines and all(len(w) <= 2 and all(stringWidth(t, FONT, size) <= slot - 2 for t in w)
                         for w in lines):
            most = max(len(w) for w in lines)
            return LabelLayout(size, 1, 0.0, [w or [""] for w in lines],
                               most * size * 1.15 + 2)
        every = max(1, math.ceil(gap / slot))
        sine = min(1.0, max(math.sin(math.radians(35)), gap / (slot * every)))
        angle = math.asin(sine)
        fitted = [fit(label, LABEL_LENGTH, FONT, size) for label in self.labels]
        widest = max([stringWidth(t, FONT, s) for t, s in fitted[::every]] or [0.0])
        depth = widest * sine + size * math.cos(angle) + 4
        return LabelLayout(size, every, angle, [[t] for t, _ in fitted], depth,
                           [s for _, s in fitted])

    def _labels(self, layout: LabelLayout, left: float, slot: float, y: float) -> None:
        """One text object for all (a saved and restored canvas state per label cost more
        than a bar). Turned labels end below their bar."""
        text = self.canv.beginText()
        turn = (math.cos(layout.angle), math.sin(layout.angle))
        font_size = 0.0
        for index in range(0, len(self.labels), layout.every):
            size = layout.sizes[index] if layout.sizes else layout.size
            if size != font_size:
                text.setFont(FONT, size)
                font_size = size
            centre = left + (index + 0.5) * slot
            if not layout.angle:
                for number, line in enumerate(layout.lines[index]):
                    width = stringWidth(line, FONT, size)
                    show_at(text, line, font=FONT, x=centre - width / 2,
                            y=y - size * (0.8 + 1.15 * number))
                continue
            shown = layout.lines[index][0]
            width = stringWidth(shown, FONT, size)
            x = centre + size * turn[1] / 3 - width * turn[0]
            show_at(text, shown, font=FONT, x=x, y=y - width * turn[1] - size * turn[0] * 0.8,
                    turn=turn)
        self.canv.drawText(text)


@dataclass
class LabelLayout:
    size: float
    every: int  # every n-th bar named
    angle: float  # radians; 0: level lines centred under the bar
    lines: list[list[str]]
    depth: float  # points below the axis the labels need
    sizes: list[float] = field(default_factory=list)  # per label, when fitted smaller
