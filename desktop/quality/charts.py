"""The Kualitas charts (QtCharts): one measure across officers, flagged ones in red with the
threshold as a line; the age–sex pyramid of field results against SP Online."""
from __future__ import annotations

import math
from html import escape

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QToolTip

from desktop.progress import charts as progress_charts
from desktop.progress.charts import fresh_chart, nice_axis, values_axis
from models.formatting import format_number
from models.quality.display import limit_lines, value_text
from models.quality.measures import Measure, Thresholds
from models.quality.officers import LEVEL_LABELS, QualityLevel, QualityRow
from models.quality.pyramid import Pyramid

NORMAL, FLAGGED, LIMIT = QColor("#9DB4CC"), QColor("#C0392B"), QColor("#7B241C")
MEN, WOMEN, ONLINE = QColor("#5B8DC9"), QColor("#E39AA6"), QColor("#1F3A5F")


def chart_view() -> QChartView:
    return progress_charts.chart_view(200)


def show_distribution(view: QChartView, rows: list[QualityRow], measure: Measure,
                      thresholds: Thresholds, level: QualityLevel) -> None:
    """Every row's value of `measure`, lowest to highest, the flagged ones in red."""
    noun = LEVEL_LABELS[level]
    noun = noun if noun.isupper() else noun.lower()
    valued = sorted(((row.values.get(measure), measure in row.flags, row) for row in rows
                     if row.values.get(measure) is not None
                     and math.isfinite(row.values.get(measure) or 0.0)),
                    key=lambda item: item[0] or 0.0)
    flagged = sum(1 for _v, f, _r in valued if f)
    chart = fresh_chart(view, f"{measure.label} per {noun} ({measure.unit}), urut menurut nilai: "
                         f"{format_number(flagged)} dari {format_number(len(valued))} ditandai")
    normal_set, flagged_set = QBarSet("Tidak ditandai"), QBarSet("Ditandai")
    normal_set.setColor(NORMAL)
    flagged_set.setColor(FLAGGED)
    for value, is_flagged, _row in valued:
        normal_set.append(0.0 if is_flagged else float(value or 0.0))
        flagged_set.append(float(value or 0.0) if is_flagged else 0.0)
    bars = QStackedBarSeries()
    bars.setBarWidth(0.9)
    bars.append(normal_set)
    bars.append(flagged_set)
    chart.addSeries(bars)
    names = QBarCategoryAxis()
    names.append([row.name + f" #{row.key}" for _v, _f, row in valued] or [""])
    names.setLabelsVisible(False)  # hundreds of officers: the bars' shape is what counts
    names.setGridLineVisible(False)
    found = limit_lines(rows, measure, thresholds)
    lines = []
    for name, limit in zip(["Batas bawah", "Batas atas"] if len(found) == 2 else ["Batas"],
                           found, strict=False):
        line = QLineSeries()
        line.setName(f"{name} {value_text(measure, limit)}")
        line.setPen(QPen(LIMIT, 1.5, Qt.PenStyle.DashLine))
        line.append(-0.5, limit)
        line.append(max(len(valued), 1) - 0.5, limit)
        chart.addSeries(line)
        lines.append(line)
    top = max([1.0, *(float(v or 0.0) for v, _f, _r in valued), *found])
    values = values_axis(top)
    chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    for series in (bars, *lines):
        series.attachAxis(names)
        series.attachAxis(values)
    names_of = [f"{row.name}: {value_text(measure, value)}" for value, _f, row in valued]
    bars.hovered.connect(lambda status, index, _set: QToolTip.showText(
        QCursor.pos(), names_of[index] if status and 0 <= index < len(names_of) else ""))


def show_pyramid(view: QChartView, pyramid: Pyramid, area: str) -> None:
    """Men to the left, women to the right, as shares of each source's persons: field
    results as bars, SP Online as a dark outline over them."""
    field, online = pyramid.field, pyramid.online
    chart = fresh_chart(view, f"Piramida penduduk {escape(area)} (% tiap sumber)<br>lapangan "
                         f"{format_number(field.total)} orang, SP Online "
                         f"{format_number(online.total)} orang")
    field_men, field_women = field.shares()
    online_men, online_women = online.shares()
    men, women = QBarSet("Laki-laki (lapangan)"), QBarSet("Perempuan (lapangan)")
    men.setColor(MEN)
    women.setColor(WOMEN)
    for man, woman in zip(field_men, field_women, strict=True):
        men.append(-man)
        women.append(woman)
    bars = QHorizontalStackedBarSeries()
    bars.setBarWidth(0.9)
    bars.append(men)
    bars.append(women)
    chart.addSeries(bars)
    outline = []
    if online.total:
        for name, shares, sign in (("SP Online", online_men, -1.0),
                                   ("SP Online (perempuan)", online_women, 1.0)):
            line = QLineSeries()
            line.setName(name)
            line.setPen(QPen(ONLINE, 2))
            for index, share in enumerate(shares):
                line.append(sign * share, index)
            chart.addSeries(line)
            outline.append(line)
        chart.legend().markers(outline[1])[0].setVisible(False)  # one legend entry
    groups = QBarCategoryAxis()
    groups.append(list(pyramid.labels))
    groups.setTruncateLabels(False)
    font = groups.labelsFont()
    font.setPointSizeF(min(font.pointSizeF(), 7.5))
    groups.setLabelsFont(font)
    widest = max([1.0, *field_men, *field_women, *online_men, *online_women])
    top, ticks = nice_axis(widest, 3)
    shares_axis = QValueAxis()
    shares_axis.setRange(-top, top)
    shares_axis.setTickCount(2 * ticks - 1)
    shares_axis.setLabelFormat("%.0f")
    shares_axis.setTitleText("laki-laki ← → perempuan")
    chart.addAxis(groups, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(shares_axis, Qt.AlignmentFlag.AlignBottom)
    for series in (bars, *outline):
        series.attachAxis(groups)
        series.attachAxis(shares_axis)
