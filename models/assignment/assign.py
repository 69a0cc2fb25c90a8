"""Assigning PPL to SLS: dated, checked against concurrent edits, and reversible.

Every change to an SLS's PPL bumps that SLS's version. The caller passes the version
it showed the user; if another supervisor changed the SLS since, the whole change is
refused (optimistic locking) and nothing is written. SLS rows are locked in id order, so
two supervisors saving overlapping SLS at once wait for each other instead of deadlocking.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, insert, select, update
from sqlalchemy.orm import Session, aliased

from models.access import Permission, require
from models.audit import log as audit
from models.errors import KendaliError, StaleEditError
from models.schema.areas import Sls
from models.schema.base import to_local, utcnow
from models.schema.officers import Assignment, Officer, OfficerRole, OfficerStatus
from models.store.bulk import chunks
from models.store.retry import retry_on_conflict
from models.store.statistics import BULK, analyze

CHUNK = 500  # assignment rows per bulk insert


class AssignmentError(KendaliError):
    """The assignment asked for cannot be made (unknown SLS, officer not an active PPL)."""


@dataclass(frozen=True)
class AssignmentChange:
    previous: dict[int, int | None]  # SLS → PPL before the change (None: unassigned)
    current: dict[int, int | None]  # SLS → PPL after
    versions: dict[int, int]  # SLS → version after, for the next change (or its undo)


def current_ppl(session: Session, sls_ids: Iterable[int]) -> dict[int, int | None]:
    ids = list(sls_ids)
    result: dict[int, int | None] = dict.fromkeys(ids)
    for part in chunks(ids):
        for sls_id, officer_id in session.execute(
                select(Assignment.sls_id, Assignment.officer_id)
                .where(Assignment.sls_id.in_(part), Assignment.valid_to.is_(None))):
            result[sls_id] = officer_id
    return result


def sls_versions(session: Session, sls_ids: Iterable[int]) -> dict[int, int]:
    ids = list(sls_ids)
    versions: dict[int, int] = {}
    for part in chunks(ids):
        versions.update(session.execute(
            select(Sls.id, Sls.version_id).where(Sls.id.in_(part))).all())
    return versions


def _claim(session: Session, seen: dict[int, int]) -> None:
    """Bump each SLS's version if it is still the one the user saw; else refuse all.

    The rows are locked first, in id order across every chunk (an UPDATE locks them in
    whatever order its scan meets them), then bumped with one UPDATE ... RETURNING per
    chunk: a concurrent claim waits, then finds the version already moved on, so exactly
    one of two wins. FOR NO KEY UPDATE, as the UPDATE itself takes: an import storing
    persons of these SLS (a foreign key check) is not held up.
    """
    stale: list[int] = []
    ids = sorted(seen)
    for part in chunks(ids):
        session.execute(select(Sls.id).where(Sls.id.in_(part)).order_by(Sls.id)
                        .with_for_update(key_share=True)).all()
        bumped = dict(session.execute(
            update(Sls).where(Sls.id.in_(part)).values(version_id=Sls.version_id + 1)
            .returning(Sls.id, Sls.version_id).execution_options(synchronize_session=False)
        ).all())
        stale += [sid for sid in part if bumped.get(sid) != seen[sid] + 1]
    if stale:
        session.rollback()
        names = session.execute(select(Sls.bps_code, Sls.name).where(Sls.id.in_(stale[:5])))
        shown = ", ".join(f"{name} ({code})" for code, name in names)
        raise StaleEditError(
            f"{len(stale)} SLS sudah diubah pengguna lain sejak Anda membukanya: {shown}. "
            "Tidak ada yang disimpan; data dimuat ulang, silakan ulangi."
        )


def _check_officers(session: Session, officer_ids: set[int]) -> None:
    if not officer_ids:
        return
    found = dict(session.execute(
        select(Officer.id, Officer.name).where(
            Officer.id.in_(officer_ids), Officer.role == OfficerRole.PPL,
            Officer.status == OfficerStatus.AKTIF)).all())
    missing = officer_ids - set(found)
    if missing:
        names = session.scalars(select(Officer.name).where(Officer.id.in_(missing))).all()
        raise AssignmentError(
            f"Hanya PPL aktif yang dapat ditugaskan ke SLS ({', '.join(names) or 'tidak dikenal'})."
        )


def assign(session: Session, targets: dict[int, int | None], seen_versions: dict[int, int],
           by: str, *, reason: str = "", commit: bool = True) -> AssignmentChange:
    """Give each SLS in `targets` its PPL (None removes the PPL), all or nothing.

    With `commit` the change is its own transaction, tried again after a deadlock or a
    serialization failure (the second try finds the versions moved on if the other
    saved); without, it is part of the caller's, whose caller decides.
    """
    require(session, Permission.ASSIGN)
    if set(targets) - set(seen_versions):
        raise AssignmentError("Versi SLS yang ditampilkan tidak dikirim; muat ulang halaman.")
    if not commit:
        return _assign(session, targets, seen_versions, by, reason=reason)

    def once() -> AssignmentChange:
        change = _assign(session, targets, seen_versions, by, reason=reason)
        session.commit()
        return change

    change = retry_on_conflict(session, once)
    if sum(change.previous[sid] != officer for sid, officer in targets.items()) >= BULK:
        analyze(session, "assignment", "sls")
    return change


def _assign(session: Session, targets: dict[int, int | None], seen_versions: dict[int, int],
            by: str, *, reason: str) -> AssignmentChange:
    _check_officers(session, {o for o in targets.values() if o is not None})
    _claim(session, {sid: seen_versions[sid] for sid in targets})
    previous = current_ppl(session, targets)
    now = utcnow()
    moving = sorted(sid for sid, officer in targets.items() if previous[sid] != officer)
    for part in chunks(moving):
        session.execute(
            update(Assignment).where(Assignment.sls_id.in_(part), Assignment.valid_to.is_(None))
            .values(valid_to=now).execution_options(synchronize_session=False))
    new_rows = [{"officer_id": targets[sid], "sls_id": sid, "kecamatan_id": None,
                 "valid_from": now, "valid_to": None, "assigned_by": by, "reason": reason}
                for sid in moving if targets[sid] is not None]
    for start in range(0, len(new_rows), CHUNK):
        session.execute(insert(Assignment), new_rows[start:start + CHUNK])
    if moving:  # bulk rows skip the ORM, so the audit entry is written here
        audit.record(session, "tugaskan PPL", "penugasan", f"{len(moving)} SLS",
                     before={"ppl_per_sls": {str(sid): previous[sid] for sid in moving}},
                     after={"ppl_per_sls": {str(sid): targets[sid] for sid in moving},
                            "alasan": reason}, by=by)
    versions = sls_versions(session, targets)
    return AssignmentChange(previous, dict(targets), versions)


def hand_over(session: Session, from_officer: int, to_officer: int | None, by: str,
              *, reason: str, commit: bool = True) -> AssignmentChange:
    """Move every current SLS of one PPL to another (or leave them unassigned)."""
    require(session, Permission.ASSIGN)
    sls_ids = list(session.scalars(select(Assignment.sls_id).where(
        Assignment.officer_id == from_officer, Assignment.valid_to.is_(None),
        Assignment.sls_id.is_not(None))))
    versions = sls_versions(session, sls_ids)
    return assign(session, dict.fromkeys(sls_ids, to_officer), versions, by, reason=reason,
                  commit=commit)


@dataclass(frozen=True)
class HistoryRow:
    at: datetime  # local time
    action: str  # "ditugaskan" or "dilepas"
    sls_code: str
    sls_name: str
    officer: str
    by: str
    reason: str


def assignment_history(session: Session, *, sls_id: int | None = None,
                       officer_id: int | None = None, limit: int = 500) -> list[HistoryRow]:
    """Who was given which SLS, and when it ended, newest first."""
    officer = aliased(Officer)
    query = (
        select(Assignment, Sls.bps_code, Sls.name, officer.name)
        .join(Sls, Sls.id == Assignment.sls_id)
        .join(officer, officer.id == Assignment.officer_id)
        .order_by(Assignment.valid_from.desc(), Assignment.id.desc())
        .limit(limit)
    )
    if sls_id is not None:
        query = query.where(Assignment.sls_id == sls_id)
    if officer_id is not None:
        query = query.where(and_(Assignment.officer_id == officer_id))
    rows: list[HistoryRow] = []
    for item, code, name, officer_name in session.execute(query):
        rows.append(HistoryRow(to_local(item.valid_from) or item.valid_from, "ditugaskan",
                               code, name, officer_name, item.assigned_by, item.reason))
        if item.valid_to is not None:
            rows.append(HistoryRow(to_local(item.valid_to) or item.valid_to, "dilepas", code,
                                   name, officer_name, item.assigned_by, item.reason))
    rows.sort(key=lambda r: r.at, reverse=True)
    return rows
