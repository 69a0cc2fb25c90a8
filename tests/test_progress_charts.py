"""Charts people can read: bars named in full, teams with their PML, round axis ticks, and a
letter chart whose target label and area names stay clear of the bars and of each other."""
from __future__ import annotations

import io
import math
from datetime import date, timedelta
from decimal import Decimal

from pypdf import PdfReader
from pypdf.generic import ContentStream
from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.progress.charts import chart_view, nice_axis, show_bars, show_days
from desktop.progress.table import ProgressTableModel
from models.letters.pdf import chart as chart_module
from models.letters.pdf.chart import FIELD, ONLINE, BarChart, Series
from models.letters.pdf.rows import stringWidth
from models.progress.summary import DayPoint, ProgressLevel, ProgressRow

FONT = "Helvetica"  # the tests read the drawn strings back


def _row(key: int, name: str, online: int, code: str = "") -> ProgressRow:
    return ProgressRow(key, code or f"63710{key:02d}", name, Decimal("20"), Decimal("100"),
                       expected_households=100, expected_population=1000,
                       households_found=90, online_persons=online)


def _axis(chart, kind):  # type: ignore[no-untyped-def]
    return next(a for a in chart.axes() if isinstance(a, kind))


def test_bars_are_horizontal_and_named_in_full(qapp) -> None:  # type: ignore[no-untyped-def]
    names = [f"Banjarmasin Selatan Bagian {n}" for n in range(20)]
    rows = [_row(n, name, 100 + n) for n, name in enumerate(names)]
    view = chart_view()
    show_bars(view, rows, 20.0, ProgressLevel.KECAMATAN)
    chart = view.chart()
    assert isinstance(chart.series()[0], QHorizontalBarSeries)
    categories = _axis(chart, QBarCategoryAxis).categories()
    assert len(categories) == 15 and len(set(categories)) == 15
    assert set(categories) == set(names[:15])  # the lowest 15, their whole names
    assert categories[-1] == names[0]  # the lowest on top
    assert "15 kecamatan terendah dari 20" in chart.title()
    twins = [_row(1, "Ahmad", 100, "6371010101900001"), _row(2, "Ahmad", 120, "6371010101900002"),
             _row(3, "Budi", 90)]
    show_bars(view, twins, 20.0, ProgressLevel.PPL)  # told apart by NIK, masked
    assert _axis(view.chart(), QBarCategoryAxis).categories() == [
        "Ahmad (6371**********02)", "Ahmad (6371**********01)", "Budi"]
    rows = [_row(n, f"RT {n % 20:03d}", 100 + n, f"637101000100{n:02d}00") for n in range(40)]
    show_bars(view, rows, 20.0, ProgressLevel.SLS)  # RT 001 in every kelurahan: told apart by code
    assert len(set(_axis(view.chart(), QBarCategoryAxis).categories())) == 15
    assert view.chart().title().startswith("15 SLS terendah dari 40")


