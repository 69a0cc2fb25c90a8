"""Peta: the areas on a map, coloured by a measure; SLS picked on it are assigned to a PPL."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QActionGroup, QCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.assignment.commands import AssignCommand, WriteUndoStack, undo_buttons
from desktop.assignment.history_dialog import HistoryDialog
from desktop.context import (
    AREAS,
    ASSIGNMENTS,
    BOUNDARIES,
    IMPORTS,
    OFFICERS,
    PROFILE,
    QUALITY,
    RECON,
    SCHEDULE,
    AppContext,
)
from desktop.dialogs import Dialogs
from desktop.maps import export as map_export
from desktop.maps.canvas import CanvasArea, MapCanvas, Tool
from desktop.maps.details_dialog import AreaDetailsDialog, ChoosePplDialog, figure_lines
from desktop.maps.import_flow import BoundaryImportFlow
from desktop.maps.legend import Legend
from desktop.page import Page
from desktop.widgets import allow, page_layout
from models.access import Permission
from models.assignment.assign import assignment_history
from models.assignment.queries import PplLoad, SlsAssignRow, ppl_loads, sls_rows
from models.formatting import format_number
from models.maps.bands import NO_DATA
from models.maps.queries import MapArea, MapLayer, map_label, map_layer
from models.office.profile import get_profile, role_labels
from models.overview.map_measures import (
    AreaFigures,
    Classes,
    MapMeasure,
    classes,
    map_figures,
    measures_for,
)
from models.schema.maps import BoundaryLevel
from models.schema.officers import OfficerRole

LEVEL_TITLES = {BoundaryLevel.KECAMATAN: "Kecamatan", BoundaryLevel.KELURAHAN: "Kelurahan/desa",
                BoundaryLevel.SLS: "SLS"}
# the level drawn over each as thicker edges, when its boundaries exist
OUTLINED_BY = {BoundaryLevel.SLS: BoundaryLevel.KELURAHAN,
               BoundaryLevel.KELURAHAN: BoundaryLevel.KECAMATAN}


@dataclass
class MapRead:
    """What the page shows: the shapes first (read 1), their figures once read (read 2)."""

    level: BoundaryLevel
    layer: MapLayer
    outlines: list[tuple[bytes, ...]] = field(default_factory=list)  # kelurahan over SLS
    figures: dict[int, AreaFigures] = field(default_factory=dict)
    sls: dict[int, SlsAssignRow] = field(default_factory=dict)
    ppl: list[PplLoad] = field(default_factory=list)
    ppl_label: str = "PPL"


@dataclass
class MapFigures:
    level: BoundaryLevel
    figures: dict[int, AreaFigures]
    sls: dict[int, SlsAssignRow]
    ppl: list[PplLoad]
    ppl_label: str


def read_shapes(session: Session, level: BoundaryLevel) -> MapRead:
    """The boundaries: enough for the first frame (grey until the figures come)."""
    loaded = MapRead(level, map_layer(session, level))
    if loaded.layer.import_id is not None and level in OUTLINED_BY:
        loaded.outlines = [a.details for a in map_layer(session, OUTLINED_BY[level]).areas]
    return loaded


def read_figures(session: Session, level: BoundaryLevel) -> MapFigures:
    """Each area's figures, and for SLS the assignments (with the versions to save by)."""
    assignments = sls_rows(session, None)
    figures = map_figures(session, level, assignments=assignments)
    sls = {row.sls_id: row for row in assignments} if level is BoundaryLevel.SLS else {}
    ppl = ppl_loads(session, None) if level is BoundaryLevel.SLS else []
    return MapFigures(level, figures, sls, ppl,
                      role_labels(get_profile(session))[OfficerRole.PPL])


