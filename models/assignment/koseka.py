"""Which Koseka coordinates each kecamatan: dated like SLS assignments, checked for stale edits."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.assignment.assign import AssignmentError
from models.audit import log as audit
from models.errors import StaleEditError
from models.schema.areas import Kecamatan
from models.schema.base import utcnow
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus


@dataclass(frozen=True)
class KosekaChange:
    previous: int | None
    current: int | None
    version: int  # the kecamatan's version after the change


def koseka_of(session: Session, kecamatan_id: int) -> int | None:
    return session.scalar(select(Assignment.officer_id).where(
        Assignment.kecamatan_id == kecamatan_id, Assignment.valid_to.is_(None)))


def koseka_choices(session: Session) -> list[tuple[int, str]]:
    return [tuple(row) for row in session.execute(  # type: ignore[misc]
        select(Officer.id, Officer.name).where(
            Officer.role == OfficerRole.KOSEKA, Officer.status == OfficerStatus.AKTIF)
        .order_by(Officer.name))]


def replace_koseka(session: Session, kecamatan_ids: list[int], officer_id: int | None,
                   by: str, *, reason: str) -> None:
    """End the current Koseka of each kecamatan and start `officer_id` (None: nobody).

    Not committed; callers claim the kecamatan versions first.
    """
    require(session, Permission.ASSIGN)
    now = utcnow()
    audit.record(session, "tugaskan Koseka", "penugasan", f"{len(kecamatan_ids)} kecamatan",
                 before={"koseka_per_kecamatan": {str(k): koseka_of(session, k)
                                                  for k in kecamatan_ids}},
                 after={"koseka_per_kecamatan": dict.fromkeys(map(str, kecamatan_ids), officer_id),
                        "alasan": reason}, by=by)
    session.execute(update(Assignment).where(
        Assignment.kecamatan_id.in_(kecamatan_ids), Assignment.valid_to.is_(None))
        .values(valid_to=now).execution_options(synchronize_session=False))
    if officer_id is not None:
        session.add_all(Assignment(officer_id=officer_id, kecamatan_id=kec_id, valid_from=now,
                                   assigned_by=by, reason=reason) for kec_id in kecamatan_ids)


def assign_koseka(session: Session, kecamatan_id: int, officer_id: int | None,
                  seen_version: int, *, by: str, reason: str = "") -> KosekaChange:
    """Make `officer_id` the kecamatan's Koseka (None: none), if nobody changed it since."""
    require(session, Permission.ASSIGN)
    if officer_id is not None and session.scalar(select(Officer.id).where(
            Officer.id == officer_id, Officer.role == OfficerRole.KOSEKA,
            Officer.status == OfficerStatus.AKTIF)) is None:
        raise AssignmentError("Hanya Koseka aktif yang dapat mengoordinasikan kecamatan.")
    claimed = session.execute(
        update(Kecamatan).where(Kecamatan.id == kecamatan_id,
                                Kecamatan.version_id == seen_version)
        .values(version_id=seen_version + 1).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        session.rollback()
        raise StaleEditError("Koseka kecamatan ini sudah diubah pengguna lain sejak Anda "
                             "membukanya. Tidak ada yang disimpan; silakan ulangi.")
    previous = koseka_of(session, kecamatan_id)
    if previous != officer_id:
        replace_koseka(session, [kecamatan_id], officer_id, by, reason=reason)
    session.commit()
    return KosekaChange(previous, officer_id, seen_version + 1)
