"""Progress rows against the operation calendar: expected by the day, status, forecast, the
planned line and the PPL who have stopped reporting."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from models.progress.facts import ProgressFacts, Ref, SlsArea, Timeline, load_facts
from models.progress.inactivity import InactivePpl, inactive_ppl
from models.progress.summary import OUTSIDE, ProgressLevel, planned_series, progress_view
from models.schedule.calendar import Calendar, Window
from models.schedule.forecast import Forecast
from models.schedule.settings import load_calendar, save_calendar
from models.schedule.standing import ScheduleStatus as S
from tests.test_progress import DAY, city

__all__ = ["city"]  # the fixture, imported for its use here

# March 2026: Mondays 2, 9, 16; Mon-Sat work; Wednesday the 11th is a holiday.
KEC_1, KEC_2 = Ref(1, "6371010", "Satu"), Ref(2, "6371020", "Dua")
KEL_1, KEL_2 = Ref(11, "6371010001", "Kel Satu"), Ref(21, "6371020001", "Kel Dua")
OFFICE_FIELD = Window(date(2026, 3, 2), date(2026, 3, 13))  # 10 working days
DUA_FIELD = Window(date(2026, 3, 9), date(2026, 3, 20))  # 10 working days, its own
CALENDAR = Calendar(online=OFFICE_FIELD, field=OFFICE_FIELD, kecamatan_field={2: DUA_FIELD},
                    holidays=frozenset({date(2026, 3, 11)}), behind_pct=5, far_behind_pct=15,
                    inactive_days=3)
PPL_1, PPL_2 = Ref(101, "6371010101900001", "Ahmad"), Ref(102, "6371010101900002", "Budi")


def d(day: int, month: int = 3) -> date:
    return date(2026, month, day)


def _area(sls_id: int, households: int, kelurahan: Ref, kecamatan: Ref) -> SlsArea:
    return SlsArea(sls_id, f"{kelurahan.code}{sls_id:04d}00", f"RT {sls_id:03d}", households,
                   households * 4, kelurahan, kecamatan)


def _facts(calendar: Calendar = CALENDAR) -> ProgressFacts:
    """SLS 1 (20 households) and 2 (10) in Satu; 3 (10) and 4 (none) in Dua."""
    areas = {1: _area(1, 20, KEL_1, KEC_1), 2: _area(2, 10, KEL_1, KEC_1),
             3: _area(3, 10, KEL_2, KEC_2), 4: _area(4, 0, KEL_2, KEC_2)}
    field = {1: Timeline({d(2): 2, d(4): 6, d(7): 10, d(10): 14}), 2: Timeline({d(3): 10})}
    online = {1: Timeline({d(5): 10}), None: Timeline({d(9): 5})}
    return ProgressFacts(areas, online, field, ppl_of_sls={1: PPL_1, 3: PPL_1, 2: PPL_2},
                         calendar=calendar)


def test_expected_and_status_per_area_with_own_kecamatan_windows() -> None:
    # Tuesday the 10th: 8 of the office's 10 working days (0.8), 2 of Dua's (0.2)
    sls = {r.key: r for r in progress_view(_facts(), ProgressLevel.SLS, day=d(10)).rows}
    assert [sls[k].expected_households_today for k in (1, 2, 3, 4)] == [16, 8, 2, 0]
    # 14 of 20 against 16: 10 points behind; 0 of 10 against 2: 20 points
    assert [sls[k].field_status for k in (1, 2, 3, 4)] == [
        S.TERTINGGAL, S.SELESAI, S.JAUH_TERTINGGAL, S.TANPA_TARGET]
    assert sls[1].field_gap == 2 and sls[2].field_gap == -2
    assert sls[4].field_forecast is None and sls[4].online_forecast is None
    kec = {r.key: r for r in progress_view(_facts(), ProgressLevel.KECAMATAN, day=d(10)).rows}
    assert (kec[1].expected_households_today, kec[1].field_status) == (24, S.SESUAI)
    assert (kec[2].expected_households_today, kec[2].field_status) == (2, S.JAUH_TERTINGGAL)
    # a PPL across both kecamatan expects what each window expects of his SLS: 16 + 2
    ppl = {r.key: r for r in progress_view(_facts(), ProgressLevel.PPL, day=d(10)).rows}
    assert ppl[PPL_1.id].expected_households_today == 18
    assert ppl[PPL_1.id].field_status is S.TERTINGGAL  # 14 of 30 against 18: 13.3 points


def test_online_expected_and_the_total() -> None:
    view = progress_view(_facts(), ProgressLevel.KECAMATAN, day=d(10))
    satu = view.rows[0]
    # 20 % of 120 persons is 24; 0.8 of it is 19.2
    assert (satu.online_target, satu.expected_online_today) == (24, 19)
    assert satu.online_status is S.JAUH_TERTINGGAL  # 10 against 19: 37.5 points
    # the total: 26 households (24 + 2), 20 % of 160 persons = 32, 0.8 of it 25.6
    assert view.total.expected_households_today == 26
    assert view.total.expected_online_today == 26 and view.total.online_persons == 15
    assert view.rows[-1].key == OUTSIDE.id
    assert view.rows[-1].online_status is S.TANPA_TARGET and view.rows[-1].online_forecast is None
    # the total's pace counts the persons of unknown area too: 10 on the 5th, 5 on the 9th;
    # 17 to go at 15 per 7 days: 8 working days (12-14, 16-20); fastest 10 a day: 2
    assert view.total.online_forecast == Forecast(d(20), d(13), None, finishes_in_window=False,
                                                  stalled=False)


def test_forecast_per_row() -> None:
    sls = {r.key: r for r in progress_view(_facts(), ProgressLevel.SLS, day=d(10)).rows}
    # SLS 1 gained 0, 4, 0, 0, 4, 0, 4 on the 3rd-10th: 6 to go at 12 per 7 days takes
    # 4 working days (12, 13, 14, 16); fastest 4 a day: 2 (13th); slowest 0: no latest
    assert sls[1].field_forecast == Forecast(d(16), d(13), None, finishes_in_window=False,
                                             stalled=False)
    assert sls[2].field_forecast == Forecast(d(10), d(10), d(10), finishes_in_window=True,
                                             stalled=False)  # done
    # SLS 3: nothing on the two days of its window so far
    assert sls[3].field_forecast == Forecast(None, None, None, finishes_in_window=False,
                                             stalled=True)
    # Satu together: 10, 4, 0, 0, 4, 0, 4; 6 to go: 2 days, within its window
    satu = progress_view(_facts(), ProgressLevel.KECAMATAN, day=d(10)).rows[0]
    assert satu.field_forecast == Forecast(d(13), d(12), None, finishes_in_window=True,
                                           stalled=False)


def test_before_and_after_the_windows() -> None:
    # Friday the 6th: 5 of the office's 10 days; Dua's window begins on the 9th
    early = {r.key: r for r in progress_view(_facts(), ProgressLevel.KECAMATAN, day=d(6)).rows}
    assert (early[1].expected_households_today, early[2].expected_households_today) == (15, 0)
    assert early[2].field_status is S.BELUM_MULAI and early[2].field_forecast is None
    assert early[1].field_forecast is not None
    # before every window: nothing expected, no forecast at all
    before = progress_view(_facts(), ProgressLevel.KECAMATAN, day=d(27, 2))
    assert all(r.expected_households_today == 0 and r.field_forecast is None
               and r.online_forecast is None for r in before.rows)
    assert before.rows[0].field_status is S.BELUM_MULAI
    # Saturday the 21st: both windows are over, all of the target is expected
    late = progress_view(_facts(), ProgressLevel.KECAMATAN, day=d(21))
    assert [r.expected_households_today for r in late.rows] == [30, 10, 0]  # 0: outside
    assert late.total.expected_households_today == 40
    # no calendar: nothing scheduled, as before the calendar existed
    plain = progress_view(_facts(Calendar()), ProgressLevel.KECAMATAN, day=d(10))
    assert plain.rows[0].field_status is S.TIDAK_DIJADWALKAN
    assert plain.rows[0].expected_households_today == 0 and plain.rows[0].field_forecast is None
    assert plain.rows[0].households_found == 24  # the counts themselves unchanged


def test_planned_series_for_the_chart() -> None:
    points = {p.day: p for p in planned_series(_facts())}
    assert min(points) == d(2) and max(points) == d(20)  # office windows to Dua's end
    assert (points[d(2)].households_found, points[d(2)].online_persons) == (3, 3)  # 0.1
    assert (points[d(8)].households_found, points[d(8)].online_persons) == (18, 19)  # Sunday
    assert (points[d(10)].households_found, points[d(10)].online_persons) == (26, 26)
    assert (points[d(20)].households_found, points[d(20)].online_persons) == (40, 32)
    dua = planned_series(_facts(), kecamatan_id=KEC_2.id)
    assert (dua[0].day, dua[0].households_found) == (d(2), 0)  # the online window begins
    assert dua[-1].households_found == 10 and dua[-1].online_persons == 8
    assert planned_series(_facts(Calendar())) == []


def _idle_facts() -> ProgressFacts:
    """One SLS per PPL, in Satu (office window from the 2nd) or Dua (from the 9th)."""
    lines = {1: Timeline({d(4): 3}),  # last gain on the 4th
             2: Timeline({d(3): 2, d(9): 2}),  # a recap on the 9th, but no new household
             3: Timeline({}),  # never reported
             4: Timeline({d(6): 1}),  # exactly 3 working days ago on the 10th
             5: Timeline({d(7): 1}),  # 2 working days ago
             6: Timeline({d(9): 10}),  # all 10 found: done, not idle
             7: Timeline({}),  # Dua: never reported
             8: Timeline({d(3): 4})}  # Dua: reported only before its window
    areas = {n: _area(n, 10, KEL_1 if n <= 6 else KEL_2, KEC_1 if n <= 6 else KEC_2)
             for n in lines}
    ppl = {n: Ref(200 + n, f"{n:016d}", f"PPL {n}") for n in lines}
    return ProgressFacts(areas, {}, {n: line for n, line in lines.items() if line.days},
                         ppl_of_sls=ppl, calendar=CALENDAR)


def test_inactive_ppl() -> None:
    facts = _idle_facts()
    idle = inactive_ppl(facts, CALENDAR, d(10))
    assert [(p.ppl.name, p.last_day, p.idle_working_days) for p in idle] == [
        ("PPL 3", None, 8),  # 2-7, 9, 10
        ("PPL 2", d(3), 6),  # 4-7, 9, 10
        ("PPL 1", d(4), 5),
        ("PPL 4", d(6), 3)]
    # Dua's window began on the 9th: by Thursday the 12th it has had 9, 10 and 12
    dua = [p for p in inactive_ppl(facts, CALENDAR, d(12)) if p.ppl.id in (207, 208)]
    assert dua == [InactivePpl(Ref(207, f"{7:016d}", "PPL 7"), None, 3),
                   InactivePpl(Ref(208, f"{8:016d}", "PPL 8"), d(3), 3)]
    assert [p.ppl.name for p in inactive_ppl(facts, CALENDAR, d(10))
            if p.ppl.id in (207, 208)] == []  # only two of Dua's days yet
    assert inactive_ppl(facts, CALENDAR, d(21)) == []  # after every window
    assert inactive_ppl(facts, CALENDAR, d(1)) == []  # before them
    assert inactive_ppl(facts, replace(CALENDAR, inactive_days=0), d(10)) == []


# The database city of tests/test_progress.py, on both backends: 5 SLS of 10 households
# in one kecamatan; by 20 March 2020 Alalak Utara has 9 households and 11 persons.
ONLINE_2020 = Window(date(2020, 3, 2), date(2020, 3, 13))
OFFICE_2020 = Window(date(2020, 3, 2), date(2020, 3, 28))
OWN_2020 = Window(date(2020, 3, 9), date(2020, 4, 1))  # 20 working days with Nyepi off
NYEPI = date(2020, 3, 25)


def test_rows_against_the_saved_calendar(db, city) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        save_calendar(session, replace(
            load_calendar(session), online=ONLINE_2020, field=OFFICE_2020,
            kecamatan_field={city.kec.id: OWN_2020}, holidays=frozenset({NYEPI}),
            holiday_names={NYEPI: "Hari Raya Nyepi"}, behind_pct=5.0, far_behind_pct=30.0))
    with db.session() as session:
        facts = load_facts(session)
    assert facts.calendar.field_window(city.kec.id) == OWN_2020
    kel = progress_view(facts, ProgressLevel.KELURAHAN, day=DAY)
    utara, tengah = kel.rows
    # 20 March: 11 of the kecamatan's 20 working days, 0.55 of 10 = 5.5 -> 6 per SLS
    assert (utara.expected_households_today, utara.households_found) == (18, 9)
    assert utara.field_status is S.TERTINGGAL  # 9 of 30 behind: 30 points, not more
    assert (tengah.expected_households_today, tengah.field_status) == (12, S.JAUH_TERTINGGAL)
    assert kel.total.expected_households_today == 30
    # the online window is over: all of 20 % of 120 persons (24) is expected; 11 filled
    assert (utara.expected_online_today, utara.online_status) == (24, S.JAUH_TERTINGGAL)
    # pace days 12-20 March: 5, 5, 5, 6, 6, 6, 9, 9 found, i.e. 0, 0, 1, 0, 0, 3, 0;
    # 21 to go at 4 per 7 days: 37 working days; fastest (3): 7 days, past Nyepi
    assert utara.field_forecast == Forecast(date(2020, 5, 4), date(2020, 3, 30), None,
                                            finishes_in_window=False, stalled=False)
    # online: 8 by the 12th, 11 from the 18th; 13 to go at 3 per 7 days; fastest: 5 days
    assert utara.online_forecast is not None and not utara.online_forecast.finishes_in_window
    assert utara.online_forecast.earliest == date(2020, 3, 27)
    sls = progress_view(facts, ProgressLevel.SLS, kelurahan_id=city.kel_a.id, day=DAY).rows
    assert [(r.households_found, r.expected_households_today, r.field_status) for r in sls] == [
        (6, 6, S.SESUAI), (3, 6, S.TERTINGGAL), (0, 6, S.JAUH_TERTINGGAL)]
    ppl = {r.name: r for r in progress_view(facts, ProgressLevel.PPL, day=DAY).rows}
    assert ppl["Ahmad"].expected_households_today == 12  # his SLS 1 and 2
