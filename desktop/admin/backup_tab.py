"""Cadangan: copy now, the daily copy and how long it is kept, restore with confirmation."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.tasks import Op
from models.access import Permission
from models.backup.copies import (
    RestoreReport,
    backup_now,
    backup_postgres,
    database_identity,
    list_backups,
    pg_dump_command,
    pg_restore_command,
    restore,
)
from models.formatting import format_number

DB_FILES = "Cadangan Kendali Sensus (*.sqlite *.db);;Semua berkas (*)"


class BackupTab(QWidget):
    restored = Signal(object)  # RestoreReport: the window signs out, data and accounts changed

    def __init__(self, ctx: AppContext, dialogs: Dialogs) -> None:
        super().__init__()
        self.ctx, self.dialogs = ctx, dialogs
        settings = ctx.settings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(settings.backup_folder))
        self.folder.editingFinished.connect(self._save_settings)
        choose = QPushButton("Pilih…")
        choose.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        form.addRow("Folder cadangan", folder_row)
        self.auto = QCheckBox("Cadangkan otomatis sekali sehari, saat aplikasi dibuka")
        self.auto.setChecked(settings.auto_backup)
        self.auto.toggled.connect(self._save_settings)
        form.addRow("", self.auto)
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setSuffix(" hari")
        self.keep.setValue(settings.backup_keep_days)
        self.keep.valueChanged.connect(self._save_settings)
        form.addRow("Simpan cadangan otomatis", self.keep)
        layout.addLayout(form)
        bar = QHBoxLayout()
        self.backup_button = QPushButton("Cadangkan sekarang")
        self.backup_button.clicked.connect(self.backup)
        self.restore_button = QPushButton("Pulihkan dari cadangan…")
        self.restore_button.clicked.connect(self.choose_and_restore)
        bar.addWidget(self.backup_button)
        bar.addWidget(self.restore_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("pageHint")
        self.note.setTextInteractionFlags(self.note.textInteractionFlags()
                                          | self.note.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(self.note)
        layout.addWidget(QLabel("Cadangan database ini di folder tersebut (klik ganda untuk "
                                "memulihkan); cadangan database lain tidak ditampilkan:"))
        self.files = QListWidget()
        self.files.itemDoubleClicked.connect(
            lambda item: self.confirm_and_restore(self.current_folder() / item.text().split()[0]))
        layout.addWidget(self.files, 1)
        self.backup_button.setVisible(ctx.can(Permission.BACKUP))
        self.restore_button.setVisible(ctx.can(Permission.RESTORE) and ctx.db.is_sqlite)

    def current_folder(self) -> Path:
        return Path(self.folder.text().strip() or str(self.ctx.settings.backup_folder))

    def _save_settings(self) -> None:
        settings = self.ctx.settings
        settings.backup_folder = self.current_folder()
        settings.auto_backup = self.auto.isChecked()
        settings.backup_keep_days = self.keep.value()
        self.load()

    def choose_folder(self) -> None:
        chosen = self.dialogs.choose_folder(self, "Folder cadangan")
        if chosen is not None:
            self.folder.setText(str(chosen))
            self._save_settings()

    def load(self) -> None:
        db = self.ctx.db
        if db.is_sqlite:
            self.note.setText(
                "Cadangan adalah salinan utuh database, dibuat saat aplikasi tetap berjalan. "
                "Berkasnya hanya dapat dibaca akun Windows Anda; simpan juga salinan di tempat "
                "lain (diska kantor). Pemulihan menyalin isi database sekarang ke folder ini "
                "terlebih dahulu.")
        else:
            target = self.current_folder() / f"{database_identity(db.url)}.dump"
            self.note.setText(
                "Database PostgreSQL dicadangkan dengan pg_dump (tombol di atas menjalankannya "
                "bila terpasang). Perintahnya:\n" + " ".join(pg_dump_command(db.url, target))
                + "\nPemulihan dilakukan admin server dengan:\n"
                + " ".join(pg_restore_command(db.url, target)))
        self.files.clear()
        for path in list_backups(db, self.current_folder()):
            try:
                size = format_number(path.stat().st_size // 1024)
            except OSError:  # removed meanwhile (an old automatic copy expiring)
                continue
            self.files.addItem(f"{path.name}   ({size} KB)")

    def backup(self) -> Op:
        folder, db = self.current_folder(), self.ctx.db

        def work(_session, progress):  # type: ignore[no-untyped-def]
            if db.is_sqlite:
                return backup_now(db, folder, progress=progress)
            return backup_postgres(db, folder)

        return (Op(self, self.ctx, work, write=False, dialogs=self.dialogs)
                .with_progress("Mencadangkan database…")
                .on_success(lambda path: (self.load(), self.dialogs.inform(
                    self, "Cadangan", f"Cadangan tersimpan:\n{path}")))
                .start())

    def choose_and_restore(self) -> Op | None:
        path = self.dialogs.open_file(self, "Pulihkan dari cadangan", DB_FILES)
        return None if path is None else self.confirm_and_restore(path)

    def confirm_and_restore(self, path: Path) -> Op | None:
        if not self.ctx.can(Permission.RESTORE):
            return None
        question = (f"Ganti SELURUH isi database dengan cadangan {path.name}?\n\n"
                    "Perubahan sejak cadangan itu dibuat akan hilang dari database. Isi "
                    f"sekarang disalin dahulu ke {self.current_folder()}, sehingga dapat "
                    "dipulihkan kembali. Setelah pemulihan semua pengguna masuk lagi.")
        if not self.dialogs.ask(self, "Pulihkan database", question):
            return None
        folder, db = self.current_folder(), self.ctx.db
        return (Op(self, self.ctx, lambda _s, p: restore(db, path, folder, p),
                   dialogs=self.dialogs)
                .with_progress(f"Memulihkan dari {path.name}…")
                .on_success(self._restored)
                .start())

    def _restored(self, report: RestoreReport) -> None:
        self.dialogs.inform(self, "Pulihkan database",
                            f"Database dipulihkan dari {report.source.name}. Isi sebelumnya "
                            f"disimpan di {report.safety_copy}. Silakan masuk lagi.")
        self.restored.emit(report)
