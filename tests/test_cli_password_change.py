"""The command line keeps an admin-set password from being used until its owner replaces it."""
from __future__ import annotations

from pathlib import Path

from models.access import SYSTEM
from models.accounts.admin import add_user
from models.accounts.auth import create_first_admin
from models.schema.users import UserRole
from models.store.db import Database
from tests.builders import SmallCity, set_office_codes
from tests.test_cli import run

FIRST, NEW = "awal1234", "milikku99"


def _supervisor_with_an_admin_set_password(db: Database) -> None:
    with db.acting_as(SYSTEM).session() as session:
        admin = create_first_admin(session, "admin", "Kepala", "rahasia123")
    with db.acting_as(admin).session() as session:
        set_office_codes(session)
        SmallCity(session)
        add_user(session, "budi", "Budi Pengawas", nip="", role=UserRole.SUPERVISOR, password=FIRST)


def test_every_signed_in_command_waits_for_the_new_password(db_url: str, db: Database,
                                                            tmp_path: Path) -> None:
    _supervisor_with_an_admin_set_password(db)
    as_budi = ("--db", db_url, "--pengguna", "budi")
    export, letters = tmp_path / "penugasan.xlsx", tmp_path / "surat"
    for command in (["export-penugasan", str(export)],
                    ["surat-tugas", str(letters), "--semua", "ppl"],
                    ["assign", "--auto", "--coba"]):
        refused = run(*as_budi, *command, env={"KENDALI_PASSWORD": FIRST})
        assert refused.returncode == 2, (command, refused.stderr)
        assert "dibuat oleh admin" in refused.stderr and "ganti-sandi" in refused.stderr
    assert not export.exists() and not letters.exists()

    weak = run(*as_budi, "ganti-sandi",
               env={"KENDALI_PASSWORD": FIRST, "KENDALI_NEW_PASSWORD": "12345678"})
    assert weak.returncode == 2 and "huruf dan angka" in weak.stderr
    changed = run(*as_budi, "ganti-sandi",
                  env={"KENDALI_PASSWORD": FIRST, "KENDALI_NEW_PASSWORD": NEW})
    assert changed.returncode == 0, changed.stderr
    assert "sudah diganti" in changed.stdout

    old = run(*as_budi, "export-penugasan", str(export), env={"KENDALI_PASSWORD": FIRST})
    assert old.returncode == 2 and "kata sandi salah" in old.stderr
    done = run(*as_budi, "export-penugasan", str(export), env={"KENDALI_PASSWORD": NEW})
    assert done.returncode == 0, done.stderr
    assert export.exists()
