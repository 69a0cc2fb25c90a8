"""The headless command line: same core, readable output, no Qt, clear failures."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from models.store import migrate

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.main", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_help_lists_subcommands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("init-db", "demo", "info", "--db", "--demo"):
        assert command in result.stdout


def test_init_db_then_info(db_url: str) -> None:
    created = run("--db", db_url, "init-db")
    assert created.returncode == 0, created.stderr
    assert "Database siap" in created.stdout
    info = run("--db", db_url, "info")
    assert info.returncode == 0, info.stderr
    assert f"Skema    : revisi {migrate.head_revision()}" in info.stdout
    assert "Kecamatan" in info.stdout


def test_demo_then_info_counts(tmp_path: Path) -> None:
    url = str(tmp_path / "demo.sqlite")
    loaded = run("--db", url, "demo", "--quiet")
    assert loaded.returncode == 0, loaded.stderr
    assert "5 kecamatan, 52 kelurahan" in loaded.stdout
    assert "87.769 isian online, 1.660 ASN" in loaded.stdout  # as the window writes them
    assert "Akun contoh: admin, supervisor, staf" in loaded.stdout
    unsigned = run("--db", url, "demo", "--quiet")  # the database has accounts now
    assert unsigned.returncode == 2 and "Masuk dahulu" in unsigned.stderr
    again = run("--db", url, "--pengguna", "admin", "demo", "--quiet",
                env={"KENDALI_PASSWORD": "demo1234"})
    assert again.returncode == 2 and "database kosong" in again.stderr
    info = run("--db", url, "info")
    assert "Kelurahan/desa" in info.stdout and " 52" in info.stdout
    assert re.search(r"\s\d{1,3}(\.\d{3})+\n", info.stdout)  # thousands with a dot


@pytest.mark.parametrize("bad", ["corrupt", "postgres"])
def test_unusable_database_gives_message_not_traceback(tmp_path: Path, bad: str) -> None:
    if bad == "corrupt":
        target = tmp_path / "rusak.sqlite"
        target.write_bytes(b"\x00\x01bukan sqlite" * 100)
        url, expected = str(target), "rusak atau bukan database"
    else:
        url, expected = "postgresql://x@127.0.0.1:1/sensus", "Tidak dapat terhubung"
    result = run("--db", url, "info")
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_headless_commands_do_not_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from desktop.main import main\n"
        f"rc = main(['--db', {str(tmp_path / 'x.sqlite')!r}, 'init-db'])\n"
        "assert rc == 0\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr


def test_master_import_assign_export_and_letters(db_url: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tests.builders import nik, write_xlsx

    header = ["KDPROV", "KDKAB", "Kode Kecamatan", "Kecamatan", "Kode Desa", "Kelurahan",
              "KDSLS", "Nama RT", "Muatan"]
    rows = [["63", "71", "040", "Banjarmasin Utara", "001", "Alalak Utara", f"{i:04d}",
             f"RT {i:03d}", 100 + i] for i in range(1, 7)]
    master = write_xlsx(tmp_path / "master.xlsx", [header, *rows])
    officers = write_xlsx(tmp_path / "petugas.xlsx", [
        ["NIK", "Nama", "Jabatan", "Kode Kecamatan", "Kode Tim"],
        [nik(1), "Siti", "PML", "6371040", "T1"],
        [nik(2), "Ahmad", "PPL", "6371040", "T1"],
        [nik(3), "Budi", "PPL", "6371040", "T1"],
    ])
    areas = run("--db", db_url, "import-wilayah", str(master))
    assert areas.returncode == 0, areas.stderr
    assert "SLS: 6 baru" in areas.stdout
    people = run("--db", db_url, "import-petugas", str(officers))
    assert people.returncode == 0, people.stderr
    assert "3 baru" in people.stdout
    balanced = run("--db", db_url, "assign", "--auto")
    assert balanced.returncode == 0, balanced.stderr
    assert "Disimpan: 6 SLS ditugaskan" in balanced.stdout
    exported = run("--db", db_url, "export-penugasan", str(tmp_path / "p.xlsx"),
                   "--kecamatan", "6371040")
    assert exported.returncode == 0, exported.stderr
    sheet = load_workbook(tmp_path / "p.xlsx").active
    assigned = [row[9] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(assigned) == 6 and set(assigned) <= {"Ahmad", "Budi"}
    _set_field_window(db_url)  # Pengaturan › Jadwal has the period a Surat Tugas names
    letters = run("--db", db_url, "surat-tugas", str(tmp_path / "surat"), "--nik", nik(2))
    assert letters.returncode != 0  # no satker code yet: refused, nothing numbered
    assert "Kode satker" in letters.stderr


def _set_field_window(db_url: str) -> None:
    from models.access import SYSTEM
    from models.launch.opening import open_database
    from tests.schedule_helpers import set_field_window

    db, _ = open_database(db_url)
    with db.acting_as(SYSTEM).session() as session:
        set_field_window(session)
    db.dispose()


def test_import_refuses_number_code_with_place(tmp_path: Path) -> None:
    from tests.builders import write_xlsx

    bad = write_xlsx(tmp_path / "rusak.xlsx", [["IDSLS", "Nama SLS", "Jumlah KK"],
                                               [6371040001000100, "RT 001", 10]], sheet="SLS")
    result = run("--db", str(tmp_path / "x.sqlite"), "import-wilayah", str(bad))
    assert result.returncode == 2
    assert "rusak.xlsx, lembar SLS, baris 2, kolom IDSLS" in result.stderr
    assert "Format kolom sebagai Teks" in result.stderr


def test_online_import_check_report_store_and_roll_back(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from tests.builders import SmallCity, set_office_codes
    from tests.test_person_import import person, sheet

    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
    url = str(db.engine.url.render_as_string(hide_password=False))
    damaged = person(2)
    damaged[0] = "6,37104E+15"
    path = sheet(tmp_path, "online.xlsx", [person(1), damaged, person(3)])
    checked = run("--db", url, "import-online", str(path), "--periksa",
                  "--laporan", str(tmp_path / "masalah.xlsx"))
    assert checked.returncode == 1, checked.stderr
    assert "online.xlsx, lembar Data, baris 4, kolom NIK (salah)" in checked.stderr
    assert load_workbook(tmp_path / "masalah.xlsx").active["A2"].value == 4
    refused = run("--db", url, "import-online", str(path))
    assert refused.returncode == 2 and "Tidak ada yang disimpan" in refused.stdout
    stored = run("--db", url, "import-online", str(path), "--valid-saja")
    assert stored.returncode == 0, stored.stderr
    number = re.search(r"Batch #(\d+): 3 baris dibaca, 2 valid, 1 ditolak", stored.stdout)
    assert number, stored.stdout  # (PostgreSQL spends sequence numbers on rolled-back tries)
    again = run("--db", url, "import-online", str(path), "--valid-saja")
    assert again.returncode == 2 and "sudah pernah diimpor" in again.stderr
    undone = run("--db", url, "batal-impor", number.group(1))
    assert undone.returncode == 0 and "2 baris dihapus" in undone.stdout


def test_commands_sign_in_and_keep_to_the_role(tmp_path: Path, demo_sqlite_file: Path) -> None:
    from models.access import SYSTEM
    from models.demo.accounts import create_demo_accounts
    from models.launch.opening import open_database
    from tests.conftest import copy_sqlite_file

    url = str(tmp_path / "demo.sqlite")  # the demo as `demo` leaves it: with its accounts
    copy_sqlite_file(demo_sqlite_file, Path(url))
    database, _ = open_database(url)
    with database.acting_as(SYSTEM).session() as session:
        create_demo_accounts(session)
    database.dispose()
    wrong = run("--db", url, "--pengguna", "staf", "cadangkan", str(tmp_path / "c"),
                env={"KENDALI_PASSWORD": "keliru123"})
    assert wrong.returncode == 2 and "kata sandi salah" in wrong.stderr
    staf = run("--db", url, "--pengguna", "staf", "cadangkan", str(tmp_path / "c"),
               env={"KENDALI_PASSWORD": "demo1234"})
    assert staf.returncode == 2 and "Peran Staf tidak boleh membuat cadangan" in staf.stderr
    admin = run("--db", url, "--pengguna", "admin", "cadangkan", str(tmp_path / "c"),
                env={"KENDALI_PASSWORD": "demo1234"})
    assert admin.returncode == 0, admin.stderr
    assert len(list((tmp_path / "c").glob("kendali-sensus-*.sqlite"))) == 1
