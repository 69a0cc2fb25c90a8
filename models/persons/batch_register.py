"""The register of import batches, newest first, as the Impor page lists it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.schema.base import to_local
from models.schema.batches import BatchStatus, ImportBatch, ImportKind


@dataclass(frozen=True)
class BatchRow:
    id: int
    kind: ImportKind
    file_name: str
    sheet: str
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    warned: int
    imported_by: str
    imported_at: datetime  # local time
    status: BatchStatus


def batch_rows(session: Session) -> list[BatchRow]:
    batches = session.scalars(select(ImportBatch).order_by(ImportBatch.imported_at.desc()))
    return [
        BatchRow(b.id, b.kind, b.file_name, b.sheet_name, b.rows_read, b.rows_inserted,
                 b.rows_updated, b.rows_unchanged, b.rows_rejected, b.rows_warned, b.imported_by,
                 to_local(b.imported_at) or b.imported_at, b.status)
        for b in batches
    ]
