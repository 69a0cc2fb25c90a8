"""Letters that pass for official ones: an embedded typeface, the signature kept with the
closing, header cells never broken inside a word, DRAF across every page of a draft, and
aligned labels in the hanya-online list. Checked on what the PDFs draw."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select

from models.letters.issue import issue_letters, render_draft
from models.letters.opd import opd_letters
from models.letters.pdf.blocks import DRAFT_MARK
from models.letters.pdf.fonts import FONT
from models.letters.progress import AreaScope, area_letters
from models.letters.surat_tugas import issue_surat_tugas
from models.office.profile import get_profile
from models.recon.printing import render_online_only
from models.schema.officers import Officer, OfficerRole
from tests.test_pdf_hostile_text import hostile  # noqa: F401 - a fixture

DAY = date(2026, 11, 24)
BASE_14 = {"Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats"}
# a string a page draws at its own text matrix: x, y and the text (ASCII keeps its codes
# in reportlab's TrueType subsets, so these read as they are)
SHOWN = re.compile(r"1 0 0 1 (-?[\d.]+) (-?[\d.]+) Tm (?:/\S+ [\d.]+ Tf [\d.]+ TL )?"
                   r"\(((?:[^()\\]|\\.)*)\) Tj")


def _stream(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_contents().get_data().decode("latin-1")


def _shown(page) -> list[tuple[float, float, str]]:  # type: ignore[no-untyped-def]
    return [(float(x), float(y), text) for x, y, text in SHOWN.findall(_stream(page))]


def _all_pdfs(db, tmp_path: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """One PDF of every kind the app writes, on the hostile city."""
    made = []
    with db.session() as session:
        profile = get_profile(session)
        for scope in AreaScope:
            target = tmp_path / f"{scope.value}.pdf"
            issue_letters(session, area_letters(session, profile, scope), target, "sari",
                          day=DAY)
            made.append(target)
        render_draft(session, area_letters(session, profile, AreaScope.KECAMATAN), DAY,
                     tmp_path / "draf.pdf")
        issue_letters(session, opd_letters(session, profile, DAY), tmp_path / "opd.pdf",
                      "sari", day=DAY)
        for role in OfficerRole:
            officer = session.scalars(select(Officer.id).where(Officer.role == role)).first()
            made += [x.path for x in issue_surat_tugas(session, [officer], tmp_path / "st",
                                                       "sari", day=DAY)]
        render_online_only(session, tmp_path / "online.pdf", DAY)
    return [*made, tmp_path / "draf.pdf", tmp_path / "opd.pdf", tmp_path / "online.pdf"]


def test_every_pdf_embeds_its_fonts_and_uses_no_base14_font(db, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for path in _all_pdfs(db, tmp_path):
        seen = set()
        for page in PdfReader(path).pages:
            fonts = page["/Resources"].get_object().get("/Font", {})
            for ref in fonts.values():
                font = ref.get_object()
                name = str(font["/BaseFont"]).lstrip("/")
                seen.add(name.split("+")[-1])
                assert name.split("+")[-1].split("-")[0] not in BASE_14, (path.name, name)
                descriptor = font["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                    (path.name, name)
        assert seen <= {FONT, f"{FONT}-Bold"} and FONT in seen, (path.name, seen)


def _page_of(reader: PdfReader, text: str) -> int:
    pages = [n for n, page in enumerate(reader.pages) if text in page.extract_text()]
    assert pages, text
    return pages[-1]


@pytest.mark.parametrize("scope", [AreaScope.KOTA, AreaScope.KECAMATAN])
def test_closing_signature_and_tembusan_stay_together_on_demo_data(demo_db, tmp_path: Path,
                                                                    scope: AreaScope) -> None:
    """The demo's city letter filled page 1 up to the closing, which went alone with the
    signature to page 2: now they share a page with the last lines above them."""
    target = tmp_path / "kota.pdf"
    with demo_db.session() as session:
        contents = area_letters(session, get_profile(session), scope)[:2]
        render_draft(session, contents, DAY, target)
        head = get_profile(session).head_name
    reader = PdfReader(target)
    for letter in range(len(contents)):
        closing = [n for n, page in enumerate(reader.pages)
                   if "Atas perhatian dan kerja sama" in page.extract_text()][letter]
        text = reader.pages[closing].extract_text()
        assert head in text and "Tembusan:" in text and "Sehubungan dengan hal" in text
        lines = [line for line in text.splitlines() if line.strip()]
        # more than the closing, signature and tembusan: lines from above came along
        above = lines[:[n for n, line in enumerate(lines) if "Sehubungan" in line][0]]
        assert [line for line in above if "halaman" not in line], text
    assert _page_of(reader, "Tembusan:") == len(reader.pages) - 1


def _breaks(title: str) -> set[int]:
    """Where a header line may start or end: the ends, spaces, and after '/'."""
    allowed = {0, len(title)}
    for n, char in enumerate(title):
        if char == " ":
            allowed |= {n, n + 1}
        elif char == "/":
            allowed.add(n + 1)
    return allowed


HEADERS = ("No.", "Kecamatan", "Kelurahan/Desa", "IDSLS", "Nama SLS", "Petugas", "Jumlah KK",
           "Jumlah SLS")


@pytest.mark.parametrize("role", list(OfficerRole))
def test_surat_tugas_header_never_breaks_inside_a_word(db, hostile, tmp_path: Path,  # noqa: F811
                                                      role: OfficerRole) -> None:
    with db.session() as session:
        officer = session.scalars(select(Officer.id).where(Officer.role == role)).first()
        (issued,) = issue_surat_tugas(session, [officer], tmp_path, "sari", day=DAY)
    # every string drawn, however placed (Paragraph moves with Td, cells with Tm)
    shown = re.findall(r"\(((?:[^()\\]|\\.)*)\) Tj", _stream(PdfReader(issued.path).pages[0]))
    kelurahan = [t for t in shown if t.startswith("Kelurahan")]
    assert kelurahan, shown
    for text in shown:
        holders = [title for title in HEADERS if text.strip() and text in title]
        if holders and text not in HEADERS:  # a header line: it starts and ends at breaks
            assert any({t.find(text), t.find(text) + len(text)} <= _breaks(t)
                       for t in holders), (holders, text)
    assert "Des" not in shown and "a" not in shown


def _has_mark(page) -> bool:  # type: ignore[no-untyped-def]
    return f"({DRAFT_MARK}) Tj" in _stream(page)


def test_draft_has_draf_across_every_page_and_issued_letter_none(db, hostile,  # noqa: F811
                                                                 tmp_path: Path) -> None:
    with db.session() as session:
        contents = area_letters(session, get_profile(session), AreaScope.KECAMATAN)
        render_draft(session, contents, DAY, tmp_path / "draf.pdf")
        issue_letters(session, contents, tmp_path / "terbit.pdf", "sari", day=DAY)
    draft = PdfReader(tmp_path / "draf.pdf").pages
    assert len(draft) >= 2 and all(_has_mark(page) for page in draft)
    assert not any(_has_mark(page) for page in PdfReader(tmp_path / "terbit.pdf").pages)


def test_online_only_list_aligns_its_labels_and_colons(db, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    target = tmp_path / "online.pdf"
    with db.session() as session:
        render_online_only(session, target, DAY)
    shown = _shown(PdfReader(target).pages[0])
    labels = {text: (x, y) for x, y, text in shown
              if text in ("Petugas", "Jumlah orang", "Keadaan per")}
    assert set(labels) == {"Petugas", "Jumlah orang", "Keadaan per"}
    colons = {y: x for x, y, text in shown if text == ":"}
    xs = {round(x, 2) for x, _ in labels.values()}
    assert len(xs) == 1  # the labels start at one x
    row_colons = [colons[y] for _, y in labels.values()]
    assert max(row_colons) - min(row_colons) < 0.01  # and their colons share one x
    for label, (x, _) in labels.items():  # no label runs into its colon
        assert x + stringWidth(label, FONT, 11) + 3 < row_colons[0], label
