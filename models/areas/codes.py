"""Kemendagri codes of an area master file, checked against the shipped table and each other.

A kecamatan's code must exist in the Kemendagri table and lie in the same kab/kota as the
office's other kecamatan; a kelurahan/desa code is its kecamatan's 6 digits and 4 more.
No two kecamatan, and no two kelurahan, may share a code, counting what is already stored.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.ids.kemendagri import KemendagriCodes
from models.schema.areas import Kecamatan, Kelurahan
from models.sheets.columns import normalize

STORED = "sudah tersimpan"
KECAMATAN_WORDS = re.compile(r"^(kecamatan|kec)")


class CodedArea(Protocol):
    """What the checks read of one row of the file (wilayah_import.AreaRecord)."""

    row: int
    sls_code: str
    kec_name: str
    kec_kemendagri: str | None
    kel_kemendagri: str | None


class Notes(Protocol):
    def add(self, row: int, column: str, reason: str) -> None: ...

    def warn(self, row: int, column: str, reason: str | None) -> None: ...


@dataclass(frozen=True)
class Columns:
    """The file's headers of the two code columns, so every refusal names its column."""

    kecamatan: str
    kelurahan: str


@dataclass
class _Given:
    code: str
    row: int  # the first row naming it


def kecamatan_code_problem(code: str, codes: KemendagriCodes) -> str | None:
    """Why a 6-digit Kemendagri kecamatan code is not in the shipped table, or None."""
    province = code[:2]
    if province not in codes.provinces:
        return f"Kode Kemendagri kecamatan {code}: kode provinsi {province} tidak dikenal."
    if province in codes.provinces_with_kecamatan and code not in codes.kecamatan:
        return (f"Kode Kemendagri kecamatan {code} tidak ada di tabel Kemendagri "
                f"({codes.province_name(province)}).")
    return None


def _where(row: int | None) -> str:
    return f"baris {row}" if row is not None else STORED


def _same_name(a: str, b: str) -> bool:
    return KECAMATAN_WORDS.sub("", normalize(a)) == KECAMATAN_WORDS.sub("", normalize(b))


def _given(records: Iterable[CodedArea], notes: Notes, *, column: str, width: int,
           attribute: str, label: str) -> dict[str, _Given]:
    """Each area's code as the file gives it; a second, different code is an error."""
    found: dict[str, _Given] = {}
    for record in records:
        code = getattr(record, attribute)
        if not code:
            continue
        area = record.sls_code[:width]
        first = found.get(area)
        if first is None:
            found[area] = _Given(code, record.row)
        elif first.code != code:
            notes.add(record.row, column, f"Kode Kemendagri {label} {area} di baris "
                                          f"{first.row} adalah {first.code}, bukan {code}.")
    return found


def _duplicates(final: dict[str, str], given: dict[str, _Given], notes: Notes, *, column: str,
                label: str) -> None:
    """Two areas with one code: named at the row of the file that makes it so."""
    holders: dict[str, list[str]] = {}
    for area, code in sorted(final.items()):
        holders.setdefault(code, []).append(area)
    for code, areas in holders.items():
        if len(areas) < 2:
            continue
        for area in areas:
            if area not in given:
                continue
            others = ", ".join(
                f"{other} ({_where(given[other].row if other in given else None)})"
                for other in areas if other != area)
            notes.add(given[area].row, column,
                      f"Kode Kemendagri {code} juga dipakai {label} {others}.")


