"""Outputs readable only by their owner; the server password in the OS keyring, never a file."""
from __future__ import annotations

import configparser
import logging
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from models.assignment.export import export_assignments
from models.audit.export import export_audit
from models.audit.queries import AuditFilter
from models.backup.copies import backup_now
from models.errors import ImportProblem, Severity
from models.files.private import private_folder, written_privately
from models.letters.issue import issue_letters, render_draft
from models.letters.progress import AreaScope, area_letters
from models.letters.surat_tugas import issue_surat_tugas
from models.office.profile import get_profile
from models.recon.export import export_persons, export_summary
from models.recon.printing import render_online_only
from models.recon.views import Level
from models.schema.office import OfficeProfile
from models.sheets.problem_report import write_problem_report
from models.store import config
from tests.builders import SmallCity, set_office_codes, write_csv
from tests.keyrings import MemoryKeyring
from tests.schedule_helpers import set_field_window

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows: see README")

URL = "postgresql://sensus:Rahasia%2199@db.kantor:5433/kantor"
BARE = "postgresql://sensus@db.kantor:5433/kantor"
PASSWORD = "Rahasia!99"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """Most desktops create files 0644: what the app must not rely on."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture(autouse=True)
def no_password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.DB_PASSWORD_ENV, raising=False)
    monkeypatch.delenv(config.DB_ENV_VAR, raising=False)


def test_data_and_config_folders_are_private(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = tmp_path / "data" / config.APP_NAME
    old.mkdir(parents=True, mode=0o755)  # made by an earlier version
    os.chmod(old, 0o755)
    assert config.data_dir() == old and mode(old) == 0o700
    assert mode(config.default_sqlite_path().parent) == 0o700
    config.remember_url(str(tmp_path / "kantor.sqlite"))
    assert mode(config.config_file()) == 0o600
    assert mode(config.config_file().parent) == 0o700


def test_password_goes_to_the_keyring_not_the_file(store: MemoryKeyring) -> None:
    assert config.remember_url(URL) is True
    text = config.config_file().read_text(encoding="utf-8")
    assert "Rahasia" not in text and BARE in text
    assert mode(config.config_file()) == 0o600
    assert list(store.items.values()) == [PASSWORD]
    assert config.choose_url(None) == URL  # looked up by server and user
    assert config.choose_url(BARE) == URL  # --db without the password finds it too


def test_without_a_keyring_the_password_is_never_written(no_store: None, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    with caplog.at_level(logging.WARNING):
        assert config.remember_url(URL) is False
    assert "tempat penyimpanan kata sandi" in caplog.text
    assert "Rahasia" not in config.config_file().read_text(encoding="utf-8")
    assert config.choose_url(None) == BARE  # asked by the server, or --db/env with it
    assert config.choose_url(None, ask=lambda where: PASSWORD) == URL  # asked each time
    monkeypatch.setenv(config.DB_PASSWORD_ENV, PASSWORD)
    assert config.choose_url(None) == URL
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"Rahasia" not in path.read_bytes(), path


def test_an_old_file_with_the_password_is_migrated(store: MemoryKeyring) -> None:
    path = config.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    parser = configparser.ConfigParser(interpolation=None)
    parser["database"] = {"url": URL}
    with path.open("w", encoding="utf-8") as handle:
        parser.write(handle)
    os.chmod(path, 0o644)
    assert config.choose_url(None) == URL
    assert "Rahasia" not in path.read_text(encoding="utf-8") and mode(path) == 0o600
    assert list(store.items.values()) == [PASSWORD]
    assert config.choose_url(None) == URL


def test_an_old_file_without_a_keyring_loses_the_password(no_store: None) -> None:
    path = config.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[database]\nurl = {URL}\n", encoding="utf-8")
    assert config.choose_url(None) == URL  # this start still connects
    assert "Rahasia" not in path.read_text(encoding="utf-8")
    assert config.choose_url(None) == BARE  # from now on: asked, or from the environment


def test_the_private_writer(tmp_path: Path) -> None:
    target = tmp_path / "baru" / "laporan.txt"
    with written_privately(target) as temporary:
        temporary.write_text("isi", encoding="utf-8")
        assert mode(temporary) == 0o600  # private from its first byte
    assert target.read_text(encoding="utf-8") == "isi" and mode(target) == 0o600
    assert mode(target.parent) == 0o700  # a folder the app made
    assert private_folder(tmp_path / "baru" / "x") == tmp_path / "baru" / "x"
    shared = tmp_path / "bersama"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    with written_privately(shared / "a.txt") as temporary:
        temporary.write_text("a", encoding="utf-8")
    assert mode(shared) == 0o755  # a folder the user chose is left as it is
    with pytest.raises(RuntimeError), written_privately(shared / "b.txt") as temporary:
        temporary.write_text("setengah", encoding="utf-8")
        raise RuntimeError
    assert sorted(p.name for p in shared.iterdir()) == ["a.txt"]


def _office(session) -> SmallCity:  # type: ignore[no-untyped-def]
    set_office_codes(session)
    city = SmallCity(session)
    profile = session.scalars(select(OfficeProfile)).one()
    profile.city, profile.head_name, profile.head_nip = "Banjarmasin", "Rina", "197305121996022001"
    session.commit()
    set_field_window(session)  # a numbered Surat Tugas names its period
    return city


def test_every_output_is_private(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "keluar"
    with db.session() as session:
        city = _office(session)
        from models.assignment.assign import assign, sls_versions

        assign(session, {city.sls_ids[0]: city.ppl_ids[0]},
               sls_versions(session, [city.sls_ids[0]]), "sari")
        export_assignments(session, out / "penugasan.xlsx")
        export_summary(session, out / "rekap.xlsx", Level.KECAMATAN)
        export_persons(session, out / "orang.xlsx")
        export_audit(session, AuditFilter(), out / "audit.xlsx")
        render_online_only(session, out / "hanya-online.pdf")
        contents = area_letters(session, get_profile(session), AreaScope.KECAMATAN)
        render_draft(session, contents, date(2026, 11, 24), out / "draf.pdf")
        issue_letters(session, contents, out / "surat.pdf", "sari", day=date(2026, 11, 24))
        each = issue_letters(session, area_letters(session, get_profile(session),
                                                   AreaScope.KELURAHAN),
                             out / "per-surat", "sari", day=date(2026, 11, 24), one_file=False)
        tugas = issue_surat_tugas(session, [city.ppl_ids[0]], out / "tugas", "sari",
                                  day=date(2026, 11, 24))
    source = write_csv(tmp_path / "isian.csv", [["NIK", "Nama"], ["123", "Budi"]])
    write_problem_report(out / "masalah.xlsx", source, sheet="isian", header_row=0,
                         problems=[ImportProblem("isian", 2, "NIK", Severity.ERROR,
                                                 "bukan 16 angka")])
    if db.sqlite_path is not None:
        backup_now(db, out / "cadangan")
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 8 + (db.sqlite_path is not None) + len(each.files) + len(tugas)
    for path in files:
        assert mode(path) == 0o600, path
    assert mode(out) == 0o700 and mode(out / "tugas") == 0o700  # folders the app made
