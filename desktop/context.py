"""What every page needs: the open database, preferences and the app-wide change signal."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.settings import AppSettings
from models.access import Actor, Permission
from models.schema.users import UserRole
from models.store.db import Database

# Shown as the user of a window built without a sign-in (never in the app): may do nothing.
NOBODY = Actor("", "", UserRole.STAF)


class DataBus(QObject):
    """After a write, one signal names what changed; pages refresh themselves."""

    data_changed = Signal(set)


# Kinds of data named in data_changed.
AREAS, OFFICERS, ASSIGNMENTS, IMPORTS, RECON, LETTERS, PROFILE, SCHEDULE, LOGO = (
    "areas", "officers", "assignments", "imports", "recon", "letters", "profile", "schedule",
    "logo",  # apart from PROFILE: reloading the profile form would drop what is being typed
)
QUALITY = "quality"  # the quality thresholds of Pengaturan › Kualitas
LINKAGE = "linkage"  # the score bands of Pengaturan › Pencocokan
BOUNDARIES = "boundaries"  # the map's area boundaries
ALL_KINDS = {AREAS, OFFICERS, ASSIGNMENTS, IMPORTS, RECON, LETTERS, PROFILE, SCHEDULE, LOGO,
             QUALITY, LINKAGE, BOUNDARIES}


@dataclass
class AppContext:
    db: Database
    settings: AppSettings
    bus: DataBus

    def changed(self, *kinds: str) -> None:
        self.bus.data_changed.emit(set(kinds))

    @property
    def actor(self) -> Actor:
        """The signed-in user; the window is only ever built after a sign-in."""
        return self.db.actor or NOBODY

    @property
    def username(self) -> str:
        return self.actor.username

    def can(self, permission: Permission) -> bool:
        """For hiding what the role may not do; the core refuses it anyway."""
        return self.actor.can(permission)

    @property
    def full_nik(self) -> bool:
        """Whether NIK and No. KK are shown whole (masked for staf)."""
        return self.can(Permission.SEE_FULL_NIK)
