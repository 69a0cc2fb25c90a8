"""Letter folders, saved letter copies and pg_dump backups are owner-only whatever the umask."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from desktop.letters.preview import PdfPreviewDialog
from models.backup import copies as backup
from models.letters.issue import issue_letters
from models.letters.progress import AreaScope, area_letters
from models.office.profile import get_profile
from models.schema.office import OfficeProfile
from models.store.db import Database
from tests.builders import SmallCity, set_office_codes
from tests.conftest import FakeDialogs

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows: see README")
DAY = date(2026, 11, 24)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """Most desktops create files 0644 and folders 0755: what the app must not rely on."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_folder_a_letter_batch_makes_is_private(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
        profile = session.scalars(select(OfficeProfile)).one()
        profile.city, profile.head_name = "Banjarmasin", "Rina"
        profile.head_nip = "197305121996022001"
        session.commit()
        each = issue_letters(session, area_letters(session, get_profile(session),
                                                   AreaScope.KELURAHAN),
                             tmp_path / "keluar" / "per-surat", "sari", day=DAY, one_file=False)
        one = issue_letters(session, area_letters(session, get_profile(session),
                                                  AreaScope.KECAMATAN),
                            tmp_path / "satu" / "surat.pdf", "sari", day=DAY)
    for folder in (tmp_path / "keluar", tmp_path / "keluar" / "per-surat", tmp_path / "satu"):
        assert mode(folder) == 0o700, folder
    for path in [*each.files, *one.files]:
        assert mode(path) == 0o600, path
    chosen = tmp_path / "dipilih"  # a folder the user made keeps the rights the user gave it
    chosen.mkdir(mode=0o750)
    with db.session() as session:
        issue_letters(session, area_letters(session, get_profile(session), AreaScope.KECAMATAN),
                      chosen / "surat.pdf", "sari", day=DAY)
    assert mode(chosen) == 0o750 and mode(chosen / "surat.pdf") == 0o600


def _pdf(path: Path) -> Path:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Surat uji")
    canvas.save()
    return path


def test_a_saved_copy_of_a_letter_is_private(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = _pdf(tmp_path / "surat.pdf")
    dialogs = FakeDialogs()
    dialogs.path = tmp_path / "salinan" / "surat-salinan.pdf"
    preview = PdfPreviewDialog(source, dialogs, "Pratinjau")  # type: ignore[arg-type]
    qtbot.addWidget(preview)
    preview.save_button.click()
    assert dialogs.path.read_bytes() == source.read_bytes()
    assert mode(dialogs.path) == 0o600 and mode(dialogs.path.parent) == 0o700
    assert sorted(p.name for p in dialogs.path.parent.iterdir()) == ["surat-salinan.pdf"]
    dialogs.path.chmod(0o444)  # a copy that cannot be replaced: said, nothing half written
    dialogs.path.parent.chmod(0o500)
    try:
        preview.save_button.click()
    finally:
        dialogs.path.parent.chmod(0o700)
    if os.geteuid() != 0:  # root writes anywhere
        assert dialogs.errors and "tidak dapat disimpan" in dialogs.errors[-1][1]
    assert sorted(p.name for p in dialogs.path.parent.iterdir()) == ["surat-salinan.pdf"]


# Writes like pg_dump: through the shell's `>`, which truncates an existing file and keeps
# its mode, or creates it 0666 minus the umask.
FAKE_PG_DUMP = """#!/bin/sh
while [ $# -gt 0 ]; do
  if [ "$1" = "--file" ]; then shift; printf 'PGDMP whole' > "$1"; fi
  shift
done
"""


def test_a_pg_dump_backup_is_private(db: Database, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if db.is_sqlite or backup.find_pg_tool("pg_dump") is None:
        # pg_dump stands in for itself: the mode comes from the file the app hands it
        fake = tmp_path / "bin" / "pg_dump"
        fake.parent.mkdir()
        fake.write_text(FAKE_PG_DUMP)
        fake.chmod(0o755)
        monkeypatch.setattr(backup, "find_pg_tool",
                            lambda name: str(fake) if name == "pg_dump" else None)
    made = backup.backup_postgres(db, tmp_path / "cadangan")
    assert made.stat().st_size > 0
    assert mode(made) == 0o600 and mode(made.parent) == 0o700
    assert [p.name for p in made.parent.iterdir()] == [made.name]
