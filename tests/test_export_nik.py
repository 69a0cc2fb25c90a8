"""Every export writes NIK masked unless an allowed role asks for it whole, with a reason."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models.access import AccessDenied, Actor
from models.assignment.assign import assign, sls_versions
from models.assignment.export import export_assignments
from models.cli.main import main as cli_main
from models.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from models.errors import KendaliError
from models.recon.export import export_persons, export_summary
from models.recon.run import run_reconciliation
from models.recon.views import Level
from models.schema.batches import ImportKind
from models.schema.officers import Assignment
from models.schema.users import AuditLog, UserRole
from tests.builders import SmallCity, nik, set_office_codes
from tests.recon_cases import P, add_batch, nik_of

STAF = Actor("staf", "Staf", UserRole.STAF)
SUPERVISOR = Actor("supervisor", "Supervisor", UserRole.SUPERVISOR)
REASON = "Permintaan Dukcapil untuk padanan data petugas"
FULL_EXPORTS = select(AuditLog).where(AuditLog.action == "ekspor NIK lengkap")


def masked(value: str) -> str:
    return f"{value[:4]}{'*' * 10}{value[-2:]}"


def _rows(path: Path) -> list[dict[str, object]]:
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    """SLS 1-3 are Ahmad's; four persons online, three in the field, reconciled."""
    with db.session() as session:
        set_office_codes(session)
        small = SmallCity(session)
        codes = [s.bps_code for s in small.sls]
        assign(session, {s: small.ppl_ids[0] for s in small.sls_ids[:3]},
               sls_versions(session, small.sls_ids[:3]), "sari")
        add_batch(session, ImportKind.ONLINE, [P(1, "AHMAD"), P(2, "BAHRUL"), P(3, "CANDRA")],
                  small.sls_ids, codes)
        add_batch(session, ImportKind.LAPANGAN, [P(1, "AHMAD", sex="P"), P(5, "EKO")],
                  small.sls_ids, codes)
        session.commit()
        run_reconciliation(session, by="tester")
        create_demo_accounts(session)
        return small


@pytest.mark.parametrize("actor", [STAF, SUPERVISOR])
def test_every_export_masks_nik_by_default_whatever_the_role(db, city, tmp_path: Path,
                                                              actor: Actor) -> None:
    with db.acting_as(actor).session() as session:
        export_assignments(session, tmp_path / "penugasan.xlsx")
        export_summary(session, tmp_path / "ppl.xlsx", Level.PPL)
        export_persons(session, tmp_path / "orang.xlsx")
    officers = {r["PPL"]: r["NIK PPL"] for r in _rows(tmp_path / "penugasan.xlsx")}
    assert officers["Ahmad"] == masked(nik(10))
    per_ppl = {r["PPL"]: r["NIK PPL"] for r in _rows(tmp_path / "ppl.xlsx")}
    assert per_ppl["Ahmad"] == masked(nik(10))
    people = _rows(tmp_path / "orang.xlsx")
    assert {r["NIK"] for r in people} >= {masked(nik_of(1)), masked(nik_of(5))}
    for name in ("penugasan.xlsx", "ppl.xlsx", "orang.xlsx"):
        with (tmp_path / name).open("rb") as handle:
            raw = handle.read()
        assert nik(10).encode() not in raw and nik_of(1).encode() not in raw
    with db.session() as session:
        assert session.scalars(FULL_EXPORTS).all() == []


