"""The one typeface of every PDF the app writes: Liberation Sans, embedded.

The base-14 Helvetica is not embedded, so each PDF viewer and printer set it in its own
substitute and a letter looked different from PC to PC. Liberation Sans (SIL Open Font
License, resources/fonts/LICENSE-LiberationSans.txt) ships in resources/fonts/ and has
Helvetica's widths, so the layouts measured for Helvetica still fit. reportlab embeds the
subset of glyphs a document uses.
"""
from __future__ import annotations

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from models.resources import resource_path

FONT, BOLD = "LiberationSans", "LiberationSans-Bold"
_FILES = {FONT: "LiberationSans-Regular.ttf", BOLD: "LiberationSans-Bold.ttf"}


class _Subset(bytes):
    """An embedded font subset that remembers its compressed form."""

    compressed: bytes | None = None


def _remember_subsets(font: TTFont, keep: int = 64) -> None:
    """Make and compress each embedded subset once: a batch of one file per letter embeds
    the same subset (ASCII and a few letters) in every file, and making and compressing it
    each time cost a batch of 52 files 0.15 s."""
    face = font.face
    made: dict[tuple[int, ...], _Subset] = {}
    make = face.makeSubset

    def remembered(subset: list[int]) -> bytes:
        key = tuple(subset)
        if key not in made:
            if len(made) >= keep:
                made.clear()
            made[key] = _Subset(make(subset))
        return made[key]

    face.makeSubset = remembered


def _compress_subsets_once() -> None:
    """reportlab's one Flate filter, taught to reuse a _Subset's compressed bytes."""
    flate = pdfdoc.PDFZCompress
    encode = flate.encode

    def remembered(text: str | bytes) -> bytes:
        if isinstance(text, _Subset):
            if text.compressed is None:
                text.compressed = encode(text)
            return text.compressed
        return encode(text)

    flate.encode = remembered


def register() -> None:
    """Register both faces once, and map Paragraph's <b>/<i> to them (no italic face)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    _compress_subsets_once()
    for name, file in _FILES.items():
        font = TTFont(name, str(resource_path("fonts", file)))
        _remember_subsets(font)
        pdfmetrics.registerFont(font)
    for bold, italic, face in ((0, 0, FONT), (1, 0, BOLD), (0, 1, FONT), (1, 1, BOLD)):
        addMapping(FONT, bold, italic, face)
        addMapping(BOLD, bold, italic, BOLD)


register()
