"""Small forms for officers: add one, and retire one handing their areas to a successor."""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.dialogs import ok_cancel
from models.officers.edit import OfficerData
from models.schema.officers import OfficerRole


class OfficerDialog(QDialog):
    def __init__(self, labels: dict[OfficerRole, str], kecamatan: list[tuple[int, str]],
                 parent: QWidget | None = None, current: OfficerData | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ubah data petugas" if current else "Tambah petugas")
        form = QFormLayout(self)
        self.nik = QLineEdit()
        self.nik.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,16}")))
        self.nik.setPlaceholderText("16 angka")
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in OfficerRole:
            self.role.addItem(labels[role], role)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.kecamatan = QComboBox()
        self.kecamatan.addItem("(belum ditentukan)", None)
        for kec_id, name in kecamatan:
            self.kecamatan.addItem(name, kec_id)
        for label, widget in (("NIK", self.nik), ("Nama", self.name), ("Jabatan", self.role),
                              ("No HP", self.phone), ("Email", self.email),
                              ("Kecamatan", self.kecamatan)):
            form.addRow(label, widget)
        form.addRow(ok_cancel(self, "Simpan"))
        # room for a full name, an e-mail address and the longest kecamatan name
        self.setMinimumWidth(max(440, self.kecamatan.sizeHint().width() + 160))
        if current is not None:
            self.nik.setText(current.nik)
            self.name.setText(current.name)
            self.role.setCurrentIndex(self.role.findData(current.role))
            self.phone.setText(current.phone)
            self.email.setText(current.email)
            self.kecamatan.setCurrentIndex(max(self.kecamatan.findData(current.kecamatan_id), 0))

    def values(self) -> OfficerData:
        return OfficerData(self.nik.text(), self.name.text(), self.role.currentData(),
                           self.phone.text(), self.email.text(), self.kecamatan.currentData())


class RetireDialog(QDialog):
    def __init__(self, name: str, areas: int, successors: list[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nonaktifkan petugas")
        form = QFormLayout(self)
        note = QLabel(f"<b>{name}</b> dinonaktifkan dan keluar dari timnya. {areas} wilayah "
                      "tugasnya diserahkan kepada:")
        note.setWordWrap(True)
        form.addRow(note)
        self.successor = QComboBox()
        self.successor.addItem("(tidak ada — wilayah menjadi belum ditugaskan)", None)
        for officer_id, successor in successors:
            self.successor.addItem(successor, officer_id)
        form.addRow("Pengganti", self.successor)
        form.addRow(ok_cancel(self, "Nonaktifkan"))
