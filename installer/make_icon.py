"""Draw the app icon (resources/icons): navy tile, rising bars, a gold tick.

Run once after changing the design: `.venv/bin/python installer/make_icon.py`. Writes a
256 px PNG for the window and a multi-size ICO for the Windows exe and shortcuts (PNG
entries inside the ICO, which Windows reads since Vista).
"""
from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

NAVY, BAR, GOLD = QColor("#1f3a5f"), QColor("#e8eef6"), QColor("#f2a900")
SIZES = (16, 24, 32, 48, 64, 128, 256)
FOLDER = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 64, size / 64)  # drawn on a 64-unit grid
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(NAVY)
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
    p.setBrush(BAR)
    for x, height in ((12, 14), (25, 24), (38, 34)):
        p.drawRoundedRect(QRectF(x, 50 - height, 10, height), 2, 2)
    tick = QPainterPath(QPointF(30, 22))
    tick.lineTo(39, 31)
    tick.lineTo(55, 11)
    p.setPen(QPen(GOLD, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                  Qt.PenJoinStyle.RoundJoin))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(tick)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(images: list[bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per size, then the PNG streams."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in zip(SIZES, images, strict=True):
        side = 0 if size == 256 else size  # 0 means 256 in an ICO entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - fonts and painting
    FOLDER.mkdir(parents=True, exist_ok=True)
    pngs = [png_bytes(draw(size)) for size in SIZES]
    (FOLDER / "kendali-sensus.png").write_bytes(pngs[-1])
    (FOLDER / "kendali-sensus.ico").write_bytes(ico_bytes(pngs))
    print(f"ikon ditulis ke {FOLDER}")


if __name__ == "__main__":
    main()
