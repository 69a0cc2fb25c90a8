"""The core half of `--self-test`: every part a frozen build can lose, tried once.

A frozen app fails where the freezer missed a file: a migration script, a resource, a
compiled extension (argon2, rapidfuzz, calamine, reportlab's accelerator, psycopg). Each
check here touches one of them the way the app does and says what broke, in Indonesian.
Sample areas for the letter (only when the database has none) live in one session that is
rolled back, so running the self-test on an office database changes nothing but bringing
its schema up to date.
"""
from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import SYSTEM
from models.errors import KendaliError
from models.formatting import format_number
from models.store.config import data_dir
from models.store.db import Database

SAMPLE_NIK = "6371045507850003"  # Banjarmasin Utara, a woman born 15-07-1985, serial 0003


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    seconds: float
    detail: str  # what was seen, or why it failed

    def line(self) -> str:
        mark = "OK   " if self.ok else "GAGAL"
        return f"{mark} {self.name} ({format_number(self.seconds, 2)} s): {self.detail}"


def report_file() -> Path:
    """Where a build without stdout (windowed, on Windows) writes its self-test report."""
    return data_dir() / "log" / "uji-mandiri.txt"


def failure_text(exc: Exception) -> str:
    """The app's own Indonesian message, or else the exception's last traceback line."""
    if isinstance(exc, KendaliError):
        return exc.message + (f" ({exc.detail})" if exc.detail else "")
    return traceback.format_exception_only(exc)[-1].strip()


def run_check(name: str, check: Callable[[], str]) -> CheckResult:
    """Run one check; any exception is a failure, described by `failure_text`."""
    started = time.perf_counter()
    try:
        detail, ok = check(), True
    except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, never crashes
        detail, ok = failure_text(exc), False
    return CheckResult(name, ok, time.perf_counter() - started, detail)


def check_database(db: Database) -> str:
    """The schema is at the newest migration shipped with this build."""
    from models.store.migrate import current_revision, head_revision, upgrade_to_head

    result = upgrade_to_head(db)
    with db.engine.connect() as connection:
        current = current_revision(connection)
    head = head_revision()
    if current != head:
        raise RuntimeError(f"revisi {current}, seharusnya {head}")
    moved = f"diperbarui dari {result.from_revision or 'kosong'}" if result.changed else "sudah"
    return f"{db.description}, skema {moved} ke revisi {current}"


def check_audit_chain(db: Database) -> str:
    """Every audit entry still matches its SHA-256 link; read-only."""
    from models.audit.verify import verify_chain

    with db.acting_as(SYSTEM).session() as session:
        report = verify_chain(session)
    if not report.ok:
        raise KendaliError(report.message)
    return f"{format_number(report.entries)} entri, rantai sidik utuh"


def check_password_hash() -> str:
    from models.accounts.auth import hash_password, verify_password

    stored = hash_password("uji-mandiri-123")
    if not verify_password(stored, "uji-mandiri-123") or verify_password(stored, "salah-123"):
        raise RuntimeError("hasil verifikasi kata sandi salah")
    return stored.split("$")[1]  # the algorithm, e.g. argon2id


def check_nik_rules() -> str:
    """The Kemendagri code table is shipped and the NIK rules read it."""
    from models.ids.kemendagri import load_codes
    from models.persons.rules import NikRules

    codes = load_codes()
    _, facts, warning = NikRules(codes, "63").check(SAMPLE_NIK)
    if warning or facts.birth != date(1985, 7, 15):
        raise RuntimeError(f"NIK contoh dinilai salah: {facts}, {warning}")
    return f"{len(codes.kecamatan)} kode kecamatan Kemendagri, NIK contoh terbaca"


def check_name_matching() -> str:
    from models.recon.names import name_score

    score = name_score("Muhammad Rizky", "Muhamad Rizki")
    if not 70 <= score < 100:
        raise RuntimeError(f"skor kemiripan {score}")
    return f"skor kemiripan nama {format_number(score, 1)}"


def check_spreadsheet(folder: Path) -> str:
    """A styled xlsx written by openpyxl reads back through calamine with the NIK intact."""
    from models.sheets.reading import iter_rows
    from models.sheets.xlsx_table import ExportColumn, write_table

    path = folder / "uji-mandiri.xlsx"
    write_table(path, "Uji", [ExportColumn("NIK", 20, is_code=True), ExportColumn("Nama", 20)],
                [[SAMPLE_NIK, "Siti Aminah"]])
    rows = list(iter_rows(path))
    if rows[1][:2] != [SAMPLE_NIK, "Siti Aminah"]:
        raise RuntimeError(f"isi terbaca {rows[1]!r}")
    return f"xlsx ditulis dan dibaca kembali ({path.stat().st_size} byte)"


def check_postgres_driver() -> str:
    import psycopg

    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__})"


@contextmanager
def _letter_data(db: Database) -> Iterator[Session]:
    """The office's own areas when it has some; otherwise a kecamatan with one kelurahan and
    three SLS, added for the letter only. Rolled back either way."""
    from models.schema.areas import Kecamatan, Kelurahan, Sls

    with db.session() as session:
        try:
            if session.scalar(select(Kecamatan.id).limit(1)) is None:
                kec = Kecamatan(bps_code="6371040", kemendagri_code="637104",
                                name="Banjarmasin Utara")
                kel = Kelurahan(kecamatan=kec, bps_code="6371040001",
                                kemendagri_code="6371041001", name="Alalak Utara")
                session.add_all([kec, kel] + [
                    Sls(kelurahan=kel, bps_code=f"6371040001{rt:04d}00", name=f"RT {rt:03d}",
                        expected_households=100 + rt, expected_population=350 + rt)
                    for rt in range(1, 4)])
                session.flush()
            yield session
        finally:
            session.rollback()


def check_letter(db: Database, target: Path) -> str:
    """A city progress letter rendered to PDF with reportlab, as the Surat page drafts it."""
    from models.letters.issue import render_draft
    from models.letters.progress import AreaScope
    from models.letters.requests import LetterRequest, compose

    with _letter_data(db.acting_as(SYSTEM)) as session:
        contents = compose(session, LetterRequest(AreaScope.KOTA.value, None, date.today()))
        render_draft(session, contents, date.today(), target)
    head = target.read_bytes()[:5]
    if head != b"%PDF-":
        raise RuntimeError(f"berkas bukan PDF ({head!r})")
    return f"{target.name} ({format_number(target.stat().st_size)} byte)"


def core_checks(db: Database, folder: Path, letter: Path) -> list[tuple[str, Callable[[], str]]]:
    """The checks in the order they run; the database one first, the rest need no order."""
    return [
        ("Database dan migrasi", lambda: check_database(db)),
        ("Keutuhan log audit", lambda: check_audit_chain(db)),
        ("Kata sandi (argon2)", check_password_hash),
        ("Aturan NIK dan kode Kemendagri", check_nik_rules),
        ("Kemiripan nama (rapidfuzz)", check_name_matching),
        ("Tabel Excel (openpyxl, calamine)", lambda: check_spreadsheet(folder)),
        ("Driver PostgreSQL (psycopg)", check_postgres_driver),
        ("Surat PDF (reportlab)", lambda: check_letter(db, letter)),
    ]
