"""An area's figures (on hover and in a dialog), and choosing the PPL for a map selection."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs import ok_cancel
from models.assignment.queries import PplLoad, SlsAssignRow
from models.formatting import format_number
from models.maps.queries import MapArea
from models.overview.map_measures import AreaFigures
from models.schema.maps import BoundaryLevel


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %".replace(".", ",")


def figure_pairs(area: MapArea, figure: AreaFigures, level: BoundaryLevel,
                 ppl_label: str) -> list[tuple[str, str]]:
    n = format_number
    pairs = [("Kode", area.code), ("Nama", area.name)]
    if level is BoundaryLevel.SLS:
        pairs += [("Kelurahan", area.kelurahan), ("Kecamatan", area.kecamatan),
                  (ppl_label, figure.ppl or "(belum ditugaskan)")]
    else:
        if level is BoundaryLevel.KELURAHAN:
            pairs.append(("Kecamatan", area.kecamatan))
        pairs.append(("SLS", f"{n(figure.sls_count)}, {n(figure.unassigned_sls)} belum "
                             "ditugaskan"))
    pairs += [
        ("Rumah tangga", f"{n(figure.households_found)} dari {n(figure.expected_households)} "
                         "perkiraan"),
        ("Online", f"{n(figure.online_persons)} jiwa ({_pct(figure.online_pct)}; "
                   f"target {_pct(figure.online_target_pct)})"),
        ("Lapangan terhadap rencana", _pct(figure.field_vs_plan)
         + (f" — {figure.field_status}" if figure.field_status else "")),
        ("Rekonsiliasi menunggu", n(figure.recon_waiting)),
        ("Tanda kualitas", ", ".join(figure.quality_flags) or "tidak ada"),
    ]
    return pairs


def figure_lines(area: MapArea, figure: AreaFigures, level: BoundaryLevel,
                 ppl_label: str) -> list[str]:
    return [f"{label}: {value}" for label, value in figure_pairs(area, figure, level, ppl_label)]


class AreaDetailsDialog(QDialog):
    def __init__(self, area: MapArea, figure: AreaFigures, level: BoundaryLevel,
                 ppl_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Rincian {area.name}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.pairs = figure_pairs(area, figure, level, ppl_label)
        for label, value in self.pairs:
            shown = QLabel(value)
            shown.setWordWrap(True)
            form.addRow(f"{label}:", shown)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)


class ChoosePplDialog(QDialog):
    """Which PPL takes the SLS picked on the map; those of the SLS's kecamatan first."""

    def __init__(self, ppl: list[PplLoad], ppl_label: str, sls: list[SlsAssignRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Tugaskan ke {ppl_label}")
        layout = QVBoxLayout(self)
        households = sum(s.households for s in sls)
        layout.addWidget(QLabel(f"{format_number(len(sls))} SLS dipilih "
                                f"({format_number(households)} rumah tangga perkiraan)."))
        self.combo = QComboBox()
        for load in sorted(ppl, key=lambda p: p.name):
            self.combo.addItem(f"{load.name} — {format_number(load.sls)} SLS, "
                               f"{format_number(load.households)} ruta", load)
        form = QFormLayout()
        form.addRow(f"{ppl_label}:", self.combo)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Tugaskan"))
        self.setMinimumWidth(420)

    def chosen(self) -> PplLoad | None:
        return self.combo.currentData()

    def choose(self, officer_id: int) -> None:
        for index in range(self.combo.count()):
            if self.combo.itemData(index).officer_id == officer_id:
                self.combo.setCurrentIndex(index)
