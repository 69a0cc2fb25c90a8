"""Pengaturan: the office profile, targets, officer labels and letter paper, validated."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QLocale, QRegularExpression, Qt
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.context import PROFILE, AppContext
from desktop.dialogs import Dialogs
from desktop.office.linkage import LinkageTab
from desktop.office.logo import LogoBox
from desktop.office.quality import QualityTab
from desktop.office.schedule import ScheduleTab
from desktop.office.tab import mark_invalid
from desktop.page import Page
from desktop.tasks import Op
from models.errors import ValidationError
from models.ids.nip import format_nip
from models.office.profile import LABEL_PRESETS, ProfileData, get_profile, update_profile
from models.schema.office import PaperSize

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
TEXT_FIELDS = {
    "office_name": "Nama kantor", "region_code": "Kode kab/kota", "satker_code": "Kode satker",
    "region_name": "Nama kab/kota", "province_name": "Provinsi", "city": "Tempat surat",
    "address": "Alamat", "phone": "Telepon", "email": "Email", "website": "Situs web",
    "head_name": "Nama kepala", "head_nip": "NIP kepala", "head_title": "Jabatan kepala",
    "label_ppl": "Sebutan PPL", "label_pml": "Sebutan PML", "label_koseka": "Sebutan Koseka",
}
DIGITS = {"region_code": 4, "satker_code": 5, "head_nip": 18}


class PengaturanPage(Page):
    key = "pengaturan"
    title = "Pengaturan"
    watches = frozenset({PROFILE})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.saving = False  # a save is on its way to the database
        self._loaded = ProfileData()
        self.edits: dict[str, QLineEdit] = {}
        for name, label in TEXT_FIELDS.items():
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setAccessibleName(label)
            if name in DIGITS:
                edit.setMaxLength(DIGITS[name])
                edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), edit))
            self.edits[name] = edit
        self.online_target = self._percent_box("online_target_pct")
        self.field_target = self._percent_box("field_target_pct")
        self.capacity = QSpinBox()
        self.capacity.setObjectName("ppl_capacity_households")
        self.capacity.setRange(1, 100_000)
        self.capacity.setSuffix(" ruta")
        self.capacity.setLocale(INDONESIAN)
        self.paper = QComboBox()
        self.paper.setObjectName("paper_size")
        self.paper.addItem("A4 (210 × 297 mm)", PaperSize.A4)
        self.paper.addItem("F4 (215 × 330 mm)", PaperSize.F4)
        self.preset = QComboBox()
        self.preset.addItem("Pilih sebutan baku…", None)
        for title, labels in LABEL_PRESETS.items():
            self.preset.addItem(title, labels)
        self.preset.activated.connect(self._apply_preset)
        self.nip_preview = QLabel()
        self.edits["head_nip"].textChanged.connect(
            lambda text: self.nip_preview.setText(format_nip(text)))
        self.db_label = QLabel(ctx.db.description)
        self.db_label.setWordWrap(True)
        self.errors = QLabel()
        self.errors.setObjectName("formErrors")
        self.errors.setWordWrap(True)
        self.status = QLabel()
        self.save_button = QPushButton("Simpan (Ctrl+S)")
        self.save_button.setObjectName("saveProfile")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Batalkan perubahan")
        self.revert_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self._build()

    def _percent_box(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setObjectName(name)
        box.setRange(0, 100)
        box.setDecimals(2)
        box.setSuffix(" %")
        box.setLocale(INDONESIAN)
        return box

    def _form(self, title: str, rows: list[tuple[str, QWidget]]) -> QGroupBox:
        group = QGroupBox(title)
        form = QFormLayout(group)
        for label, widget in rows:
            form.addRow(label, widget)
        return group

    def _build(self) -> None:
        e = self.edits
        nip_row = QWidget()
        nip_layout = QHBoxLayout(nip_row)
        nip_layout.setContentsMargins(0, 0, 0, 0)
        nip_layout.addWidget(e["head_nip"])
        nip_layout.addWidget(self.nip_preview)
        office = self._form("Kantor", [
            (TEXT_FIELDS[n], e[n]) for n in ("office_name", "region_code", "satker_code",
                                              "region_name", "province_name", "city", "address",
                                              "phone", "email", "website")])
        head = self._form("Kepala kantor (penanda tangan surat)", [
            ("Nama", e["head_name"]), ("NIP (18 angka)", nip_row), ("Jabatan", e["head_title"])])
        targets = self._form("Target dan kapasitas", [
            ("Target isian online", self.online_target),
            ("Target pencacahan lapangan", self.field_target),
            ("Kapasitas satu PPL", self.capacity)])
        labels = self._form("Sebutan petugas", [
            ("Sebutan baku", self.preset), ("Pencacah", e["label_ppl"]),
            ("Pengawas tim", e["label_pml"]), ("Koordinator kecamatan", e["label_koseka"])])
        self.logo = LogoBox(self.ctx, self.dialogs)  # saved on its own, as soon as picked
        letters = self._form("Surat", [("Ukuran kertas", self.paper),
                                       ("Logo kop surat", self.logo)])
        database = self._form("Database", [("Sedang dipakai", self.db_label)])

        content = self.form = QWidget()
        content.setEnabled(False)  # until the profile has been read: typing would be lost
        grid = QGridLayout(content)
        grid.addWidget(office, 1, 0, 3, 1)
        grid.addWidget(head, 1, 1)
        grid.addWidget(targets, 2, 1)
        grid.addWidget(labels, 3, 1)
        grid.addWidget(letters, 4, 0)
        grid.addWidget(database, 4, 1)
        grid.addWidget(self.errors, 5, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.status, 1)
        grid.addLayout(buttons, 6, 0, 1, 2)
        grid.setRowStretch(7, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.schedule = ScheduleTab(self.ctx, self.dialogs)  # saved on its own
        self.quality = QualityTab(self.ctx, self.dialogs)  # saved on its own
        self.linkage = LinkageTab(self.ctx, self.dialogs)  # saved on its own
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Kantor")
        self.tabs.addTab(self.schedule, "Jadwal")
        self.tabs.addTab(self.quality, "Kualitas")
        self.tabs.addTab(self.linkage, "Pencocokan")
        # Ctrl+S saves the tab in view: the Kantor form's shortcut rests while Jadwal is shown.
        kantor_keys = self.findChildren(QShortcut,
                                        options=Qt.FindChildOption.FindDirectChildrenOnly)
        self.tabs.currentChanged.connect(
            lambda index: [key.setEnabled(index == 0) for key in kantor_keys])
        outer = QVBoxLayout(self)  # the title above the tabs, as every page has it
        outer.setContentsMargins(16, 12, 16, 8)
        title = QLabel("Pengaturan")
        title.setObjectName("pageTitle")
        outer.addWidget(title)
        outer.addWidget(self.tabs)

    def _apply_preset(self) -> None:
        labels = self.preset.currentData()
        if labels:
            for name, value in zip(("label_ppl", "label_pml", "label_koseka"), labels, strict=True):
                self.edits[name].setText(value)

    def load(self) -> None:
        self.schedule.load()
        self.quality.load()
        self.linkage.load()
        self.status.clear()
        self.form.setEnabled(False)  # the fields are about to be replaced
        # In the write pool: the first read creates (and keeps) the default row.
        self.read(_profile, self._show, write=True)
        self.logo.load()

    def _show(self, data: ProfileData) -> None:
        self._loaded = data
        self.form.setEnabled(True)
        for name, edit in self.edits.items():
            edit.setText(getattr(data, name))
        self.online_target.setValue(float(data.online_target_pct))
        self.field_target.setValue(float(data.field_target_pct))
        self.capacity.setValue(data.ppl_capacity_households)
        self.paper.setCurrentIndex(max(self.paper.findData(data.paper_size), 0))
        self._mark_invalid(set())
        self.errors.clear()

    def form_data(self) -> ProfileData:
        data = ProfileData(**{name: edit.text() for name, edit in self.edits.items()})
        data.online_target_pct = Decimal(str(round(self.online_target.value(), 2)))
        data.field_target_pct = Decimal(str(round(self.field_target.value(), 2)))
        data.ppl_capacity_households = self.capacity.value()
        data.paper_size = self.paper.currentData()
        data.version_id = self._loaded.version_id
        return data

    def _mark_invalid(self, fields: set[str]) -> None:
        mark_invalid({name: [edit] for name, edit in self.edits.items()}, fields)

    def save(self) -> None:
        if self.saving:  # Ctrl+S again before the first one came back
            return
        data = self.form_data()
        self.saving = True
        (Op(self, self.ctx, lambda s, _p: _save(s, data), dialogs=self.dialogs)
         .on_success(self._saved)
         .on_failure(lambda _e: setattr(self, "saving", False))
         .start())

    def _saved(self, outcome: ProfileData | ValidationError) -> None:
        self.saving = False
        if isinstance(outcome, ValidationError):  # shown at its fields, not in a box
            self._mark_invalid({p.field for p in outcome.problems})
            self.errors.setText(outcome.message)
            self.status.setText("Belum tersimpan.")
            return
        self._show(outcome)
        self.ctx.changed(PROFILE)  # reloads this page too, so the note comes after
        self.status.setText("Tersimpan.")


def _profile(session: Session) -> ProfileData:
    data = get_profile(session)
    session.commit()  # keeps the default row created on first use
    return data


def _save(session: Session, data: ProfileData) -> ProfileData | ValidationError:
    """The saved profile, or the form's problems (returned: they are not a failure to log)."""
    try:
        return update_profile(session, data)
    except ValidationError as exc:
        session.rollback()
        return exc
