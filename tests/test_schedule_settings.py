"""The operation calendar in Pengaturan › Jadwal: stored, read back, validated, guarded."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models.access import AccessDenied, Actor
from models.audit.queries import AuditFilter, audit_lines
from models.errors import StaleEditError, ValidationError
from models.schedule.calendar import EVEN_PACE, Calendar, Window, period_text
from models.schedule.settings import (
    PACE_PRESETS,
    load_calendar,
    save_calendar,
    validate_calendar,
)
from models.schema.areas import Kecamatan
from models.schema.schedule import CalendarHoliday, KecamatanWindow, OperationCalendar
from models.schema.users import UserRole
from models.store.db import Database

JULY = Window(date(2026, 7, 1), date(2026, 7, 31))
MAY = Window(date(2026, 5, 15), date(2026, 6, 15))
SLOW = PACE_PRESETS["Lambat di awal"]


def _kecamatan(db: Database, *names: str) -> list[int]:
    with db.session() as session:
        rows = [Kecamatan(bps_code=f"637101{n}", name=name) for n, name in enumerate(names)]
        session.add_all(rows)
        session.commit()
        return [k.id for k in rows]


def problems(calendar: Calendar, names: dict[int, str] | None = None) -> dict[str, str]:
    return {p.field: p.reason for p in validate_calendar(calendar, names)}


def test_nothing_stored_reads_as_the_defaults(db: Database) -> None:
    with db.session() as session:
        calendar = load_calendar(session)
    assert calendar == Calendar()
    assert calendar.field is None and calendar.version_id == 0


def test_a_saved_calendar_reads_back_whole(db: Database) -> None:
    north, south = _kecamatan(db, "Banjarmasin Utara", "Banjarmasin Selatan")
    calendar = Calendar(
        online=MAY, field=JULY, kecamatan_field={north: Window(date(2026, 7, 6),
                                                               date(2026, 8, 7))},
        holidays=frozenset({date(2026, 7, 17), date(2026, 8, 17)}),
        holiday_names={date(2026, 7, 17): "Tahun Baru Islam",
                       date(2026, 8, 17): "Hari Kemerdekaan"},
        working_weekdays=frozenset(range(5)), pace=SLOW, behind_pct=7.5, far_behind_pct=20,
        inactive_days=5)
    with db.session() as session:
        saved = save_calendar(session, calendar)
    with db.session() as session:
        loaded = load_calendar(session)
        row = session.get(OperationCalendar, 1)
        assert row is not None and row.working_weekdays == "1111100"
        assert row.behind_pct == Decimal("7.50")
    assert loaded == saved
    assert loaded.version_id == row.version_id >= 1
    assert replace(loaded, version_id=0) == calendar
    assert loaded.field_window(north) == Window(date(2026, 7, 6), date(2026, 8, 7))
    assert loaded.field_window(south) == JULY
    assert loaded.pace == SLOW


def test_holidays_and_kecamatan_windows_are_replaced_wholesale(db: Database) -> None:
    north, south = _kecamatan(db, "Banjarmasin Utara", "Banjarmasin Selatan")
    with db.session() as session:
        first = save_calendar(session, Calendar(
            field=JULY, holidays=frozenset({date(2026, 7, 17), date(2026, 7, 20)}),
            holiday_names={date(2026, 7, 17): "Libur A"},
            kecamatan_field={north: JULY, south: Window(date(2026, 7, 6), date(2026, 7, 31))}))
    with db.session() as session:
        second = save_calendar(session, replace(
            first, holidays=frozenset({date(2026, 7, 20), date(2026, 8, 17)}),
            holiday_names={date(2026, 7, 20): "Cuti bersama", date(2026, 8, 17): "HUT RI"},
            kecamatan_field={south: Window(date(2026, 7, 13), date(2026, 8, 14))}))
    with db.session() as session:
        holidays = session.execute(select(CalendarHoliday.day, CalendarHoliday.name)
                                   .order_by(CalendarHoliday.day)).all()
        windows = session.execute(select(KecamatanWindow.kecamatan_id,
                                         KecamatanWindow.field_start)).all()
    assert [tuple(h) for h in holidays] == [(date(2026, 7, 20), "Cuti bersama"),
                                            (date(2026, 8, 17), "HUT RI")]
    assert [tuple(w) for w in windows] == [(south, date(2026, 7, 13))]
    assert second.version_id > first.version_id
    assert second.kecamatan_field == {south: Window(date(2026, 7, 13), date(2026, 8, 14))}


def test_only_holidays_changed_still_takes_a_new_version(db: Database) -> None:
    with db.session() as session:
        first = save_calendar(session, Calendar(field=JULY))
    with db.session() as session:
        second = save_calendar(session, replace(first, holidays=frozenset({date(2026, 7, 17)})))
    assert second.version_id == first.version_id + 1
    with db.session() as session, pytest.raises(StaleEditError, match="diubah di komputer lain"):
        save_calendar(session, replace(first, holidays=frozenset()))  # read before `second`
    with db.session() as session:
        assert load_calendar(session).holidays == {date(2026, 7, 17)}


def test_second_of_two_concurrent_saves_is_refused(db: Database) -> None:
    with db.session() as setup:
        save_calendar(setup, Calendar(field=JULY))
    first, second = db.session(), db.session()
    mine, theirs = load_calendar(first), load_calendar(second)
    save_calendar(first, replace(mine, inactive_days=4))
    with pytest.raises(StaleEditError, match="diubah di komputer lain"):
        save_calendar(second, replace(theirs, inactive_days=9,
                                      holidays=frozenset({date(2026, 7, 17)})))
    first.close()
    second.close()
    with db.session() as session:
        calendar = load_calendar(session)
        assert calendar.inactive_days == 4 and calendar.holidays == frozenset()


def test_a_first_save_from_a_stale_default_is_refused(db: Database) -> None:
    """Two PCs opened the tab before anything was stored: the second save must not win."""
    with db.session() as session:
        save_calendar(session, Calendar(field=JULY))
    with db.session() as session, pytest.raises(StaleEditError):
        save_calendar(session, Calendar(online=MAY))  # version 0: read before the first save
    with db.session() as session:
        assert load_calendar(session).field == JULY


@pytest.mark.parametrize("role", [UserRole.STAF, UserRole.SUPERVISOR])
def test_only_an_admin_may_change_the_calendar(db: Database, role: UserRole) -> None:
    acting = db.acting_as(Actor("budi", "Budi", role))
    with acting.session() as session:
        with pytest.raises(AccessDenied, match="mengubah pengaturan kantor"):
            save_calendar(session, Calendar(field=JULY))
        assert load_calendar(session).field is None  # reading is for everyone
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(OperationCalendar)) == 0


def test_invalid_calendar_is_not_saved(db: Database) -> None:
    with db.session() as session:
        with pytest.raises(ValidationError) as caught:
            save_calendar(session, Calendar(field=Window(JULY.end, JULY.start),
                                            holidays=frozenset({date(2026, 7, 17)})))
        assert "sebelum tanggal mulainya" in caught.value.message
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(CalendarHoliday)) == 0
        assert load_calendar(session).field is None


def test_a_window_for_a_kecamatan_not_in_the_master_is_refused(db: Database) -> None:
    with db.session() as session, pytest.raises(ValidationError, match="tidak ada di master"):
        save_calendar(session, Calendar(kecamatan_field={999: JULY}))


def test_the_saves_are_in_the_audit_log(db: Database) -> None:
    (north,) = _kecamatan(db, "Banjarmasin Utara")
    with db.session() as session:
        save_calendar(session, Calendar(field=JULY, kecamatan_field={north: JULY},
                                        holidays=frozenset({date(2026, 7, 17)})))
    with db.session() as session:
        entities = {line.entity for line in audit_lines(session, AuditFilter())}
    assert {"jadwal", "hari libur", "jadwal kecamatan"} <= entities


def test_valid_calendars_have_no_problems() -> None:
    assert problems(Calendar()) == {}
    assert problems(Calendar(online=MAY, field=JULY, pace=SLOW, behind_pct=0,
                             far_behind_pct=0, inactive_days=60)) == {}
    assert all(problems(Calendar(pace=pace)) == {} for pace in PACE_PRESETS.values())


def test_end_before_start() -> None:
    backwards = Window(date(2026, 7, 31), date(2026, 7, 1))
    assert "SP Online" in problems(Calendar(online=backwards))["online"]
    assert "pencacahan lapangan" in problems(Calendar(field=backwards))["field"]
    reason = problems(Calendar(kecamatan_field={3: backwards}), {3: "Banjarmasin Timur"})
    assert "Kecamatan Banjarmasin Timur" in reason["kecamatan_field"]
    assert "sebelum tanggal mulainya" in reason["kecamatan_field"]


def test_a_kecamatan_window_need_not_lie_inside_the_office_window() -> None:
    outside = Window(date(2026, 9, 1), date(2026, 9, 30))
    assert problems(Calendar(field=JULY, kecamatan_field={3: outside}), {3: "Timur"}) == {}


def test_a_window_without_a_working_day() -> None:
    sunday = Window(date(2026, 7, 5), date(2026, 7, 5))
    assert "tidak memuat satu pun hari kerja" in problems(Calendar(field=sunday))["field"]
    monday = Window(date(2026, 7, 6), date(2026, 7, 6))
    assert problems(Calendar(field=monday)) == {}
    assert "hari kerja" in problems(Calendar(
        online=monday, holidays=frozenset({date(2026, 7, 6)})))["online"]
    assert "kecamatan_field" in problems(Calendar(kecamatan_field={3: sunday}), {3: "Timur"})


def test_at_least_one_working_weekday() -> None:
    assert "paling sedikit satu hari kerja" in problems(
        Calendar(working_weekdays=frozenset()))["working_weekdays"]
    assert "working_weekdays" in problems(Calendar(working_weekdays=frozenset({7})))
    assert problems(Calendar(working_weekdays=frozenset({6}))) == {}


@pytest.mark.parametrize("pace,words", [
    (EVEN_PACE[:9], "10 nilai"),
    ((*EVEN_PACE, 1.0), "10 nilai"),
    ((0.1, 0.3, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), "tidak boleh turun"),
    ((-0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), "antara 0 % dan 100 %"),
    ((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.2, 1.0), "antara 0 % dan 100 %"),
    ((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, float("nan")), "antara 0 % dan 100 %"),
    ((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95), "berakhir pada 100 %"),
])
def test_pace_rules(pace: tuple[float, ...], words: str) -> None:
    assert words in problems(Calendar(pace=pace))["pace"]


def test_flat_stretches_of_pace_are_allowed() -> None:
    assert problems(Calendar(pace=(0, 0, 0.2, 0.2, 0.5, 0.5, 0.8, 0.8, 1, 1))) == {}


@pytest.mark.parametrize("behind,far,field", [
    (-1, 15, "behind_pct"), (101, 15, "behind_pct"), (5, 100.5, "far_behind_pct"),
    (10, 9.99, "far_behind_pct"), (float("nan"), 15, "behind_pct"),
])
def test_threshold_rules(behind: float, far: float, field: str) -> None:
    assert set(problems(Calendar(behind_pct=behind, far_behind_pct=far))) == {field}


def test_far_behind_may_equal_behind() -> None:
    assert problems(Calendar(behind_pct=10, far_behind_pct=10)) == {}


@pytest.mark.parametrize("days,ok", [(0, False), (1, True), (60, True), (61, False),
                                     (-3, False)])
def test_inactive_days_rule(days: int, ok: bool) -> None:
    assert ("inactive_days" not in problems(Calendar(inactive_days=days))) is ok


def test_holiday_name_length() -> None:
    day = date(2026, 7, 17)
    assert "100 karakter" in problems(Calendar(holidays=frozenset({day}),
                                               holiday_names={day: "x" * 101}))["holidays"]
    assert problems(Calendar(holidays=frozenset({day}), holiday_names={day: "x" * 100})) == {}


def test_pace_presets_are_ten_cumulative_shares() -> None:
    assert PACE_PRESETS["Merata"] == EVEN_PACE
    slow = PACE_PRESETS["Lambat di awal"]
    assert slow[0] < EVEN_PACE[0] and slow[4] < EVEN_PACE[4] and slow[-1] == 1.0


@pytest.mark.parametrize("window,text", [
    (JULY, "1 Juli s.d. 31 Juli 2026"),
    (Window(date(2026, 12, 15), date(2027, 1, 15)), "15 Desember 2026 s.d. 15 Januari 2027"),
    (Window(date(2026, 7, 6), date(2026, 7, 6)), "6 Juli 2026"),
])
def test_period_text(window: Window, text: str) -> None:
    assert period_text(window) == text
