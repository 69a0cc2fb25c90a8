"""Reading and validated saving of the quality thresholds set in Pengaturan › Kualitas."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.access import Permission, require
from models.errors import FieldProblem, StaleEditError, ValidationError
from models.ids.cells import finite_number
from models.quality.measures import THRESHOLD_FIELDS, Measure, Thresholds
from models.schema.base import singleton_to_edit
from models.schema.quality import QualityThresholds

STALE = "Ambang kualitas sudah diubah di komputer lain sejak dibuka. Muat ulang lalu ulangi."
MINIMUM_FIELDS = ("min_persons", "min_households")
MAX_MINIMUM = 100_000
SHARE_FIELDS = frozenset(m.threshold_field for m in Measure if m.unit == "%")
# What each threshold may be: (lowest, highest), both allowed.
LIMITS: dict[str, tuple[float, float]] = {
    **dict.fromkeys(SHARE_FIELDS, (0.0, 100.0)),
    "whipple": (100.0, 500.0),  # 100: no heaping at all; 500: every age ends in 0 or 5
    "myers": (0.0, 90.0),
    "sex_ratio": (1.0, 100.0),  # points away from the area's
    "household_size": (0.1, 20.0),  # persons away from the area's mean
    "pace": (1.0, 20.0),  # times the colleagues' median
    "long_gap": (1.0, 60.0),  # working days
}
NAMES: dict[str, str] = {
    **{m.threshold_field: m.label for m in Measure},
    "min_persons": "Minimal penduduk", "min_households": "Minimal ruta",
}


def validate_thresholds(thresholds: Thresholds) -> list[FieldProblem]:
    """Every problem, each named by its Thresholds field."""
    problems: list[FieldProblem] = []
    for name in THRESHOLD_FIELDS:
        value = getattr(thresholds, name)
        if name in MINIMUM_FIELDS:
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not 1 <= value <= MAX_MINIMUM:
                problems.append(FieldProblem(name, f"{NAMES[name]} harus bilangan bulat antara "
                                                   f"1 dan {MAX_MINIMUM:_}.".replace("_", ".")))
            continue
        low, high = LIMITS[name]
        number = finite_number(value)
        if number is None or not low <= number <= high:
            problems.append(FieldProblem(name, f"Ambang {NAMES[name]} harus antara "
                                               f"{_shown(low)} dan {_shown(high)}."))
    return problems


def _shown(value: float) -> str:
    return format(value, "g").replace(".", ",")


def load_thresholds(session: Session) -> Thresholds:
    """What the office set; the documented defaults until it is first saved."""
    row = session.get(QualityThresholds, 1)
    if row is None:
        return Thresholds()
    values: dict[str, object] = {}
    for name in THRESHOLD_FIELDS:
        stored = getattr(row, name)
        values[name] = int(stored) if name in MINIMUM_FIELDS else float(stored)
    return Thresholds(**values, version_id=row.version_id)  # type: ignore[arg-type]


def save_thresholds(session: Session, thresholds: Thresholds) -> Thresholds:
    """Validate and save the thresholds; refuses if another PC saved them since
    `thresholds.version_id` was read."""
    try:
        write_thresholds(session, thresholds)
        session.commit()
    except (StaleDataError, IntegrityError) as exc:  # another PC saved (or created) it first
        session.rollback()
        raise StaleEditError(STALE) from exc
    except BaseException:
        session.rollback()
        raise
    return load_thresholds(session)


def write_thresholds(session: Session, thresholds: Thresholds) -> None:
    """save_thresholds without the commit, for a caller whose one transaction holds more."""
    require(session, Permission.EDIT_SETTINGS)
    problems = validate_thresholds(thresholds)
    if problems:
        raise ValidationError(problems)
    row = singleton_to_edit(session, QualityThresholds, thresholds.version_id, STALE)
    for name in THRESHOLD_FIELDS:
        value = getattr(thresholds, name)
        if name in MINIMUM_FIELDS:
            new: object = int(value)
        else:
            new = Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"))
        if getattr(row, name) != new:
            setattr(row, name, new)
    session.flush()


def defaults() -> Thresholds:
    """The documented defaults, as "Kembalikan bawaan" offers them (version not kept)."""
    return Thresholds()


def with_version(thresholds: Thresholds, version_id: int) -> Thresholds:
    return dataclasses.replace(thresholds, version_id=version_id)
