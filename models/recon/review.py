"""Deciding what a beda, ganda or pindah means; every decision goes into the audit log.

A decision is stored against the persons' natural keys and the category, so the next
matching run finds it again; revoking one puts the case back in the queue.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from models.access import Permission, acting_username, require
from models.audit import log as audit
from models.errors import KendaliError
from models.recon.views import PersonLine, Version, persons
from models.schema.base import utcnow
from models.schema.recon import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    PersonMatch,
    ReconCategory,
    Resolution,
    ResolutionAction,
)

ALLOWED = {
    ReconCategory.BEDA: (ResolutionAction.PILIH_ONLINE, ResolutionAction.PILIH_LAPANGAN,
                         ResolutionAction.GABUNG),
    ReconCategory.PINDAH: (ResolutionAction.PINDAH, ResolutionAction.PILIH_ONLINE,
                           ResolutionAction.PILIH_LAPANGAN),
    ReconCategory.GANDA: (ResolutionAction.GABUNG, ResolutionAction.TERPISAH),
    # The second pass's review band: one person (paired on every rerun) or two (never again).
    ReconCategory.MUNGKIN: (ResolutionAction.GABUNG, ResolutionAction.TERPISAH),
}
# What an action means on a review case of the second pass.
MUNGKIN_LABELS = {ResolutionAction.GABUNG: "Orang yang sama",
                  ResolutionAction.TERPISAH: "Bukan orang yang sama"}


def action_label(category: ReconCategory, action: ResolutionAction) -> str:
    """The action's name as the review of `category` shows it."""
    if category is ReconCategory.MUNGKIN and action in MUNGKIN_LABELS:
        return MUNGKIN_LABELS[action]
    return ACTION_LABELS[action]
MERGE_FIELDS = ("name", "sex", "birth_date", "sls")
SOURCES = ("online", "lapangan")


class ReviewError(KendaliError):
    """A decision that cannot be taken as asked; nothing was stored."""


def line(session: Session, match_id: int) -> PersonLine:
    """Both records of one outcome row, as the review shows them."""
    found = persons(session, match_ids=[match_id])
    if not found:
        raise ReviewError("Data ini sudah tidak ada pada hasil pencocokan terakhir. "
                          "Muat ulang halaman Rekonsiliasi.")
    return found[0]


def _plain(version: Version | None) -> dict[str, Any] | None:
    if version is None:
        return None
    values = asdict(version)
    values["birth"] = values["birth"].isoformat() if isinstance(values["birth"], date) else None
    return values


def resolve(session: Session, match_id: int, action: ResolutionAction, reason: str,
            *, choices: dict[str, str] | None = None, by: str | None = None) -> Resolution:
    """Store a decision on one outcome row and log it; commits."""
    require(session, Permission.RESOLVE)
    shown = line(session, match_id)  # refuses an outcome row a re-run has replaced
    match = session.get(PersonMatch, match_id)
    assert match is not None
    label = CATEGORY_LABELS[match.category].lower()
    allowed = ALLOWED.get(match.category, ())
    if action not in allowed:
        names = ", ".join(action_label(match.category, a) for a in allowed) or "tidak ada"
        raise ReviewError(f"Keputusan «{action_label(match.category, action)}» tidak berlaku "
                          f"untuk data "
                          f"{label}. Pilihan yang ada: {names}.")
    if not reason.strip():
        raise ReviewError("Tuliskan alasan keputusan. Alasan disimpan di log audit.")
    if action is ResolutionAction.GABUNG and match.category is ReconCategory.BEDA:
        choices = choices or {}
        missing = [f for f in shown.differing if f not in choices]
        wrong = [f for f, source in choices.items()
                 if f not in MERGE_FIELDS or source not in SOURCES]
        if missing or wrong:
            raise ReviewError("Untuk menggabungkan, pilih sumber (online atau lapangan) bagi "
                              "setiap isian yang berbeda.")
    else:
        choices = None
    if match.resolution_id is not None:
        raise ReviewError("Data ini sudah diputuskan. Batalkan keputusan itu dulu bila "
                          "ingin mengubahnya.")
    by = by or acting_username(session)
    resolution = Resolution(person_key=match.person_key, other_key=match.other_key,
                            category=match.category, action=action, choices=choices,
                            reason=reason.strip(), resolved_by=by)
    session.add(resolution)
    session.flush()
    match.resolution_id = resolution.id
    audit.record(session, "rekonsiliasi.putuskan", "resolution", resolution.id,
                 before={"category": match.category.value, "differing": match.differing,
                         "online": _plain(shown.online), "lapangan": _plain(shown.field)},
                 after={"action": action.value, "choices": choices, "reason": reason.strip(),
                        "person_key": match.person_key, "other_key": match.other_key},
                 by=by)
    session.commit()
    return resolution


def revoke(session: Session, match_id: int, by: str | None = None) -> None:
    """Withdraw the decision on one outcome row (kept in the log); commits."""
    require(session, Permission.RESOLVE)
    match = session.get(PersonMatch, match_id)
    if match is None or match.resolution_id is None:
        raise ReviewError("Data ini belum diputuskan, jadi tidak ada yang dibatalkan.")
    resolution = session.get(Resolution, match.resolution_id)
    assert resolution is not None
    by = by or acting_username(session)
    resolution.revoked_at, resolution.revoked_by = utcnow(), by
    match.resolution_id = None
    audit.record(session, "rekonsiliasi.batalkan", "resolution", resolution.id,
                 before={"action": resolution.action.value, "reason": resolution.reason},
                 after=None, by=by)
    session.commit()
