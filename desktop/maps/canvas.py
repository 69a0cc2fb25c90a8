"""The map itself: areas drawn as paths, panned and zoomed, labelled, picked and selected."""
from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.maps.paths import combined_path, shape_paths
from models.maps.projection import ground_metres
from models.schema.maps import DETAIL_TOLERANCES
from models.store.gc_pause import keep_survivors

BACKGROUND = QColor("#f4f6f8")
EDGE = QColor(90, 90, 90)
SELECTED = QColor("#1b1b1b")
CULL_BELOW = 4000  # visible areas drawn one by one below this; by colour class above it
LABEL_AREAS = 400  # labels are tried only when no more areas than this are in view
ZOOM_STEP = 1.25
SLICE = 0.025  # seconds of path building per turn of the event loop
CHUNK = 2000  # areas per chunk of a colour class's path (a quarter of that one by one)
EDGES_FROM = 5.0  # pixels: a typical area smaller than this on screen is drawn without edges


class Tool(Enum):
    PAN = "geser"
    RECTANGLE = "kotak"
    LASSO = "laso"


@dataclass(frozen=True)
class CanvasArea:
    area_id: int
    label: str
    bounds: tuple[float, float, float, float]
    details: tuple[bytes, ...]  # WKB in EPSG:3857 per detail level
    label_point: tuple[float, float]  # a point inside the area, where its name goes


