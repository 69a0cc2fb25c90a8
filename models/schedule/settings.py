"""Reading and validated saving of the operation calendar set in Pengaturan › Jadwal."""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.access import Permission, require
from models.errors import FieldProblem, StaleEditError, ValidationError
from models.ids.cells import finite_number
from models.schedule.calendar import EVEN_PACE, Calendar, Window
from models.schema.areas import Kecamatan
from models.schema.base import singleton_to_edit
from models.schema.schedule import CalendarHoliday, KecamatanWindow, OperationCalendar

# Cumulative planned shares per tenth of the working days, offered as starting points.
PACE_PRESETS: dict[str, tuple[float, ...]] = {
    "Merata": EVEN_PACE,
    # Slow first days (training, finding the SLS), the bulk in the middle, a tail at the end.
    "Lambat di awal": (0.03, 0.07, 0.13, 0.21, 0.31, 0.43, 0.56, 0.70, 0.85, 1.0),
    "Cepat di awal": (0.15, 0.29, 0.42, 0.54, 0.65, 0.75, 0.83, 0.90, 0.96, 1.0),
}
PACE_STEPS = 10
MAX_INACTIVE_DAYS = 60
HOLIDAY_NAME_LENGTH = 100

STALE = "Jadwal sudah diubah di komputer lain sejak dibuka. Muat ulang lalu ulangi."
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _weekdays_text(days: frozenset[int]) -> str:
    return "".join("1" if day in days else "0" for day in range(7))


def _weekdays(text: str) -> frozenset[int]:
    return frozenset(day for day, flag in enumerate(text[:7]) if flag == "1")


def _pace_text(pace: tuple[float, ...]) -> str:
    return ",".join(format(round(float(share), 4), "g") for share in pace)


def _pace(text: str) -> tuple[float, ...]:
    try:
        shares = tuple(float(part) for part in text.split(","))
    except ValueError:
        return EVEN_PACE
    return shares if len(shares) == PACE_STEPS else EVEN_PACE


@dataclass(frozen=True)
class KecamatanOption:
    """A kecamatan of the master, as the Jadwal tab offers it for a window of its own."""

    id: int
    code: str
    name: str


def kecamatan_options(session: Session) -> list[KecamatanOption]:
    rows = session.execute(select(Kecamatan.id, Kecamatan.bps_code, Kecamatan.name)
                           .order_by(Kecamatan.bps_code))
    return [KecamatanOption(*row) for row in rows]


def _window(start: date | None, end: date | None) -> Window | None:
    return Window(start, end) if start is not None and end is not None else None


def load_calendar(session: Session) -> Calendar:
    """What the office planned; the defaults (nothing planned) until it is first saved."""
    row = session.get(OperationCalendar, 1)
    holidays = session.execute(select(CalendarHoliday.day, CalendarHoliday.name)
                               .order_by(CalendarHoliday.day)).all()
    windows = session.scalars(select(KecamatanWindow).order_by(KecamatanWindow.kecamatan_id))
    kecamatan_field = {w.kecamatan_id: Window(w.field_start, w.field_end) for w in windows}
    names = {day: name for day, name in holidays}
    if row is None:
        return Calendar(kecamatan_field=kecamatan_field, holidays=frozenset(names),
                        holiday_names=names)
    return Calendar(
        online=_window(row.online_start, row.online_end),
        field=_window(row.field_start, row.field_end),
        kecamatan_field=kecamatan_field,
        holidays=frozenset(names),
        working_weekdays=_weekdays(row.working_weekdays),
        pace=_pace(row.pace),
        behind_pct=float(row.behind_pct),
        far_behind_pct=float(row.far_behind_pct),
        inactive_days=row.inactive_days,
        version_id=row.version_id,
        holiday_names=names,
    )


def _window_problems(calendar: Calendar, window: Window | None, field: str, label: str
                     ) -> list[FieldProblem]:
    if window is None:
        return []
    if window.end < window.start:
        return [FieldProblem(field, f"Tanggal akhir {label} sebelum tanggal mulainya.")]
    if not calendar.working_days(window):
        return [FieldProblem(field, f"Periode {label} tidak memuat satu pun hari kerja; "
                                    "periksa hari kerja dan hari libur.")]
    return []


def _pace_problem(pace: tuple[float, ...]) -> str | None:
    if len(pace) != PACE_STEPS:
        return f"Laju rencana harus berisi {PACE_STEPS} nilai kumulatif, satu per sepersepuluh " \
               "hari kerja."
    shares = [finite_number(share) for share in pace]
    if any(share is None or not 0 <= share <= 1 for share in shares):
        return "Setiap nilai laju rencana harus antara 0 % dan 100 %."
    if any(b < a for a, b in zip(shares, shares[1:], strict=False)):  # type: ignore[operator]
        return "Laju rencana kumulatif tidak boleh turun dari satu tahap ke tahap berikutnya."
    if not math.isclose(shares[-1], 1.0, abs_tol=1e-6):  # type: ignore[arg-type]
        return "Laju rencana harus berakhir pada 100 % di hari kerja terakhir."
    return None


