"""Petugas: every officer with role, team and load; searchable and filterable by role."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton
from sqlalchemy.orm import Session

from desktop.context import ASSIGNMENTS, IMPORTS, OFFICERS, PROFILE, AppContext
from desktop.dialogs import Dialogs
from desktop.imports.master_flow import run_master_import
from desktop.officers.dialogs import OfficerDialog, RetireDialog
from desktop.officers.table import OfficerFilterProxy, OfficerTableModel
from desktop.page import Page
from desktop.tasks import Op
from desktop.widgets import allow, fit_columns, make_table, page_layout, search_box
from models.access import Permission
from models.areas.queries import kecamatan_rows
from models.formatting import format_number
from models.office.profile import get_profile, role_labels
from models.officers import importing as officer_import
from models.officers.edit import (
    OfficerData,
    add_officer,
    officer_form,
    officer_version,
    retire_officer,
    successor_choices,
    update_officer,
)
from models.officers.queries import OfficerRow, officer_rows
from models.schema.officers import OfficerRole, OfficerStatus


class PetugasPage(Page):
    key = "petugas"
    title = "Petugas"
    watches = frozenset({OFFICERS, ASSIGNMENTS, PROFILE})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.labels = {r: r.value.upper() for r in OfficerRole}
        layout = page_layout(self, "Petugas lapangan")
        self.model = OfficerTableModel(self, full_nik=ctx.full_nik)
        self.proxy = OfficerFilterProxy(self)
        self.view, _ = make_table(self.model, self, self.proxy)
        bar = QHBoxLayout()
        self.search = search_box(self.proxy, self, "Cari nama, NIK, tim, kecamatan… (Ctrl+F)")
        bar.addWidget(self.search, 1)
        self.role_filter = QComboBox()
        self.role_filter.currentIndexChanged.connect(self._filter_role)
        bar.addWidget(self.role_filter)
        for text, slot in (("Impor petugas…", self.import_officers),
                           ("Tambah petugas…", self.add), ("Ubah…", self.edit),
                           ("Nonaktifkan…", self.retire)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            allow(ctx, Permission.EDIT_MASTER, button)
            if text.startswith("Nonaktifkan"):
                self.retire_button = button
        layout.addLayout(bar)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.view.doubleClicked.connect(lambda _: self.edit())

    def load(self) -> None:
        self.read(lambda s: (role_labels(get_profile(s)), officer_rows(s)), self._show)

    def _show(self, loaded: tuple[dict[OfficerRole, str], list[OfficerRow]]) -> None:
        labels, rows = loaded
        self.model.labels = self.labels = labels
        self.model.set_rows(rows)
        chosen = self.role_filter.currentData()
        self.role_filter.blockSignals(True)
        self.role_filter.clear()
        self.role_filter.addItem("Semua jabatan", None)
        for role in OfficerRole:
            self.role_filter.addItem(labels[role], role)
        self.role_filter.setCurrentIndex(max(self.role_filter.findData(chosen), 0))
        self.role_filter.blockSignals(False)
        counts = {role: sum(1 for r in rows if r.role is role) for role in OfficerRole}
        self.summary.setText(" · ".join(
            f"{format_number(counts[role])} {labels[role]}" for role in OfficerRole))
        fit_columns(self.view)

    def _filter_role(self) -> None:
        self.proxy.set_role(self.role_filter.currentData())

    def selected(self) -> OfficerRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(self.proxy.mapToSource(index).row()) if index.isValid() else None

    def import_officers(self) -> Op | None:
        return run_master_import(self, self.ctx, self.dialogs, officer_import.FIELDS,
                                 officer_import.KIND, officer_import.import_petugas,
                                 "Impor daftar petugas", (OFFICERS, ASSIGNMENTS, IMPORTS))

    def add(self) -> None:
        self.read(_kecamatan, self._add, slot="edit")

    def _add(self, kecamatan: list[tuple[int, str]]) -> None:
        dialog = OfficerDialog(self.labels, kecamatan, self)
        if self.dialogs.run(dialog):
            self.apply_edit(lambda s: add_officer(s, dialog.values()),
                            OFFICERS, ASSIGNMENTS)

    def edit(self) -> None:
        if not self.ctx.can(Permission.EDIT_MASTER):  # a double click by a viewer
            return
        officer = self.selected()
        if officer is None:
            self.dialogs.inform(self, "Ubah data petugas", "Pilih petugas di tabel.")
            return
        self.read(lambda s: (officer_form(s, officer.id), _kecamatan(s)),
                  lambda loaded: self._edit(officer, *loaded), slot="edit")

    def _edit(self, officer: OfficerRow, form: tuple[OfficerData, int],
              kecamatan: list[tuple[int, str]]) -> None:
        current, version = form
        dialog = OfficerDialog(self.labels, kecamatan, self, current)
        if self.dialogs.run(dialog):
            data = dialog.values()
            self.apply_edit(lambda s: update_officer(s, officer.id, data, version),
                            OFFICERS, ASSIGNMENTS)

    def retire(self) -> None:
        officer = self.selected()
        if officer is None or officer.status is OfficerStatus.NONAKTIF:
            self.dialogs.inform(self, "Nonaktifkan petugas", "Pilih petugas aktif di tabel.")
            return
        self.read(lambda s: (officer_version(s, officer.id), successor_choices(s, officer.id)),
                  lambda loaded: self._retire(officer, *loaded), slot="edit")

    def _retire(self, officer: OfficerRow, version: int,
                successors: list[tuple[int, str]]) -> None:
        dialog = RetireDialog(officer.name, officer.sls_count, successors, self)
        if self.dialogs.run(dialog):
            successor, by = dialog.successor.currentData(), self.ctx.username
            self.apply_edit(lambda s: retire_officer(
                s, officer.id, successor, version, by=by), OFFICERS, ASSIGNMENTS)


def _kecamatan(session: Session) -> list[tuple[int, str]]:
    """The choices of the form's kecamatan box."""
    return [(k.id, k.name) for k in kecamatan_rows(session)]