class MapCanvas(QWidget):
    """Draws areas (EPSG:3857 metres, north up) coloured by class; emits what is pointed at.

    The frame is rendered once into an image and reused: a drag only shifts it, a wheel
    step scales it, and the image is redrawn when the movement rests (RESTING ms).
    """

    hovered = Signal(object)  # area id or None
    activated = Signal(int)  # double-clicked area
    selection_changed = Signal(list)  # area ids
    RESTING = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(QSize(320, 240))
        self.tool = Tool.PAN
        self._areas: list[CanvasArea] = []
        self._boxes = np.zeros((0, 4))
        self._shapes: list[shapely.Geometry | None] = []
        self._label_points: np.ndarray = np.zeros((0, 2))
        self._paths: dict[tuple[int, int], QPainterPath] = {}
        self._outlines: list[tuple[bytes, ...]] = []  # the parent areas' shapes, drawn over
        self._outline_paths: dict[int, QPainterPath] = {}
        self._class_paths: dict[int, list[QPainterPath]] = {}
        self._class_of: np.ndarray = np.zeros(0, dtype=int)
        self._colours: list[QColor] = []
        self._selected: set[int] = set()
        self._index_of: dict[int, int] = {}
        self._centre = QPointF(0, 0)
        self._scale = 1.0  # pixels per metre
        self._frame: QImage | None = None
        self._frame_view: tuple[float, float, float] | None = None  # centre x, y, scale
        self._press: QPointF | None = None
        self._drag: list[QPointF] = []
        self._hover: int | None = None
        self._rest = QTimer(self, singleShot=True, interval=self.RESTING)
        self._rest.timeout.connect(self._rerender)
        # paths a new view needs are built a slice at a time, the old frame shown meanwhile
        self._work: Iterator[None] | None = None
        self._slices = QTimer(self, singleShot=True, interval=0)
        self._slices.timeout.connect(self._advance)

    # ------------------------------------------------------------------ data

    def set_areas(self, areas: Sequence[CanvasArea]) -> None:
        self._areas = list(areas)
        self._index_of = {a.area_id: i for i, a in enumerate(self._areas)}
        self._boxes = np.array([a.bounds for a in self._areas], dtype=float).reshape(-1, 4)
        self._shapes = [None] * len(self._areas)
        self._paths.clear()
        self._class_paths.clear()
        self._label_points = np.array([a.label_point for a in self._areas],
                                      dtype=float).reshape(-1, 2)
        _keep_out_of_collections()
        self._class_of = np.zeros(len(self._areas), dtype=int)
        self._selected &= set(self._index_of)
        self.fit()

    def set_outlines(self, outlines: Sequence[tuple[bytes, ...]]) -> None:
        """Shapes drawn as thicker edges over the areas (the kelurahan over their SLS)."""
        self._outlines = list(outlines)
        self._outline_paths.clear()
        self._invalidate()

    def _outline_path(self, level: int) -> QPainterPath:
        path = self._outline_paths.get(level)
        if path is None:
            path = combined_path([details[level] for details in self._outlines])
            self._outline_paths[level] = path
        return path

    def set_classes(self, of_area: dict[int, int], colours: Sequence[str]) -> None:
        self._colours = [QColor(c) for c in colours]
        self._class_of = np.array([of_area.get(a.area_id, 0) for a in self._areas], dtype=int)
        self._class_paths.clear()
        self._invalidate()

    def areas(self) -> list[CanvasArea]:
        return list(self._areas)

    @property
    def selected(self) -> list[int]:
        return sorted(self._selected)

    def set_selected(self, area_ids: Sequence[int]) -> None:
        self._selected = {a for a in area_ids if a in self._index_of}
        self._invalidate()
        self.selection_changed.emit(self.selected)

    # ------------------------------------------------------------------ view

    def fit(self, area_ids: Sequence[int] | None = None) -> None:
        """Show the given areas (all when None) whole, with a margin."""
        indices = ([self._index_of[a] for a in area_ids if a in self._index_of]
                   if area_ids is not None else range(len(self._areas)))
        boxes = self._boxes[list(indices)] if len(self._boxes) else self._boxes
        if not len(boxes):
            self._centre, self._scale = QPointF(0, 0), 1.0
        else:
            min_x, min_y = boxes[:, 0].min(), boxes[:, 1].min()
            max_x, max_y = boxes[:, 2].max(), boxes[:, 3].max()
            self._centre = QPointF((min_x + max_x) / 2, (min_y + max_y) / 2)
            width, height = max(max_x - min_x, 1.0), max(max_y - min_y, 1.0)
            self._scale = 0.92 * min(self.width() / width, self.height() / height)
        self._invalidate()

    def zoom(self, factor: float, around: QPointF | None = None) -> None:
        around = around or QPointF(self.width() / 2, self.height() / 2)
        before = self.to_world(around)
        self._scale = min(max(self._scale * factor, 1e-5), 50.0)
        after = self.to_world(around)
        self._centre += before - after
        self._moved()

    def pan(self, dx: float, dy: float) -> None:
        """Move the view by screen pixels."""
        self._centre += QPointF(-dx / self._scale, dy / self._scale)
        self._moved()

    def transform(self) -> QTransform:
        """World metres to widget pixels (y flipped: north up)."""
        t = QTransform()
        t.translate(self.width() / 2, self.height() / 2)
        t.scale(self._scale, -self._scale)
        t.translate(-self._centre.x(), -self._centre.y())
        return t

    def to_world(self, point: QPointF) -> QPointF:
        return QPointF(self._centre.x() + (point.x() - self.width() / 2) / self._scale,
                       self._centre.y() - (point.y() - self.height() / 2) / self._scale)

    def metres_per_pixel(self) -> float:
        return 1.0 / self._scale

    def detail(self) -> int:
        """The coarsest level whose tolerance stays under a pixel and a half."""
        chosen = 0
        for level, tolerance in enumerate(DETAIL_TOLERANCES):
            if tolerance <= 1.5 * self.metres_per_pixel():
                chosen = level
        return chosen

    def visible(self) -> np.ndarray:
        """Indices of the areas whose box meets the view."""
        if not len(self._boxes):
            return np.zeros(0, dtype=int)
        low = self.to_world(QPointF(0, self.height()))
        high = self.to_world(QPointF(self.width(), 0))
        b = self._boxes
        return np.nonzero((b[:, 2] >= low.x()) & (b[:, 0] <= high.x())
                          & (b[:, 3] >= low.y()) & (b[:, 1] <= high.y()))[0]

    # ------------------------------------------------------------------ picking

    def area_at(self, point: QPointF) -> int | None:
        """The area under a widget point: boxes first (numpy), then the few candidates'
        shapes; each shape is read from its WKB once, when first pointed at."""
        if not len(self._boxes):
            return None
        world = self.to_world(point)
        x, y = world.x(), world.y()
        b = self._boxes
        for index in np.flatnonzero((b[:, 0] <= x) & (x <= b[:, 2]) & (b[:, 1] <= y)
                                    & (y <= b[:, 3])):
            if shapely.intersects_xy(self._shape(int(index)), x, y):
                return self._areas[int(index)].area_id
        return None

    def areas_in(self, polygon: shapely.Geometry) -> list[int]:
        """Areas whose inner point lies in `polygon` (world metres)."""
        inside = shapely.contains_xy(polygon, self._label_points[:, 0],
                                     self._label_points[:, 1])
        return [self._areas[int(i)].area_id for i in np.nonzero(inside)[0]]

    def _shape(self, index: int) -> shapely.Geometry:
        if self._shapes[index] is None:
            self._shapes[index] = shapely.from_wkb(self._areas[index].details[0])
        return self._shapes[index]

    # ------------------------------------------------------------------ drawing

    def _path(self, index: int, level: int) -> QPainterPath:
        key = (index, level)
        path = self._paths.get(key)
        if path is None:
            path = shape_paths([self._areas[index].details[level]])[0]
            self._paths[key] = path
        return path

    def _prepare_paths(self, indices: np.ndarray, level: int) -> None:
        """Build the missing paths of `indices` at `level` in one pass."""
        missing = [int(i) for i in indices if (int(i), level) not in self._paths]
        if missing:
            built = shape_paths([self._areas[i].details[level] for i in missing])
            self._paths.update(((i, level), path) for i, path in zip(missing, built,
                                                                      strict=True))

    def _class_path(self, level: int) -> list[QPainterPath]:
        """One path per colour class holding its areas at `level`, for a crowded view
        (built at once here when no rest built it in slices)."""
        if level not in self._class_paths:
            for _chunk in self._class_chunks(level):
                pass
        return self._class_paths[level]

    def _class_chunks(self, level: int) -> Iterator[None]:
        """Builds the colour classes' paths at `level`, CHUNK areas at a time."""
        count = max(len(self._colours), 1)
        paths = [QPainterPath() for _ in range(count)]
        for start in range(0, len(self._areas), CHUNK):
            of_class: list[list[bytes]] = [[] for _ in range(count)]
            for index in range(start, min(start + CHUNK, len(self._areas))):
                cls = int(self._class_of[index]) if len(self._class_of) else 0
                of_class[min(cls, count - 1)].append(self._areas[index].details[level])
            for cls, shapes in enumerate(of_class):
                if shapes:
                    paths[cls].addPath(combined_path(shapes))
            yield
        self._class_paths[level] = paths

    def render_to(self, painter: QPainter, size: QSize, *, labels: bool = True) -> None:
        """Draw the current view on any paint device (the widget's frame, PNG or PDF)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), BACKGROUND)
        if not self._areas:
            return
        level = self.detail()
        visible = self.visible()
        painter.save()
        painter.setTransform(self.transform(), True)
        boxes = self._boxes[visible]
        typical = float(np.median(np.minimum(boxes[:, 2] - boxes[:, 0],
                                             boxes[:, 3] - boxes[:, 1]))) * self._scale \
            if len(boxes) else 0.0
        if typical >= EDGES_FROM:
            edge = QPen(EDGE, 0)  # cosmetic: one pixel whatever the zoom
            edge.setCosmetic(True)
            painter.setPen(edge)
        else:  # areas of a few pixels: edges would only grey them (and cost the most)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if len(visible) > CULL_BELOW:
            for cls, path in enumerate(self._class_path(level)):
                painter.setBrush(self._colour(cls))
                painter.drawPath(path)
        else:
            self._prepare_paths(visible, level)
            for index in visible:
                painter.setBrush(self._colour(int(self._class_of[index])))
                painter.drawPath(self._path(int(index), level))
        if self._outlines:
            outline = QPen(QColor("#303030"), 1.8)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._outline_path(level))
        if self._selected:
            pen = QPen(SELECTED, 2.5)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(QBrush(QColor(0, 0, 0, 40), Qt.BrushStyle.BDiagPattern))
            for area_id in self._selected:
                painter.drawPath(self._path(self._index_of[area_id], level))
        painter.restore()
        if labels and len(visible) <= LABEL_AREAS:
            self._draw_labels(painter, visible)
        self._draw_scale_bar(painter, size)
        self._draw_north(painter, size)

    def _colour(self, cls: int) -> QColor:
        return self._colours[cls] if 0 <= cls < len(self._colours) else QColor("#d9d9d9")

    def _draw_labels(self, painter: QPainter, visible: np.ndarray) -> None:
        """Names where they fit inside their area's box, largest areas first, none over
        another."""
        font = QFont(self.font())
        font.setPointSizeF(8.0)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        points = self._label_points
        transform = self.transform()
        taken: list[QRectF] = []
        boxes = self._boxes[visible]
        order = visible[np.argsort(-(boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]))]
        painter.setPen(QColor("#202020"))
        for index in order:
            area = self._areas[int(index)]
            width_px = (area.bounds[2] - area.bounds[0]) * self._scale
            text_width = metrics.horizontalAdvance(area.label)
            if text_width + 4 > width_px or metrics.height() * 1.5 > \
                    (area.bounds[3] - area.bounds[1]) * self._scale:
                continue
            at = transform.map(QPointF(*points[int(index)]))
            rect = QRectF(at.x() - text_width / 2 - 2, at.y() - metrics.height() / 2,
                          text_width + 4, metrics.height())
            if any(rect.intersects(other) for other in taken):
                continue
            taken.append(rect)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, area.label)

    def _draw_scale_bar(self, painter: QPainter, size: QSize) -> None:
        """A bar of a round true length (metres on the ground at the view's latitude)."""
        ground_per_px = ground_metres(self.metres_per_pixel(), self._centre.y())
        wanted = 120 * ground_per_px
        power = 10 ** math.floor(math.log10(max(wanted, 1e-9)))
        length = max(s * power for s in (1, 2, 5) if s * power <= wanted) \
            if wanted >= power else power
        pixels = length / ground_per_px
        x, y = 16.0, size.height() - 22.0
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(QRectF(x - 6, y - 20, pixels + 12, 32), 4, 4)
        painter.setPen(QPen(QColor("#202020"), 1.5))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(QRectF(x, y, pixels, 6))
        painter.setBrush(QColor("#202020"))
        painter.drawRect(QRectF(x, y, pixels / 2, 6))
        text = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
        painter.drawText(QPointF(x, y - 4), text)

    def _draw_north(self, painter: QPainter, size: QSize) -> None:
        x, y = size.width() - 28.0, 18.0
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(QRectF(x - 14, y - 6, 28, 46), 4, 4)
        arrow = QPolygonF([QPointF(x, y), QPointF(x + 8, y + 22), QPointF(x, y + 17),
                           QPointF(x - 8, y + 22)])
        painter.setPen(QPen(QColor("#202020"), 1))
        painter.setBrush(QColor("#202020"))
        painter.drawPolygon(arrow)
        painter.drawText(QRectF(x - 10, y + 22, 20, 16), Qt.AlignmentFlag.AlignCenter, "U")

    def _invalidate(self) -> None:
        self._work = None  # what it was preparing may no longer be what is drawn
        self._frame = None
        self.update()

    def _moved(self) -> None:
        """Show the old frame moved at once; draw it anew when the movement rests."""
        self.update()
        self._rest.start()

    def _rerender(self) -> None:
        """The movement rests: prepare what the view needs in slices, then draw it."""
        self._work = self._preparation(self.detail(), self.visible())
        self._advance()

    def _advance(self) -> None:
        work = self._work
        if work is None:
            return
        started = time.perf_counter()
        for _chunk in work:
            if time.perf_counter() - started > SLICE:
                self._slices.start()  # the rest on the next turn of the event loop
                return
        if self._work is work:
            self._work = None
            _keep_out_of_collections()  # the paths just built live as long as the view
            self._frame = None
            self.update()

    def _preparation(self, level: int, visible: np.ndarray) -> Iterator[None]:
        """Builds the paths the view at `level` draws, yielding after each chunk."""
        if len(visible) > CULL_BELOW:
            if level not in self._class_paths:
                yield from self._class_chunks(level)
            return
        missing = [int(i) for i in visible if (int(i), level) not in self._paths]
        for start in range(0, len(missing), CHUNK // 4):
            self._prepare_paths(np.array(missing[start:start + CHUNK // 4]), level)
            yield

    def render_frame(self) -> QImage:
        """Draw the view into a new frame image."""
        ratio = self.devicePixelRatioF()
        image = QImage(self.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        painter = QPainter(image)
        self.render_to(painter, self.size())
        painter.end()
        self._frame = image
        self._frame_view = (self._centre.x(), self._centre.y(), self._scale)
        return image

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        stale = self._frame is None \
            or self._frame.size() != self.size() * self.devicePixelRatioF()
        moving = self._rest.isActive() and self._frame is not None  # the old frame, shifted
        if stale and not moving:
            self.render_frame()
        if self._frame is not None and self._frame_view is not None:
            cx, cy, scale = self._frame_view
            factor = self._scale / scale
            # where the frame's centre now lies on screen, and its new size
            at = self.transform().map(QPointF(cx, cy))
            width, height = self.width() * factor, self.height() * factor
            if factor != 1.0 or at != QPointF(self.width() / 2, self.height() / 2):
                painter.fillRect(self.rect(), BACKGROUND)
            painter.drawImage(QRectF(at.x() - width / 2, at.y() - height / 2, width, height),
                              self._frame)
        self._draw_gesture(painter)
        painter.end()

    def _draw_gesture(self, painter: QPainter) -> None:
        if len(self._drag) < 2 or self.tool is Tool.PAN:
            return
        pen = QPen(QColor("#0072B2"), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(0, 114, 178, 40))
        if self.tool is Tool.RECTANGLE:
            painter.drawRect(QRectF(self._drag[0], self._drag[-1]).normalized())
        else:
            painter.drawPolygon(QPolygonF(self._drag))

    # ------------------------------------------------------------------ input

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        if event.oldSize().width() <= 0 and self._areas:
            self.fit()
        self._frame = None
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP ** steps, event.position())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._drag = [event.position()]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            area = self.area_at(event.position())
            if area != self._hover:
                self._hover = area
                self.hovered.emit(area)
            return
        if self.tool is Tool.PAN and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            last = self._drag[-1]
            self.pan(event.position().x() - last.x(), event.position().y() - last.y())
            self._drag = [event.position()]
        else:
            self._drag.append(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (event.position() - self._press).manhattanLength() > 4
        adding = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        gesture = self._drag
        self._press, self._drag = None, []
        if not moved:
            self._click(event.position(), adding)
        elif self.tool is not Tool.PAN or event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._select_gesture(gesture, adding)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        area = self.area_at(event.position())
        if area is not None:
            self.activated.emit(area)

    def _click(self, point: QPointF, adding: bool) -> None:
        area = self.area_at(point)
        if adding:
            chosen = set(self._selected) ^ ({area} if area is not None else set())
        else:
            chosen = {area} if area is not None else set()
        self.set_selected(sorted(chosen))

    def _select_gesture(self, gesture: list[QPointF], adding: bool) -> None:
        world = [self.to_world(p) for p in gesture]
        if self.tool is Tool.LASSO and len(world) >= 3:
            polygon = shapely.make_valid(shapely.Polygon([(p.x(), p.y()) for p in world]))
        else:
            first, last = world[0], world[-1]
            polygon = shapely.box(min(first.x(), last.x()), min(first.y(), last.y()),
                                  max(first.x(), last.x()), max(first.y(), last.y()))
        found = set(self.areas_in(polygon))
        self.set_selected(sorted((self._selected | found) if adding else found))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        step = 80
        moves = {Qt.Key.Key_Left: (step, 0), Qt.Key.Key_Right: (-step, 0),
                 Qt.Key.Key_Up: (0, step), Qt.Key.Key_Down: (0, -step)}
        if key in moves:
            self.pan(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_0):
            self.fit()
        elif key == Qt.Key.Key_Escape:
            self.set_selected([])
        else:
            super().keyPressEvent(event)


def _keep_out_of_collections() -> None:
    """What the view made and keeps (a province's areas and paths, some 200,000 objects)
    leaves the collector's sight, as the rows a background read brings do (see
    models/store/gc_pause.py): each full collection walked them all, a 100–150 ms pause
    in the middle of a zoom (measured by the province map bench)."""
    keep_survivors()
