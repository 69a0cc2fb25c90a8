"""One measure across officers for letters: a bar per officer from the lowest value to the
highest, the flagged ones in red, the threshold as a dashed line; drawn on the canvas.

The caller passes plain numbers; the title is drawn on the canvas (no markup, no escaping).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable

from models.formatting import format_number
from models.letters.pdf.rows import BOLD, FONT, fit

NORMAL = colors.HexColor("#9DB4CC")
FLAGGED = colors.HexColor("#C0392B")
LIMIT = colors.HexColor("#7B241C")


def value_axis(highest: float, most: int = 5) -> tuple[float, float]:
    """A round top and step for a value axis from 0: steps of 1, 2, 2.5 or 5 times a power
    of ten, at most `most` of them (133.9: 0, 50, 100, 150; 0.8: 0, 0.2, ..., 0.8)."""
    highest = max(highest, 1e-9)
    power = 10.0 ** math.floor(math.log10(highest / most))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = factor * power
        intervals = math.ceil(highest / step - 1e-9)
        if intervals <= most:
            return step * max(intervals, 1), step
    return 10 * power * most, 10 * power  # not reached


def _decimals(step: float) -> int:
    """Decimals the axis labels need to tell the steps apart."""
    for decimals in range(4):
        if abs(step * 10 ** decimals - round(step * 10 ** decimals)) < 1e-6:
            return decimals
    return 3


class RankedBars(Flowable):
    """`values` in any order (drawn sorted); `flagged` says which of them are marked;
    `limits` are drawn as dashed lines, labelled `limit_label` in the legend."""

    def __init__(self, title: str, values: Sequence[float], flagged: Sequence[bool],
                 height: float, *, limits: Sequence[float] = (), limit_label: str = "",
                 flagged_label: str = "Ditandai", normal_label: str = "Tidak ditandai") -> None:
        super().__init__()
        pairs = sorted(zip(values, flagged, strict=True), key=lambda pair: pair[0])
        self.title, self.pairs, self.chart_height = title, pairs, height
        self.limits, self.limit_label = list(limits), limit_label
        self.flagged_label, self.normal_label = flagged_label, normal_label

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.chart_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left, bottom, head = 30.0, 6.0, 30.0
        plot_w, plot_h = self.width - left - 4, self.height - bottom - head
        title, size = fit(self.title, self.width, BOLD, 9.5)
        canvas.setFont(BOLD, size)
        canvas.drawString(0, self.height - 11, title)
        self._legend(left, self.height - 25)
        top, step = value_axis(max([1.0 if not self.pairs and not self.limits else 0.0,
                                    *(v for v, _f in self.pairs),
                                    *(1.1 * limit for limit in self.limits)]))  # clear of the top
        canvas.setFont(FONT, 7.5)
        canvas.setStrokeColor(colors.HexColor("#D0D7DE"))
        canvas.setLineWidth(0.4)
        decimals = _decimals(step)
        for number in range(round(top / step) + 1):
            y = bottom + plot_h * number * step / top
            canvas.line(left, y, left + plot_w, y)
            canvas.drawRightString(left - 3, y - 2.5, format_number(number * step, decimals))
        slot = plot_w / max(1, len(self.pairs))
        for marked, color in ((False, NORMAL), (True, FLAGGED)):
            path = canvas.beginPath()
            for index, (value, flagged) in enumerate(self.pairs):
                if flagged is marked:
                    height = plot_h * min(max(value, 0.0), top) / top
                    path.rect(left + index * slot + slot * 0.1, bottom, slot * 0.8, height)
            canvas.setFillColor(color)
            canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.black)
        canvas.line(left, bottom, left + plot_w, bottom)
        canvas.setStrokeColor(LIMIT)
        canvas.setDash(4, 2)
        canvas.setLineWidth(1)
        for limit in self.limits:
            y = bottom + plot_h * min(limit, top) / top
            canvas.line(left, y, left + plot_w, y)
        canvas.setDash()
        canvas.setStrokeColor(colors.black)

    def _legend(self, x: float, y: float) -> None:
        canvas = self.canv
        canvas.setFont(FONT, 8)
        flagged = sum(1 for _v, f in self.pairs if f)
        for color, name in ((NORMAL, self.normal_label),
                            (FLAGGED, f"{self.flagged_label} ({format_number(flagged)})")):
            canvas.setFillColor(color)
            canvas.rect(x, y, 8, 8, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.drawString(x + 11, y + 1, name)
            x += 20 + canvas.stringWidth(name, FONT, 8)
        if self.limits and self.limit_label:
            canvas.setStrokeColor(LIMIT)
            canvas.setDash(4, 2)
            canvas.line(x, y + 4, x + 16, y + 4)
            canvas.setDash()
            canvas.setStrokeColor(colors.black)
            canvas.drawString(x + 19, y + 1, self.limit_label)
