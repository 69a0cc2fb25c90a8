"""`kendali-sensus pengingat`: every team's chat text, one PML or Koseka, PDFs to a folder."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from models.cli.main import main
from models.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from tests.builders import nik
from tests.test_reminders import build


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return build(session)


def test_prints_every_team_and_koseka(db_url: str, city, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", db_url, "pengingat"]) == 0
    out = capsys.readouterr().out
    messages = out.split("\n\n")
    assert [m.splitlines()[0] for m in messages] == [
        "*Tim 01 — PML: Siti Pengawas*", "*Tim 02 — PML: Rudi Pengawas*",
        "*Koseka Koseka Utara — Kecamatan Banjarmasin Utara*"]
    assert "Tidak aktif: Budi 5 hari (terakhir 2 Mar 2026)." in messages[0]
    assert "Keadaan 7 Mar 2026: 7 dari 10 ruta (70 %), seharusnya 60 %." in messages[1]
    assert nik(10) not in out and nik(1) not in out


def test_one_pml_by_nik_or_id_and_pdfs(db_url: str, city, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", db_url, "pengingat", "--pml", nik(2), "--pdf",
                 str(tmp_path / "pdf")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("*Tim 02 — PML: Rudi Pengawas*\n") and "Tim 01" not in out
    [written] = list((tmp_path / "pdf").iterdir())
    assert written.name == "Status Tim 02 PML Rudi Pengawas 2026-03-07.pdf"
    assert written.name in out and len(PdfReader(written).pages) == 1
    assert main(["--db", db_url, "pengingat", "--koseka", str(city.koseka_id)]) == 0
    assert capsys.readouterr().out.startswith("*Koseka Koseka Utara")


@pytest.mark.parametrize("given, reason", [
    ("6371049999999999", "tidak ada"), ("12x", "bukan NIK"), ("koseka", "bukan PML")])
def test_a_wrong_officer_is_refused(db_url: str, city, capsys, given: str,  # type: ignore[no-untyped-def]
                                    reason: str) -> None:
    if given == "koseka":
        given = str(city.koseka_id)
    assert main(["--db", db_url, "pengingat", "--pml", given]) == 2
    assert reason in capsys.readouterr().err


def test_signs_in_like_every_command(db, db_url: str, city, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        create_demo_accounts(session)
    assert main(["--db", db_url, "pengingat"]) == 2
    assert "Masuk dahulu" in capsys.readouterr().err
    monkeypatch.setenv("KENDALI_PASSWORD", DEMO_PASSWORD)
    assert main(["--db", db_url, "--pengguna", "staf", "pengingat"]) == 0  # a read: any role
    assert capsys.readouterr().out.startswith("*Tim 01")
