"""What a database holds, in numbers: for `kendali-sensus info` and the status bar."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.asn import Agency
from models.schema.batches import FieldResult, ImportBatch, OnlineSubmission
from models.schema.letters import Letter
from models.schema.officers import Officer, Team

COUNTED = [
    ("Kecamatan", Kecamatan), ("Kelurahan/desa", Kelurahan), ("SLS", Sls),
    ("Petugas", Officer), ("Tim", Team), ("Batch impor", ImportBatch),
    ("Isian online (orang)", OnlineSubmission), ("Hasil lapangan (orang)", FieldResult),
    ("OPD", Agency), ("Surat", Letter),
]


@dataclass(frozen=True)
class DatabaseCounts:
    counts: list[tuple[str, int]]

    @property
    def is_empty(self) -> bool:
        return all(n == 0 for _, n in self.counts)


def database_counts(session: Session) -> DatabaseCounts:
    return DatabaseCounts([
        (label, session.scalar(select(func.count()).select_from(table)) or 0)
        for label, table in COUNTED
    ])


def has_areas(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Kecamatan)))
