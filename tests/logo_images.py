"""Logo files for tests: a plausible round emblem, and files no logo should be made from."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw

BLUE = (0, 82, 155)
GOLD = (230, 170, 0)


def emblem(size: int = 800, mode: str = "RGBA") -> Image.Image:
    """A blue disc with a gold ring and a white peak on a see-through ground."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(*BLUE, 255), outline=(*GOLD, 255),
                 width=size // 25)
    draw.polygon([(size / 2, size * 0.18), (size * 0.78, size * 0.72),
                  (size * 0.22, size * 0.72)], fill=(255, 255, 255, 255))
    draw.rectangle((size * 0.3, size * 0.76, size * 0.7, size * 0.8), fill=(*GOLD, 255))
    if mode == "RGB":  # a JPEG has no transparency: a white ground as a scan would have
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    return image.convert(mode)


def encoded(image: Image.Image, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims `width` × `height` pixels: a bomb that
    would take gigabytes once decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows)
            + _chunk(b"IEND", b""))
