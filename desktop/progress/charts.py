"""The Progres page's charts (QtCharts): bars per row against the target, lines over time."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen

from models.formatting import format_percent
from models.progress.summary import OUTSIDE, DayPoint, ProgressRow

MOST_BARS = 15  # more bars than this are unreadable: the lowest by online share are shown
ONLINE, FIELD, TARGET = QColor("#2F6DB5"), QColor("#9DB4CC"), QColor("#C0392B")


def chart_view() -> QChartView:
    view = QChartView(QChart())
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view


def _fresh(view: QChartView, title: str) -> QChart:
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


def show_bars(view: QChartView, rows: list[ProgressRow], target: float) -> None:
    """Online and field shares per row, with the online target as a red line."""
    shown = [r for r in rows if r.key != OUTSIDE.id and r.expected_population]
    title = "Online dan lapangan (%)"
    if len(shown) > MOST_BARS:
        shown = sorted(shown, key=lambda r: r.online_pct)[:MOST_BARS]
        title = f"{MOST_BARS} terendah menurut partisipasi online (%)"
    chart = _fresh(view, title)
    online, field = QBarSet("Online"), QBarSet("Lapangan")
    online.setColor(ONLINE)
    field.setColor(FIELD)
    for row in shown:
        online.append(row.online_pct)
        field.append(row.field_pct)
    bars = QBarSeries()
    bars.append(online)
    bars.append(field)
    chart.addSeries(bars)
    line = QLineSeries()
    line.setName(f"Target online {format_percent(target, 0)}")
    line.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
    line.append(-0.5, target)
    line.append(max(len(shown), 1) - 0.5, target)
    chart.addSeries(line)
    names = QBarCategoryAxis()
    names.append([r.name[:18] for r in shown] or [""])
    names.setLabelsAngle(-45 if len(shown) > 3 else 0)
    values = QValueAxis()
    values.setRange(0, max([100.0, *(r.field_pct for r in shown)]))
    values.setLabelFormat("%.0f")  # localized numbers take only f, e, g
    chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    for series in (bars, line):
        series.attachAxis(names)
        series.attachAxis(values)


def _millis(day: date) -> float:
    return QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch()


def show_days(view: QChartView, points: list[DayPoint]) -> None:
    """Online persons and households found at the end of each day."""
    chart = _fresh(view, "Perkembangan harian (kumulatif)")
    online, field = QLineSeries(), QLineSeries()
    online.setName("Isian online (orang)")
    field.setName("Ruta dicacah")
    online.setPen(QPen(ONLINE, 2))
    field.setPen(QPen(FIELD.darker(130), 2))
    top = max([1, *(p.online_persons for p in points), *(p.households_found for p in points)])
    unit = 1000 if top >= 10_000 else 1  # big counts in thousands: the axis has no separators
    previous: DayPoint | None = None
    for point in points:
        if previous and (point.day - previous.day).days > 1:  # flat until the next change
            before = _millis(point.day - timedelta(days=1))
            online.append(before, previous.online_persons / unit)
            field.append(before, previous.households_found / unit)
        online.append(_millis(point.day), point.online_persons / unit)
        field.append(_millis(point.day), point.households_found / unit)
        previous = point
    chart.addSeries(online)
    chart.addSeries(field)
    days = QDateTimeAxis()
    days.setFormat("d MMM")
    values = QValueAxis()
    values.setLabelFormat("%.0f")  # localized numbers take only f, e, g
    values.setRange(0, top / unit * 1.05)
    if unit > 1:
        values.setTitleText("ribu")
    if points:
        days.setRange(QDateTime(points[0].day, QTime(0, 0)),
                      QDateTime(points[-1].day, QTime(23, 59)))
    chart.addAxis(days, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    for series in (online, field):
        series.attachAxis(days)
        series.attachAxis(values)
