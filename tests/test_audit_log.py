"""Admin › Log audit › Perubahan: the changes in words, every audited field by its label."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

import models.schema  # noqa: F401  (every table mapped)
from models.audit.labels import COMMON, EVENTS, FIELDS, field_label, readable
from models.audit.queries import AuditFilter, audit_lines, describe_change
from models.audit.trail import AUDITED, SKIPPED
from models.schema.areas import Kecamatan
from models.schema.base import Base
from models.store.db import Database

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def audited_columns() -> list[tuple[str, str]]:
    """(table, attribute) for every column models.audit.trail copies into the log."""
    # Sorted: the registry is a set, and parallel test workers must collect the same list.
    return sorted((mapper.local_table.name, attr.key) for mapper in Base.registry.mappers
                  if mapper.local_table.name in AUDITED
                  for attr in mapper.column_attrs if attr.key not in SKIPPED)


def test_every_audited_table_is_mapped_and_labelled() -> None:
    tables = {mapper.local_table.name for mapper in Base.registry.mappers}
    assert set(AUDITED) <= tables
    assert set(FIELDS) == set(AUDITED)  # a new audited table gets its labels here


@pytest.mark.parametrize(("table", "key"), audited_columns())
def test_every_audited_column_has_an_indonesian_label(table: str, key: str) -> None:
    assert key in FIELDS[table] or key in COMMON, f"{table}.{key}: add it to models/audit/labels.py"
    label = field_label(key, AUDITED[table])
    assert not SNAKE.search(label) and label[:1].isupper()


def test_a_field_nobody_labelled_still_reads_as_words() -> None:
    assert readable("rows_read") == "Rows read"
    assert readable("new_sls_id") == "New SLS (ID)"
    assert field_label("some_new_field", "surat") == "Some new field"
    assert all(not SNAKE.search(label) for label in [*COMMON.values(), *EVENTS.values()])


def test_a_letter_change_in_words() -> None:
    before = {"serial": 12, "file_path": "", "file_sha256": "", "letter_date": "2026-12-01"}
    after = {"serial": 12, "file_path": r"C:\Surat\B-012.pdf", "file_sha256": "ab12",
             "letter_date": "2026-12-02"}
    assert describe_change(before, after, "surat") == (
        r"Berkas: — → C:\Surat\B-012.pdf; Sidik berkas (SHA-256): — → ab12; "
        "Tanggal surat: 1 Desember 2026 → 2 Desember 2026")
    new = describe_change(None, {"serial": 13, "subject": "Progres", "active": True}, "surat")
    assert new == "Nomor urut: 13; Hal: Progres; Aktif: ya"
    assert describe_change({"gagal": 3}, {"gagal": 0}, "pengguna") == "Gagal masuk: 3 → 0"
    demo = describe_change(None, {"kecamatan": 5, "isian_online": 87786}, "database")
    assert demo == "Kecamatan: 5; Isian online: 87.786"  # counts as the window writes them
    assert describe_change(None, {"year": 2026, "serial": 1234}, "surat") == (
        "Tahun: 2026; Nomor urut: 1234")  # a year or a number is no count


def test_the_viewer_shows_a_logged_rename_in_words(db: Database) -> None:
    with db.session() as session:
        session.add(Kecamatan(bps_code="6371010", kemendagri_code="637101", name="Selatan"))
        session.commit()
        kecamatan = session.scalars(select(Kecamatan)).one()
        kecamatan.name = "Banjarmasin Selatan"
        session.commit()
        added, renamed = sorted(audit_lines(session, AuditFilter(entity="kecamatan")),
                                key=lambda line: line.id)
    assert renamed.summary == "Nama: Selatan → Banjarmasin Selatan"
    assert added.summary.startswith("ID: ") and "Kode BPS: 6371010" in added.summary
    assert "Kode Kemendagri: 637101" in added.summary and not SNAKE.search(added.summary)
