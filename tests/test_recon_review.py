"""Decisions on beda/ganda/pindah, summaries per level, exports and the PPL list."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from models.cli.main import main as cli_main
from models.recon.export import export_persons, export_summary
from models.recon.printing import render_online_only
from models.recon.review import ReviewError, resolve, revoke
from models.recon.run import run_reconciliation
from models.recon.views import Level, review_queue, summary
from models.schema.batches import ImportKind
from models.schema.officers import Assignment
from models.schema.recon import PersonMatch, ReconCategory, ResolutionAction
from models.schema.users import AuditLog
from tests.builders import SmallCity, set_office_codes
from tests.recon_cases import P, add_batch, nik_of


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        small = SmallCity(session)
        codes = [s.bps_code for s in small.sls]
        add_batch(session, ImportKind.ONLINE, [P(1, "AHMAD"), P(2, "BAHRUL"), P(3, "CANDRA"),
                                               P(4, "DEWI", female=True)], small.sls_ids, codes)
        add_batch(session, ImportKind.LAPANGAN, [P(1, "AHMAD", sex="P"), P(2, "BAHRUL", sls=3),
                                                 P(5, "EKO")], small.sls_ids, codes)
        session.add_all(Assignment(officer_id=small.ppl_ids[0], sls_id=sls)
                        for sls in small.sls_ids[:3])
        session.commit()
        run_reconciliation(session, by="tester")
        return small


# The decisions' own entries; imports and runs write entries of their own.
DECISIONS = select(AuditLog).where(AuditLog.entity == "resolution")

def match_of(db, nik: str) -> PersonMatch:  # type: ignore[no-untyped-def]
    with db.session() as session:
        match = session.scalars(select(PersonMatch).where(PersonMatch.person_key == nik)).one()
        session.expunge(match)
        return match


def test_a_decision_is_logged_and_survives_a_full_rerun(db, city) -> None:
    beda = match_of(db, nik_of(1))
    assert beda.category is ReconCategory.BEDA
    with db.session() as session:
        resolve(session, beda.id, ResolutionAction.PILIH_ONLINE, "KTP dilihat: laki-laki",
                by="supervisor")
        assert [m.category for m in review_queue(session)] == [ReconCategory.PINDAH]
        entry = session.scalars(DECISIONS).one()
        assert (entry.username, entry.action) == ("supervisor", "rekonsiliasi.putuskan")
        assert entry.before["differing"] == "sex," and entry.after["action"] == "pilih_online"
        run_reconciliation(session, full=True)
    again = match_of(db, nik_of(1))
    assert again.resolution_id is not None


def test_revoking_puts_the_case_back_in_the_queue(db, city) -> None:
    beda = match_of(db, nik_of(1))
    with db.session() as session:
        resolve(session, beda.id, ResolutionAction.PILIH_LAPANGAN, "petugas benar")
        revoke(session, beda.id)
        assert ReconCategory.BEDA in {m.category for m in review_queue(session)}
        assert [e.action for e in session.scalars(DECISIONS.order_by(AuditLog.id))] == [
            "rekonsiliasi.putuskan", "rekonsiliasi.batalkan"]
        run_reconciliation(session, full=True)
    assert match_of(db, nik_of(1)).resolution_id is None


@pytest.mark.parametrize("action, reason, choices, message", [
    (ResolutionAction.PINDAH, "x", None, "tidak berlaku"),
    (ResolutionAction.PILIH_ONLINE, "  ", None, "alasan"),
    (ResolutionAction.GABUNG, "x", {"name": "online"}, "setiap isian"),
])
def test_a_decision_that_does_not_fit_is_refused(db, city, action, reason, choices,  # type: ignore[no-untyped-def]
                                                 message) -> None:
    beda = match_of(db, nik_of(1))
    with db.session() as session:
        with pytest.raises(ReviewError, match=message):
            resolve(session, beda.id, action, reason, choices=choices)
        assert session.scalars(DECISIONS).first() is None


def test_a_merge_takes_each_differing_field_from_a_chosen_source(db, city) -> None:
    beda = match_of(db, nik_of(1))
    with db.session() as session:
        stored = resolve(session, beda.id, ResolutionAction.GABUNG, "gabung",
                         choices={"sex": "online"})
        assert stored.choices == {"sex": "online"}


def test_summaries_per_level_and_per_ppl(db, city) -> None:
    with db.session() as session:
        kecamatan = summary(session, Level.KECAMATAN)
        [kec] = kecamatan
        assert kec.persons == 5 and kec.open_reviews == 2
        assert kec.counts == {ReconCategory.BEDA: 1, ReconCategory.PINDAH: 1,
                              ReconCategory.HANYA_ONLINE: 2, ReconCategory.HANYA_LAPANGAN: 1}
        assert kec.expected_households == 500
        # everyone shares one No. KK: one household, reached by both sources
        assert (kec.households_online, kec.households_field) == (1, 1)
        sls = {r.code: r for r in summary(session, Level.SLS)}
        assert sls[city.sls[3].bps_code].counts[ReconCategory.PINDAH] == 1  # where found
        ppl = {r.name: r for r in summary(session, Level.PPL)}
        assert ppl["Ahmad"].persons == 4  # SLS 1-3 are his
        assert ppl["(belum ada PPL)"].counts == {ReconCategory.PINDAH: 1}


def test_exports_and_the_online_only_list(db, city, tmp_path: Path) -> None:
    with db.session() as session:
        assert export_summary(session, tmp_path / "kec.xlsx", Level.KECAMATAN) == 2  # + total
        assert export_persons(session, tmp_path / "beda.xlsx",
                              category=ReconCategory.BEDA) == 1
        listed = render_online_only(session, tmp_path / "ppl.pdf")
    sheet = load_workbook(tmp_path / "beda.xlsx").active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Kategori"] == "Beda" and row["Isian berbeda"] == "jenis kelamin"
    assert row["NIK"] == nik_of(1)[:4] + "*" * 10 + nik_of(1)[-2:]  # masked by default
    assert listed == 2
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "ppl.pdf").pages)
    assert "Ahmad" in text and "CANDRA" in text and "DEWI" in text
    assert nik_of(3) not in text


def test_headless_reconcile_and_export(db, db_url: str, city, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--db", db_url, "reconcile", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "hanya yang berubah" in out and "Beda" in out
    target = tmp_path / "tinjauan.xlsx"
    assert cli_main(["--db", db_url, "export-rekon", str(target), "--tampilan", "tinjauan"]) == 0
    assert load_workbook(target).active.max_row == 3  # header, beda, pindah
