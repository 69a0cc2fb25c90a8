"""Pengaturan › Kualitas: the thresholds over which an officer's data is flagged."""
from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.context import QUALITY, AppContext
from desktop.dialogs import Dialogs
from desktop.office.tab import SettingsTab
from desktop.qt_texts import INDONESIAN
from models.quality.measures import THRESHOLD_SOURCES, Thresholds
from models.quality.settings import LIMITS, MAX_MINIMUM, load_thresholds, save_thresholds

log = logging.getLogger(__name__)

# Field, the words before the box, the unit after it, decimals; in the order shown.
GROUPS: tuple[tuple[str, tuple[tuple[str, str, str, int], ...]], ...] = (
    ("Penumpukan umur", (
        ("whipple", "Indeks Whipple lebih dari", "", 1),
        ("myers", "Indeks Myers lebih dari", "", 1),
    )),
    ("Tanggal lahir yang tampak dikarang", (
        ("jan_1", "Lahir 1 Januari lebih dari", " %", 1),
        ("aug_17", "Lahir 17 Agustus lebih dari", " %", 1),
        ("first_of_month", "Lahir tanggal 1 lebih dari", " %", 1),
        ("same_birth_in_household", "Tanggal lahir sama dalam satu ruta lebih dari", " %", 1),
    )),
    ("Dibandingkan dengan kecamatan", (
        ("sex_ratio", "Rasio jenis kelamin berbeda lebih dari", " poin", 1),
        ("household_size", "Rata-rata anggota ruta berbeda lebih dari", " orang", 2),
        ("one_person_share", "Ruta satu orang melebihi kecamatan lebih dari", " poin", 1),
    )),
    ("Identitas", (
        ("no_nik", "Tanpa NIK lebih dari", " %", 1),
        ("invalid_nik", "NIK tidak sah lebih dari", " %", 1),
        ("duplicates", "Ganda lebih dari", " %", 1),
        ("pindah", "Pindah lebih dari", " %", 1),
    )),
    ("Laju kerja", (
        ("pace", "Ruta per hari aktif lebih dari", " × median tim", 1),
        ("long_gap", "Jeda tanpa kunjungan lebih dari", " hari kerja", 0),
    )),
    ("Ukuran minimal agar dinilai", (
        ("min_persons", "Penduduk paling sedikit", " orang", 0),
        ("min_households", "Ruta paling sedikit", " ruta", 0),
    )),
)
MINIMUMS = ("min_persons", "min_households")


class QualityTab(SettingsTab):
    """The Kualitas tab; saved on its own with "Simpan ambang", read and written in the
    worker, never on the UI thread."""

    def __init__(self, ctx: AppContext, dialogs: Dialogs) -> None:
        super().__init__(ctx, dialogs, watches=frozenset({QUALITY}))
        self._loaded = Thresholds()
        self.boxes: dict[str, QDoubleSpinBox | QSpinBox] = {}
        for _title, rows in GROUPS:
            for name, _label, unit, decimals in rows:
                self.boxes[name] = self._box(name, unit, decimals)
        self.add_controls("quality", "Simpan ambang (Ctrl+S)", defaults=self._defaults)
        self._build()

    @staticmethod
    def _box(name: str, unit: str, decimals: int) -> QDoubleSpinBox | QSpinBox:
        box: QDoubleSpinBox | QSpinBox
        if name in MINIMUMS:
            box = QSpinBox()
            box.setRange(1, MAX_MINIMUM)
        else:
            box = QDoubleSpinBox()
            box.setDecimals(decimals)
            low, high = LIMITS[name]
            box.setRange(low, high)
        box.setObjectName(name)
        box.setLocale(INDONESIAN)
        box.setSuffix(unit)
        box.setToolTip(THRESHOLD_SOURCES[name])
        return box

    def _build(self) -> None:
        content = self.form = QWidget()
        content.setEnabled(False)  # until the thresholds have been read
        layout = QVBoxLayout(content)
        note = QLabel("Petugas yang melewati ambang ditandai di halaman Kualitas, dengan "
                      "catatan di balik tandanya. Arahkan tetikus ke sebuah isian untuk "
                      "melihat dasar nilai bawaannya.")
        note.setWordWrap(True)
        layout.addWidget(note)
        groups = QGridLayout()  # two columns: the whole set in view on a 768-pixel screen
        for number, (title, rows) in enumerate(GROUPS):
            group = QGroupBox(title)
            form = QFormLayout(group)
            # a number needs no 900 pixels: the boxes keep their size next to their label
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            for name, label, _unit, _decimals in rows:
                words = QLabel(label)
                words.setToolTip(THRESHOLD_SOURCES[name])
                self.boxes[name].setMinimumWidth(150)
                form.addRow(words, self.boxes[name])
            groups.addWidget(group, number // 2, number % 2)
        layout.addLayout(groups)
        layout.addWidget(self.errors)
        layout.addLayout(self.button_row())
        layout.addStretch(1)
        self.scroll_around(content)

    # --- reading -----------------------------------------------------------------------------

    def read(self, session: Session) -> Any:
        return load_thresholds(session)

    def show_read(self, data: Any) -> None:
        self._show(data)

    def _show(self, thresholds: Thresholds) -> None:
        self._loaded = thresholds
        self._fill(thresholds)
        self.form_ready()

    def _fill(self, thresholds: Thresholds) -> None:
        for name, box in self.boxes.items():
            box.setValue(getattr(thresholds, name))

    def _defaults(self) -> None:
        self._fill(Thresholds())
        self.status.setText("Nilai bawaan diisi; belum tersimpan.")

    # --- saving ------------------------------------------------------------------------------

    def form_thresholds(self) -> Thresholds:
        values: dict[str, float | int] = {}
        for name, box in self.boxes.items():
            values[name] = int(box.value()) if name in MINIMUMS else round(box.value(), 2)
        return dataclasses.replace(Thresholds(**values),  # type: ignore[arg-type]
                                   version_id=self._loaded.version_id)

    def field_widgets(self) -> dict[str, list[QWidget]]:
        return {name: [box] for name, box in self.boxes.items()}

    def save(self) -> None:
        thresholds = self.form_thresholds()
        self.save_through(lambda s: save_thresholds(s, thresholds), self._saved)

    def _saved(self, thresholds: Thresholds) -> None:
        self._show(thresholds)
        self.saved_now()
        self.ctx.changed(QUALITY)
        self.status.setText("Tersimpan.")
