"""What the map colours areas by: each area's figures, and their classes with a legend."""
from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.assignment.queries import SlsAssignRow, sls_rows
from models.maps.bands import BAND_COLOURS, NO_DATA, band, band_labels, share_of_plan
from models.progress.facts import load_facts
from models.progress.summary import ProgressLevel, ProgressRow, progress_view
from models.quality.officers import QualityLevel, quality_rows
from models.recon.views import Level, summary
from models.schedule.standing import ScheduleStatus
from models.schema.areas import Kelurahan
from models.schema.maps import BoundaryLevel


class MapMeasure(enum.Enum):
    ONLINE = "online"
    FIELD = "lapangan"
    UNASSIGNED = "belum_ditugaskan"
    PPL = "ppl"
    RECON = "rekonsiliasi"
    QUALITY = "kualitas"

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


MEASURE_LABELS = {
    MapMeasure.ONLINE: "Partisipasi online terhadap target",
    MapMeasure.FIELD: "Progres lapangan terhadap rencana hari ini",
    MapMeasure.UNASSIGNED: "SLS belum ditugaskan",
    MapMeasure.PPL: "PPL yang bertugas",
    MapMeasure.RECON: "Rekonsiliasi menunggu diperiksa",
    MapMeasure.QUALITY: "Tanda kualitas",
}
# Colour-blind safe: ColorBrewer RdYlBu (around the target, models.maps.bands), Okabe–Ito
# (the categories), ColorBrewer Purples and Oranges (counts). No data is a neutral grey.
CATEGORIES = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
              "#999999")
WAITING = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
FLAGS = ("#feedde", "#fdbe85", "#fd8d3c", "#d94701")


@dataclass
class AreaFigures:
    """One area's figures, shown when hovering it and in its details."""

    area_id: int
    code: str
    name: str
    ppl: str = ""
    ppl_id: int | None = None
    expected_households: int = 0
    households_found: int = 0
    expected_households_today: int = 0
    expected_population: int = 0
    online_persons: int = 0
    online_target_pct: float = 0.0
    field_status: str = ""
    unassigned_sls: int = 0
    sls_count: int = 0
    recon_waiting: int = 0
    quality_flags: list[str] = field(default_factory=list)

    @property
    def online_pct(self) -> float | None:
        if not self.expected_population:
            return None
        return 100.0 * self.online_persons / self.expected_population

    @property
    def online_vs_target(self) -> float | None:
        """Online share as a share of the target (100: on target)."""
        if self.online_pct is None or not self.online_target_pct:
            return None
        return 100.0 * self.online_pct / self.online_target_pct

    @property
    def field_vs_plan(self) -> float | None:
        """Households found as a share of those planned by today (of all expected, before
        the schedule exists)."""
        return share_of_plan(self.households_found, self.expected_households_today,
                             self.expected_households)


@dataclass(frozen=True)
class LegendClass:
    label: str
    colour: str
    areas: int


@dataclass
class Classes:
    """Each area's colour (as an index into `legend`) for one measure."""

    measure: MapMeasure
    of_area: dict[int, int]
    legend: list[LegendClass]


def map_figures(session: Session, level: BoundaryLevel, *,
                assignments: list[SlsAssignRow] | None = None) -> dict[int, AreaFigures]:
    """area id -> figures, for every active SLS (or every kelurahan, every kecamatan) of
    the master (`assignments`: the SLS rows, when the caller has read them already)."""
    facts = load_facts(session)
    view = progress_view(facts, _PROGRESS_LEVEL[level])
    figures = {row.key: _from_progress(row) for row in view.rows if row.key >= 0}
    if assignments is None:
        assignments = sls_rows(session, None)
    if level is BoundaryLevel.SLS:
        for row in assignments:
            if row.sls_id in figures:
                figure = figures[row.sls_id]
                figure.ppl, figure.ppl_id = row.officer, row.officer_id
                figure.unassigned_sls = int(row.officer_id is None)
                figure.sls_count = 1
    else:
        kecamatan_of = dict(session.execute(select(Kelurahan.id, Kelurahan.kecamatan_id)).all())
        for row in assignments:
            key = row.kelurahan_id if level is BoundaryLevel.KELURAHAN \
                else kecamatan_of.get(row.kelurahan_id)
            if key in figures:
                figures[key].sls_count += 1
                figures[key].unassigned_sls += int(row.officer_id is None)
    for recon in summary(session, _RECON_LEVEL[level]):
        if recon.key in figures:
            figures[recon.key].recon_waiting = recon.open_reviews
    _quality(session, level, figures)
    return figures


_PROGRESS_LEVEL = {BoundaryLevel.SLS: ProgressLevel.SLS,
                   BoundaryLevel.KELURAHAN: ProgressLevel.KELURAHAN,
                   BoundaryLevel.KECAMATAN: ProgressLevel.KECAMATAN}
_RECON_LEVEL = {BoundaryLevel.SLS: Level.SLS, BoundaryLevel.KELURAHAN: Level.KELURAHAN,
                BoundaryLevel.KECAMATAN: Level.KECAMATAN}


