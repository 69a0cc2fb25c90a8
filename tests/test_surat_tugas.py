"""Surat Tugas: numbered per year, one PDF per officer with their areas, all or nothing."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from models.assignment.assign import assign, sls_versions
from models.letters.numbers import (
    LetterDraft,
    LetterNumberError,
    register_letter,
    register_letters,
)
from models.letters.surat_tugas import SuratTugasError, issue_surat_tugas
from models.schema.letters import Letter, LetterKind
from models.schema.office import OfficeProfile, PaperSize
from tests.builders import SmallCity, set_office_codes
from tests.schedule_helpers import set_field_window


def _office(session, paper: PaperSize = PaperSize.A4) -> None:  # type: ignore[no-untyped-def]
    set_office_codes(session)
    profile = session.scalars(select(OfficeProfile)).one()
    profile.city, profile.head_name = "Banjarmasin", "Dr. Rina Kepala, M.Si."
    profile.head_nip, profile.paper_size = "197305121996022001", paper
    profile.head_title = "Kepala Badan Pusat Statistik Kota Banjarmasin"
    session.commit()
    set_field_window(session)


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_numbers_run_per_year_and_restart(db) -> None:
    with db.session() as session:
        set_office_codes(session)
        numbers = [register_letter(session, LetterDraft(LetterKind.LAINNYA, "Uji", "Camat", day),
                                   "sari").number
                   for day in (date(2020, 9, 1), date(2020, 9, 2), date(2021, 1, 5))]
        session.commit()
    assert numbers == ["B-001/63710/SS.300/09/2020", "B-002/63710/SS.300/09/2020",
                       "B-001/63710/SS.300/01/2021"]


def test_a_batch_takes_consecutive_numbers_per_year_after_those_issued(db) -> None:
    with db.session() as session:
        set_office_codes(session)
        register_letter(session, LetterDraft(LetterKind.LAINNYA, "Uji", "Camat",
                                             date(2020, 9, 1)), "sari")
        batch = register_letters(session, [
            LetterDraft(LetterKind.LAINNYA, "Uji", f"Lurah {n}", day)
            for n, day in enumerate((date(2020, 9, 2), date(2021, 1, 5), date(2020, 9, 3)))],
            "sari")
        session.commit()
    assert [letter.number for letter in batch] == [
        "B-002/63710/SS.300/09/2020", "B-001/63710/SS.300/01/2021", "B-003/63710/SS.300/09/2020"]


def test_number_needs_satker_code(db) -> None:
    with db.session() as session, pytest.raises(LetterNumberError, match="satker"):
        register_letter(session, LetterDraft(LetterKind.LAINNYA, "Uji", "Camat",
                                             date(2020, 9, 1)), "sari")


@pytest.mark.parametrize("paper, height_mm", [(PaperSize.A4, 297), (PaperSize.F4, 330)])
def test_letter_per_officer_lists_areas(db, tmp_path: Path, paper: PaperSize,
                                        height_mm: int) -> None:
    with db.session() as session:
        city = SmallCity(session)
        _office(session, paper)
        ahmad = city.ppl_ids[0]
        s1, s4 = city.sls_ids[0], city.sls_ids[3]
        assign(session, {s1: ahmad, s4: ahmad}, sls_versions(session, [s1, s4]), "sari")
        (issued,) = issue_surat_tugas(session, [ahmad], tmp_path, "sari", day=date(2020, 9, 14))
        letter = session.scalars(select(Letter)).one()
        assert letter.number == issued.number == "B-001/63710/SS.300/09/2020"
        assert letter.file_path == str(issued.path) and len(letter.file_sha256) == 64
    reader = PdfReader(issued.path)
    assert round(float(reader.pages[0].mediabox.height) / 72 * 25.4) == height_mm
    text = _text(issued.path)
    assert "SURAT TUGAS" in text and "Nomor: B-001/63710/SS.300/09/2020" in text
    assert "Ahmad" in text and "6371**********10" in text  # the officer's NIK is masked
    assert "6371040001000100" in text and "6371040002000100" in text
    assert "6371040001000200" not in text  # not Ahmad's
    assert "Banjarmasin, 14 September 2020" in text
    assert "NIP 19730512 199602 2 001" in text
    assert "180" in text  # 100 + 80 households


def test_officer_without_areas_numbers_nothing(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        _office(session)
        ahmad, budi = city.ppl_ids[:2]
        s1 = city.sls_ids[0]
        assign(session, {s1: ahmad}, sls_versions(session, [s1]), "sari")
        with pytest.raises(SuratTugasError, match="Budi"):
            issue_surat_tugas(session, [ahmad, budi], tmp_path, "sari")
        assert session.scalar(select(func.count(Letter.id))) == 0
    assert list(tmp_path.glob("*.pdf")) == []


def test_team_letter_for_pml_names_each_ppl(db, tmp_path: Path) -> None:
    with db.session() as session:
        city = SmallCity(session)
        _office(session)
        ahmad, budi = city.ppl_ids[:2]
        s1, s2 = city.sls_ids[:2]
        assign(session, {s1: ahmad, s2: budi}, sls_versions(session, [s1, s2]), "sari")
        (issued,) = issue_surat_tugas(session, [city.pml.id], tmp_path, "sari")
    text = _text(issued.path)
    assert "Siti Pengawas" in text and "Ahmad" in text and "Budi" in text
    assert "Kecamatan Banjarmasin Utara" in " ".join(text.split())  # may wrap after "Kecamatan"
