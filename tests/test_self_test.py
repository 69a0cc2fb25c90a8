"""`--self-test`: the check the installer and CI run on the frozen app (installer/)."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from desktop.self_test import WINDOW_STEP, run_self_test
from models.schema import metadata
from models.store import migrate
from models.store.db import Database

CHECKS = ["Database dan migrasi", WINDOW_STEP, "Keutuhan log audit", "Kata sandi (argon2)",
          "Aturan NIK dan kode Kemendagri", "Kemiripan nama (rapidfuzz)",
          "Tabel Excel (openpyxl, calamine)", "Driver PostgreSQL (psycopg)",
          "Surat PDF (reportlab)", "Pratinjau dan cetak surat (QtPdf, QPrinter)"]


@pytest.fixture
def app_look(qapp: QApplication) -> Iterator[None]:
    """The self-test styles the shared QApplication; later tests get it back as it was."""
    style, icon = qapp.styleSheet(), qapp.windowIcon()
    yield
    qapp.setStyleSheet(style)
    qapp.setWindowIcon(icon)


def row_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table)) or 0
                for table in metadata.sorted_tables}


def self_test(db: str | None) -> int:
    return run_self_test(argparse.Namespace(db=db))


def test_self_test_on_an_office_database_passes_and_changes_no_row(
        demo_db: Database, app_look: None, capsys: pytest.CaptureFixture[str]) -> None:
    before = row_counts(demo_db)
    url = demo_db.engine.url.render_as_string(hide_password=False)

    assert self_test(url) == 0

    out = capsys.readouterr().out
    for name in CHECKS:
        assert f"OK    {name} (" in out, name
    assert "GAGAL" not in out
    assert "Uji mandiri berhasil: 10 pemeriksaan" in out
    assert "14 halaman" in out  # the admin's window, every page built (Beranda … Admin)
    assert row_counts(demo_db) == before  # no letter registered, no area, no audit entry


def test_self_test_on_an_empty_database_takes_its_sample_areas_back(
        db: Database, app_look: None, capsys: pytest.CaptureFixture[str]) -> None:
    """With no areas, the letter is drawn from three sample SLS that are rolled back."""
    before = row_counts(db)

    assert self_test(db.engine.url.render_as_string(hide_password=False)) == 0

    assert "OK    Surat PDF (reportlab)" in capsys.readouterr().out
    assert row_counts(db) == before


def test_self_test_without_migration_scripts_fails_at_the_database_and_stops(
        tmp_path: Path, app_look: None, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """What a frozen build that lost models/migrations would print."""
    (tmp_path / "kosong").mkdir()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path / "kosong")

    assert self_test(None) == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("GAGAL Database dan migrasi")
    assert "pemasangan Kendali Sensus tidak lengkap" in lines[0]
    assert lines[1].startswith("Uji mandiri GAGAL: 1 dari 1 pemeriksaan")
    assert len(lines) == 2  # nothing else is tried without a database


def test_self_test_from_the_command_line_exits_zero_on_a_new_database(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KENDALI_SENSUS_DB="")
    result = subprocess.run([sys.executable, "-m", "desktop.main", "--self-test"],
                            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skema diperbarui dari kosong" in result.stdout  # its own new database
    assert result.stdout.count("OK    ") == len(CHECKS)


def test_self_test_with_an_unusable_database_url_fails_clearly(
        app_look: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert self_test("mysql://server/sensus") == 1
    out = capsys.readouterr().out
    assert "GAGAL Persiapan" in out
    assert "tidak didukung" in out
