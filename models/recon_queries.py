"""Read-only reconciliation overview: both sources per kecamatan, outcomes by category."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.batches import BatchStatus, FieldResult, ImportBatch, OnlineSubmission
from models.reconciliation import PersonMatch, ReconCategory, ReconRun
from models.wilayah import Kecamatan, Kelurahan, Sls


@dataclass(frozen=True)
class SourceCounts:
    code: str
    name: str
    online: int
    field: int
    categories: dict[ReconCategory, int] = field(default_factory=dict)


def _per_kecamatan(session: Session, table: type[OnlineSubmission] | type[FieldResult]
                   ) -> dict[int, int]:
    query = (
        select(Kelurahan.kecamatan_id, func.count(table.id))
        .join(Sls, Sls.kelurahan_id == Kelurahan.id)
        .join(table, table.sls_id == Sls.id)
        .join(ImportBatch, ImportBatch.id == table.batch_id)
        .where(ImportBatch.status == BatchStatus.AKTIF)
        .group_by(Kelurahan.kecamatan_id)
    )
    return {kec: n for kec, n in session.execute(query)}


def latest_run(session: Session) -> ReconRun | None:
    return session.scalars(select(ReconRun).order_by(ReconRun.id.desc()).limit(1)).first()


def source_counts(session: Session) -> list[SourceCounts]:
    online = _per_kecamatan(session, OnlineSubmission)
    fielded = _per_kecamatan(session, FieldResult)
    run = latest_run(session)
    categories: dict[int, dict[ReconCategory, int]] = {}
    if run is not None:
        query = (
            select(Kelurahan.kecamatan_id, PersonMatch.category, func.count())
            .join(Sls, Sls.kelurahan_id == Kelurahan.id)
            .join(PersonMatch, PersonMatch.sls_id == Sls.id)
            .where(PersonMatch.run_id == run.id)
            .group_by(Kelurahan.kecamatan_id, PersonMatch.category)
        )
        for kec, category, n in session.execute(query):
            categories.setdefault(kec, {})[category] = n
    kecamatan = session.scalars(select(Kecamatan).order_by(Kecamatan.bps_code))
    return [
        SourceCounts(k.bps_code, k.name, online.get(k.id, 0), fielded.get(k.id, 0),
                     categories.get(k.id, {}))
        for k in kecamatan
    ]
