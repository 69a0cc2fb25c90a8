"""The two match weights that cut the second pass's scores into pasti, mungkin and bukan.

Set in Pengaturan › Pencocokan; saved in one versioned row, refused when another PC saved
first. The defaults are where the labelled city of tests/bench keeps the automatic band's
precision above 0.995 and sends under 3 % of the persons without a NIK pair to review.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.access import Permission, require
from models.audit import log as audit
from models.errors import FieldProblem, StaleEditError, ValidationError
from models.ids.cells import finite_number
from models.schema.base import singleton_to_edit
from models.schema.recon import LinkageBands

STALE = ("Batas skor pencocokan sudah diubah di komputer lain sejak dibuka. Muat ulang lalu "
         "ulangi.")
LOWEST, HIGHEST = -20.0, 60.0  # beyond the sums any pair can reach


@dataclass(frozen=True)
class Bands:
    sure: float = 14.0  # at or above: pasti, paired automatically
    likely: float = 5.0  # at or above (below sure): mungkin, to Tinjauan
    version_id: int = 0


def validate_bands(bands: Bands) -> list[FieldProblem]:
    problems = []
    sure, likely = finite_number(bands.sure), finite_number(bands.likely)
    for name, value, label in (("sure", sure, "pasti"), ("likely", likely, "mungkin")):
        if value is None or not LOWEST <= value <= HIGHEST:
            problems.append(FieldProblem(name, f"Skor batas {label} harus angka antara "
                                               f"{LOWEST:g} dan {HIGHEST:g}."))
    if sure is not None and likely is not None and not problems and likely >= sure:
        problems.append(FieldProblem("likely", "Skor batas mungkin harus lebih kecil dari "
                                               "batas pasti."))
    return problems


def load_bands(session: Session) -> Bands:
    row = session.get(LinkageBands, 1)
    if row is None:
        return Bands()
    return Bands(float(row.sure), float(row.likely), row.version_id)


def save_bands(session: Session, bands: Bands) -> Bands:
    """Validate and save; refuses if another PC saved since `bands.version_id` was read."""
    require(session, Permission.EDIT_SETTINGS)
    problems = validate_bands(bands)
    if problems:
        raise ValidationError(problems)
    try:
        before = load_bands(session)
        row = singleton_to_edit(session, LinkageBands, bands.version_id, STALE)
        row.sure = Decimal(str(round(float(bands.sure), 1)))
        row.likely = Decimal(str(round(float(bands.likely), 1)))
        session.flush()
        audit.record(session, "pengaturan.batas_pencocokan", "linkage_bands", 1,
                     before={"sure": before.sure, "likely": before.likely},
                     after={"sure": float(row.sure), "likely": float(row.likely)})
        session.commit()
    except (StaleDataError, IntegrityError) as exc:
        session.rollback()
        raise StaleEditError(STALE) from exc
    except BaseException:
        session.rollback()
        raise
    return load_bands(session)


def defaults() -> Bands:
    return Bands()
