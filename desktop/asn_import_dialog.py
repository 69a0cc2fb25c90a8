"""The ASN list's mapping dialog, with the OPD the list belongs to when it has no OPD column."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from desktop.import_dialog import ImportMappingDialog
from models import asn_import
from models.importing import FilePreview


class AsnImportDialog(ImportMappingDialog):
    def __init__(self, preview: FilePreview, reinspect: Callable[[str], FilePreview],
                 agencies: list[str], parent: QWidget | None = None) -> None:
        super().__init__(preview, asn_import.FIELDS, reinspect, "Impor daftar ASN", parent)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItems(agencies)
        self.agency.setEditText(preview.path.stem if not agencies else agencies[0])
        self.agency.setToolTip("Dipakai bila berkas tidak mempunyai kolom OPD. Daftar ASN OPD "
                               "ini diganti dengan isi berkas.")
        form = QFormLayout()
        form.addRow("OPD pemilik daftar (bila tidak ada kolom OPD)", self.agency)
        self.extra.addLayout(form)
        self.mapping_changed()

    def mapping_changed(self) -> None:
        if hasattr(self, "agency"):
            self.agency.setEnabled("opd" not in self.mapping.columns)

    @property
    def agency_name(self) -> str | None:
        return None if "opd" in self.mapping.columns else self.agency.currentText().strip()
