"""Stata and SPSS files of the persons' outcomes: values and labels read back, NIK masked."""
from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pyreadstat
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models.access import AccessDenied, Actor
from models.analysis.stat_export import StatExportError, export_persons
from models.analysis.stat_formats import StatFormat
from models.audit.nik_disclosure import ExportReasonError
from models.cli.main import main as cli_main
from models.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from models.errors import Cancelled
from models.recon import export as xlsx_export
from models.recon.review import resolve
from models.recon.run import run_reconciliation
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import ImportKind
from models.schema.recon import PersonMatch, ResolutionAction
from models.schema.users import AuditLog, UserRole
from models.store.db import Database
from tests.builders import SmallCity, set_office_codes
from tests.recon_cases import P, add_batch, nik_of

ADMIN = Actor("admin", "Admin", UserRole.ADMIN)
SUPERVISOR = Actor("supervisor", "Supervisor", UserRole.SUPERVISOR)
STAF = Actor("staf", "Staf", UserRole.STAF)
REASON = "Padanan data dengan Dukcapil, surat nomor 12/2026"
FULL_EXPORTS = select(AuditLog).where(AuditLog.action == "ekspor NIK lengkap")
# Hostile and foreign names: a formula sign, Latin accents, Arabic script.
FORMULA, ACCENTED, ARABIC = "=HYPERLINK(\"x\")", "Élodie Müller", "محمد عبد الله"
SEXES = {"L": "Laki-laki", "P": "Perempuan"}  # as the xlsx writes them
READERS = {StatFormat.DTA: pyreadstat.read_dta, StatFormat.SAV: pyreadstat.read_sav}


def masked(value: str) -> str:
    return f"{value[:4]}{'*' * 10}{value[-2:]}"


@pytest.fixture
def city(db: Database) -> SmallCity:
    """Beda (decided), pindah, hanya online (twice) and hanya lapangan, in both kelurahan."""
    with db.session() as session:
        set_office_codes(session)
        small = SmallCity(session)
        codes = [s.bps_code for s in small.sls]
        add_batch(session, ImportKind.ONLINE,
                  [P(1, "AHMAD"), P(2, ACCENTED, female=True, born=date(1990, 7, 1)),
                   P(3, FORMULA), P(4, ARABIC, sls=4)], small.sls_ids, codes)
        add_batch(session, ImportKind.LAPANGAN,
                  [P(1, "AHMAD", sex="P"), P(2, ACCENTED, female=True, born=date(1990, 7, 1),
                                             sls=3),
                   P(5, "EKO", kk=None)], small.sls_ids, codes)
        run_reconciliation(session, by="tester")
        beda = session.scalars(select(PersonMatch.id).where(
            PersonMatch.person_key == nik_of(1))).one()
        resolve(session, beda, ResolutionAction.PILIH_ONLINE, "KTP dilihat: laki-laki")
        return small


def read(path: Path, fmt: StatFormat) -> tuple[list[dict[str, Any]], Any]:
    frame, meta = READERS[fmt](path)
    rows = []
    for record in frame.to_dict("records"):
        rows.append({k: None if _missing(v) else v for k, v in record.items()})
    return rows, meta


def _missing(value: object) -> bool:
    return value is None or value != value  # NaN, NaT


def label(meta: Any, variable: str, value: object) -> str | None:
    """The value label of `value`, as a reader of the file sees it."""
    if value is None:
        return None
    return meta.variable_value_labels[variable][value]


