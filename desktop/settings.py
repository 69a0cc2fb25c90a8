"""User preferences kept in QSettings, typed, with every default in one place."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize

from models.store import config

ORGANIZATION = "BPS"
APPLICATION = "KendaliSensus"
DEFAULT_KEEP_DAYS = 14


class AppSettings:
    """Window geometry and state, the last page. Business data lives in the database."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings(ORGANIZATION, APPLICATION)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue("window/state", value)

    def window_size(self, key: str) -> QSize | None:
        """The size the user left a dialog at (the PDF preview, forms with tables)."""
        value = self._store.value(f"size/{key}")
        if isinstance(value, QSize) and value.isValid() and not value.isEmpty():
            return value
        return None

    def set_window_size(self, key: str, value: QSize) -> None:
        self._store.setValue(f"size/{key}", value)

    def choice(self, key: str, default: str) -> str:
        """What the user last chose in a page's selector (a level, a view)."""
        return str(self._store.value(f"choice/{key}", default))

    def set_choice(self, key: str, value: str) -> None:
        self._store.setValue(f"choice/{key}", value)

    @property
    def last_page(self) -> str:
        return str(self._store.value("window/last_page", "beranda"))

    @last_page.setter
    def last_page(self, value: str) -> None:
        self._store.setValue("window/last_page", value)

    # Backups are per PC: the SQLite file lives on this PC.
    @property
    def backup_folder(self) -> Path:
        stored = self._store.value("backup/folder", "")
        return Path(str(stored)) if stored else config.data_dir() / "cadangan"

    @backup_folder.setter
    def backup_folder(self, value: Path) -> None:
        self._store.setValue("backup/folder", str(value))

    @property
    def backup_keep_days(self) -> int:
        try:
            return max(1, int(self._store.value("backup/keep_days", DEFAULT_KEEP_DAYS)))
        except (TypeError, ValueError):
            return DEFAULT_KEEP_DAYS

    @backup_keep_days.setter
    def backup_keep_days(self, value: int) -> None:
        self._store.setValue("backup/keep_days", int(value))

    @property
    def auto_backup(self) -> bool:
        return str(self._store.value("backup/auto", "true")).lower() in ("true", "1")

    @auto_backup.setter
    def auto_backup(self, value: bool) -> None:
        self._store.setValue("backup/auto", "true" if value else "false")

    @property
    def last_username(self) -> str:
        return str(self._store.value("login/last_username", ""))

    @last_username.setter
    def last_username(self, value: str) -> None:
        self._store.setValue("login/last_username", value)

    def sync(self) -> None:
        self._store.sync()
