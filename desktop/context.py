"""What every page needs: the open database, preferences and the app-wide change signal."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.settings import AppSettings
from models.db import Database


class DataBus(QObject):
    """After a write, one signal names what changed; pages refresh themselves."""

    data_changed = Signal(set)


# Kinds of data named in data_changed.
AREAS, OFFICERS, ASSIGNMENTS, IMPORTS, RECON, LETTERS, PROFILE = (
    "areas", "officers", "assignments", "imports", "recon", "letters", "profile",
)
ALL_KINDS = {AREAS, OFFICERS, ASSIGNMENTS, IMPORTS, RECON, LETTERS, PROFILE}


@dataclass
class AppContext:
    db: Database
    settings: AppSettings
    bus: DataBus

    def changed(self, *kinds: str) -> None:
        self.bus.data_changed.emit(set(kinds))