class PetaPage(Page):
    key = "peta"
    title = "Peta"
    watches = frozenset({AREAS, ASSIGNMENTS, BOUNDARIES, IMPORTS, OFFICERS, PROFILE, QUALITY,
                         RECON, SCHEDULE})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.loaded: MapRead | None = None
        self._area_of: dict[int, MapArea] = {}
        self.current_classes: Classes | None = None
        self.undo_stack = WriteUndoStack(self, ctx, self.dialogs)
        layout = page_layout(self, "Peta wilayah", "Warna menunjukkan ukuran yang dipilih. "
                             "Seret untuk menggeser, roda tetikus untuk memperbesar; klik untuk "
                             "memilih (Shift: tambah), klik ganda untuk rincian.")
        layout.addLayout(self._controls())
        body = QHBoxLayout()
        self.canvas = MapCanvas(self)
        self.canvas.hovered.connect(self._hovered)
        self.canvas.activated.connect(self.open_details)
        self.canvas.selection_changed.connect(self._selection_changed)
        body.addWidget(self.canvas, 1)
        body.addWidget(self._side_panel())
        layout.addLayout(body, 1)
        self.empty = QLabel("Belum ada batas wilayah untuk tingkat ini. Impor shapefile "
                            "(.shp atau .zip) atau GeoJSON batas kelurahan/desa atau SLS "
                            "dengan tombol «Impor batas…».")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("pageHint")
        self.empty.hide()
        layout.addWidget(self.empty)
        self.import_flow = BoundaryImportFlow(self, ctx, self.dialogs)

    # ------------------------------------------------------------------ layout

    def _controls(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        self.level = QComboBox()
        for level in (BoundaryLevel.SLS, BoundaryLevel.KELURAHAN, BoundaryLevel.KECAMATAN):
            self.level.addItem(LEVEL_TITLES[level], level)
        self.level.currentIndexChanged.connect(lambda _i: self.refresh())
        first.addWidget(QLabel("Tingkat:"))
        first.addWidget(self.level)
        self.measure = QComboBox()
        self.measure.setMinimumWidth(280)
        self.measure.currentIndexChanged.connect(lambda _i: self._recolour())
        first.addWidget(QLabel("Warna menurut:"))
        first.addWidget(self.measure)
        self.kecamatan = QComboBox()
        self.kecamatan.setMinimumWidth(170)
        self.kecamatan.activated.connect(lambda _i: self._fit_kecamatan())
        first.addWidget(QLabel("Kecamatan:"))
        first.addWidget(self.kecamatan)
        self.kelurahan = QComboBox()
        self.kelurahan.setMinimumWidth(170)
        self.kelurahan.activated.connect(lambda _i: self._fit_kelurahan())
        first.addWidget(QLabel("Kelurahan:"))
        first.addWidget(self.kelurahan)
        first.addStretch(1)
        rows.addLayout(first)

        tools = QActionGroup(self)
        for tool, text, tip in ((Tool.PAN, "Geser", "Seret untuk menggeser peta"),
                                (Tool.RECTANGLE, "Pilih kotak", "Seret kotak untuk memilih"),
                                (Tool.LASSO, "Pilih laso", "Gambar laso untuk memilih")):
            action = QAction(text, self, checkable=True)
            action.setToolTip(tip)
            action.setChecked(tool is Tool.PAN)
            action.triggered.connect(lambda _c=False, t=tool: setattr(self.canvas, "tool", t))
            tools.addAction(action)
            button = QToolButton()
            button.setDefaultAction(action)
            second.addWidget(button)
        fit = QPushButton("Tampilkan semua")
        fit.setToolTip("Perbesar agar semua wilayah terlihat (Home)")
        fit.clicked.connect(lambda: self.canvas.fit())
        second.addWidget(fit)
        second.addSpacing(12)
        self.assign_button = QPushButton("Tugaskan ke PPL…")
        self.assign_button.clicked.connect(self.assign_selected)
        self.assign_button.setEnabled(False)
        second.addWidget(self.assign_button)
        self.undo_action, self.redo_action, buttons = undo_buttons(self.undo_stack, self, second)
        allow(self.ctx, Permission.ASSIGN, self.assign_button, *buttons)
        history = QPushButton("Riwayat")
        history.setToolTip("Riwayat penugasan SLS yang dipilih")
        history.clicked.connect(self.show_history)
        second.addWidget(history)
        second.addStretch(1)
        importing = QPushButton("Impor batas…")
        importing.clicked.connect(lambda: self.import_flow.start())
        allow(self.ctx, Permission.EDIT_MASTER, importing)
        second.addWidget(importing)
        exporting = QPushButton("Simpan gambar…")
        exporting.setToolTip("Simpan tampilan peta sebagai PNG atau PDF")
        exporting.clicked.connect(self.export_view)
        second.addWidget(exporting)
        rows.addLayout(second)
        return rows

    def _side_panel(self) -> QWidget:
        panel = QWidget()
        panel.setFixedWidth(270)
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 0, 0)
        self.made_up = QLabel("Batas wilayah contoh: BUATAN, bukan peta resmi.")
        self.made_up.setWordWrap(True)
        self.made_up.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.made_up.hide()
        column.addWidget(self.made_up)
        self.legend = Legend()
        column.addWidget(self.legend)
        self.selection_label = QLabel("")
        self.selection_label.setWordWrap(True)
        column.addWidget(self.selection_label)
        self.source = QLabel("")
        self.source.setWordWrap(True)
        self.source.setObjectName("pageHint")
        column.addWidget(self.source)
        column.addStretch(1)
        return panel

    # ------------------------------------------------------------------ loading

    def current_level(self) -> BoundaryLevel:
        return self.level.currentData() or BoundaryLevel.SLS

    def load(self) -> None:
        level = self.current_level()
        self.read(lambda s: read_shapes(s, level), self._show)

    def _show(self, loaded: MapRead) -> None:
        previous = self.loaded
        first = previous is None or previous.layer.import_id != loaded.layer.import_id \
            or previous.level is not loaded.level
        if not first and previous is not None:  # the colours stay until the new figures come
            loaded.figures, loaded.sls = previous.figures, previous.sls
            loaded.ppl, loaded.ppl_label = previous.ppl, previous.ppl_label
        keep = self.canvas.selected
        self.loaded = loaded
        self._area_of = {a.area_id: a for a in loaded.layer.areas}
        has_map = loaded.layer.import_id is not None
        self.empty.setVisible(not has_map)
        self.made_up.setVisible(loaded.layer.made_up)
        if loaded.layer.file_name:
            stamp = loaded.layer.imported_at.strftime("%d-%m-%Y %H:%M") \
                if loaded.layer.imported_at else ""
            self.source.setText(f"Batas: {loaded.layer.file_name} ({stamp}), "
                                f"{format_number(len(loaded.layer.areas))} wilayah.")
        else:
            self.source.setText("")
        self.assign_button.setText(f"Tugaskan ke {loaded.ppl_label}…")
        self._fill_measures(loaded.level)
        self._fill_places(loaded.layer)
        if first:
            self.canvas.set_areas([CanvasArea(a.area_id, map_label(a.name, loaded.level),
                                              a.bounds, a.details, a.label_point)
                                   for a in loaded.layer.areas])
            self.canvas.set_outlines(loaded.outlines)
        self.canvas.set_selected(keep if not first else [])
        self._recolour()
        if loaded.layer.import_id is not None:
            level = loaded.level
            self.read(lambda s: read_figures(s, level), self._show_figures, slot="figures")

    def _show_figures(self, numbers: MapFigures) -> None:
        loaded = self.loaded
        if loaded is None or loaded.level is not numbers.level:
            return  # the level changed meanwhile: its own read is on the way
        loaded.figures, loaded.sls = numbers.figures, numbers.sls
        loaded.ppl, loaded.ppl_label = numbers.ppl, numbers.ppl_label
        self.assign_button.setText(f"Tugaskan ke {loaded.ppl_label}…")
        self._recolour()
        self._selection_changed(self.canvas.selected)

    def _fill_measures(self, level: BoundaryLevel) -> None:
        current = self.measure.currentData()
        self.measure.blockSignals(True)
        self.measure.clear()
        for measure in measures_for(level):
            self.measure.addItem(measure.label, measure)
        index = self.measure.findData(current)
        self.measure.setCurrentIndex(max(index, 0))
        self.measure.blockSignals(False)

    def _fill_places(self, layer: MapLayer) -> None:
        kecamatan = sorted({(a.kecamatan, a.kecamatan_id) for a in layer.areas})
        self.kecamatan.clear()
        self.kecamatan.addItem("Semua kecamatan", None)
        for name, kec_id in kecamatan:
            self.kecamatan.addItem(name, kec_id)
        self._fill_kelurahan(None)

    def _fill_kelurahan(self, kecamatan_id: int | None) -> None:
        layer = self.loaded.layer if self.loaded else None
        self.kelurahan.clear()
        self.kelurahan.addItem("Semua kelurahan", None)
        if layer is None:
            return
        for name, kel_id in sorted({(a.kelurahan, a.kelurahan_id) for a in layer.areas
                                    if a.kelurahan_id and (kecamatan_id is None
                                                           or a.kecamatan_id == kecamatan_id)}):
            self.kelurahan.addItem(name, kel_id)

    def _recolour(self) -> None:
        if self.loaded is None or self.loaded.layer.import_id is None:
            self.legend.show_classes(None)
            return
        if not self.loaded.figures:  # read 2 still on its way: grey, and say so
            self.current_classes = None
            self.canvas.set_classes({}, [NO_DATA])
            self.legend.show_waiting()
            return
        measure = self.measure.currentData() or MapMeasure.ONLINE
        self.current_classes = classes(self.loaded.figures, measure)
        self.canvas.set_classes(self.current_classes.of_area,
                                [c.colour for c in self.current_classes.legend])
        self.legend.show_classes(self.current_classes)

    # ------------------------------------------------------------------ places

    def _fit_kecamatan(self) -> None:
        kec_id = self.kecamatan.currentData()
        self._fill_kelurahan(kec_id)
        if self.loaded is None:
            return
        if kec_id is None:
            self.canvas.fit()
        else:
            self.canvas.fit([a.area_id for a in self.loaded.layer.areas
                             if a.kecamatan_id == kec_id])

    def _fit_kelurahan(self) -> None:
        kel_id = self.kelurahan.currentData()
        if self.loaded is None:
            return
        if kel_id is None:
            self._fit_kecamatan()
            return
        self.canvas.fit([a.area_id for a in self.loaded.layer.areas if a.kelurahan_id == kel_id])

    # ------------------------------------------------------------------ pointing

    def _hovered(self, area_id: int | None) -> None:
        if area_id is None or self.loaded is None:
            QToolTip.hideText()
            return
        figure = self.loaded.figures.get(area_id)
        area = self._area_of.get(area_id)
        if figure is None or area is None:
            return
        text = "\n".join(figure_lines(area, figure, self.loaded.level, self.loaded.ppl_label))
        QToolTip.showText(QCursor.pos() + QPoint(12, 12), text, self.canvas)

    def open_details(self, area_id: int) -> None:
        if self.loaded is None:
            return
        area = self._area_of.get(area_id)
        figure = self.loaded.figures.get(area_id)
        if area is not None and figure is not None:
            self.dialogs.run(AreaDetailsDialog(area, figure, self.loaded.level,
                                               self.loaded.ppl_label, self))

    def _selection_changed(self, area_ids: list[int]) -> None:
        loaded = self.loaded
        sls_level = loaded is not None and loaded.level is BoundaryLevel.SLS
        self.assign_button.setEnabled(bool(area_ids) and sls_level)
        if not area_ids or loaded is None:
            self.selection_label.setText("")
            return
        chosen = [loaded.figures[a] for a in area_ids if a in loaded.figures]
        households = sum(f.expected_households for f in chosen)
        text = (f"Dipilih: {format_number(len(area_ids))} {LEVEL_TITLES[loaded.level]}, "
                f"{format_number(households)} rumah tangga perkiraan.")
        area = self._area_of.get(area_ids[0])
        if len(area_ids) == 1 and area is not None and chosen:  # a click: its details here
            text += "\n\n" + "\n".join(figure_lines(area, chosen[0], loaded.level,
                                                   loaded.ppl_label))
            text += "\n\n(Klik ganda untuk membuka rinciannya.)"
        self.selection_label.setText(text)

    # ------------------------------------------------------------------ assigning

    def selected_sls(self) -> list[SlsAssignRow]:
        if self.loaded is None or self.loaded.level is not BoundaryLevel.SLS:
            return []
        return [self.loaded.sls[a] for a in self.canvas.selected if a in self.loaded.sls]

    def assign_selected(self) -> None:
        sls = self.selected_sls()
        if not sls or self.loaded is None:
            return
        dialog = ChoosePplDialog(self.loaded.ppl, self.loaded.ppl_label, sls, self)
        if not self.dialogs.run(dialog) or dialog.chosen() is None:
            return
        self.assign_to(sls, dialog.chosen())

    def assign_to(self, sls: list[SlsAssignRow], ppl: PplLoad) -> None:
        """The Penugasan page's command: same undo, history and stale-edit check."""
        moving = [s for s in sls if s.officer_id != ppl.officer_id]
        if not moving:
            return
        command = AssignCommand(self.ctx, f"Tugaskan {len(moving)} SLS ke {ppl.name}",
                                dict.fromkeys((s.sls_id for s in moving), ppl.officer_id),
                                {s.sls_id: s.version for s in moving}, reason="lewat peta")
        self.undo_stack.push_write(command)

    def show_history(self) -> None:
        chosen = self.selected_sls()
        sls_id = chosen[0].sls_id if len(chosen) == 1 else None
        title = (f"Riwayat penugasan {chosen[0].code} {chosen[0].name}" if sls_id
                 else "Riwayat penugasan")
        self.read(lambda s: assignment_history(s, sls_id=sls_id),
                  lambda rows: self.dialogs.run(HistoryDialog(title, rows, self)),
                  slot="history")

    # ------------------------------------------------------------------ export

    def export_view(self) -> None:
        target = self.dialogs.save_file(self, "Simpan gambar peta", "peta.png",
                                        map_export.FILTERS)
        if target is None:
            return
        title = self.measure.currentText()
        note = "Batas wilayah contoh (buatan, bukan peta resmi)." \
            if self.loaded and self.loaded.layer.made_up else ""
        try:
            map_export.save_view(self.canvas, self.current_classes, target, title=title,
                                 note=note)
        except OSError as exc:
            self.dialogs.error(self, "Simpan gambar peta",
                               f"Gambar tidak dapat disimpan ke {target}.", str(exc))
            return
        self.dialogs.inform(self, "Simpan gambar peta", f"Peta disimpan ke {target}.")

