"""The map's current view saved as PNG (pixels) or PDF (vectors), with its legend."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from desktop.maps.canvas import MapCanvas
from models.files.private import written_privately
from models.overview.map_measures import Classes

FILTERS = "Gambar PNG (*.png);;Dokumen PDF (*.pdf)"
LEGEND_WIDTH = 230


def save_view(canvas: MapCanvas, shown: Classes | None, target: Path, *, title: str,
              note: str = "") -> None:
    """Write the view to `target` (.pdf: vectors; else PNG), under a temporary name first."""
    pdf = target.suffix.lower() == ".pdf"
    if not pdf and target.suffix.lower() != ".png":
        target = target.with_suffix(".png")
    with written_privately(target) as temporary:
        if pdf:
            _pdf(canvas, shown, temporary, title, note)
        else:
            size = QSize(canvas.width() + LEGEND_WIDTH, canvas.height() + 40)
            image = QImage(size, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            _compose(painter, canvas, shown, size, title, note)
            painter.end()
            if not image.save(str(temporary), "PNG"):
                raise OSError(f"PNG tidak dapat ditulis: {temporary}")


def _pdf(canvas: MapCanvas, shown: Classes | None, path: Path, title: str, note: str) -> None:
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Landscape, QMarginsF(12, 12, 12, 12)))
    writer.setResolution(96)  # one PDF unit per screen pixel: the view keeps its scale
    writer.setTitle(title)
    writer.setCreator("Kendali Sensus")
    painter = QPainter(writer)
    page = writer.pageLayout().paintRectPixels(96)
    size = QSize(page.width(), page.height())
    scale = min(size.width() / (canvas.width() + LEGEND_WIDTH),
                size.height() / (canvas.height() + 40))
    painter.scale(scale, scale)
    _compose(painter, canvas, shown, QSize(canvas.width() + LEGEND_WIDTH, canvas.height() + 40),
             title, note)
    painter.end()


def _compose(painter: QPainter, canvas: MapCanvas, shown: Classes | None, size: QSize,
             title: str, note: str) -> None:
    heading = QFont()
    heading.setPointSizeF(11)
    heading.setBold(True)
    painter.setFont(heading)
    painter.setPen(QColor("#202020"))
    painter.drawText(QRectF(0, 0, size.width(), 30), Qt.AlignmentFlag.AlignVCenter, title)
    painter.save()
    painter.translate(0, 36)
    painter.setClipRect(QRectF(0, 0, canvas.width(), canvas.height()))
    canvas.render_to(painter, canvas.size())
    painter.restore()
    plain = QFont()
    plain.setPointSizeF(8.5)
    painter.setFont(plain)
    x, y = canvas.width() + 14.0, 44.0
    for entry in (shown.legend if shown else [])[:16]:
        painter.setBrush(QColor(entry.colour))
        painter.setPen(QColor("#5a5a5a"))
        painter.drawRect(QRectF(x, y, 16, 11))
        painter.setPen(QColor("#202020"))
        painter.drawText(QPointF(x + 22, y + 10), f"{entry.label} ({entry.areas})")
        y += 17
    if note:
        painter.setPen(QColor("#8a4b00"))
        painter.drawText(QRectF(x, y + 8, LEGEND_WIDTH - 20, 60),
                         Qt.TextFlag.TextWordWrap, note)