def validate_calendar(calendar: Calendar, kecamatan_names: Mapping[int, str] | None = None
                      ) -> list[FieldProblem]:
    """Every problem of the calendar, each named by its field ('online', 'field',
    'kecamatan_field', 'holidays', 'working_weekdays', 'pace', 'behind_pct',
    'far_behind_pct', 'inactive_days'); `kecamatan_names` names the kecamatan windows."""
    problems: list[FieldProblem] = []
    if not calendar.working_weekdays or not calendar.working_weekdays <= frozenset(range(7)):
        problems.append(FieldProblem("working_weekdays", "Pilih paling sedikit satu hari kerja."))
    else:
        problems += _window_problems(calendar, calendar.online, "online", "SP Online")
        problems += _window_problems(calendar, calendar.field, "field", "pencacahan lapangan")
        names = kecamatan_names or {}
        for kecamatan_id, window in sorted(calendar.kecamatan_field.items()):
            name = names.get(kecamatan_id, f"kecamatan {kecamatan_id}")
            problems += _window_problems(calendar, window, "kecamatan_field",
                                         f"pencacahan lapangan Kecamatan {name}"
                                         if kecamatan_id in names else
                                         f"pencacahan lapangan {name}")
    if kecamatan_names is not None:
        for kecamatan_id in sorted(set(calendar.kecamatan_field) - set(kecamatan_names)):
            problems.append(FieldProblem("kecamatan_field", f"Kecamatan dengan ID {kecamatan_id} "
                                                            "tidak ada di master wilayah."))
    for day in sorted(calendar.holidays):
        if len(calendar.holiday_names.get(day, "").strip()) > HOLIDAY_NAME_LENGTH:
            problems.append(FieldProblem("holidays", f"Nama hari libur paling banyak "
                                                     f"{HOLIDAY_NAME_LENGTH} karakter."))
            break
    if reason := _pace_problem(tuple(calendar.pace)):
        problems.append(FieldProblem("pace", reason))
    behind, far = finite_number(calendar.behind_pct), finite_number(calendar.far_behind_pct)
    for field, value, label in (("behind_pct", behind, "Batas tertinggal"),
                                ("far_behind_pct", far, "Batas jauh tertinggal")):
        if value is None or not 0 <= value <= 100:
            problems.append(FieldProblem(field, f"{label} harus antara 0 dan 100 poin."))
    if behind is not None and far is not None and 0 <= behind <= 100 and 0 <= far <= 100 \
            and far < behind:
        problems.append(FieldProblem("far_behind_pct", "Batas jauh tertinggal tidak boleh lebih "
                                                       "kecil dari batas tertinggal."))
    inactive = calendar.inactive_days
    if isinstance(inactive, bool) or not isinstance(inactive, int) \
            or not 1 <= inactive <= MAX_INACTIVE_DAYS:
        problems.append(FieldProblem("inactive_days", "Batas tidak aktif harus antara 1 dan "
                                                      f"{MAX_INACTIVE_DAYS} hari kerja."))
    return problems


def _points(value: float) -> Decimal:
    return Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"))


def save_calendar(session: Session, calendar: Calendar) -> Calendar:
    """Validate and save the whole calendar (holidays and kecamatan windows replaced) in one
    transaction; refuses if another PC saved it since `calendar.version_id` was read."""
    try:
        write_calendar(session, calendar)
        session.commit()
    except (StaleDataError, IntegrityError) as exc:  # another PC saved (or created) it first
        session.rollback()
        raise StaleEditError(STALE) from exc
    return load_calendar(session)


def write_calendar(session: Session, calendar: Calendar) -> None:
    """save_calendar without the commit: for a caller whose one transaction holds more (the
    demo city is one commit)."""
    require(session, Permission.EDIT_SETTINGS)
    names = {kecamatan_id: name for kecamatan_id, name in
             session.execute(select(Kecamatan.id, Kecamatan.name))}
    problems = validate_calendar(calendar, names)
    if problems:
        raise ValidationError(problems)
    row = singleton_to_edit(session, OperationCalendar, calendar.version_id, STALE)
    row.online_start = calendar.online.start if calendar.online else None
    row.online_end = calendar.online.end if calendar.online else None
    row.field_start = calendar.field.start if calendar.field else None
    row.field_end = calendar.field.end if calendar.field else None
    row.working_weekdays = _weekdays_text(calendar.working_weekdays)
    row.pace = _pace_text(tuple(calendar.pace))
    row.behind_pct = _points(calendar.behind_pct)
    row.far_behind_pct = _points(calendar.far_behind_pct)
    row.inactive_days = calendar.inactive_days
    if row.version_id is not None:  # a new version even when only the holidays changed
        row.version_id += 1
    session.flush()  # the calendar row first: every save locks the same row first
    _replace_holidays(session, calendar)
    _replace_windows(session, calendar)
    session.flush()


def _replace_holidays(session: Session, calendar: Calendar) -> None:
    """Only what differs is written, so the audit log names the days really changed."""
    stored = {h.day: h for h in session.scalars(select(CalendarHoliday))}
    for day, holiday in stored.items():
        if day not in calendar.holidays:
            session.delete(holiday)
    for day in sorted(calendar.holidays):
        name = calendar.holiday_names.get(day, "").strip()
        if day in stored:
            if stored[day].name != name:
                stored[day].name = name
        else:
            session.add(CalendarHoliday(day=day, name=name))


def _replace_windows(session: Session, calendar: Calendar) -> None:
    stored = {w.kecamatan_id: w for w in session.scalars(select(KecamatanWindow))}
    for kecamatan_id, window in stored.items():
        if kecamatan_id not in calendar.kecamatan_field:
            session.delete(window)
    for kecamatan_id, window in sorted(calendar.kecamatan_field.items()):
        row = stored.get(kecamatan_id)
        if row is None:
            session.add(KecamatanWindow(kecamatan_id=kecamatan_id, field_start=window.start,
                                        field_end=window.end))
        elif (row.field_start, row.field_end) != (window.start, window.end):
            row.field_start, row.field_end = window.start, window.end
