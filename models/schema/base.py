"""Declarative base, constraint naming and shared column helpers for every table."""
from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import DateTime, Enum, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column

from models.errors import StaleEditError

# Fixed names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC: both backends store it the same way; the UI converts to local time."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime | None) -> datetime | None:
    """A stored naive-UTC timestamp as the office PC's local wall-clock time."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


E = TypeVar("E", bound=enum.Enum)


def enum_column(enum_cls: type[E], name: str, checked: bool = True) -> Enum:
    """A portable enum: VARCHAR plus CHECK on both backends, storing the readable value.

    `checked=False` leaves the CHECK out, for tables written only by the app's own bulk SQL:
    on SQLite a CHECK with an IN list costs about 1.7 µs per inserted row.
    """
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=checked,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Versioned:
    """Optimistic locking: an UPDATE whose row changed since it was read is refused."""

    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.version_id}  # type: ignore[attr-defined]


def created_column() -> Mapped[datetime]:
    return mapped_column(DateTime, nullable=False, default=utcnow)


V = TypeVar("V", bound=Versioned)


def singleton_to_edit(session: Session, table: type[V], version_id: int, stale: str) -> V:
    """The settings row (id 1) an edit read at `version_id`, created on the first save;
    StaleEditError(stale) when another PC saved it since (or created it first)."""
    row = session.get(table, 1)
    if row is None:
        if version_id:
            raise StaleEditError(stale)
        row = table(id=1)
        session.add(row)
    elif version_id != row.version_id:
        raise StaleEditError(stale)
    return row
