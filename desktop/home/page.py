"""Beranda: the day's large figures, each opening the page with the details, and the areas
and teams furthest behind schedule."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton

from desktop.context import (
    AREAS,
    ASSIGNMENTS,
    IMPORTS,
    OFFICERS,
    PROFILE,
    QUALITY,
    RECON,
    SCHEDULE,
    AppContext,
)
from desktop.dialogs import Dialogs
from desktop.home.cards import BEHIND, FAR_BEHIND, GOOD, PLAIN, FigureTile
from desktop.home.table import BehindTableModel, points
from desktop.page import Page
from desktop.widgets import fit_columns, make_table, page_layout
from models.formatting import format_date, format_number, format_percent
from models.overview.home import HomeFigures, home_figures
from models.quality.officers import flag_count
from models.schedule.standing import ScheduleStatus

COLUMNS = 5  # tiles per row: two rows fit a 1366-pixel screen beside the navigation


@dataclass(frozen=True)
class Tile:
    key: str
    caption: str
    tooltip: str
    page: str  # the page a click opens


TILES = (
    Tile("target", "Target lapangan", "Rumah tangga yang harus dicacah menurut target kantor",
         "progres"),
    Tile("found", "Ruta dicacah", "Rumah tangga dicacah sampai hari itu: rekap SLS atau hasil "
         "lapangan, mana yang lebih besar", "progres"),
    Tile("expected", "Seharusnya hari ini", "Rumah tangga yang direncanakan jadwal lapangan "
         "sampai hari itu (Pengaturan › Jadwal)", "progres"),
    Tile("schedule", "Sesuai jadwal?", "Dicacah dibanding rencana jadwal; tertinggal lebih "
         "dari ambang jadwal disebut tertinggal", "progres"),
    Tile("online", "SP Online", "Isian SP Online dibanding target online kantor", "progres"),
    Tile("ppl", "PPL aktif hari ini", "PPL yang SLS-nya bertambah rumah tangga pada hari itu, "
         "dari semua PPL aktif", "petugas"),
    Tile("unassigned", "SLS belum ditugaskan", "SLS tanpa PPL saat ini", "penugasan"),
    Tile("unreconciled", "Belum direkonsiliasi", "Catatan orang yang diimpor sejak pencocokan "
         "terakhir (semua, bila pencocokan belum pernah dijalankan)", "rekonsiliasi"),
    Tile("reviews", "Menunggu pemeriksaan", "Beda, ganda dan pindah yang belum diputuskan",
         "rekonsiliasi"),
    Tile("quality", "Peringatan mutu", "Ukuran mutu hasil lapangan PPL yang melewati ambang "
         "(Pengaturan › Kualitas): umur menumpuk, tanggal lahir karangan, rasio jenis kelamin, "
         "ukuran rumah tangga, tanpa NIK, ganda, pindah, laju", "kualitas"),
)
TONES = {ScheduleStatus.SESUAI: GOOD, ScheduleStatus.SELESAI: GOOD,
         ScheduleStatus.TERTINGGAL: BEHIND, ScheduleStatus.JAUH_TERTINGGAL: FAR_BEHIND}
NOT_MEASURED = {ScheduleStatus.TIDAK_DIJADWALKAN: "Jadwal lapangan belum diisi",
                ScheduleStatus.TANPA_TARGET: "Belum ada target",
                ScheduleStatus.BELUM_MULAI: "Jadwal lapangan belum mulai"}


class BerandaPage(Page):
    key = "beranda"
    title = "Beranda"
    watches = frozenset({AREAS, OFFICERS, ASSIGNMENTS, IMPORTS, RECON, PROFILE, SCHEDULE,
                         QUALITY})
    open_page = Signal(str)  # the key of the page a tile or a row opens

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.figures: HomeFigures | None = None
        layout = page_layout(self, "Beranda")
        self.as_of = QLabel("Memuat…")
        self.as_of.setObjectName("summary")
        layout.addWidget(self.as_of)
        self.empty = QFrame()  # a new office: where to begin
        self.empty.setObjectName("emptyState")
        empty_layout = QHBoxLayout(self.empty)
        empty_layout.addWidget(QLabel("<b>Belum ada master wilayah.</b> Impor master wilayah "
                                      "atau muat data contoh di halaman Wilayah."), 1)
        self.start_button = QPushButton("Buka Wilayah")
        self.start_button.clicked.connect(lambda: self.open_page.emit("wilayah"))
        empty_layout.addWidget(self.start_button)
        self.empty.hide()
        layout.addWidget(self.empty)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.tiles: dict[str, FigureTile] = {}
        for index, tile in enumerate(TILES):
            widget = FigureTile(tile.caption, f"{tile.tooltip}. Buka halaman {_title(tile.page)}.")
            widget.activated.connect(lambda page=tile.page: self.open_page.emit(page))
            grid.addWidget(widget, index // COLUMNS, index % COLUMNS)
            self.tiles[tile.key] = widget
        layout.addLayout(grid)
        heading = QLabel("Paling tertinggal dari jadwal")
        heading.setObjectName("summary")
        heading.setToolTip("Kecamatan, kelurahan/desa dan tim yang paling jauh di bawah rencana "
                           "jadwal, dalam poin persentase target. Klik dua kali untuk membuka "
                           "Progres.")
        layout.addWidget(heading)
        self.none_behind = QLabel("Tidak ada wilayah atau tim yang tertinggal dari jadwal.")
        self.none_behind.hide()
        layout.addWidget(self.none_behind)
        self.model = BehindTableModel(self)
        self.view, self.proxy = make_table(self.model, self)
        self.view.doubleClicked.connect(self._row_chosen)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        self.read(home_figures, self._loaded)
        # apart: the first count after an import reads every field person (seconds for a
        # province), and the other figures need not wait for it
        self.tiles["quality"].show_value("…", "menghitung ukuran mutu…", PLAIN)
        self.read(flag_count, self._quality_loaded, slot="quality")

    def _quality_loaded(self, flags: int) -> None:
        self.tiles["quality"].show_value(
            format_number(flags), "tanda pada PPL di atas ambang mutu",
            FAR_BEHIND if flags else PLAIN)

    def _loaded(self, figures: HomeFigures) -> None:
        self.figures = figures
        self.empty.setVisible(figures.sls_total == 0)
        self.as_of.setText(f"Keadaan per {format_date(figures.day)}" if figures.day
                           else "Belum ada isian online atau hasil lapangan.")
        for key, (value, detail, tone) in _texts(figures).items():
            self.tiles[key].show_value(value, detail, tone)
        self.model.set_rows(figures.behind)
        self.none_behind.setVisible(not figures.behind)
        fit_columns(self.view, 260)

    def _row_chosen(self, _index: QModelIndex) -> None:
        self.open_page.emit("progres")


def _title(key: str) -> str:
    return {"progres": "Progres", "petugas": "Petugas", "penugasan": "Penugasan",
            "rekonsiliasi": "Rekonsiliasi", "kualitas": "Kualitas"}[key]


def _schedule_text(f: HomeFigures) -> tuple[str, str, str]:
    status = f.field_status
    if status in NOT_MEASURED:
        return "–", NOT_MEASURED[status], PLAIN
    if status is ScheduleStatus.SELESAI:
        return "Ya", "Target lapangan tercapai", GOOD
    if f.field_gap > 0:
        detail = f"kurang {format_number(f.field_gap)} ruta ({points(f.field_gap_points)})"
    else:
        detail = f"lebih {format_number(-f.field_gap)} ruta dari rencana"
    if status.behind:
        detail = f"{status.label.capitalize()}: {detail}"
    return ("Ya" if status is ScheduleStatus.SESUAI else "Tidak"), detail, TONES[status]


def _texts(f: HomeFigures) -> dict[str, tuple[str, str, str]]:
    """Value, detail and tone of each tile."""
    expected = f"{format_percent(f.expected_pct)} dari target" if f.scheduled \
        else NOT_MEASURED[ScheduleStatus.TIDAK_DIJADWALKAN]
    online_pct = 100 * f.online_persons / f.online_target if f.online_target else 0.0
    reconciled = ("catatan sejak pencocokan terakhir" if f.reconciled_before
                  else "pencocokan belum pernah dijalankan")
    return {
        "target": (format_number(f.field_target), "rumah tangga", PLAIN),
        "found": (format_number(f.households_found),
                  f"{format_percent(f.achieved_pct)} dari target", PLAIN),
        "expected": (format_number(f.expected_today), expected, PLAIN),
        "schedule": _schedule_text(f),
        "online": (format_number(f.online_persons),
                   f"{format_percent(online_pct)} dari target {format_number(f.online_target)}"
                   f" orang; {f.online_status.label}", TONES.get(f.online_status, PLAIN)),
        "ppl": (f"{format_number(f.ppl_active_today)} / {format_number(f.ppl_total)}",
                "bertambah rumah tangga pada hari itu", PLAIN),
        "unassigned": (format_number(f.sls_unassigned), f"dari {format_number(f.sls_total)} SLS",
                       FAR_BEHIND if f.sls_unassigned else PLAIN),
        "unreconciled": (format_number(f.unreconciled), reconciled,
                         BEHIND if f.unreconciled else PLAIN),
        "reviews": (format_number(f.open_reviews), "belum diputuskan",
                    BEHIND if f.open_reviews else PLAIN),
    }
