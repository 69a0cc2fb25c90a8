"""The kecamatan letter's quality annex: Lampiran pages with the pyramid and the measures
across the kecamatan's PPL; none unless asked; names from data never read as markup."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import insert, select

from models.letters.issue import render_draft
from models.letters.pdf.distribution import value_axis
from models.letters.pdf.pyramid import pyramid_top
from models.letters.progress import ANNEX_TITLE, AreaAddressee, AreaScope
from models.letters.requests import LetterRequest
from models.quality.letter_annex import compose_letters, kecamatan_annex, main_kecamatan
from models.quality.pyramid import GROUP_LABELS
from models.schema.areas import Kecamatan, Sls
from models.schema.batches import ImportBatch, ImportKind, OnlineSubmission
from models.schema.officers import Officer
from tests.test_quality_officers import build

DAY = date(2026, 11, 24)
HOSTILE_KECAMATAN = '<font size=40>Utara & <img src="/etc/hostname"/>'
HOSTILE_PPL = "Budi <b>Santoso"


def _office(db, *, hostile: bool = False):  # type: ignore[no-untyped-def]
    with db.session() as session:
        office = build(session)
        if hostile:
            session.scalars(select(Kecamatan)).one().name = HOSTILE_KECAMATAN
            session.get(Officer, office.officers["Budi"]).name = HOSTILE_PPL
        batch = ImportBatch(kind=ImportKind.ONLINE, file_name="online.xlsx",
                            file_sha256="1" * 64)
        session.add(batch)
        session.flush()
        sls_id = session.scalars(select(Sls.id)).first()
        session.execute(insert(OnlineSubmission), [
            {"batch_id": batch.id, "natural_key": f"O{i:05d}", "name": f"Warga {i}",
             "sex": "L" if i % 2 else "P", "birth_date": date(2020 - 3 * i, 3, 3),
             "sls_id": sls_id} for i in range(1, 26)])
        session.commit()
    return office


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _render(db, tmp_path: Path, annex: bool, kind: str = "kecamatan") -> list[str]:  # type: ignore[no-untyped-def]
    target = tmp_path / f"surat-{kind}-{annex}.pdf"
    with db.session() as session:
        letters = compose_letters(session, LetterRequest(kind, None, DAY, quality_annex=annex))
        render_draft(session, letters, DAY, target)
    return _text(target)


def test_annex_pages_hold_the_pyramid_and_the_measures(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _office(db)
    plain = _render(db, tmp_path, annex=False)
    pages = _render(db, tmp_path, annex=True)
    assert len(pages) > len(plain)
    assert not any(ANNEX_TITLE in page for page in plain)
    assert not any("Lampiran Surat" in page for page in plain)
    first = next(i for i, page in enumerate(pages) if "Lampiran Surat" in page)
    annex = "\n".join(pages[first:])
    assert ANNEX_TITLE in annex.replace("\n", " ")
    for label in ("0–4", "35–39", "75+", "Hasil lapangan", "SP Online (25 orang)",
                  "Laki-laki", "Perempuan"):
        assert label in annex, label
    for heading in ("Indeks Whipple per PPL", "Lahir 1 Januari per PPL",
                    "Rasio jenis kelamin per PPL"):
        assert heading in annex, heading
    joined = " ".join(annex.split())
    assert "Budi (500,0)" in joined  # flagged on Whipple, named with its value
    assert "Citra (100,0 %)" in joined  # 1 January
    assert "Dedi" in joined and "hanya mencatat laki-laki" in joined  # infinite ratio
    # the letter itself says the annex is there
    body = " ".join(" ".join(pages[:first]).split())
    assert "1 (satu) berkas" in body and "1 (satu) berkas" not in " ".join(plain)
    assert "kami sampaikan dalam lampiran" in body


def test_other_letters_never_carry_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _office(db)
    for kind in ("kota", "kelurahan"):
        pages = _render(db, tmp_path, annex=True, kind=kind)
        assert not any(ANNEX_TITLE in " ".join(page.split()) for page in pages), kind


def test_the_annex_takes_the_kecamatan_ppl(db) -> None:  # type: ignore[no-untyped-def]
    office = _office(db)
    with db.session() as session:
        home = main_kecamatan(session)
        kecamatan_id = session.scalars(select(Kecamatan.id)).one()
        assert {home[o] for o in office.officers.values()} == {kecamatan_id}
        annex = kecamatan_annex(session)
        kota = annex(AreaAddressee(AreaScope.KOTA, 0, "6371", "Kota", "Wali Kota"))
        kec = annex(AreaAddressee(AreaScope.KECAMATAN, kecamatan_id, "6371040", "Kecamatan X",
                                  "Camat X", kecamatan_id=kecamatan_id))
    assert kota == []
    assert len(kec) > 3


def test_hostile_names_are_shown_as_they_are(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _office(db, hostile=True)
    pages = _render(db, tmp_path, annex=True)
    joined = " ".join(" ".join(pages).split())
    assert f"{ANNEX_TITLE} KECAMATAN {HOSTILE_KECAMATAN.upper()}" in joined
    assert f"{HOSTILE_PPL} (500,0)" in joined
    assert f"Kecamatan {HOSTILE_KECAMATAN}" in joined


def test_axes() -> None:
    assert value_axis(133.9) == (150.0, 50.0)
    assert value_axis(25.0) == (25.0, 5.0)
    assert value_axis(0.8) == (0.8, 0.2)
    assert pyramid_top([3.2, 7.5]) == 10.0
    assert pyramid_top([12.0]) == 15.0
    assert len(GROUP_LABELS) == 16


def test_the_dialog_offers_it_for_the_kecamatan_letter_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.letters.dialog import LetterDialog
    from models.letters.requests import Recipient

    def recipients_for(kind, deliver):  # type: ignore[no-untyped-def]
        deliver([Recipient("6371040", "Camat Banjarmasin Utara")])

    dialog = LetterDialog(AreaScope.KECAMATAN.value, recipients_for)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.quality.isVisible()
    assert dialog.quality.text() == ("Lampirkan mutu data (piramida penduduk, sebaran ukuran "
                                     "per PPL)")
    assert dialog.request().quality_annex is False
    dialog.quality.setChecked(True)
    assert dialog.request().quality_annex is True
    dialog.kind.setCurrentIndex(dialog.kind.findData(AreaScope.KOTA.value))
    assert not dialog.quality.isVisible()
    assert dialog.request().quality_annex is False  # ticked, but not for this letter
