"""The one way text from data enters reportlab's Paragraph markup: escaped, so never parsed.

Paragraph reads its text as XML-like markup: `<b>` without its end breaks the whole
document, `<img src="…"/>` makes reportlab open a file of this PC, `<font size=40>` sets
the type. Every name, address, title or code from the database that goes into a
Paragraph (or into `letter_pdf.label_rows`, whose values are Paragraphs) passes through
`markup()`; the blocks drawn on the canvas (`models.letters.pdf.text`, `models.letters.pdf.rows`,
`models.letters.pdf.chart`) take plain text and need no escaping. `tests/test_pdf_hostile_text.py`
checks every Paragraph call in `models/`.
"""
from __future__ import annotations

from xml.sax.saxutils import escape


def markup(value: object) -> str:
    """`value` as Paragraph markup that shows exactly its characters ('<b>' stays visible)."""
    return escape("" if value is None else str(value))


def bold(value: object) -> str:
    """`value` shown in bold, its own characters escaped."""
    return f"<b>{markup(value)}</b>"