@pytest.mark.parametrize("fmt", list(StatFormat))
def test_the_file_reads_back_with_the_same_values_and_labels(db: Database, city: SmallCity,
                                                             tmp_path: Path,
                                                             fmt: StatFormat) -> None:
    target = tmp_path / f"orang.{fmt.value}"
    with db.session() as session:
        report = export_persons(session, target, fmt=fmt)
        xlsx_export.export_persons(session, tmp_path / "orang.xlsx")
    rows, meta = read(target, fmt)
    assert report.rows == len(rows) == 5 and report.masked
    if fmt is StatFormat.DTA:  # Stata 14's format, which every later Stata opens
        assert b"<release>118</release>" in target.read_bytes()[:60]
    assert meta.column_names_to_labels["kategori"] == "Kategori rekonsiliasi"
    assert meta.column_names_to_labels["jk_online"] == "Jenis kelamin (isian online)"
    assert meta.column_names_to_labels["nik"] == "NIK (disamarkan)"
    assert meta.column_names_to_labels["kelurahan"].startswith("Kelurahan/desa")
    assert all(len(name) <= 32 and name.isascii() and " " not in name
               for name in meta.column_names)
    assert meta.variable_value_labels["jk_online"] == {1: "Laki-laki", 2: "Perempuan"}
    assert meta.variable_value_labels["kategori"][1] == "Cocok"
    assert meta.variable_value_labels["kecamatan"] == {6371040: "Banjarmasin Utara"}
    assert meta.variable_value_labels["kelurahan"] == {71040001: "Alalak Utara",
                                                       71040002: "Alalak Tengah"}

    # Row by row what the xlsx person export of the same view says, through the labels.
    sheet = list(load_workbook(tmp_path / "orang.xlsx").active.iter_rows(values_only=True))
    for row, line in zip(rows, [dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]],
                         strict=True):
        assert label(meta, "kategori", row["kategori"]) == line["Kategori"]
        assert row["nik"] == line["NIK"] and row["no_kk"] == (line["No. KK"] or "")
        assert row["nama_online"] == (line["Nama (online)"] or "")
        assert row["nama_lapangan"] == (line["Nama (lapangan)"] or "")
        for source, column in (("online", "JK online"), ("lapangan", "JK lapangan")):
            assert label(meta, f"jk_{source}", row[f"jk_{source}"]) == SEXES.get(line[column])
        for source, column in (("online", "Tgl lahir online"), ("lapangan",
                                                                 "Tgl lahir lapangan")):
            expected = line[column].date() if line[column] else None
            assert row[f"tgl_lahir_{source}"] == expected
        assert row["sls_online"] == (line["SLS online"] or "")
        assert row["sls_lapangan"] == (line["SLS lapangan"] or "")
        assert (label(meta, "keputusan", row["keputusan"]) or "") == (line["Keputusan"] or "")
        assert row["alasan"] == (line["Alasan"] or "")
        assert (row["skor_nama"] is None) == (line["Skor nama"] in (None, ""))

    by_name = {r["nama_online"] or r["nama_lapangan"]: r for r in rows}
    moved = by_name[ACCENTED]
    assert label(meta, "kategori", moved["kategori"]) == "Pindah"
    assert label(meta, "sumber", moved["sumber"]) == "Isian online dan hasil lapangan"
    assert label(meta, "jk_online", moved["jk_online"]) == "Perempuan"
    assert moved["tgl_lahir_lapangan"] == date(1990, 7, 1)
    assert label(meta, "kelurahan", moved["kelurahan"]) == "Alalak Tengah"  # where found
    assert moved["sls"] == city.sls[3].bps_code
    assert moved["nik"] == masked(nik_of(2, female=True, born=date(1990, 7, 1)))
    assert label(meta, "sumber", by_name["EKO"]["sumber"]) == "Hanya hasil lapangan"
    assert by_name["EKO"]["tgl_lahir_online"] is None and by_name["EKO"]["no_kk"] == ""
    assert label(meta, "kategori", by_name[FORMULA]["kategori"]) == "Hanya online"
    assert label(meta, "kecamatan", by_name[ARABIC]["kecamatan"]) == "Banjarmasin Utara"
    decided = by_name["AHMAD"]
    assert label(meta, "kategori", decided["kategori"]) == "Beda"
    assert label(meta, "keputusan", decided["keputusan"]) == "Pakai data online"
    assert decided["isian_beda"] == "jenis kelamin"
    assert label(meta, "cara_cocok", decided["cara_cocok"]) == "NIK"
    assert decided["skor_nama"] == pytest.approx(100.0)


@pytest.mark.parametrize("fmt", list(StatFormat))
def test_numbers_are_masked_by_default_for_every_role(db: Database, city: SmallCity,
                                                      tmp_path: Path, fmt: StatFormat) -> None:
    for actor in (STAF, SUPERVISOR, ADMIN):
        target = tmp_path / f"{actor.username}.{fmt.value}"
        with db.acting_as(actor).session() as session:
            export_persons(session, target, fmt=fmt)
        raw = target.read_bytes()
        assert nik_of(1).encode() not in raw and b"6371040101200001" not in raw
        rows, _ = read(target, fmt)
        assert masked(nik_of(1)) in {r["nik"] for r in rows}
    with db.session() as session:
        assert session.scalars(FULL_EXPORTS).all() == []


