"""Letters' body text: plain paragraphs justified, indented and split across pages right."""
from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate

from models.letters.pdf.text import PlainParagraph

STYLE = ParagraphStyle("justify", fontName="Helvetica", fontSize=11, leading=15,
                       alignment=TA_JUSTIFY)
ITEM = STYLE.clone("item", leftIndent=5 * mm, firstLineIndent=-5 * mm)
WORDS = " ".join(f"kata{n}" for n in range(1, 121))


def _lines(paragraph: PlainParagraph, width: float) -> list[str]:
    paragraph.wrap(width, 1000)
    return paragraph.lines or []


def test_lines_fill_the_width_and_keep_every_word_in_order() -> None:
    lines = _lines(PlainParagraph(WORDS, STYLE), 300)
    assert " ".join(lines) == WORDS
    assert all(stringWidth(line, "Helvetica", 11) <= 300 for line in lines)
    # each line is full: its next word would not have fitted
    for line, after in zip(lines, lines[1:], strict=False):
        assert stringWidth(f"{line} {after.split()[0]}", "Helvetica", 11) > 300


def test_hanging_indent_gives_the_first_line_more_room() -> None:
    lines = _lines(PlainParagraph(WORDS, ITEM), 300)
    rooms = [300.0] + [300 - 5 * mm] * (len(lines) - 1)  # the number hangs out to the left
    for line, after, room in zip(lines, lines[1:], rooms, strict=False):
        assert stringWidth(line, "Helvetica", 11) <= room
        assert stringWidth(f"{line} {after.split()[0]}", "Helvetica", 11) > room


def test_split_never_leaves_the_first_line_alone_and_keeps_all_lines() -> None:
    paragraph = PlainParagraph(WORDS, STYLE)
    assert paragraph.split(300, 20) == []  # room for one line only: move it whole
    head, tail = paragraph.split(300, 3 * 15 + 1)
    assert len(head.lines or []) == 3 and (head.lines or []) + (tail.lines or []) == \
        _lines(PlainParagraph(WORDS, STYLE), 300)
    assert head.first and not tail.first and tail.ends and not head.ends


def test_justified_lines_end_at_the_right_margin_but_the_last(tmp_path: Path) -> None:
    target = tmp_path / "teks.pdf"
    text = WORDS + " Kantor & Rekan <Banjarmasin>"
    paragraph = PlainParagraph(text, STYLE)
    SimpleDocTemplate(str(target), pagesize=A4).build([paragraph])
    page = PdfReader(target).pages[0]
    assert "Kantor & Rekan <Banjarmasin>" in page.extract_text()
    stream = page.get_contents().get_data().decode("latin-1")
    # each line with the word spacing (Tw) in force when it is shown
    spacing, shown = 0.0, []
    for gap, line in re.findall(r"([-\d.]+) Tw|Tm \(([^)]*)\) Tj", stream):
        if gap:
            spacing = float(gap)
        else:
            shown.append((line, spacing))
    assert len(shown) > 3 and shown[-1][1] == 0  # the last line is not spread
    for line, gap in shown[:-1]:
        natural = stringWidth(line, "Helvetica", 11)
        assert abs(natural + gap * line.count(" ") - paragraph.width) < 0.05
