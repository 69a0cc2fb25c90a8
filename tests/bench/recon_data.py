"""Both sources of a city stored straight into the person tables, for reconciliation benchmarks.

Persons come in households (one No. KK each). A share of the households is in both sources,
the rest in one only; in the field some persons carry a name typo, another sex or birth
date, another SLS, no NIK, or are counted twice; online a few filled twice with a mistyped
NIK. The shares are small and fixed so the categories' sizes are known roughly.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from models.demo.names import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES
from models.ids.nik import compose_kk, compose_nik
from models.persons.check import person_key
from models.persons.store import COMMON, MOMENT_COLUMN
from models.schema.areas import Kecamatan, Sls
from models.schema.batches import FieldResult, ImportBatch, ImportKind, OnlineSubmission
from models.store.bulk import bulk_inserter
from models.store.db import Database

NAME_TYPO = 0.02
SEX_SWAP = 0.005
BIRTH_SHIFT = 0.005
MOVED = 0.01
NO_NIK = 0.03
FIELD_TWICE = 0.003
ONLINE_TWICE = 0.002
START = datetime(2020, 9, 1, 8, 0)


@dataclass
class Sources:
    online: list[tuple[Any, ...]] = field(default_factory=list)
    field: list[tuple[Any, ...]] = field(default_factory=list)


def _row(key: str, nik: str | None, kk: str, name: str, sex: str, born: date,
         sls: tuple[int, str], moment: datetime) -> tuple[Any, ...]:
    # natural_key, source_row, nik, kk, name, sex, birth_date, area_code, address, sls_id,
    # content_hash, moment
    return (key, 0, nik, kk, name, sex, born.isoformat(), sls[1], "", sls[0], 0,
            moment.isoformat(" "))


def _typo(rng: random.Random, name: str) -> str:
    at = rng.randrange(len(name))
    return name[:at] + rng.choice("AIUEOY") + name[at + 1:]


def generate(persons: int, sls: list[tuple[int, str]], kecamatan: list[str],
             overlap: float = 0.6, seed: int = 2020) -> Sources:
    """About `persons` rows per source, `overlap` of them the same persons in both."""
    rng = random.Random(seed)
    out = Sources()
    seen: set[str] = set()
    serial = 0
    # A household is in both sources with probability b, in one only with (1 - b) / 2 each:
    # each source then holds (1 + b) / 2 of all persons, and the shared part is 2b / (1 + b).
    both = overlap / (2 - overlap)
    target = persons / ((1 + both) / 2)
    made = 0
    while made < target:
        home = rng.choice(sls)
        code = rng.choice(kecamatan)
        serial += 1
        kk = compose_kk(code, date(2010, 1, 1) + timedelta(days=serial % 3650), serial % 9999 + 1)
        family = rng.choice(FAMILY_NAMES)
        draw = rng.random()
        where = "both" if draw < both else ("online" if draw < (1 + both) / 2 else "field")
        for member in range(max(1, round(rng.gauss(3.6, 1.2)))):
            female = rng.random() < (0.5 if member else 0.15)
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(25000))
            serial += 1
            nik = compose_nik(code, born, female, serial % 9999 + 1)
            if nik in seen:
                continue
            seen.add(nik)
            made += 1
            name = f"{rng.choice(FEMALE_NAMES if female else MALE_NAMES)} {family}".upper()
            sex = "P" if female else "L"
            moment = START + timedelta(minutes=rng.randrange(60 * 24 * 30))
            if where != "field":
                out.online.append(_row(nik, nik, kk, name, sex, born, home, moment))
                if rng.random() < ONLINE_TWICE:
                    twin = nik[:-4] + f"{(int(nik[-4:]) + 5000) % 9999 + 1:04d}"
                    if twin not in seen:
                        seen.add(twin)
                        out.online.append(_row(twin, twin, kk, name, sex, born, home, moment))
            if where == "online":
                continue
            f_name, f_sex, f_born, f_home = name, sex, born, home
            if where == "both":
                if rng.random() < NAME_TYPO:
                    f_name = _typo(rng, name)
                if rng.random() < SEX_SWAP:
                    f_sex = "L" if sex == "P" else "P"
                if rng.random() < BIRTH_SHIFT:
                    f_born = born + timedelta(days=rng.choice((-365, 1, 31)))
                if rng.random() < MOVED:
                    f_home = rng.choice(sls)
            f_nik: str | None = None if rng.random() < NO_NIK else nik
            key = person_key(f_nik, kk, f_name, f_born.isoformat(), f_home[1])
            out.field.append(_row(key, f_nik, kk, f_name, f_sex, f_born, f_home, moment))
            if rng.random() < FIELD_TWICE and f_nik:
                again = person_key(None, kk, f_name, f_born.isoformat(), f_home[1])
                out.field.append(_row(again, None, kk, f_name, f_sex, f_born, f_home, moment))
    return out


def store(db: Database, sources: Sources) -> None:
    """Each source as one import batch, written the way an import writes it."""
    with db.session() as session:
        for kind, rows in ((ImportKind.ONLINE, sources.online),
                           (ImportKind.LAPANGAN, sources.field)):
            batch = ImportBatch(kind=kind, file_name=f"bench-{kind.value}.xlsx",
                                file_sha256=f"{kind.value:0<64}", sheet_name="Data",
                                rows_read=len(rows), rows_inserted=len(rows))
            session.add(batch)
            session.flush()
            model = OnlineSubmission if kind is ImportKind.ONLINE else FieldResult
            columns = ("batch_id", *COMMON, MOMENT_COLUMN[kind])
            with bulk_inserter(session.connection(), model.__table__, columns) as insert:  # type: ignore[arg-type]
                insert([(batch.id, *row) for row in rows])
        session.commit()


def city(db: Database) -> tuple[list[tuple[int, str]], list[str]]:
    """The SLS (id, code) and Kemendagri kecamatan codes of the office in `db`."""
    with db.session() as session:
        sls = [(i, c) for i, c in session.execute(select(Sls.id, Sls.bps_code).where(Sls.active))]
        kecamatan = [k for k in session.scalars(select(Kecamatan.kemendagri_code)) if k]
    return sls, kecamatan
