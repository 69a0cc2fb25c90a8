"""Tambah or Ubah pengguna: name, NIP, role, active; a new account also gets a first password."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from models.access import ROLE_LABELS
from models.accounts.admin import UserEdit, UserRow
from models.accounts.auth import MIN_PASSWORD
from models.schema.users import UserRole


class UserDialog(QDialog):
    def __init__(self, current: UserRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ubah pengguna" if current else "Tambah pengguna")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit(current.username if current else "")
        self.username.setReadOnly(current is not None)
        self.full_name = QLineEdit(current.full_name if current else "")
        self.nip = QLineEdit(current.nip if current else "")
        self.nip.setPlaceholderText("18 angka (boleh kosong)")
        self.role = QComboBox()
        for role in UserRole:
            self.role.addItem(ROLE_LABELS[role], role)
        self.role.setCurrentIndex(list(UserRole).index(current.role if current
                                                       else UserRole.STAF))
        self.active = QCheckBox("Akun aktif (dapat masuk)")
        self.active.setChecked(current.active if current else True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"minimal {MIN_PASSWORD} karakter, huruf dan angka")
        self.password_note = QLabel("Pemilik akun menggantinya saat pertama masuk.")
        self.password_note.setObjectName("pageHint")
        self.password_note.setWordWrap(True)
        form.addRow("Nama pengguna", self.username)
        form.addRow("Nama lengkap", self.full_name)
        form.addRow("NIP", self.nip)
        form.addRow("Peran", self.role)
        if current is None:
            form.addRow("Kata sandi awal", self.password)
            form.addRow("", self.password_note)
        else:
            form.addRow("", self.active)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Simpan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def edit(self) -> UserEdit:
        return UserEdit(self.full_name.text(), self.nip.text(), self.role.currentData(),
                        self.active.isChecked())