def test_whole_numbers_need_the_admin_role_and_a_reason(db: Database, city: SmallCity,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "keluar"  # beside the SQLite file of the test, a folder of its own
    out.mkdir()
    target = out / "lengkap.dta"
    for actor in (SUPERVISOR, STAF):  # a supervisor may see whole NIK, not export them here
        with db.acting_as(actor).session() as session, \
                pytest.raises(AccessDenied, match="hanya boleh diekspor oleh Admin"):
            export_persons(session, target, fmt=StatFormat.DTA, unmasked=True, reason=REASON)
    with db.acting_as(ADMIN).session() as session, pytest.raises(ExportReasonError):
        export_persons(session, target, fmt=StatFormat.DTA, unmasked=True, reason="  ")
    assert list(out.iterdir()) == []
    with db.session() as session:
        assert session.scalars(FULL_EXPORTS).all() == []


@pytest.mark.parametrize("fmt", list(StatFormat))
def test_an_admin_export_with_whole_numbers_is_in_the_audit_log(db: Database, city: SmallCity,
                                                                tmp_path: Path,
                                                                fmt: StatFormat) -> None:
    target = tmp_path / f"lengkap.{fmt.value}"
    with db.acting_as(ADMIN).session() as session:
        report = export_persons(session, target, fmt=fmt, unmasked=True, reason=REASON)
    rows, meta = read(target, fmt)
    assert not report.masked and meta.column_names_to_labels["nik"] == "NIK"
    assert nik_of(1) in {r["nik"] for r in rows}
    assert "6371040101200001" in {r["no_kk"] for r in rows}
    with db.session() as session:
        entry = session.scalars(FULL_EXPORTS).one()
    assert entry.username == "admin" and entry.entity_id == target.name
    assert ("Stata" if fmt is StatFormat.DTA else "SPSS") in entry.entity
    assert entry.after == {"berkas": str(target), "baris": 5, "alasan": REASON}


@pytest.mark.parametrize("when", ["reading", "written"])
def test_a_cancel_leaves_no_file_and_no_log_entry(db: Database, city: SmallCity, tmp_path: Path,
                                                  when: str) -> None:
    out = tmp_path / "keluar"
    out.mkdir()
    target = out / "batal.sav"
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return not (when == "reading" and len(calls) > 1 or when == "written" and done == total)

    with db.acting_as(ADMIN).session() as session, pytest.raises(Cancelled):
        export_persons(session, target, fmt=StatFormat.SAV, unmasked=True, reason=REASON,
                       progress=progress)
    assert list(out.iterdir()) == []  # neither the file nor its temporary
    with db.session() as session:
        assert session.scalars(FULL_EXPORTS).all() == []


def test_an_office_without_outcomes_gets_an_empty_labelled_file(db: Database,
                                                                tmp_path: Path) -> None:
    with db.session() as session:
        SmallCity(session)
        export_persons(session, tmp_path / "kosong.dta", fmt=StatFormat.DTA)
    rows, meta = read(tmp_path / "kosong.dta", StatFormat.DTA)
    assert rows == [] and meta.variable_value_labels["kategori"][7] == "Tidak valid"
    assert meta.original_variable_types["tgl_lahir_online"] == "%td"


def test_headless_export_masks_for_staf_and_whole_numbers_need_an_admin(
        db: Database, db_url: str, city: SmallCity, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with db.session() as session:
        create_demo_accounts(session)
    monkeypatch.setenv("KENDALI_PASSWORD", DEMO_PASSWORD)

    def cli(user: str, *args: str) -> int:
        return cli_main(["--db", db_url, "--pengguna", user, "export-statistik", *args,
                         "--quiet"])

    assert cli("staf", str(tmp_path / "orang.sav")) == 0
    assert "5 baris ditulis" in capsys.readouterr().out
    rows, _ = read(tmp_path / "orang.sav", StatFormat.SAV)
    assert masked(nik_of(1)) in {r["nik"] for r in rows}
    assert cli("staf", str(tmp_path / "orang.data"), "--format", "dta") == 0
    assert read(tmp_path / "orang.data", StatFormat.DTA)[0] == read(
        tmp_path / "orang.sav", StatFormat.SAV)[0]
    assert cli("staf", str(tmp_path / "orang.csv")) == 2
    assert ".dta atau .sav" in capsys.readouterr().err
    assert cli("supervisor", str(tmp_path / "x.dta"), "--tanpa-samaran", "--alasan",
               REASON) == 2
    assert "hanya boleh diekspor oleh Admin" in capsys.readouterr().err
    assert cli("admin", str(tmp_path / "x.dta"), "--tanpa-samaran") == 2
    assert "alasan" in capsys.readouterr().err
    assert not (tmp_path / "x.dta").exists()
    assert cli("admin", str(tmp_path / "x.dta"), "--tanpa-samaran", "--alasan", REASON) == 0
    assert nik_of(1) in {r["nik"] for r in read(tmp_path / "x.dta", StatFormat.DTA)[0]}
    with db.session() as session:
        entry = session.scalars(FULL_EXPORTS).one()
    assert entry.username == "admin" and entry.after is not None
    assert entry.after["alasan"] == REASON


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows: see README")
def test_the_file_is_readable_by_its_owner_only(db: Database, city: SmallCity,
                                                tmp_path: Path) -> None:
    old = os.umask(0o022)  # what most desktops use: files 0644 unless written privately
    try:
        with db.session() as session:
            export_persons(session, tmp_path / "orang.sav", fmt=StatFormat.SAV)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "orang.sav").stat().st_mode) == 0o600


def test_areas_of_two_provinces_that_would_share_a_number_are_refused(db: Database,
                                                                      city: SmallCity,
                                                                      tmp_path: Path) -> None:
    with db.session() as session:  # 64.71.040.001 would be 71040001 like 63.71.040.001
        other = Kecamatan(bps_code="6471040", name="Balikpapan Utara")
        session.add(other)
        session.flush()
        kelurahan = Kelurahan(kecamatan_id=other.id, bps_code="6471040001", name="Batu Ampar")
        session.add(kelurahan)
        session.flush()
        session.add(Sls(kelurahan_id=kelurahan.id, bps_code="6471040001000100", name="RT 001"))
        session.commit()
        with pytest.raises(StatExportError, match="provinsi yang berbeda"):
            export_persons(session, tmp_path / "dua.dta", fmt=StatFormat.DTA)
    assert not (tmp_path / "dua.dta").exists()
