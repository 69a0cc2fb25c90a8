"""Editing the area master in the app: add an SLS, rename an area, split an SLS."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.access import Permission, require
from models.areas.queries import AreaLevel
from models.assignment.assign import assign, current_ppl
from models.errors import KendaliError, StaleEditError
from models.ids.cells import ascii_digits, clean_text
from models.schema.areas import Kecamatan, Kelurahan, Sls

LEVEL_TABLE = {AreaLevel.KECAMATAN: Kecamatan, AreaLevel.KELURAHAN: Kelurahan, AreaLevel.SLS: Sls}
STALE = "sudah diubah pengguna lain sejak Anda membukanya. Muat ulang lalu ulangi."


class AreaEditError(KendaliError):
    """An edit of the area master that would make it inconsistent."""


@dataclass(frozen=True)
class SlsPart:
    name: str
    households: int
    population: int = 0


def _name(value: str) -> str:
    """A typed or pasted name without tabs, line breaks or other control characters."""
    return clean_text(value.strip())[0]


def _commit(session: Session, what: str) -> None:
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleEditError(f"{what} {STALE}") from exc


def _versioned(session: Session, table: type, row_id: int, *, seen_version: int, what: str):  # type: ignore[no-untyped-def]
    row = session.get(table, row_id, populate_existing=True)  # never a cached old version
    if row is None:
        raise AreaEditError(f"{what} tidak ditemukan; mungkin sudah dihapus.")
    if row.version_id != seen_version:
        raise StaleEditError(f"{what} {STALE}")
    return row


def rename_area(session: Session, level: AreaLevel, area_id: int, new_name: str,
                *, seen_version: int) -> None:
    require(session, Permission.EDIT_MASTER)
    name = _name(new_name)
    if not name:
        raise AreaEditError("Nama wilayah tidak boleh kosong.")
    row = _versioned(session, LEVEL_TABLE[level], area_id, seen_version=seen_version,
                     what="Wilayah ini")
    row.name = name
    _commit(session, f"{level.value.capitalize()} {row.bps_code}")


def add_sls(session: Session, kelurahan_id: int, number: str, name: str, *, households: int,
            population: int = 0) -> int:
    """A new SLS under a kelurahan; `number` is its 4-digit SLS code."""
    require(session, Permission.EDIT_MASTER)
    kel = session.get(Kelurahan, kelurahan_id)
    if kel is None:
        raise AreaEditError("Kelurahan/desa tidak ditemukan.")
    if not ascii_digits(number, 4):
        raise AreaEditError("Nomor SLS harus 4 angka (contoh 0012).")
    name = _name(name)
    if not name:
        raise AreaEditError("Nama SLS wajib diisi.")
    if households < 0 or population < 0:
        raise AreaEditError("Jumlah KK dan penduduk tidak boleh negatif.")
    code = f"{kel.bps_code}{number}00"
    if session.scalar(select(Sls.id).where(Sls.bps_code == code)):
        raise AreaEditError(f"SLS dengan kode {code} sudah ada.")
    sls = Sls(kelurahan_id=kel.id, bps_code=code, name=name,
              expected_households=households, expected_population=population)
    session.add(sls)
    session.commit()
    return sls.id


def split_sls(session: Session, sls_id: int, parts: list[SlsPart], *, seen_version: int,
              by: str) -> list[int]:
    """Replace an SLS by sub-SLS (codes ...01, ...02); they keep the parent's PPL.

    The parent stays as an inactive record, so earlier assignments and imports that
    point to it keep their meaning.
    """
    require(session, Permission.EDIT_MASTER)
    if len(parts) < 2:
        raise AreaEditError("Pecah SLS menjadi sedikitnya 2 bagian.")
    parts = [SlsPart(_name(p.name), p.households, p.population) for p in parts]
    if any(not p.name or p.households < 0 or p.population < 0 for p in parts):
        raise AreaEditError("Setiap bagian perlu nama dan jumlah KK yang tidak negatif.")
    if len(parts) > 99:
        raise AreaEditError("Paling banyak 99 sub-SLS.")
    parent = _versioned(session, Sls, sls_id, seen_version=seen_version, what="SLS ini")
    if not parent.active:
        raise AreaEditError("SLS ini sudah tidak aktif (sudah dipecah).")
    if not parent.bps_code.endswith("00"):
        raise AreaEditError("Sub-SLS tidak dapat dipecah lagi; pecah SLS induknya.")
    ppl = current_ppl(session, [sls_id])[sls_id]
    base = parent.bps_code[:14]
    children = [
        Sls(kelurahan_id=parent.kelurahan_id, bps_code=f"{base}{i:02d}", name=part.name,
            expected_households=part.households, expected_population=part.population,
            parent_id=parent.id)
        for i, part in enumerate(parts, start=1)
    ]
    taken = set(session.scalars(select(Sls.bps_code).where(
        Sls.bps_code.in_([c.bps_code for c in children]))))
    if taken:
        raise AreaEditError(f"Kode sub-SLS sudah dipakai: {', '.join(sorted(taken))}.")
    session.add_all(children)
    session.flush()
    assign(session, {parent.id: None}, {parent.id: parent.version_id}, by,
           reason="SLS dipecah", commit=False)
    session.refresh(parent)
    parent.active = False
    if ppl is not None:
        versions = {c.id: c.version_id for c in children}
        assign(session, dict.fromkeys(versions, ppl), versions, by,
               reason=f"pecahan dari {parent.bps_code}", commit=False)
    _commit(session, f"SLS {parent.bps_code}")
    return [c.id for c in children]


def current_version(session: Session, level: AreaLevel, area_id: int) -> int:
    """The version an edit form starts from; saving against it refuses later changes."""
    version = session.scalar(select(LEVEL_TABLE[level].version_id).where(
        LEVEL_TABLE[level].id == area_id))
    if version is None:
        raise AreaEditError("Wilayah ini tidak ditemukan; mungkin sudah dihapus.")
    return version