def test_team_level_shows_code_name_and_pml(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ProgressTableModel()
    model.set_level(ProgressLevel.TIM)
    team = _row(7, "Tim 001 Banjarmasin Selatan", 150, "010-001")
    team.pml = "Rabiatul Ramadhan"
    model.set_rows([team])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Kode tim", "Tim", "PML"]
    assert [model.data(model.index(0, c)) for c in range(3)] == [
        "010-001", "Tim 001 Banjarmasin Selatan", "Rabiatul Ramadhan"]
    model.set_level(ProgressLevel.PPL)  # officers still by masked NIK
    assert model.headerData(0, Qt.Orientation.Horizontal) == "NIK"


def _round(step: float) -> bool:
    power = 10 ** math.floor(math.log10(step))
    return any(math.isclose(step, f * power) for f in (1, 2, 2.5, 5, 10))


def test_nice_axis_steps_are_round() -> None:
    for highest in (1, 3, 7, 12, 87.8, 100, 104, 123.8, 999, 1001, 13_361, 123_786):
        top, ticks = nice_axis(highest)
        step = top / (ticks - 1)
        assert top >= highest and 2 <= ticks <= 6 and _round(step) and step == int(step)
        assert top - step < highest  # no empty interval on top


def test_daily_axis_ticks_are_round(qapp) -> None:  # type: ignore[no-untyped-def]
    start = date(2020, 2, 15)
    points = [DayPoint(start + timedelta(days=n), 700 * n, 900 * n) for n in range(138)]
    view = chart_view()
    show_days(view, points)  # 123.300 households at most: in thousands
    values = _axis(view.chart(), QValueAxis)
    step = (values.max() - values.min()) / (values.tickCount() - 1)
    assert values.min() == 0 and values.max() >= 123.3 and _round(step), \
        (values.max(), values.tickCount())


def _rendered(chart: BarChart, width: float, height: float) -> tuple[list, list]:
    """The chart drawn alone on a page at the origin: its texts (text, matrix, size) and
    its rectangles (x, y, w, h). In Helvetica, whose strings read back as written."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    chart.wrapOn(canvas, width, height)
    chart.drawOn(canvas, 0, 0)
    canvas.save()
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    texts: list = []
    rects: list = []
    size, matrix = 0.0, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"Tf":
            size = float(operands[1])
        elif operator == b"Tm":
            matrix = [float(v) for v in operands]
        elif operator == b"Tj":
            texts.append((str(operands[0]), matrix, size))
        elif operator == b"re":
            rects.append([float(v) for v in operands])
    return texts, rects


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]
              ) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] \
        and b[1] < a[1] + a[3]


def test_letter_chart_target_label_and_area_names_stay_clear(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(chart_module, "FONT", FONT)
    labels = [f"RT {n:03d}" for n in range(1, 34)]
    online = [15 + n % 12 for n in range(33)]
    field = [100.0 if n % 3 else 70.0 for n in range(33)]
    chart = BarChart("Partisipasi online per SLS", labels,
                     [Series("Online", online, ONLINE), Series("Lapangan", field, FIELD)],
                     68 * mm, target=20.0, target_label="target online 20 %")
    width = 170 * mm
    texts, rects = _rendered(chart, width, 68 * mm)
    target = [t for t in texts if t[0].startswith("target online")]
    assert len(target) == 1
    _, tm, size = target[0]
    box = (tm[4], tm[5] - 0.25 * size, stringWidth("target online 20 %", FONT, size), size)
    bars = [r for r in rects if r[3] > 0]
    assert bars and not [r for r in bars if _overlaps(box, tuple(r))]
    assert 0 <= box[0] and box[0] + box[2] <= width
    names = sorted((t for t in texts if t[0].startswith("RT ")), key=lambda t: t[1][4])
    assert len(names) >= 17  # thinned at most to every other one
    for (_, a, size_a), (_, b, size_b) in zip(names, names[1:], strict=False):
        cos, sin = a[0], a[1]
        across = abs((b[4] - a[4]) * -sin + (b[5] - a[5]) * cos)
        along = (b[4] - a[4]) * cos + (b[5] - a[5]) * sin
        wide = stringWidth("RT 000", FONT, size_a)
        # parallel lines of text a line and a half apart, or side by side with a gap
        assert across >= 1.4 * max(size_a, size_b) or along >= wide + 2, (a, b)


def test_letter_chart_few_areas_are_named_level_and_whole(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(chart_module, "FONT", FONT)
    labels = ["Banjarmasin Selatan", "Banjarmasin Timur", "Banjarmasin Barat",
              "Banjarmasin Tengah", "Banjarmasin Utara"]
    chart = BarChart("Per kecamatan", labels, [Series("Online", [19, 18, 19, 18, 19], ONLINE)],
                     68 * mm, target=20.0, target_label="target online 20 %")
    texts, _ = _rendered(chart, 170 * mm, 68 * mm)
    shown = [t for t in texts if t[0].startswith("Banjarmasin")]
    assert sorted(t[0] for t in shown) == sorted(labels)
    assert all(t[1][1] == 0 for t in shown)  # not turned
