"""Qt's own words (standard buttons, Show Details..., text context menus) in Indonesian, and
the Indonesian locale for every date, month name and number Qt formats (QDateEdit, its
calendar, the charts' axes)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
DATE_FORMAT = "d MMMM yyyy"  # a QDateEdit's days as models.formatting.format_date writes them
# Qt's own catalogs, loaded when the installed Qt ships them in Indonesian (Qt 6.x ships
# none yet; installer/kendali-sensus.spec keeps any *_id.qm for the frozen app).
QT_CATALOGS = ("qtbase",)

# Until Qt ships them (or for what its catalog lacks): the texts of its widgets a user can meet.
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


def qt_catalogs(parent: QTranslator) -> list[QTranslator]:
    """Qt's Indonesian catalogs found in its translations folder (none in Qt 6.12)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = []
    for catalog in QT_CATALOGS:
        translator = QTranslator(parent)
        if translator.load(INDONESIAN, catalog, "_", folder):
            found.append(translator)
        else:
            translator.deleteLater()
    return found


def install(app: QCoreApplication) -> IndonesianQtTexts:
    """Install once on the application, before any window: the Indonesian locale by default
    (dates as "1 Desember 2026", "Sen" in the calendar), Qt's Indonesian catalogs where it
    ships them, and the texts above over them. Keep the returned object alive with the app;
    the catalogs are its children."""
    QLocale.setDefault(INDONESIAN)
    translator = IndonesianQtTexts(app)
    for catalog in qt_catalogs(translator):
        app.installTranslator(catalog)
    app.installTranslator(translator)  # installed last, asked first
    return translator
