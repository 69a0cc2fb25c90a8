"""Pengaturan › Pencocokan: the two scores that cut the matching without NIK into three."""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.context import LINKAGE, AppContext
from desktop.dialogs import Dialogs
from desktop.office.tab import SettingsTab
from desktop.qt_texts import INDONESIAN
from models.recon.linkage.bands import HIGHEST, LOWEST, Bands, defaults, load_bands, save_bands

log = logging.getLogger(__name__)

EXPLANATION = (
    "Orang tanpa pasangan NIK dicocokkan dengan skor: jumlah bobot bukti yang dibandingkan "
    "— nama, tanggal lahir, jenis kelamin, No. KK, SLS, anggota ruta dan NIK. Bukti yang "
    "sama menambah skor, yang berbeda menguranginya; setiap tambahan 1 poin melipatduakan "
    "peluang bahwa keduanya orang yang sama.\n\n"
    "Pasangan dengan skor sama dengan atau di atas batas pasti dipasangkan otomatis, bila "
    "nama dan tanggal lahirnya juga mirip. Di "
    "antara kedua batas, pasangan masuk Tinjauan sebagai «Mungkin sama» untuk diputuskan. "
    "Di bawah batas mungkin, keduanya dianggap orang yang berbeda.\n\n"
    "Perubahan berlaku pada pencocokan berikutnya; tekan «Cocokkan ulang semua» di "
    "Rekonsiliasi agar berlaku untuk semua data.")
FIELDS = (("sure", "Skor minimal pasti",
           "Dipasangkan otomatis pada skor ini atau lebih (nama dan tanggal lahir harus "
           "mirip)."),
          ("likely", "Skor minimal mungkin",
           "Dari skor ini sampai di bawah batas pasti: diputuskan di Tinjauan."))


class LinkageTab(SettingsTab):
    """The Pencocokan tab; saved on its own, read and written in the worker."""

    def __init__(self, ctx: AppContext, dialogs: Dialogs) -> None:
        super().__init__(ctx, dialogs, watches=frozenset({LINKAGE}))
        self._loaded = Bands()
        self.boxes: dict[str, QDoubleSpinBox] = {}
        for name, _label, tip in FIELDS:
            box = QDoubleSpinBox()
            box.setObjectName(name)
            box.setDecimals(1)
            box.setSingleStep(0.5)
            box.setRange(LOWEST, HIGHEST)
            box.setLocale(INDONESIAN)  # 13,5 as the office writes it
            box.setToolTip(tip)
            box.setMinimumWidth(120)
            self.boxes[name] = box
        self.add_controls("linkage", "Simpan batas (Ctrl+S)", defaults=self._defaults)
        self._build()

    def _build(self) -> None:
        content = self.form = QWidget()
        content.setEnabled(False)  # until the bands have been read
        layout = QVBoxLayout(content)
        note = QLabel(EXPLANATION)
        note.setWordWrap(True)
        note.setMaximumWidth(760)  # a paragraph across 1,100 pixels is hard to read
        layout.addWidget(note)
        group = QGroupBox("Batas skor")
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for name, label, tip in FIELDS:
            words = QLabel(label)
            words.setToolTip(tip)
            form.addRow(words, self.boxes[name])
        row = QHBoxLayout()
        row.addWidget(group)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.errors)
        layout.addLayout(self.button_row())
        layout.addStretch(1)
        self.scroll_around(content)

    # --- reading -----------------------------------------------------------------------------

    def read(self, session: Session) -> Any:
        return load_bands(session)

    def show_read(self, data: Any) -> None:
        self._show(data)

    def _show(self, bands: Bands) -> None:
        self._loaded = bands
        self._fill(bands)
        self.form_ready()

    def _fill(self, bands: Bands) -> None:
        self.boxes["sure"].setValue(bands.sure)
        self.boxes["likely"].setValue(bands.likely)

    def _defaults(self) -> None:
        self._fill(defaults())
        self.status.setText("Nilai bawaan diisi; belum tersimpan.")

    # --- saving ------------------------------------------------------------------------------

    def form_bands(self) -> Bands:
        return Bands(round(self.boxes["sure"].value(), 1),
                     round(self.boxes["likely"].value(), 1), self._loaded.version_id)

    def field_widgets(self) -> dict[str, list[QWidget]]:
        return {name: [box] for name, box in self.boxes.items()}

    def save(self) -> None:
        bands = self.form_bands()
        self.save_through(lambda s: save_bands(s, bands), self._saved)

    def _saved(self, bands: Bands) -> None:
        self._show(bands)
        self.saved_now()
        self.ctx.changed(LINKAGE)
        self.status.setText("Tersimpan. Berlaku pada pencocokan berikutnya.")