def check_kemendagri(session: Session, records: list[CodedArea], notes: Notes, *,
                     codes: KemendagriCodes, columns: Columns) -> None:
    """Refuse (via `notes`) every Kemendagri code that is unknown, out of place or taken."""
    stored_kec = {bps: (code, name) for bps, code, name in session.execute(
        select(Kecamatan.bps_code, Kecamatan.kemendagri_code, Kecamatan.name))}
    stored_kel = dict(session.execute(
        select(Kelurahan.bps_code, Kelurahan.kemendagri_code)).all())
    kec_given = _given(records, notes, column=columns.kecamatan, width=7,
                       attribute="kec_kemendagri", label="kecamatan")
    names = {r.sls_code[:7]: r.kec_name for r in records if r.kec_name}

    bad: set[str] = set()
    for area, given in kec_given.items():
        problem = kecamatan_code_problem(given.code, codes)
        if problem:
            notes.add(given.row, columns.kecamatan, problem)
            bad.add(area)
            continue
        official = codes.kecamatan.get(given.code)
        name = names.get(area) or stored_kec.get(area, (None, ""))[1]
        if official and name and not _same_name(official, name):
            notes.warn(given.row, columns.kecamatan,
                       f"Kode Kemendagri {given.code} adalah kecamatan {official} menurut "
                       f"tabel Kemendagri, bukan {name}.")
    final_kec = {bps: code for bps, (code, _) in stored_kec.items() if code}
    final_kec.update({area: g.code for area, g in kec_given.items()})
    _duplicates(final_kec, kec_given, notes, column=columns.kecamatan, label="kecamatan")
    _one_regency(final_kec, kec_given, bad, notes=notes, column=columns.kecamatan)

    _resolve_short_codes(records, final_kec, notes, columns.kelurahan)
    kel_given = _given(records, notes, column=columns.kelurahan, width=10,
                       attribute="kel_kemendagri",
                       label="kelurahan/desa")
    final_kel = {bps: code for bps, code in stored_kel.items() if code}
    final_kel.update({area: g.code for area, g in kel_given.items()})
    _duplicates(final_kel, kel_given, notes, column=columns.kelurahan, label="kelurahan/desa")
    changed = {area: g.row for area, g in kec_given.items()
               if area not in bad and stored_kec.get(area, ("", ""))[0] != g.code}
    _inside_kecamatan(final_kel, kel_given, final_kec=final_kec, changed=changed, bad=bad,
                      codes=codes, notes=notes, columns=columns)


def _one_regency(final: dict[str, str], given: dict[str, _Given], bad: set[str],
                 *, notes: Notes, column: str) -> None:
    """An office covers one kab/kota: what is stored decides, else most of the file."""
    stored = Counter(code[:4] for area, code in final.items() if area not in given)
    in_file = Counter(g.code[:4] for area, g in given.items() if area not in bad)
    office = (stored or in_file).most_common(1)
    if not office:
        return
    prefix = office[0][0]
    for area, g in given.items():
        if area not in bad and g.code[:4] != prefix:
            notes.add(g.row, column, f"Kode Kemendagri kecamatan {g.code} bukan di kabupaten/"
                                     f"kota kantor ini ({prefix}), tempat kecamatan lainnya.")


def _resolve_short_codes(records: list[CodedArea], final_kec: dict[str, str], notes: Notes,
                         column: str) -> None:
    """A 4-digit kelurahan code joins its kecamatan's code, from this file or stored."""
    for record in records:
        part = record.kel_kemendagri
        if part is None or len(part) != 4:
            continue
        kecamatan = final_kec.get(record.sls_code[:7])
        if kecamatan is None:
            notes.add(record.row, column, f"Kode Kemendagri desa {part} (4 angka) memerlukan "
                                          "kode Kemendagri kecamatannya; isi kolomnya.")
            record.kel_kemendagri = None
        else:
            record.kel_kemendagri = kecamatan + part


def _inside_kecamatan(final_kel: dict[str, str], kel_given: dict[str, _Given],
                      *, final_kec: dict[str, str], changed: dict[str, int], bad: set[str],
                      codes: KemendagriCodes, notes: Notes, columns: Columns) -> None:
    """A kelurahan code starts with its kecamatan's code, also after the file changes that
    (`changed`: kecamatan whose code the file sets anew, at which row)."""
    for area, code in sorted(final_kel.items()):
        kecamatan = area[:7]
        if kecamatan in bad:
            continue
        expected = final_kec.get(kecamatan)
        given = kel_given.get(area)
        if given is not None:
            if expected is None:
                problem = kecamatan_code_problem(code[:6], codes)
                if problem:
                    notes.add(given.row, columns.kelurahan, f"Kode Kemendagri desa {code}: "
                                                            f"{problem}")
            elif code[:6] != expected:
                notes.add(given.row, columns.kelurahan,
                          f"Kode Kemendagri desa {code} tidak diawali kode Kemendagri "
                          f"kecamatannya ({expected}).")
        elif expected is not None and code[:6] != expected and kecamatan in changed:
            notes.add(changed[kecamatan], columns.kecamatan,
                      f"Kelurahan/desa {area} {STORED} dengan kode Kemendagri {code}, yang "
                      f"tidak diawali kode baru kecamatannya ({expected}); sertakan kode "
                      "Kemendagri desanya di berkas.")
