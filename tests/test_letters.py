"""Progress and OPD letters: official format, Indonesian numbers and dates, register, batches."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, insert, select

from models.errors import Cancelled
from models.letters.issue import issue_letters, render_draft
from models.letters.layout import LetterContentError
from models.letters.opd import opd_letters
from models.letters.progress import AreaScope, area_letters
from models.office.profile import get_profile
from models.persons.day_counts import recount
from models.schema.asn import Agency, AsnEmployee
from models.schema.batches import ImportBatch, ImportKind, OnlineSubmission, SlsRecap
from models.schema.letters import Letter, LetterKind
from models.schema.office import OfficeProfile, PaperSize
from models.sheets.reading import file_sha256
from tests.builders import SmallCity, set_office_codes
from tests.recon_cases import nik_of

DAY = date(2026, 11, 24)
ROOT = Path(__file__).resolve().parent.parent
HEAD_NIP = "197305121996022001"


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    """A small city: SLS 1 has 4,000 expected persons of whom 1,234 filled online."""
    with db.session() as session:
        city = SmallCity(session, households=(1000, 1200, 900, 800, 1100))
        set_office_codes(session)
        profile = session.scalars(select(OfficeProfile)).one()
        profile.region_name, profile.province_name = "Kota Banjarmasin", "Kalimantan Selatan"
        profile.city, profile.head_name = "Banjarmasin", "Dr. Rina Kepala, M.Si."
        profile.head_nip, profile.head_title = HEAD_NIP, "Kepala BPS Kota Banjarmasin"
        batch = ImportBatch(kind=ImportKind.ONLINE, file_name="o.xlsx", file_sha256="0" * 64)
        session.add(batch)
        session.flush()
        session.execute(insert(OnlineSubmission), [
            {"batch_id": batch.id, "natural_key": nik_of(n), "nik": nik_of(n), "name": f"P{n}",
             "sls_id": city.sls_ids[0], "submitted_at": datetime(2020, 3, 1, 9)}
            for n in range(1, 1235)])
        recount(session, ImportKind.ONLINE)  # as an import does after storing its rows
        session.add(SlsRecap(sls_id=city.sls_ids[3], report_date=date(2020, 9, 10),
                             households_found=400))
        agency = Agency(code="OPD-001", name="Dinas Sosial", head_title="Kepala Dinas Sosial")
        session.add(agency)
        session.flush()
        session.add_all([
            AsnEmployee(agency_id=agency.id, name="Sudah Isi", nip="198001012005011001",
                        nik=nik_of(7), unit="Sekretariat"),
            AsnEmployee(agency_id=agency.id, name="Belum Isi", nip="198502022010012003",
                        nik=nik_of(5001, female=True), unit="Bidang Rehabilitasi Sosial")])
        session.commit()
    return city


def test_city_letter_in_official_format(db, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "kota.pdf"
    with db.session() as session:
        contents = area_letters(session, get_profile(session), AreaScope.KOTA)
        report = issue_letters(session, contents, target, "sari", day=DAY)
        stored = session.scalars(select(Letter)).one()
    text = _text(target)
    assert report.letters[0].number == stored.number == "B-001/63710/SS.300/11/2026"
    assert stored.kind is LetterKind.PROGRES_KOTA and stored.recipient == "Wali Kota Banjarmasin"
    assert stored.file_path == str(target) and stored.file_sha256 == file_sha256(target)
    for expected in ("Nomor", "B-001/63710/SS.300/11/2026", "Banjarmasin, 24 November 2026",
                     "Sifat", "Lampiran", "Hal", "Yth. Wali Kota Banjarmasin",
                     "Dengan hormat,", "Tembusan:", "Kepala BPS Provinsi Kalimantan Selatan",
                     "NIP 19730512 199602 2 001", "Dr. Rina Kepala, M.Si."):
        assert expected in text, expected
    # 1,234 of 20,000 persons; 400 of 5,000 households; Indonesian separators
    assert "1.234 orang, atau 6,2 %" in text and "20.000 penduduk" in text
    assert "400 dari 5.000 rumah tangga (8,0 %)" in text
    assert "12 SLS" not in text and "Banjarmasin Utara" in text  # the table lists kecamatan
    page = PdfReader(target).pages[0].mediabox
    assert (round(float(page.width)), round(float(page.height))) == (595, 842)  # A4


def test_camat_batch_one_pdf_or_one_file_each(db, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        profile = session.scalars(select(OfficeProfile)).one()
        profile.paper_size = PaperSize.F4
        session.commit()
        lurah = area_letters(session, get_profile(session), AreaScope.KELURAHAN)
        one = issue_letters(session, lurah, tmp_path / "lurah.pdf", "sari", day=DAY)
        each = issue_letters(session, area_letters(session, get_profile(session),
                                                   AreaScope.KELURAHAN),
                             tmp_path / "per-lurah", "sari", day=DAY, one_file=False)
        numbers = list(session.scalars(select(Letter.number).order_by(Letter.serial)))
    assert [x.recipient for x in one.letters] == ["Lurah Alalak Utara", "Lurah Alalak Tengah"]
    assert numbers == [f"B-00{n}/63710/SS.300/11/2026" for n in range(1, 5)]
    text = _text(tmp_path / "lurah.pdf")
    assert text.index("Yth. Lurah Alalak Utara") < text.index("Yth. Lurah Alalak Tengah")
    assert "Camat Banjarmasin Utara" in text  # the camat gets a copy (Tembusan)
    assert len(each.files) == 2 and all(p.parent == tmp_path / "per-lurah" for p in each.files)
    assert "Lurah Alalak Tengah" in _text(each.files[1])
    page = PdfReader(each.files[0]).pages[0].mediabox
    assert (round(float(page.width)), round(float(page.height))) == (609, 935)  # F4 215x330


def test_opd_letter_lists_who_has_not_filled_with_masked_nik(db, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "opd.pdf"
    with db.session() as session:
        contents = opd_letters(session, get_profile(session), DAY)
        issue_letters(session, contents, target, "sari", day=DAY)
        attachment = session.scalar(select(Letter.attachment))
    text = _text(target)
    waiting = nik_of(5001, female=True)
    assert attachment == "1 (satu) berkas" and "Yth. Kepala Dinas Sosial" in text
    assert "dari 2 ASN di lingkungan Dinas Sosial, sebanyak 1 orang (50,0 %)" in text
    assert "peringkat 1 dari 1" in text
    assert "Belum Isi" in text and "Sudah Isi" not in text
    assert f"{waiting[:4]}**********{waiting[-2:]}" in text and waiting not in text
    assert "19850202 201001 2 003" in text  # NIP grouped 8-6-1-3
    assert "Lampiran Surat Kepala BPS Kota Banjarmasin" in text


def test_cancel_keeps_no_number_and_no_file(db, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "batal"
    with db.session() as session:
        contents = area_letters(session, get_profile(session), AreaScope.KELURAHAN)
        with pytest.raises(Cancelled):
            issue_letters(session, contents, folder, "sari", day=DAY, one_file=False,
                          progress=lambda done, total: done < 2)
        assert session.scalar(select(func.count()).select_from(Letter)) == 0
    assert list(folder.glob("*.pdf")) == []


def test_draft_is_not_numbered_nor_registered(db, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        contents = area_letters(session, get_profile(session), AreaScope.KECAMATAN)
        render_draft(session, contents, DAY, tmp_path / "draf.pdf")
        assert session.scalar(select(func.count()).select_from(Letter)) == 0
        with pytest.raises(LetterContentError, match="9999999"):
            area_letters(session, get_profile(session), AreaScope.KECAMATAN, ["9999999"])
    assert "B-…/63710/SS.300/11/2026" in _text(tmp_path / "draf.pdf")


def test_surat_command_issues_and_lists(db_url: str, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-m", "desktop.main", "--db", db_url, "surat", "progres-kecamatan",
         str(tmp_path / "camat"), "--per-berkas", "--tanggal", "2020-09-14"],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "B-001/63710/SS.300/09/2020  Camat Banjarmasin Utara" in result.stdout
    assert "1 surat diterbitkan" in result.stdout
    assert len(list((tmp_path / "camat").glob("*.pdf"))) == 1


def test_table_cells_keep_accents_brackets_and_alignment(tmp_path: Path) -> None:
    """Cells are written as raw text operators; what a name may hold must come out intact,
    and right-aligned numbers must end at the column's right edge."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from models.letters.pdf.rows import PAD, Col, RowTable

    rows = [["1", "Andi (Kepala Seksi)", "1.234,5"], ["2", "Désirée O\\Brien", "7"],
            ["3", "Nguyễn Thị", "12.000"]]
    target = tmp_path / "tabel.pdf"
    table = RowTable([Col("No.", 30, "center"), Col("Nama"), Col("Jumlah", 80, "right")], rows)
    SimpleDocTemplate(str(target), pagesize=A4).build([table])

    page = PdfReader(target).pages[0]
    text = page.extract_text()
    for expected in ("Andi (Kepala Seksi)", "Désirée O\\Brien", "1.234,5", "12.000"):
        assert expected in text
    # each cell is placed with its own text matrix: x + width is where it ends
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from models.letters.pdf.rows import FONT

    stream = page.get_contents().get_data().decode("latin-1")
    placed = {shown: float(x) for x, shown in re.findall(  # ASCII keeps its codes in a subset
        r"1 0 0 1 ([\d.]+) [\d.]+ Tm (?:/\S+ [\d.]+ Tf [\d.]+ TL )?\(([^)]*)\) Tj", stream)}
    ends = [placed[n] + stringWidth(n, FONT, 9) for n in ("1.234,5", "7", "12.000")]
    assert max(ends) - min(ends) < 0.01  # one right edge, PAD inside the column
    assert abs(ends[0] + PAD - (placed["1"] - (30 - stringWidth("1", FONT, 9)) / 2
                                + table.width)) < 0.05
