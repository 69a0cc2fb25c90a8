"""Qt's own words (standard buttons, Show Details..., text context menus) in Indonesian."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# Qt ships no Indonesian translation; these are the texts of its widgets a user can meet.
BUTTONS = {
    "OK": "Oke", "Save": "Simpan", "Save All": "Simpan semua", "Open": "Buka",
    "&Yes": "&Ya", "Yes to &All": "Ya untuk &semua", "&No": "&Tidak",
    "N&o to All": "T&idak untuk semua", "Abort": "Hentikan", "Retry": "Coba lagi",
    "Ignore": "Abaikan", "Close": "Tutup", "Cancel": "Batal", "Discard": "Buang",
    "Help": "Bantuan", "Apply": "Terapkan", "Reset": "Atur ulang",
    "Restore Defaults": "Kembalikan bawaan", "Don't Save": "Jangan simpan",
    "Close without Saving": "Tutup tanpa menyimpan",
}
EDITING = {
    "&Undo": "&Urungkan", "&Redo": "Ulan&gi", "Cu&t": "Po&tong", "&Copy": "&Salin",
    "&Paste": "&Tempel", "Delete": "Hapus", "Select All": "Pilih semua",
    "Copy &Link Location": "Salin &alamat tautan",
}
TEXTS: dict[str, dict[str, str]] = {
    "QPlatformTheme": BUTTONS,
    "QDialogButtonBox": BUTTONS,
    "QMessageBox": {**BUTTONS, "Show Details...": "Tampilkan rincian…",
                    "Hide Details...": "Sembunyikan rincian"},
    "QLineEdit": EDITING,
    "QWidgetTextControl": EDITING,
}


class IndonesianQtTexts(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:  # type: ignore[override]
        # None (not "") lets Qt keep its own text for everything not listed here.
        return TEXTS.get(context, {}).get(source)


def install(app: QCoreApplication) -> IndonesianQtTexts:
    """Install once on the application; keep the returned object alive with it."""
    translator = IndonesianQtTexts(app)
    app.installTranslator(translator)
    return translator
