"""After a reconciliation the command line and the Rekonsiliasi page name the suspicious No. KK."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from models.cli.main import main as cli_main
from models.recon.kk_warnings import suspicious_line
from models.recon.suspicious import SuspiciousKk
from models.schema.batches import ImportKind
from tests.builders import SmallCity, set_office_codes
from tests.conftest import make_window
from tests.recon_cases import P, add_batch

BOGUS_KK = "0000000000000000"
WARNING = ("No. KK mencurigakan (lebih dari 60 anggota; dicocokkan hanya lewat NIK): "
           f"{BOGUS_KK} (1.200 orang)")


@pytest.fixture
def bogus_kk(db):  # type: ignore[no-untyped-def]
    """1,200 online persons under one copied No. KK, and one real family."""
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        codes = [s.bps_code for s in city.sls]
        add_batch(session, ImportKind.ONLINE,
                  [P(serial, kk=BOGUS_KK, born=date(1980, 1, 1) + timedelta(days=serial % 7))
                   for serial in range(1, 1201)], city.sls_ids, codes)
        add_batch(session, ImportKind.ONLINE, [P(9001, name="ANI", female=True)],
                  city.sls_ids, codes, name="keluarga.xlsx")
    return db


def test_reconcile_prints_the_suspicious_kk_after_the_counts(  # type: ignore[no-untyped-def]
        bogus_kk, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--db", db_url, "reconcile", "--quiet", "--penuh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == WARNING
    assert any("Hanya online" in line or "hanya online" in line for line in lines[:-1])


def test_reconcile_without_suspicious_kk_prints_no_warning(  # type: ignore[no-untyped-def]
        db, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        add_batch(session, ImportKind.ONLINE, [P(1, "AHMAD"), P(2, "BAHRUL")], city.sls_ids,
                  [s.bps_code for s in city.sls])
    assert cli_main(["--db", db_url, "reconcile", "--quiet"]) == 0
    assert "mencurigakan" not in capsys.readouterr().out


def test_many_suspicious_kk_are_named_up_to_ten_and_counted() -> None:
    listed = [SuspiciousKk(f"{n:016d}", 61 + n, 1000) for n in range(12)]
    line = suspicious_line(listed)
    assert line.startswith("No. KK mencurigakan (lebih dari 60 anggota; dicocokkan hanya "
                           "lewat NIK): 0000000000000000 (1.061 orang), ")
    assert line.endswith("0000000000000009 (1.070 orang), dan 2 No. KK lainnya")
    assert suspicious_line([]) == ""


def test_the_page_warns_of_the_suspicious_kk_after_a_run(  # type: ignore[no-untyped-def]
        qtbot, bogus_kk, settings_file: Path, dialogs) -> None:
    page = make_window(qtbot, bogus_kk, settings_file, dialogs).show_page("rekonsiliasi")
    qtbot.waitUntil(lambda: "belum pernah" in page.status.text(), timeout=10_000)
    assert not page.suspicious.isVisible()
    page.reconcile(full=True)
    qtbot.waitUntil(lambda: page.suspicious.isVisible(), timeout=60_000)
    assert page.suspicious.text() == WARNING
    assert dialogs.errors == []


def test_staf_sees_the_suspicious_kk_masked(db) -> None:  # type: ignore[no-untyped-def]
    from models.access import Actor
    from models.recon.kk_warnings import suspicious_warning
    from models.recon.run import run_reconciliation
    from models.schema.users import UserRole

    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        codes = [s.bps_code for s in city.sls]
        add_batch(session, ImportKind.ONLINE,
                  [P(n, kk="6371040101200099", born=date(1980, 1, 1) + timedelta(days=n))
                   for n in range(1, 71)], city.sls_ids, codes)
        run_reconciliation(session, full=True, by="tester")
        assert "6371040101200099 (70 orang)" in suspicious_warning(session)  # the admin
    staf = db.acting_as(Actor("sari", "Sari", UserRole.STAF))
    with staf.session() as session:
        line = suspicious_warning(session)
    assert "6371**********99 (70 orang)" in line and "6371040101200099" not in line
