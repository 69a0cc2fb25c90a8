"""Kualitas: PPL, teams or areas ranked by their quality flags, one column per measure; the
records behind a flag one Enter away; a measure across officers and the age–sex pyramid."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter
from sqlalchemy.orm import Session

from desktop.context import (
    ASSIGNMENTS,
    IMPORTS,
    OFFICERS,
    QUALITY,
    RECON,
    SCHEDULE,
    AppContext,
)
from desktop.dialogs import Dialogs
from desktop.page import Page
from desktop.quality.charts import chart_view, show_distribution, show_pyramid
from desktop.quality.records_dialog import RECORD_LIMIT, FlaggedRecordsDialog
from desktop.quality.table import QualityTableModel
from desktop.tasks import Op
from desktop.widgets import fit_columns, make_table, page_layout
from models.areas.queries import kecamatan_rows
from models.formatting import format_number
from models.quality.display import cell_tip, threshold_text
from models.quality.export import export_quality, ranked
from models.quality.measures import Measure, Thresholds
from models.quality.officers import LEVEL_LABELS, QualityLevel, QualityRow, quality_rows
from models.quality.pyramid import Pyramid, age_sex_pyramid
from models.quality.records import FlaggedRecord, flagged_records
from models.quality.settings import load_thresholds

OFFICE = -1  # kecamatan combo data for the whole office
LEVEL_CHOICES = {QualityLevel.PPL: "Per PPL", QualityLevel.TIM: "Per tim",
                 QualityLevel.KELURAHAN: "Per kelurahan/desa",
                 QualityLevel.KECAMATAN: "Per kecamatan"}


@dataclass(frozen=True)
class Loaded:
    level: QualityLevel
    rows: list[QualityRow]
    thresholds: Thresholds
    kecamatan: list[tuple[int, str, str]]  # id, BPS code, name


class KualitasPage(Page):
    key = "kualitas"
    title = "Kualitas"
    watches = frozenset({IMPORTS, RECON, ASSIGNMENTS, OFFICERS, QUALITY, SCHEDULE})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.loaded: Loaded | None = None
        self.pyramid: Pyramid | None = None
        layout = page_layout(self, "Kualitas hasil lapangan",
                             "Ukuran kewajaran per petugas atau wilayah, dibanding kecamatannya; "
                             "sel merah melewati batas Pengaturan › Kualitas. Enter atau klik "
                             "dua kali pada sel merah (per PPL): catatan di baliknya.")
        bar = QHBoxLayout()
        self.level = QComboBox()
        self.level.setAccessibleName("Tingkat")
        for level, label in LEVEL_CHOICES.items():
            self.level.addItem(label, level)
        self.level.currentIndexChanged.connect(lambda _: self.load())
        self.measure = QComboBox()
        self.measure.setAccessibleName("Ukuran di grafik")
        for measure in Measure:
            self.measure.addItem(measure.label, measure)
        self.measure.currentIndexChanged.connect(lambda _: self._show_distribution())
        self.kecamatan = QComboBox()
        self.kecamatan.setAccessibleName("Wilayah piramida")
        self.kecamatan.addItem("Seluruh wilayah", OFFICE)
        self.kecamatan.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kecamatan.currentIndexChanged.connect(lambda _: self.load_pyramid())
        self.export_button = QPushButton("Ekspor xlsx…")
        self.export_button.setToolTip("Simpan tabel ini sebagai buku kerja Excel (Ctrl+E)")
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.clicked.connect(self.export)
        for text, widget in (("Tingkat:", self.level), ("Grafik:", self.measure),
                             ("Piramida:", self.kecamatan)):
            bar.addWidget(QLabel(text))
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.total = QLabel("Memuat…")
        self.total.setObjectName("summary")
        self.total.setWordWrap(True)
        layout.addWidget(self.total)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = QualityTableModel(self)
        self.view, self.proxy = make_table(self.model, split)
        self.view.setSelectionBehavior(self.view.SelectionBehavior.SelectItems)
        self.view.activated.connect(self.open_records)
        split.addWidget(self.view)
        charts = QSplitter(Qt.Orientation.Horizontal)
        self.distribution, self.pyramid_view = chart_view(), chart_view()
        charts.addWidget(self.distribution)
        charts.addWidget(self.pyramid_view)
        charts.setSizes([600, 400])
        split.addWidget(charts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([260, 240])
        layout.addWidget(split, 1)

    def current_level(self) -> QualityLevel:
        return self.level.currentData()

    def current_measure(self) -> Measure:
        return self.measure.currentData()

    def kecamatan_id(self) -> int | None:
        data = self.kecamatan.currentData()
        return None if data in (None, OFFICE) else int(data)

    def load(self) -> None:
        level, kecamatan_id = self.current_level(), self.kecamatan_id()

        def work(session: Session) -> tuple[Loaded, Pyramid, int | None]:
            thresholds = load_thresholds(session)
            rows = ranked(quality_rows(session, level, thresholds=thresholds))
            areas = [(a.id, a.bps_code, a.name) for a in kecamatan_rows(session)]
            return (Loaded(level, rows, thresholds, areas),
                    age_sex_pyramid(session, kecamatan_id=kecamatan_id), kecamatan_id)

        self.read(work, self._loaded)

    def _loaded(self, result: tuple[Loaded, Pyramid, int | None]) -> None:
        loaded, pyramid, kecamatan_id = result
        self.loaded = loaded
        self._fill_kecamatan(loaded.kecamatan)
        self.model.set_level(loaded.level, loaded.thresholds)
        self.model.set_rows(loaded.rows)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the ranking: most flags first
        fit_columns(self.view, 260)
        self.total.setText(summary_text(loaded))
        self._show_distribution()
        if self.kecamatan_id() == kecamatan_id:
            self._show_pyramid(pyramid)
        else:  # another kecamatan chosen (or gone) while it loaded
            self.load_pyramid()

    def _fill_kecamatan(self, areas: list[tuple[int, str, str]]) -> None:
        current = self.kecamatan.currentData()
        self.kecamatan.blockSignals(True)
        self.kecamatan.clear()
        self.kecamatan.addItem("Seluruh wilayah", OFFICE)
        for area_id, code, name in areas:
            self.kecamatan.addItem(f"{name} ({code})", area_id)
        self.kecamatan.setCurrentIndex(max(0, self.kecamatan.findData(current)))
        self.kecamatan.blockSignals(False)

    def load_pyramid(self) -> None:
        kecamatan_id = self.kecamatan_id()
        self.read(lambda s: age_sex_pyramid(s, kecamatan_id=kecamatan_id), self._show_pyramid,
                  slot="pyramid")

    def _show_pyramid(self, pyramid: Pyramid) -> None:
        self.pyramid = pyramid
        area = "seluruh wilayah" if self.kecamatan_id() is None else \
            self.kecamatan.currentText().rsplit(" (", 1)[0]
        show_pyramid(self.pyramid_view, pyramid, area)

    def _show_distribution(self) -> None:
        if self.loaded is not None:
            show_distribution(self.distribution, self.loaded.rows, self.current_measure(),
                              self.loaded.thresholds, self.loaded.level)

    def open_records(self, index: QModelIndex) -> Op | None:
        """The records behind the flag of the activated cell, read in the background."""
        if self.loaded is None or not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        measure = self.model.measure_at(source.column())
        row = self.model.row_at(source.row())
        if measure is None or measure not in row.flags:
            return None
        if row.level is not QualityLevel.PPL:
            self.dialogs.inform(self, "Catatan di balik tanda",
                                "Catatan per orang dapat dilihat per PPL: pilih tingkat "
                                "\"Per PPL\", lalu tekan Enter pada sel merah.")
            return None
        self.measure.setCurrentIndex(self.measure.findData(measure))
        explanation = cell_tip(row, measure, self.loaded.thresholds).replace("\n", "; ")
        officer_id = row.key

        def show(records: list[FlaggedRecord]) -> None:
            self.dialogs.run(FlaggedRecordsDialog(row.name, measure.label, explanation,
                                                  records, self))

        return self.read(lambda s: flagged_records(s, officer_id=officer_id, measure=measure,
                                                   limit=RECORD_LIMIT), show, slot="records")

    def export(self) -> Op | None:
        if self.loaded is None:
            return None
        loaded = self.loaded
        label = LEVEL_LABELS[loaded.level]
        target = self.dialogs.save_file(self, "Ekspor tabel kualitas",
                                        f"Kualitas per {label}.xlsx")
        if target is None:
            return None
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        return (Op(self, self.ctx, lambda _s, p: export_quality(target, loaded.level,
                                                                loaded.rows, p),
                   write=False, dialogs=self.dialogs)
                .with_progress("Menulis berkas xlsx…")
                .on_success(lambda count: self.dialogs.inform(
                    self, "Ekspor tabel kualitas",
                    f"{format_number(count)} baris ditulis ke {target}.")).start())


def summary_text(loaded: Loaded) -> str:
    rows = loaded.rows
    if not rows:
        return "Belum ada hasil lapangan untuk dinilai."
    noun = LEVEL_LABELS[loaded.level]
    noun = noun if noun.isupper() else noun.lower()
    flagged = [r for r in rows if r.flags]
    flags = sum(len(r.flags) for r in rows)
    most = max(Measure, key=lambda m: sum(1 for r in rows if m in r.flags))
    worst = sum(1 for r in rows if most in r.flags)
    text = (f"{format_number(len(flagged))} dari {format_number(len(rows))} {noun} ditandai, "
            f"{format_number(flags)} tanda seluruhnya.")
    if worst:
        text += (f" Paling sering: {most.label} ({format_number(worst)} {noun}; batas "
                 f"{threshold_text(most, loaded.thresholds)}).")
    return text