def _from_progress(row: ProgressRow) -> AreaFigures:
    status = row.field_status
    return AreaFigures(
        area_id=row.key, code=row.code, name=row.name,
        expected_households=row.expected_households, households_found=row.households_found,
        expected_households_today=row.expected_households_today
        if status is not ScheduleStatus.TIDAK_DIJADWALKAN else 0,
        expected_population=row.expected_population, online_persons=row.online_persons,
        online_target_pct=float(row.online_target_pct),
        field_status=status.label if status is not ScheduleStatus.TIDAK_DIJADWALKAN else "")


def _quality(session: Session, level: BoundaryLevel, figures: dict[int, AreaFigures]) -> None:
    """Kelurahan and kecamatan: the flags of their own records; SLS: the flags of the PPL
    working it."""
    if level is not BoundaryLevel.SLS:
        quality_level = QualityLevel.KELURAHAN if level is BoundaryLevel.KELURAHAN \
            else QualityLevel.KECAMATAN
        for row in quality_rows(session, quality_level):
            if row.key in figures:
                figures[row.key].quality_flags = sorted(m.label for m in row.flags)
        return
    of_ppl = {row.key: sorted(m.label for m in row.flags)
              for row in quality_rows(session, QualityLevel.PPL)}
    for figure in figures.values():
        if figure.ppl_id is not None:
            figure.quality_flags = of_ppl.get(figure.ppl_id, [])


def classes(figures: dict[int, AreaFigures], measure: MapMeasure) -> Classes:
    """The areas in classes of `measure`, with the legend (label, colour, how many)."""
    if measure is MapMeasure.PPL:
        return _ppl_classes(figures)
    if measure is MapMeasure.RECON:
        labels, bounds = _spread([f.recon_waiting for f in figures.values()])
        colours = WAITING[:len(labels)]
        return _classed(measure, figures, labels, colours,
                        lambda f: _counted(f.recon_waiting, bounds))
    labels, colours, pick = _SCALES[measure]
    return _classed(measure, figures, labels, colours, pick)


def measures_for(level: BoundaryLevel) -> list[MapMeasure]:
    """The measures a level's map can show: an SLS has one PPL, a kelurahan many."""
    return [m for m in MapMeasure if m is not MapMeasure.PPL or level is BoundaryLevel.SLS]


def _spread(values: list[int]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Classes of counts from the data: none, then the quartiles of the areas having some
    (a kelurahan waits for twenty times what one SLS does)."""
    some = sorted(v for v in values if v > 0)
    if not some:
        return ("Tidak ada",), ()
    cuts = sorted({1, *(some[len(some) * q // 4] for q in (1, 2, 3))})
    labels = ["Tidak ada"]
    for index, low in enumerate(cuts):
        high = cuts[index + 1] - 1 if index + 1 < len(cuts) else None
        labels.append(f"≥ {low}" if high is None else (f"{low}" if high == low
                                                         else f"{low}–{high}"))
    return tuple(labels), tuple(cuts)


def _classed(measure: MapMeasure, figures: dict[int, AreaFigures], labels: tuple[str, ...],
             colours: tuple[str, ...], pick: Callable[[AreaFigures], int]) -> Classes:
    of_area = {area_id: pick(f) for area_id, f in figures.items()}
    counts = [0] * len(labels)
    for index in of_area.values():
        counts[index] += 1
    legend = [LegendClass(label, colour, count)
              for label, colour, count in zip(labels, colours, counts, strict=True)]
    return Classes(measure, of_area, legend)


def _counted(value: int, bounds: tuple[int, ...]) -> int:
    return sum(value >= b for b in bounds)


_SCALES: dict[MapMeasure, tuple[tuple[str, ...], tuple[str, ...],
                                Callable[[AreaFigures], int]]] = {
    MapMeasure.ONLINE: (band_labels("target"), BAND_COLOURS, lambda f: band(f.online_vs_target)),
    MapMeasure.FIELD: (band_labels("rencana"), BAND_COLOURS, lambda f: band(f.field_vs_plan)),
    MapMeasure.UNASSIGNED: (("Semua SLS sudah ditugaskan", "Ada SLS belum ditugaskan"),
                            ("#cfe3f3", CATEGORIES[0]), lambda f: int(f.unassigned_sls > 0)),
    MapMeasure.QUALITY: (("Tanpa tanda", "1 tanda", "2 tanda", "≥ 3 tanda"), FLAGS,
                         lambda f: _counted(len(f.quality_flags), (1, 2, 3))),
}


def _ppl_classes(figures: dict[int, AreaFigures]) -> Classes:
    """One colour per PPL (Okabe–Ito, repeating), the busiest first; unassigned grey."""
    load: dict[str, int] = {}
    for figure in figures.values():
        if figure.ppl:
            load[figure.ppl] = load.get(figure.ppl, 0) + 1
    ranked = sorted(load, key=lambda name: (-load[name], name))
    palette = CATEGORIES[:-1]
    legend = [LegendClass("Belum ditugaskan", NO_DATA,
                          sum(1 for f in figures.values() if not f.ppl))]
    index_of = {name: 1 + i for i, name in enumerate(ranked)}
    legend += [LegendClass(name, palette[i % len(palette)], load[name])
               for i, name in enumerate(ranked)]
    return Classes(MapMeasure.PPL, {a: index_of.get(f.ppl, 0) for a, f in figures.items()},
                   legend)
