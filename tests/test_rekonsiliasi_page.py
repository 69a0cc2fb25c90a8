"""The Rekonsiliasi page: match, drill down, decide a case, undo it, export and print."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.recon.page import RekonsiliasiPage
from models.recon.views import Level
from models.schema.batches import ImportKind
from models.schema.recon import PersonMatch, ReconCategory, Resolution, ResolutionAction
from models.schema.users import AuditLog
from tests.builders import SmallCity, set_office_codes
from tests.conftest import make_window
from tests.recon_cases import P, add_batch


def _page(qtbot, db, settings_file: Path, dialogs) -> RekonsiliasiPage:  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        codes = [s.bps_code for s in city.sls]
        add_batch(session, ImportKind.ONLINE, [P(1, "AHMAD"), P(2, "BAHRUL"), P(3, "CANDRA")],
                  city.sls_ids, codes)
        add_batch(session, ImportKind.LAPANGAN, [P(1, "AHMAD", sex="P"), P(2, "BAHRUL", sls=3)],
                  city.sls_ids, codes)
    window = make_window(qtbot, db, settings_file, dialogs)
    return window.show_page("rekonsiliasi")  # type: ignore[return-value]


def _decisions(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(PersonMatch)
                              .where(PersonMatch.resolution_id.is_not(None))) or 0


def test_match_then_decide_a_case_and_undo_it(qtbot, db, settings_file, dialogs) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, settings_file, dialogs)
    qtbot.waitUntil(lambda: "belum pernah" in page.status.text(), timeout=5_000)
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.queue_model.rowCount() == 2, timeout=10_000)
    assert page.tabs.tabText(1) == "Tinjauan (2)"
    [kecamatan] = page.summary_model.rows()
    assert kecamatan.counts[ReconCategory.HANYA_ONLINE] == 1 and kecamatan.open_reviews == 2

    page.tabs.setCurrentIndex(1)
    beda_row = next(i for i, line in enumerate(page.queue_model.rows())
                    if line.category is ReconCategory.BEDA)
    page.queue_view.selectRow(beda_row)
    assert "jenis kelamin" in page.case.text()
    assert not page.action_buttons[ResolutionAction.PINDAH].isVisible()
    qtbot.mouseClick(page.action_buttons[ResolutionAction.PILIH_ONLINE],
                     Qt.MouseButton.LeftButton)  # no reason yet: refused, nothing stored
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=5_000)
    assert "alasan" in dialogs.errors[-1][1] and _decisions(db) == 0
    qtbot.keyClicks(page.reason, "KTP diperiksa")
    qtbot.mouseClick(page.action_buttons[ResolutionAction.PILIH_ONLINE],
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.queue_model.rowCount() == 1, timeout=10_000)
    assert _decisions(db) == 1
    with db.session() as session:
        assert session.scalars(select(Resolution.reason)).one() == "KTP diperiksa"

    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.queue_model.rowCount() == 2, timeout=10_000)
    assert _decisions(db) == 0
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditLog)
                              .where(AuditLog.entity == "resolution")) == 2


def test_drill_down_export_and_print(qtbot, db, settings_file, dialogs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, settings_file, dialogs)
    page.reconcile(full=True)
    qtbot.waitUntil(lambda: page.queue_model.rowCount() == 2, timeout=10_000)
    page.level.setCurrentIndex(list(Level).index(Level.SLS))
    qtbot.waitUntil(lambda: page.summary_model.rowCount() == 5, timeout=10_000)
    first_sls = next(i for i, r in enumerate(page.summary_model.rows()) if r.persons == 2)
    page.summary_view.selectRow(page.summary_proxy.mapFromSource(
        page.summary_model.index(first_sls, 0)).row())
    qtbot.waitUntil(lambda: page.person_model.rowCount() == 2, timeout=10_000)
    assert "2 orang" in page.persons_note.text()

    dialogs.path = tmp_path / "sls.xlsx"
    page.export_view()
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10_000)
    assert dialogs.path.exists() and "6 baris" in dialogs.infos[-1][1]  # 5 SLS + total

    dialogs.path = tmp_path / "hanya-online.pdf"
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialogs.opened), timeout=10_000)
    assert dialogs.opened == [dialogs.path] and "1 orang" in page.status.text()
