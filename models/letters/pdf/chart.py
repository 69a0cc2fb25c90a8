"""A bar chart of percentages per area for letters, with the target drawn as a line.

Drawn with a handful of canvas calls (reportlab.graphics' bar chart costs more than the
rest of a letter), as vectors, so it prints sharp at any size.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

from models.formatting import format_number
from models.letters.pdf.rows import BOLD, FONT, fit, show_at, stringWidth

ONLINE = colors.HexColor("#2F6DB5")
FIELD = colors.HexColor("#9DB4CC")
TARGET = colors.HexColor("#C0392B")
TURN = (math.cos(math.radians(40)), math.sin(math.radians(40)))  # of the area names


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
        left, bottom, top_room = 28.0, 58.0, 30.0
        plot_w, plot_h = self.width - left - 4, self.height - bottom - top_room
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
        count = max(1, len(self.labels))
        slot = plot_w / count
        bar = slot * 0.8 / max(1, len(self.series))
        for number, series in enumerate(self.series):  # one path per colour
            bars = canvas.beginPath()
            for index, value in enumerate(series.values):
                x = left + index * slot + slot * 0.1 + number * bar
                bars.rect(x, bottom, bar, plot_h * min(value, top) / top)
            canvas.setFillColor(series.color)
            canvas.drawPath(bars, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        self._labels(left, slot, bottom - 4)
        if self.target is not None:
            y = bottom + plot_h * self.target / top
            canvas.setStrokeColor(TARGET)
            canvas.setDash(4, 2)
            canvas.setLineWidth(1)
            canvas.line(left, y, left + plot_w, y)
            canvas.setDash()
            canvas.setFillColor(TARGET)
            canvas.setFont(FONT, 7.5)
            canvas.drawRightString(left + plot_w, y + 2.5, self.target_label)
            canvas.setFillColor(colors.black)
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

    def _labels(self, left: float, slot: float, y: float) -> None:
        """Area names under the bars, turned 40 degrees and ending below their bar: one text
        object for all (a saved and restored canvas state per label cost more than a bar)."""
        text = self.canv.beginText()
        every = max(1, math.ceil(len(self.labels) / 40))  # past 40 bars, label every n-th
        font_size = 0.0
        for index in range(0, len(self.labels), every):
            shown, size = fit(self.labels[index], 70, FONT, 7)
            if size != font_size:
                text.setFont(FONT, size)
                font_size = size
            width = stringWidth(shown, FONT, size)
            x = left + (index + 0.5) * slot + size / 3 - width * TURN[0]
            show_at(text, shown, font=FONT, x=x, y=y - width * TURN[1], turn=TURN)
        self.canv.drawText(text)
