"""An age–sex pyramid for letters: panels side by side (field results, SP Online) on one scale,
men to the left and women to the right, drawn as vectors on the canvas.

The caller passes plain numbers and labels; text is drawn on the canvas, never parsed as
Paragraph markup, so it needs no escaping.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

from models.formatting import format_number
from models.letters.pdf.rows import BOLD, FONT, fit

MEN = colors.HexColor("#5B8DC9")
WOMEN = colors.HexColor("#E39AA6")
GRID = colors.HexColor("#D0D7DE")
LABEL_WIDTH = 30.0  # points for the age group names left of each panel


@dataclass(frozen=True)
class PyramidPanel:
    """One source: its title and each group's men and women, in percent of its persons."""

    title: str
    men: Sequence[float]
    women: Sequence[float]


def pyramid_top(values: Sequence[float]) -> float:
    """A round end for both halves of the axis: 2, 5, 10 or a multiple of 5 (percent)."""
    highest = max([*values, 0.5])
    for top in (1.0, 2.0, 5.0, 10.0):
        if highest <= top:
            return top
    return 5.0 * math.ceil(highest / 5.0)


class PyramidChart(Flowable):
    def __init__(self, title: str, labels: Sequence[str], panels: Sequence[PyramidPanel],
                 height: float, *, men_label: str = "Laki-laki",
                 women_label: str = "Perempuan") -> None:
        super().__init__()
        self.title, self.labels, self.panels = title, list(labels), list(panels)
        self.chart_height = height
        self.men_label, self.women_label = men_label, women_label

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.chart_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        title, size = fit(self.title, self.width, BOLD, 9.5)
        canvas.setFont(BOLD, size)
        canvas.drawString(0, self.height - 11, title)
        self._legend(0, self.height - 25)
        top = pyramid_top([v for p in self.panels for v in (*p.men, *p.women)])
        count = max(1, len(self.panels))
        gap = 14.0
        panel_w = (self.width - gap * (count - 1)) / count
        for number, panel in enumerate(self.panels):
            self._panel(panel, number * (panel_w + gap), panel_w, top)

    def _legend(self, x: float, y: float) -> None:
        canvas = self.canv
        canvas.setFont(FONT, 8)
        for color, name in ((MEN, self.men_label), (WOMEN, self.women_label)):
            canvas.setFillColor(color)
            canvas.rect(x, y, 8, 8, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.drawString(x + 11, y + 1, name)
            x += 20 + canvas.stringWidth(name, FONT, 8)

    def _panel(self, panel: PyramidPanel, x: float, width: float, top: float) -> None:
        canvas = self.canv
        plot_x, plot_w = x + LABEL_WIDTH, width - LABEL_WIDTH - 4
        bottom, head = 14.0, 46.0
        plot_h = self.height - bottom - head
        centre = plot_x + plot_w / 2
        title, size = fit(panel.title, width, BOLD, 8.5)
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(x + width / 2, self.height - 40, title)
        canvas.setFont(FONT, 7)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        for step in (-1.0, -0.5, 0.0, 0.5, 1.0):
            gx = centre + step * plot_w / 2
            canvas.line(gx, bottom, gx, bottom + plot_h)
            canvas.drawCentredString(gx, bottom - 9, format_number(abs(step) * top,
                                                                   0 if top >= 4 else 1))
        rows = max(1, len(self.labels))
        slot = plot_h / rows
        for color, values, sign in ((MEN, panel.men, -1.0), (WOMEN, panel.women, 1.0)):
            path = canvas.beginPath()
            for index, value in enumerate(values):
                length = plot_w / 2 * min(max(value, 0.0), top) / top
                y = bottom + index * slot + slot * 0.1
                path.rect(centre if sign > 0 else centre - length, y, length, slot * 0.8)
            canvas.setFillColor(color)
            canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.6)
        canvas.line(centre, bottom, centre, bottom + plot_h)
        canvas.setFont(FONT, 6.5)
        for index, label in enumerate(self.labels):
            canvas.drawRightString(plot_x - 3, bottom + index * slot + slot / 2 - 2.3, label)
