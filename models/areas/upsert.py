"""Writing a checked area master in bulk: kecamatan and kelurahan by code, then the SLS.

Statements over whole lists instead of an ORM object per row; each kecamatan and kelurahan
written gets the audit entry the flush listener would give it (`models.audit.bulk_trail`),
the SLS are the import batch's (as before). A code named by several rows takes the last
name and Kemendagri code given for it, in file order.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from models.audit.bulk_trail import BulkTrail, Change
from models.schema.areas import Kecamatan, Kelurahan, Sls, VillageKind
from models.sheets.importing import Counts, ImportProblems
from models.work import ProgressCallback, advance

CHUNK = 2000
STALE = ("Master wilayah diubah di komputer lain selama impor berjalan. Tidak ada yang "
         "disimpan; impor ulang berkasnya.")


@dataclass
class AreaRecord:
    """One checked row of the master: its sheet row and the SLS with its areas' names."""

    row: int
    sls_code: str  # 16 digits
    sls_name: str
    households: int
    population: int
    kec_name: str
    kel_name: str
    kec_kemendagri: str | None
    kel_kemendagri: str | None


@dataclass(frozen=True)
class Level:
    """Kecamatan or kelurahan: how a row names one, and what a new one needs."""

    table: Table
    length: int  # digits of the IDSLS that are its code
    column: str  # the column a missing name is reported in
    missing: str  # the problem when a new code has no name ({code})
    name: Callable[[AreaRecord], str]
    kemendagri: Callable[[AreaRecord], str | None]


KECAMATAN = Level(Kecamatan.__table__, 7, "Nama Kecamatan",  # type: ignore[arg-type]
                  "Kecamatan {code} belum ada; nama kecamatan wajib diisi.",
                  lambda r: r.kec_name, lambda r: r.kec_kemendagri)
KELURAHAN = Level(Kelurahan.__table__, 10, "Nama Desa",  # type: ignore[arg-type]
                  "Kelurahan/desa {code} belum ada; namanya wajib diisi.",
                  lambda r: r.kel_name, lambda r: r.kel_kemendagri)


def upsert_areas(session: Session, level: Level, records: list[AreaRecord], *,
                 parents: dict[str, int] | None, problems: ImportProblems, counts: Counts,
                 trail: BulkTrail) -> dict[str, int]:
    """The kecamatan (`parents` None) or the kelurahan of `records` (of the kecamatan in
    `parents`), inserted or updated; every stored code's id."""
    table = level.table
    stored = {row.bps_code: row for row in session.execute(
        select(table.c.id, table.c.bps_code, table.c.name, table.c.kemendagri_code,
               table.c.version_id).order_by(table.c.id).with_for_update())}
    new: dict[str, dict[str, Any]] = {}
    given: dict[str, dict[str, Any]] = {}  # stored code -> the values the file gives it
    for record in records:
        code = record.sls_code[:level.length]
        if parents is not None and code[:KECAMATAN.length] not in parents:
            continue  # its kecamatan was refused
        name, kemendagri = level.name(record), level.kemendagri(record)
        values = new.get(code)
        if values is None and code not in stored:
            if not name:
                problems.add(record.row, level.column, level.missing.format(code=code))
                continue
            new[code] = values = {"bps_code": code, "name": name, "kemendagri_code": kemendagri,
                                  "version_id": 1}
            if parents is not None:
                values |= {"kecamatan_id": parents[code[:KECAMATAN.length]],
                           "kind": VillageKind.KELURAHAN}
            continue
        if values is None:
            old = stored[code]
            values = given.setdefault(code, {"name": old.name,
                                             "kemendagri_code": old.kemendagri_code})
        if name:
            values["name"] = name
        if kemendagri:
            values["kemendagri_code"] = kemendagri
    changed: list[dict[str, Any]] = []
    changes: list[Change] = []
    for code, values in given.items():
        old = stored[code]
        before = {k: getattr(old, k) for k, v in values.items() if getattr(old, k) != v}
        if before:
            changed.append({"id": old.id, "version": old.version_id, **values})
            changes.append(Change(old.id, before, {k: values[k] for k in before}))
    trail.update(table, changed, ("name", "kemendagri_code"), changes, versioned=True,
                 stale=STALE)
    rows = list(new.values())
    trail.insert(table, rows, "bps_code")
    counts.inserted, counts.updated = len(rows), len(changed)
    counts.unchanged = len(stored) - counts.updated
    return {code: row.id for code, row in stored.items()} | {r["bps_code"]: r["id"] for r in rows}


def upsert_sls(session: Session, records: list[AreaRecord], kelurahan: dict[str, int],
               *, counts: Counts, progress: ProgressCallback | None, total: int) -> None:
    existing = {
        code: (sid, name, hh, pop)
        for sid, code, name, hh, pop in session.execute(
            select(Sls.id, Sls.bps_code, Sls.name, Sls.expected_households,
                   Sls.expected_population))
    }
    new_rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for record in records:
        kel_id = kelurahan.get(record.sls_code[:10])
        if kel_id is None:
            continue
        old = existing.get(record.sls_code)
        if old is None:
            new_rows.append({
                "kelurahan_id": kel_id, "bps_code": record.sls_code, "name": record.sls_name,
                "expected_households": record.households,
                "expected_population": record.population, "active": True, "version_id": 1,
                "parent_id": None,
            })
        elif old[1:] != (record.sls_name, record.households, record.population):
            changes.append({"sid": old[0], "n": record.sls_name, "hh": record.households,
                            "pop": record.population})
        else:
            counts.unchanged += 1
    table = Sls.__table__
    statement = (
        update(table).where(table.c.id == bindparam("sid"))
        .values(name=bindparam("n"), expected_households=bindparam("hh"),
                expected_population=bindparam("pop"), version_id=table.c.version_id + 1)
    )
    done = 0
    for start in range(0, max(len(new_rows), len(changes)), CHUNK):
        if new_rows[start:start + CHUNK]:
            session.execute(insert(table), new_rows[start:start + CHUNK])
        if changes[start:start + CHUNK]:
            session.connection().execute(statement, changes[start:start + CHUNK])
        done += len(new_rows[start:start + CHUNK]) + len(changes[start:start + CHUNK])
        advance(progress, total + done, 2 * total)
    counts.inserted, counts.updated = len(new_rows), len(changes)
