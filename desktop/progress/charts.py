"""The Progres page's charts (QtCharts): bars per row against the target, lines over time."""
from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen

from models.formatting import format_number, format_percent
from models.ids.nik import mask_nik
from models.progress.summary import (
    LEVEL_LABELS,
    OUTSIDE,
    DayPoint,
    PlannedPoint,
    ProgressLevel,
    ProgressRow,
)

MOST_BARS = 15  # more bars than this are unreadable: the lowest by online share are shown
ONLINE, FIELD, TARGET = QColor("#2F6DB5"), QColor("#9DB4CC"), QColor("#C0392B")


def chart_view(minimum_height: int = 220) -> QChartView:
    view = QChartView(QChart())
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(minimum_height)
    return view


def fresh_chart(view: QChartView, title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(chart.margins() * 0)
    chart.setLocalizeNumbers(True)  # axis numbers as the tables write them: 8.000
    old = view.chart()
    view.setChart(chart)
    old.deleteLater()
    return chart


def nice_axis(highest: float, ticks: int = 5) -> tuple[float, int]:
    """A round top for a value axis from 0 and its tick count: steps of 1, 2, 2.5 or 5
    times a power of ten, at most `ticks` intervals (124 thousand: 0, 25, ..., 125). Whole
    steps only: the labels show no decimals."""
    highest = max(highest, 1.0)
    power = max(1.0, 10.0 ** math.floor(math.log10(highest / ticks)))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = factor * power
        if step == int(step) and highest <= step * ticks:
            intervals = math.ceil(highest / step - 1e-9)
            return step * intervals, intervals + 1
    return 10 * power * ticks, ticks + 1  # not reached


def values_axis(highest: float) -> QValueAxis:
    axis = QValueAxis()
    top, ticks = nice_axis(highest)
    axis.setRange(0, top)
    axis.setTickCount(ticks)
    axis.setLabelFormat("%.0f")  # localized numbers take only f, e, g
    return axis


def bar_names(shown: list[ProgressRow], rows: list[ProgressRow],
              level: ProgressLevel | None = None) -> list[str]:
    """Full names, one per bar: a name that more than one of `rows` bears (RT 001 in every
    kelurahan, two officers named alike) gets its code, an officer's NIK masked as in the
    table; the axis would merge equal names."""
    count = Counter(r.name for r in rows)
    officers = level in (ProgressLevel.PPL, ProgressLevel.KOSEKA)

    def code(row: ProgressRow) -> str:
        return mask_nik(row.code) if officers else row.code

    return [f"{r.name} ({code(r)})" if count[r.name] > 1 and r.code else r.name for r in shown]


def show_bars(view: QChartView, rows: list[ProgressRow], target: float,
              level: ProgressLevel | None = None) -> None:
    """Online and field shares per row as horizontal bars named in full, the lowest online
    share on top, with the online target as a red line."""
    shown = [r for r in rows if r.key != OUTSIDE.id and r.expected_population]
    title = "Online dan lapangan (%)"
    if len(shown) > MOST_BARS:
        noun = LEVEL_LABELS[level] if level else "baris"
        noun = noun if noun.isupper() else noun.lower()  # SLS, PPL; kecamatan, tim
        title = (f"{MOST_BARS} {noun} terendah dari {format_number(len(shown))} "
                 "menurut partisipasi online (%)")
    shown = sorted(shown, key=lambda r: r.online_pct)[:MOST_BARS]
    shown.reverse()  # the first category is drawn at the bottom: the lowest on top
    chart = fresh_chart(view, title)
    online, field = QBarSet("Online"), QBarSet("Lapangan")
    online.setColor(ONLINE)
    field.setColor(FIELD)
    for row in shown:
        online.append(row.online_pct)
        field.append(row.field_pct)
    bars = QHorizontalBarSeries()
    bars.setBarWidth(0.85)
    bars.append(online)
    bars.append(field)
    chart.addSeries(bars)
    line = QLineSeries()
    line.setName(f"Target online {format_percent(target, 0)}")
    line.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
    line.append(target, -0.5)
    line.append(target, max(len(shown), 1) - 0.5)
    chart.addSeries(line)
    names = QBarCategoryAxis()
    names.append(bar_names(shown, rows, level) or [""])
    names.setTruncateLabels(False)  # full names: the axis takes the width they need
    font = names.labelsFont()
    font.setPointSizeF(min(font.pointSizeF(), 7.5))
    names.setLabelsFont(font)
    values = values_axis(max([100.0, *(r.field_pct for r in shown)]))
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    for series in (bars, line):
        series.attachAxis(names)
        series.attachAxis(values)


def _millis(day: date) -> float:
    return QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch()


def show_days(view: QChartView, points: list[DayPoint],
              planned: list[PlannedPoint] | None = None) -> None:
    """Online persons and households found at the end of each day; dashed beside them what
    the schedule planned by then, where it plans anything."""
    chart = fresh_chart(view, "Perkembangan harian (kumulatif)")
    online, field = QLineSeries(), QLineSeries()
    online.setName("Isian online (orang)")
    field.setName("Ruta dicacah")
    online.setPen(QPen(ONLINE, 2))
    field.setPen(QPen(FIELD.darker(130), 2))
    planned = planned or []
    top = max([1, *(p.online_persons for p in points), *(p.households_found for p in points),
               *(p.households_found for p in planned), *(p.online_persons for p in planned)])
    unit = 1000 if top >= 10_000 else 1  # big counts in thousands: the axis has no separators
    plans = _planned_lines(planned, unit)
    previous: DayPoint | None = None
    for point in points:
        if previous and (point.day - previous.day).days > 1:  # flat until the next change
            before = _millis(point.day - timedelta(days=1))
            online.append(before, previous.online_persons / unit)
            field.append(before, previous.households_found / unit)
        online.append(_millis(point.day), point.online_persons / unit)
        field.append(_millis(point.day), point.households_found / unit)
        previous = point
    lines = [online, field, *plans]
    for series in lines:
        chart.addSeries(series)
    days = QDateTimeAxis()
    days.setFormat("d MMM")
    values = values_axis(top / unit)  # round ticks: 0, 25, 50, 75, 100, 125
    if unit > 1:
        values.setTitleText("ribu")
    shown = sorted([p.day for p in points[:1] + points[-1:] + planned[:1] + planned[-1:]])
    if shown:
        days.setRange(QDateTime(shown[0], QTime(0, 0)), QDateTime(shown[-1], QTime(23, 59)))
    chart.addAxis(days, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    for series in lines:
        series.attachAxis(days)
        series.attachAxis(values)


def _planned_lines(planned: list[PlannedPoint], unit: int) -> list[QLineSeries]:
    """The planned field line, and the online one when the online window is planned."""
    lines = []
    for name, color, value in (
            ("Rencana ruta", FIELD.darker(130), lambda p: p.households_found),
            ("Rencana online", ONLINE, lambda p: p.online_persons)):
        if not any(value(p) for p in planned):
            continue
        line = QLineSeries()
        line.setName(name)
        line.setPen(QPen(color, 1.5, Qt.PenStyle.DashLine))
        for point in planned:
            line.append(_millis(point.day), value(point) / unit)
        lines.append(line)
    return lines
