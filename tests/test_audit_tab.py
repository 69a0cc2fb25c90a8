"""Admin › Log audit › Periksa keutuhan: the check runs off the UI thread and says the verdict."""
from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select, text

from models.audit import log as audit
from models.schema.users import AuditLog
from models.store.db import Database
from tests.conftest import FakeDialogs, make_window


def _log(db: Database, count: int) -> list[int]:
    with db.session() as session:
        for n in range(count):
            audit.record(session, "masuk", "pengguna", n, before=None, after={"ke": n})
        session.commit()
        return list(session.scalars(select(AuditLog.id).order_by(AuditLog.id)))


def test_the_button_reports_a_whole_log_then_names_the_edited_entry(
        qtbot, db: Database, settings_file, dialogs: FakeDialogs) -> None:  # type: ignore[no-untyped-def]
    ids = _log(db, 3)
    window = make_window(qtbot, db, settings_file, dialogs)
    page = window.show_page("admin")
    page.tabs.setCurrentWidget(page.audit)
    button = page.audit.check_button
    assert button.text() == "Periksa keutuhan"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10_000)
    title, message = dialogs.infos[-1]
    assert title == "Keutuhan log audit" and message.startswith("Log audit utuh: 3 entri")
    qtbot.waitUntil(button.isEnabled)

    with db.engine.begin() as conn:  # someone edits the log around the app
        if db.is_sqlite:
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        conn.execute(text(f"UPDATE audit_log SET username = 'x' WHERE id = {ids[1]}"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=10_000)
    title, message, _ = dialogs.errors[-1]
    assert title == "Log audit tidak utuh"
    assert f"Entri #{ids[1]} (" in message and "masuk pengguna" in message
    assert "diubah sesudah dicatat" in message
