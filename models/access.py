"""Who may do what: the permissions of each role, and the check every guarded operation makes.

The acting user travels in the session (`session.info["actor"]`, set by
`Database.acting_as`), so a domain function refuses a forbidden call whoever calls it:
the window, the command line or a test.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from models.errors import KendaliError
from models.schema.users import UserRole

ACTOR_KEY = "actor"


class Permission(enum.Enum):
    """Each value is the Indonesian phrase used in messages and in the role list."""

    IMPORT_DATA = "mengimpor data SP Online, hasil lapangan, rekap SLS dan daftar ASN"
    RECONCILE = "menjalankan pencocokan (rekonsiliasi)"
    ROLLBACK_IMPORT = "membatalkan batch impor"
    EDIT_MASTER = "mengubah data wilayah dan petugas"
    ASSIGN = "menugaskan petugas dan mengatur tim"
    RESOLVE = "memutuskan kasus rekonsiliasi"
    ISSUE_LETTERS = "membuat dan menerbitkan surat"
    SEE_FULL_NIK = "melihat dan mengekspor NIK/No. KK lengkap"
    EDIT_SETTINGS = "mengubah pengaturan kantor"
    MANAGE_USERS = "mengelola pengguna"
    VIEW_AUDIT = "melihat log audit"
    BACKUP = "membuat cadangan database"
    RESTORE = "memulihkan database dari cadangan"


_STAF = frozenset({Permission.IMPORT_DATA, Permission.RECONCILE})
_SUPERVISOR = _STAF | {
    Permission.ROLLBACK_IMPORT, Permission.EDIT_MASTER, Permission.ASSIGN,
    Permission.RESOLVE, Permission.ISSUE_LETTERS, Permission.SEE_FULL_NIK,
}
_ADMIN = frozenset(Permission)

# Each role includes the one below it: an admin can also assign, a supervisor also import.
ROLE_PERMISSIONS: dict[UserRole, frozenset[Permission]] = {
    UserRole.STAF: _STAF,
    UserRole.SUPERVISOR: frozenset(_SUPERVISOR),
    UserRole.ADMIN: _ADMIN,
}

ROLE_LABELS: dict[UserRole, str] = {
    UserRole.ADMIN: "Admin",
    UserRole.SUPERVISOR: "Supervisor",
    UserRole.STAF: "Staf",
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the core sees it: plain values, safe to pass between threads."""

    username: str
    full_name: str
    role: UserRole
    user_id: int | None = None

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def label(self) -> str:
        return f"{self.full_name} ({ROLE_LABELS[self.role]})"


# For work no person starts: loading the demo, the first-run setup, scripted maintenance.
SYSTEM = Actor("sistem", "Sistem", UserRole.ADMIN)


class AccessDenied(KendaliError):
    """The signed-in user's role does not allow the operation; nothing was changed."""


def signed_in(session: Session) -> Actor | None:
    """The actor the session carries, or None when nobody is signed in."""
    actor = session.info.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else None


def actor_of(session: Session) -> Actor:
    actor = signed_in(session)
    if actor is None:
        raise AccessDenied("Belum ada pengguna yang masuk. Masuk dahulu dengan nama pengguna "
                           "dan kata sandi.")
    return actor


def acting_username(session: Session) -> str:
    """Who to name in registers and the audit log; '' when nobody is signed in."""
    actor = signed_in(session)
    return actor.username if actor else ""


def require(session: Session, permission: Permission) -> Actor:
    """The actor, if their role allows `permission`; otherwise AccessDenied."""
    actor = actor_of(session)
    if not actor.can(permission):
        raise AccessDenied(
            f"Peran {ROLE_LABELS[actor.role]} tidak boleh {permission.value}. "
            "Minta pengguna dengan peran yang sesuai, atau minta admin mengubah peran Anda.",
            f"{actor.username}: {permission.name}",
        )
    return actor


def role_summary() -> dict[UserRole, list[str]]:
    """What each role may do, in words, for the Pengguna page and the README."""
    return {role: [p.value for p in Permission if p in allowed]
            for role, allowed in ROLE_PERMISSIONS.items()}
