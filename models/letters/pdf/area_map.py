"""A map of the areas a letter speaks of, coloured by field progress, drawn as vectors."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from reportlab.lib import colors
from reportlab.platypus import Flowable

from models.formatting import format_number
from models.letters.pdf.rows import BOLD, FONT, fit, stringWidth
from models.maps.projection import ground_metres
from models.schema.maps import DETAIL_TOLERANCES

LEGEND_WIDTH = 118.0  # points, right of the map
MAP_PADDING = 6.0


@dataclass(frozen=True)
class MapPart:
    """One area: its shape (WKB, EPSG:3857, at each detail level), label and class."""

    label: str
    details: tuple[bytes, ...]
    bounds: tuple[float, float, float, float]
    label_point: tuple[float, float]
    band: int  # index into the legend


class AreaMap(Flowable):
    """The areas fitted into the frame's width by `height` points, north up, with a legend,
    a scale bar and a north arrow; `note` (the made-up boundaries) under the legend."""

    def __init__(self, title: str, parts: Sequence[MapPart], legend: Sequence[tuple[str, str]],
                 height: float, *, note: str = "") -> None:
        super().__init__()
        self.title, self.parts, self.legend = title, list(parts), list(legend)
        self.map_height, self.note = height, note

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.map_height
        return self.width, self.height

    def _placement(self) -> tuple[float, float, float, float, float]:
        """(scale points per metre, origin x, origin y in metres, offset x, y in points)."""
        min_x = min(p.bounds[0] for p in self.parts)
        min_y = min(p.bounds[1] for p in self.parts)
        max_x = max(p.bounds[2] for p in self.parts)
        max_y = max(p.bounds[3] for p in self.parts)
        box_w = self.width - LEGEND_WIDTH - 2 * MAP_PADDING
        box_h = self.height - 16 - 2 * MAP_PADDING
        scale = min(box_w / max(max_x - min_x, 1.0), box_h / max(max_y - min_y, 1.0))
        dx = MAP_PADDING + (box_w - (max_x - min_x) * scale) / 2
        dy = MAP_PADDING + (box_h - (max_y - min_y) * scale) / 2
        return scale, min_x, min_y, dx, dy

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(0, self.height - 11, self.title)
        if not self.parts:
            return
        scale, origin_x, origin_y, dx, dy = self._placement()
        level = _detail(1.0 / scale / 4)  # a quarter point: finer than print shows

        def at(x: float, y: float) -> tuple[float, float]:
            return dx + (x - origin_x) * scale, dy + (y - origin_y) * scale

        canvas.setLineWidth(0.35)
        canvas.setStrokeColor(colors.HexColor("#4a4a4a"))
        shapes = [shapely.from_wkb(part.details[level]) for part in self.parts]
        for part, shape in zip(self.parts, shapes, strict=True):
            path = canvas.beginPath()
            for polygon in getattr(shape, "geoms", [shape]):
                if polygon.geom_type != "Polygon":
                    continue
                for ring in (polygon.exterior, *polygon.interiors):
                    points = [at(x, y) for x, y in ring.coords]
                    path.moveTo(*points[0])
                    for point in points[1:]:
                        path.lineTo(*point)
                    path.close()
            canvas.setFillColor(colors.HexColor(self.legend[part.band][1]))
            canvas.drawPath(path, fill=1, stroke=1, fillMode=0)  # even-odd: holes stay
        self._labels(shapes, at, scale)
        self._scale_bar(scale, (min(p.bounds[1] for p in self.parts)
                                + max(p.bounds[3] for p in self.parts)) / 2)
        self._north()
        self._legend()

    def _labels(self, shapes: list[shapely.Geometry], at, scale: float) -> None:  # type: ignore[no-untyped-def]
        """Names where they fit inside the area's box, larger areas first, none overlapping."""
        canvas = self.canv
        canvas.setFillColor(colors.black)
        taken: list[tuple[float, float, float, float]] = []
        order = sorted(range(len(self.parts)), key=lambda i: -shapes[i].area)
        for index in order:
            part = self.parts[index]
            width = (part.bounds[2] - part.bounds[0]) * scale
            if width < 14:
                continue
            label, size = fit(part.label, width - 2, FONT, 6.0)
            if label.endswith("…") or (part.bounds[3] - part.bounds[1]) * scale < size * 1.6:
                continue  # shortened names mislead on a map: none rather
            x, y = at(*part.label_point)
            half = stringWidth(label, FONT, size) / 2
            box = (x - half, y - size / 2, x + half, y + size)
            if any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
                   for o in taken):
                continue
            taken.append(box)
            canvas.setFont(FONT, size)
            canvas.drawString(x - half, y - size / 4, label)

    def _scale_bar(self, scale: float, y_metres: float) -> None:
        canvas = self.canv
        ground_per_point = ground_metres(1.0 / scale, y_metres)
        wanted = 70 * ground_per_point
        power = 10 ** math.floor(math.log10(max(wanted, 1e-9)))
        length = max(s * power for s in (1, 2, 5) if s * power <= wanted)
        width = length / ground_per_point
        x, y = MAP_PADDING, 4.0
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor(colors.black)
        canvas.setFillColor(colors.white)
        canvas.rect(x, y, width, 3.5, fill=1, stroke=1)
        canvas.setFillColor(colors.black)
        canvas.rect(x, y, width / 2, 3.5, fill=1, stroke=1)
        text = f"{format_number(length / 1000)} km" if length >= 1000 \
            else f"{format_number(length)} m"
        canvas.setFont(FONT, 6.5)
        canvas.drawString(x + width + 3, y, text)

    def _north(self) -> None:
        canvas = self.canv
        x, y = self.width - LEGEND_WIDTH - 10, self.height - 40
        path = canvas.beginPath()
        path.moveTo(x, y + 14)
        path.lineTo(x + 4.5, y)
        path.lineTo(x, y + 3.5)
        path.lineTo(x - 4.5, y)
        path.close()
        canvas.setFillColor(colors.black)
        canvas.drawPath(path, fill=1, stroke=0)
        canvas.setFont(BOLD, 7)
        canvas.drawCentredString(x, y - 8, "U")

    def _legend(self) -> None:
        canvas = self.canv
        x, y = self.width - LEGEND_WIDTH + 6, self.height - 30
        canvas.setFont(FONT, 7)
        counts = [0] * len(self.legend)
        for part in self.parts:
            counts[part.band] += 1
        for (label, colour), count in zip(self.legend, counts, strict=True):
            canvas.setFillColor(colors.HexColor(colour))
            canvas.setStrokeColor(colors.HexColor("#4a4a4a"))
            canvas.rect(x, y, 10, 7, fill=1, stroke=1)
            canvas.setFillColor(colors.black)
            canvas.drawString(x + 14, y + 1, f"{label} ({format_number(count)})")
            y -= 11
        if self.note:
            canvas.setFont(FONT, 6.5)
            canvas.setFillColor(colors.HexColor("#8a4b00"))
            for line in _wrapped(self.note, LEGEND_WIDTH - 8):
                y -= 9
                canvas.drawString(x, y, line)


def _detail(metres_per_unit: float) -> int:
    return max(level for level, tolerance in enumerate(DETAIL_TOLERANCES)
               if tolerance <= metres_per_unit or level == 0)


def _wrapped(text: str, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if stringWidth(trial, FONT, 6.5) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines
