"""The quality thresholds of Pengaturan › Kualitas: stored, validated, guarded, and the tab."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.office.page import PengaturanPage
from desktop.office.quality import QualityTab
from models.access import AccessDenied, Actor
from models.audit.queries import AuditFilter, audit_lines
from models.errors import StaleEditError, ValidationError
from models.quality.measures import THRESHOLD_FIELDS, THRESHOLD_SOURCES, Measure, Thresholds
from models.quality.settings import load_thresholds, save_thresholds, validate_thresholds
from models.schema.quality import QualityThresholds
from models.schema.users import UserRole
from models.store.db import Database
from tests.conftest import wait_idle


def test_nothing_stored_reads_as_the_defaults(db: Database) -> None:
    with db.session() as session:
        assert load_thresholds(session) == Thresholds()
    assert Thresholds().whipple == 125 and Thresholds().jan_1 == 5
    assert Thresholds().min_persons == 100 and Thresholds().min_households == 30


def test_every_threshold_has_a_source_and_a_measure() -> None:
    assert set(THRESHOLD_SOURCES) == set(THRESHOLD_FIELDS)
    assert {m.threshold_field for m in Measure} <= set(THRESHOLD_FIELDS)
    assert all(len(text) > 40 for text in THRESHOLD_SOURCES.values())


def test_round_trip(db: Database) -> None:
    changed = replace(Thresholds(), whipple=110.5, jan_1=3.25, pace=2.5, long_gap=7,
                      min_persons=50, min_households=12)
    with db.session() as session:
        saved = save_thresholds(session, changed)
    assert saved.version_id == 1
    with db.session() as session:
        again = load_thresholds(session)
    assert again == replace(changed, version_id=1)
    with db.session() as session:
        save_thresholds(session, replace(again, myers=30))
        assert load_thresholds(session).myers == 30
        assert load_thresholds(session).version_id == 2


def test_second_of_two_concurrent_saves_is_refused(db: Database) -> None:
    with db.session() as setup:
        save_thresholds(setup, Thresholds())
    first, second = db.session(), db.session()
    mine, theirs = load_thresholds(first), load_thresholds(second)
    save_thresholds(first, replace(mine, whipple=130))
    with pytest.raises(StaleEditError, match="diubah di komputer lain"):
        save_thresholds(second, replace(theirs, whipple=140))
    first.close()
    second.close()
    with db.session() as session:
        assert load_thresholds(session).whipple == 130


def test_a_first_save_from_a_stale_default_is_refused(db: Database) -> None:
    with db.session() as session:
        save_thresholds(session, replace(Thresholds(), pindah=12))
    with db.session() as session, pytest.raises(StaleEditError):
        save_thresholds(session, replace(Thresholds(), pindah=20))  # version 0: read before
    with db.session() as session:
        assert load_thresholds(session).pindah == 12


@pytest.mark.parametrize("role", [UserRole.STAF, UserRole.SUPERVISOR])
def test_only_an_admin_may_change_the_thresholds(db: Database, role: UserRole) -> None:
    acting = db.acting_as(Actor("budi", "Budi", role))
    with acting.session() as session:
        with pytest.raises(AccessDenied, match="mengubah pengaturan kantor"):
            save_thresholds(session, Thresholds())
        assert load_thresholds(session) == Thresholds()  # reading is for everyone
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(QualityThresholds)) == 0


@pytest.mark.parametrize(("field", "value", "words"), [
    ("whipple", 99.0, "Indeks Whipple harus antara 100 dan 500"),
    ("myers", 91.0, "Indeks Myers harus antara 0 dan 90"),
    ("jan_1", -1.0, "Lahir 1 Januari harus antara 0 dan 100"),
    ("pace", 0.5, "Laju"),
    ("long_gap", float("nan"), "Jeda terpanjang"),
    ("min_persons", 0, "Minimal penduduk harus bilangan bulat antara 1 dan 100.000"),
    ("min_households", 2.5, "Minimal ruta"),
])
def test_invalid_thresholds_are_refused(db: Database, field: str, value: float,
                                        words: str) -> None:
    bad = replace(Thresholds(), **{field: value})
    assert [p.field for p in validate_thresholds(bad)] == [field]
    with db.session() as session, pytest.raises(ValidationError) as caught:
        save_thresholds(session, bad)
    assert words in caught.value.message
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(QualityThresholds)) == 0


def test_the_saves_are_in_the_audit_log(db: Database) -> None:
    with db.session() as session:
        save_thresholds(session, replace(Thresholds(), whipple=130))
    with db.session() as session:
        entities = {line.entity for line in audit_lines(session, AuditFilter())}
    assert "ambang kualitas" in entities


def _open(qtbot, window) -> QualityTab:  # type: ignore[no-untyped-def]
    page: PengaturanPage = window.show_page("pengaturan")  # type: ignore[assignment]
    wait_idle(qtbot)
    page.tabs.setCurrentWidget(page.quality)
    wait_idle(qtbot)
    assert page.tabs.tabText(2) == "Kualitas"
    assert page.quality.form.isEnabled()
    return page.quality


def test_the_tab_saves_through_the_worker(qtbot, empty_window, db, dialogs) -> None:  # type: ignore[no-untyped-def]
    tab = _open(qtbot, empty_window)
    assert tab.boxes["whipple"].value() == 125
    assert "Shryock" in tab.boxes["whipple"].toolTip()
    assert tab.boxes["jan_1"].locale().name().startswith("id")
    tab.boxes["whipple"].setValue(130)
    tab.boxes["jan_1"].setValue(4.5)
    tab.boxes["min_persons"].setValue(80)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert tab.status.text() == "Tersimpan.", tab.errors.text()
    with db.session() as session:
        stored = load_thresholds(session)
    assert (stored.whipple, stored.jan_1, stored.min_persons) == (130, 4.5, 80)
    # another PC saves meanwhile: this tab's next save is refused, nothing overwritten
    with db.session() as session:
        save_thresholds(session, replace(stored, whipple=140))
    tab.boxes["whipple"].setValue(150)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert tab.status.text() == "Belum tersimpan."
    assert any("diubah di komputer lain" in text for _t, text, _d in dialogs.errors)
    with db.session() as session:
        assert load_thresholds(session).whipple == 140
    # "Kembalikan nilai bawaan" fills the defaults; saving them after a reload stores them
    tab.load()
    wait_idle(qtbot)
    assert tab.boxes["whipple"].value() == 140
    qtbot.mouseClick(tab.defaults_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert tab.status.text() == "Tersimpan."
    with db.session() as session:
        assert replace(load_thresholds(session), version_id=0) == Thresholds()
