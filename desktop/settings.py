"""User preferences kept in QSettings, typed, with every default in one place."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "BPS"
APPLICATION = "KendaliSensus"


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

    @property
    def last_page(self) -> str:
        return str(self._store.value("window/last_page", "wilayah"))

    @last_page.setter
    def last_page(self, value: str) -> None:
        self._store.setValue("window/last_page", value)

    def sync(self) -> None:
        self._store.sync()