@pytest.mark.parametrize("export", ["penugasan", "ppl", "orang"])
def test_full_nik_needs_the_role_and_a_reason_and_is_logged(db, city, tmp_path: Path,
                                                            export: str) -> None:
    target = tmp_path / f"{export}.xlsx"

    def run(actor: Actor, reason: str) -> int:
        with db.acting_as(actor).session() as session:
            if export == "penugasan":
                return export_assignments(session, target, masked=False, reason=reason)
            if export == "ppl":
                return export_summary(session, target, Level.PPL, masked=False, reason=reason)
            return export_persons(session, target, masked=False, reason=reason)

    with pytest.raises(AccessDenied, match="Peran Staf tidak boleh"):
        run(STAF, REASON)
    with pytest.raises(KendaliError, match="alasan"):
        run(SUPERVISOR, "  ")
    assert not target.exists()
    rows = run(SUPERVISOR, REASON)
    written = _rows(target)
    column = "NIK" if export == "orang" else "NIK PPL"
    assert nik(10) in {r[column] for r in written} or nik_of(1) in {r[column] for r in written}
    with db.session() as session:
        entry = session.scalars(FULL_EXPORTS).one()
    assert entry.username == "supervisor" and entry.entity_id == target.name
    assert entry.after is not None
    assert entry.after["alasan"] == REASON and entry.after["baris"] == rows
    assert entry.after["berkas"] == str(target)


def test_cli_exports_mask_for_staf_and_full_needs_reason(db, db_url: str, city, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    monkeypatch.setenv("KENDALI_PASSWORD", DEMO_PASSWORD)
    staf = ["--db", db_url, "--pengguna", "staf"]
    supervisor = ["--db", db_url, "--pengguna", "supervisor"]
    assert cli_main([*staf, "export-penugasan", str(tmp_path / "p.xlsx")]) == 0
    assert {r["NIK PPL"] for r in _rows(tmp_path / "p.xlsx")} >= {masked(nik(10))}
    assert cli_main([*staf, "export-rekon", str(tmp_path / "r.xlsx"), "--tampilan", "ppl"]) == 0
    assert {r["NIK PPL"] for r in _rows(tmp_path / "r.xlsx")} >= {masked(nik(10))}
    capsys.readouterr()
    assert cli_main([*staf, "export-penugasan", str(tmp_path / "x.xlsx"), "--tanpa-samaran",
                     "--alasan", REASON]) == 2
    assert "Peran Staf tidak boleh" in capsys.readouterr().err
    assert cli_main([*supervisor, "export-rekon", str(tmp_path / "x.xlsx"), "--tampilan",
                     "orang", "--tanpa-samaran"]) == 2
    assert "alasan" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
    assert cli_main([*supervisor, "export-penugasan", str(tmp_path / "full.xlsx"),
                     "--tanpa-samaran", "--alasan", REASON]) == 0
    assert nik(10) in {r["NIK PPL"] for r in _rows(tmp_path / "full.xlsx")}
    with db.session() as session:
        [entry] = session.scalars(FULL_EXPORTS).all()
        assert entry.username == "supervisor" and entry.after["alasan"] == REASON
        assert session.scalar(select(Assignment.id).limit(1)) is not None


def test_the_audit_export_masks_the_numbers_in_its_values(db, city, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from models.audit.export import export_audit
    from models.audit.queries import AuditFilter
    from models.officers.edit import OfficerData, add_officer
    from models.schema.officers import OfficerRole

    officer_nik = nik(77)
    with db.session() as session:
        add_officer(session, OfficerData(nik=officer_nik, name="Dewi Mitra",
                                         role=OfficerRole.PPL))
    target = tmp_path / "log.xlsx"
    with db.session() as session:
        export_audit(session, AuditFilter(), target)
    text = " ".join(str(v) for row in _rows(target) for v in row.values() if v)
    assert officer_nik not in text and masked(officer_nik) in text
    full = tmp_path / "lengkap.xlsx"
    with db.session() as session:
        with pytest.raises(KendaliError):
            export_audit(session, AuditFilter(), full, masked=False)  # no reason given
        assert not full.exists()
        export_audit(session, AuditFilter(), full, masked=False, reason=REASON)
        assert session.scalars(FULL_EXPORTS).all()[-1].after["alasan"] == REASON
    assert officer_nik in " ".join(str(v) for row in _rows(full) for v in row.values() if v)
