"""Hand-made persons for reconciliation tests, stored as import batches of either source."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.ids.nik import compose_nik
from models.persons.check import person_key
from models.recon.run import ReconReport, run_reconciliation
from models.schema.batches import FieldResult, ImportBatch, ImportKind, OnlineSubmission, Sex
from models.schema.recon import PersonMatch
from models.store.db import Database
from tests.builders import SmallCity, set_office_codes

KK = "6371040101200001"
BORN = date(1985, 3, 12)


@dataclass
class P:
    """One record; `nik=None` for a field record without NIK."""

    serial: int
    name: str = ""
    female: bool = False
    born: date = BORN
    kk: str | None = KK
    sls: int = 0  # index into the city's SLS
    nik: str | None = field(default="auto")
    sex: str | None = None

    def values(self, sls_ids: list[int], sls_codes: list[str]) -> dict[str, Any]:
        nik = compose_nik("637104", self.born, self.female, self.serial) \
            if self.nik == "auto" else self.nik
        name = self.name or f"WARGA {self.serial}"
        sex = self.sex or ("P" if self.female else "L")
        code = sls_codes[self.sls]
        return {"natural_key": person_key(nik, self.kk, name, self.born.isoformat(), code),
                "nik": nik, "kk": self.kk, "name": name, "sex": Sex(sex),
                "birth_date": self.born, "area_code": code, "sls_id": sls_ids[self.sls],
                "address": "Jl. Sutoyo", "source_row": self.serial, "content_hash": self.serial}


def nik_of(serial: int, female: bool = False, born: date = BORN) -> str:
    return compose_nik("637104", born, female, serial)


def add_batch(session: Session, kind: ImportKind, records: list[P], sls_ids: list[int],
              sls_codes: list[str], name: str = "") -> int:
    """Store `records` as one batch, replacing current rows with the same key (as imports do)."""
    model = OnlineSubmission if kind is ImportKind.ONLINE else FieldResult
    batch = ImportBatch(kind=kind, file_name=name or f"{kind.value}.xlsx",
                        file_sha256=f"{id(records):x}".ljust(64, "0"), sheet_name="Data",
                        rows_read=len(records), rows_inserted=len(records))
    session.add(batch)
    session.flush()
    for record in records:
        values = record.values(sls_ids, sls_codes)
        for old in session.query(model).filter(model.natural_key == values["natural_key"],
                                               model.replaced_by_batch_id.is_(None)):
            old.replaced_by_batch_id = batch.id
        session.flush()
        session.add(model(batch_id=batch.id, **values))
    session.commit()
    return batch.id


def coded_city(db: Database) -> SmallCity:
    """The small city with the office's codes, its SLS codes at hand as `codes`."""
    with db.session() as session:
        set_office_codes(session)
        small = SmallCity(session)
        small.codes = [s.bps_code for s in small.sls]  # type: ignore[attr-defined]
        return small


def store(db: Database, city: SmallCity, kind: ImportKind, records: list[P]) -> int:
    """`records` as one batch of `kind`, in its own transaction."""
    with db.session() as session:
        return add_batch(session, kind, records, city.sls_ids, city.codes)  # type: ignore[attr-defined]


def outcomes(db: Database) -> list[PersonMatch]:
    """Every outcome row, in the order written, detached from its session."""
    with db.session() as session:
        rows = list(session.scalars(select(PersonMatch).order_by(PersonMatch.id)))
        session.expunge_all()
        return rows


def reconcile(db: Database, full: bool = False) -> ReconReport:
    with db.session() as session:
        return run_reconciliation(session, full=full, by="tester")
