"""The names of a pivot's dimension values: areas by code, officers by name, fixed values."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.analysis.spec import FIXED_LABELS, NONE_LABELS, Dimension, Header, Key
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.officers import Officer, OfficerRole, Team

# Per dimension: key -> (sort key, label).
Labels = dict[Dimension, dict[Any, tuple[Any, str]]]
NEVER_UNKNOWN = frozenset({Dimension.CATEGORY, Dimension.SOURCE})
OFFICER_ROLES = {Dimension.PPL: OfficerRole.PPL, Dimension.KOSEKA: OfficerRole.KOSEKA}


def _labels(session: Session, dimension: Dimension) -> dict[Any, tuple[Any, str]]:
    fixed = FIXED_LABELS.get(dimension)
    if fixed is not None:
        return {key: (position, label) for position, (key, label) in enumerate(fixed.items())}
    if dimension is Dimension.KECAMATAN:
        rows = session.execute(select(Kecamatan.id, Kecamatan.bps_code, Kecamatan.name))
        return {i: (code, name) for i, code, name in rows}
    if dimension is Dimension.KELURAHAN:
        rows = session.execute(select(Kelurahan.id, Kelurahan.bps_code, Kelurahan.name))
        return {i: (code, name) for i, code, name in rows}
    if dimension is Dimension.SLS:
        rows = session.execute(select(Sls.id, Sls.bps_code, Sls.name))
        return {i: (code, f"{code} {name}") for i, code, name in rows}
    if dimension is Dimension.TIM:
        rows = session.execute(select(Team.id, Team.code, Team.name))
        return {i: (code, name) for i, code, name in rows}
    # PPL and Koseka: any officer (a PML may have found persons too); by name, then id
    rows = session.execute(select(Officer.id, Officer.name))
    return {i: ((name.casefold(), i), name) for i, name in rows}


def value_labels(session: Session, dimensions: Iterable[Dimension]) -> Labels:
    return {dimension: _labels(session, dimension) for dimension in set(dimensions)}


def header(dimension: Dimension, key: Key, labels: Labels) -> Header:
    if key is None:
        return Header(None, NONE_LABELS[dimension])
    known = labels.get(dimension, {}).get(key)
    return Header(key, known[1] if known else f"#{key}")


def dimension_values(session: Session, dimension: Dimension) -> list[Header]:
    """What a filter on `dimension` can choose from, in display order (officers of the
    dimension's role only; the unknown value last)."""
    labels = _labels(session, dimension)
    keys = list(labels)
    role = OFFICER_ROLES.get(dimension)
    if role is not None:
        keys = list(session.scalars(select(Officer.id).where(Officer.role == role)))
    keys.sort(key=lambda key: labels[key][0])
    values = [Header(key, labels[key][1]) for key in keys]
    if dimension not in NEVER_UNKNOWN:
        values.append(Header(None, NONE_LABELS[dimension]))
    return values
