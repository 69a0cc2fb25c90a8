"""Reconciliation outcomes per person as a labelled Stata (.dta) or SPSS (.sav) file.

One row per outcome (`PersonMatch`), the columns of the xlsx person export
(`models.recon.export.PERSON_COLUMNS`) under short ASCII variable names with Indonesian
variable labels; category, source, match method, sex, decision, kecamatan and kelurahan
are labelled integers, birth dates are dates. NIK and No. KK are masked unless an admin
asks for them whole with a reason, which goes to the audit log
(`models.audit.nik_disclosure`). The rows are read from SQL in chunks; the file is written
privately under a temporary name and renamed into place once complete.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from models.access import ROLE_LABELS, AccessDenied, actor_of
from models.analysis.stat_formats import FORMAT_LABELS, StatFormat
from models.audit.nik_disclosure import Shown, log_full_export, masked_number, nik_shown
from models.errors import KendaliError
from models.files.private import written_privately
from models.formatting import format_number
from models.recon.export import DIFFERING_LABELS
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import FieldResult, OnlineSubmission, Sex
from models.schema.recon import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    MatchMethod,
    PersonMatch,
    ReconCategory,
    Resolution,
    ResolutionAction,
)
from models.schema.users import UserRole
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)

CHUNK = 5_000  # rows fetched from the database at a time, and between progress reports


DATE_FORMATS = {StatFormat.DTA: "%td", StatFormat.SAV: "DATE11"}  # a day, shown as a date

# The numbers behind the labelled variables. Sex follows the BPS questionnaire (1 laki-laki,
# 2 perempuan); the other codes follow the order the app lists them in.
CATEGORY_CODES = {category: number for number, category in enumerate(ReconCategory, start=1)}
ACTION_CODES = {action: number for number, action in enumerate(ResolutionAction, start=1)}
METHOD_CODES = {MatchMethod.NONE: 0, MatchMethod.NIK: 1, MatchMethod.KK_NAMA: 2,
                MatchMethod.SKOR: 3}
SEX_CODES = {Sex.LAKI_LAKI: 1, Sex.PEREMPUAN: 2}
ONLINE_ONLY, FIELD_ONLY, BOTH = 1, 2, 3

# The same numbers by the text the database stores for each enum member.
STORED_CATEGORY = {c.value: n for c, n in CATEGORY_CODES.items()}
STORED_ACTION = {a.value: n for a, n in ACTION_CODES.items()}
STORED_METHOD = {m.value: n for m, n in METHOD_CODES.items()}
STORED_SEX = {s.value: n for s, n in SEX_CODES.items()}

CATEGORY_VALUES = {CATEGORY_CODES[c]: label for c, label in CATEGORY_LABELS.items()}
ACTION_VALUES = {ACTION_CODES[a]: label for a, label in ACTION_LABELS.items()}
METHOD_VALUES = {0: "Tidak berpasangan", 1: "NIK", 2: "No. KK, nama dan tanggal lahir",
                 3: "Skor beberapa isian (tanpa NIK)"}
SEX_VALUES = {1: "Laki-laki", 2: "Perempuan"}
SOURCE_VALUES = {ONLINE_ONLY: "Hanya isian online", FIELD_ONLY: "Hanya hasil lapangan",
                 BOTH: "Isian online dan hasil lapangan"}


class StatExportError(KendaliError):
    """The outcomes cannot be written as a statistics file; nothing was written."""


@dataclass(frozen=True)
class Variable:
    """One column of the file: Stata names are at most 32 ASCII characters, no spaces."""

    name: str
    label: str
    kind: str  # "int" (labelled or a count), "float", "text" or "date"
    values: dict[int, str] | None = None  # value labels of an "int" variable


@dataclass(frozen=True)
class StatExportReport:
    target: Path
    fmt: StatFormat
    rows: int
    masked: bool
    seconds: float


def person_variables(masked: bool, kecamatan: dict[int, str] | None = None,
                     kelurahan: dict[int, str] | None = None) -> list[Variable]:
    """The variables of the persons file, in order (the area labels from the master)."""
    hidden = " (disamarkan)" if masked else ""
    return [
        Variable("no_rekon", "Nomor hasil rekonsiliasi", "int"),
        Variable("kategori", "Kategori rekonsiliasi", "int", CATEGORY_VALUES),
        Variable("sumber", "Sumber catatan", "int", SOURCE_VALUES),
        Variable("cara_cocok", "Cara dicocokkan", "int", METHOD_VALUES),
        Variable("skor_nama", "Skor kemiripan nama (0-100)", "float"),
        Variable("isian_beda", "Isian yang berbeda", "text"),
        Variable("nik", f"NIK{hidden}", "text"),
        Variable("no_kk", f"Nomor Kartu Keluarga{hidden}", "text"),
        Variable("nama_online", "Nama (isian online)", "text"),
        Variable("nama_lapangan", "Nama (hasil lapangan)", "text"),
        Variable("jk_online", "Jenis kelamin (isian online)", "int", SEX_VALUES),
        Variable("jk_lapangan", "Jenis kelamin (hasil lapangan)", "int", SEX_VALUES),
        Variable("tgl_lahir_online", "Tanggal lahir (isian online)", "date"),
        Variable("tgl_lahir_lapangan", "Tanggal lahir (hasil lapangan)", "date"),
        Variable("kecamatan", "Kecamatan (kode BPS 7 angka)", "int", kecamatan or {}),
        Variable("kelurahan", "Kelurahan/desa (kode BPS tanpa 2 angka provinsi)", "int",
                 kelurahan or {}),
        Variable("sls", "Kode SLS tempat orang dihitung", "text"),
        Variable("sls_online", "Kode SLS (isian online)", "text"),
        Variable("sls_lapangan", "Kode SLS (hasil lapangan)", "text"),
        Variable("keputusan", "Keputusan tinjauan", "int", ACTION_VALUES),
        Variable("alasan", "Alasan keputusan", "text"),
    ]


# -- areas ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Place:
    code: str
    kecamatan: int
    kelurahan: int


def kelurahan_number(code: str) -> int:
    """A kelurahan's 10-digit BPS code without its province (8 digits): a Stata value label
    holds a 32-bit integer, too small for all 10; one office lies in one province."""
    return int(code[2:])


def _areas(session: Session) -> tuple[dict[int, _Place], dict[int, str], dict[int, str]]:
    """SLS id -> its code and area numbers; the kecamatan and kelurahan value labels."""
    query = (select(Sls.id, Sls.bps_code, Kelurahan.bps_code, Kelurahan.name,
                    Kecamatan.bps_code, Kecamatan.name)
             .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
             .join(Kecamatan, Kecamatan.id == Kelurahan.kecamatan_id))
    places: dict[int, _Place] = {}
    kecamatan: dict[int, str] = {}
    kelurahan: dict[int, str] = {}
    kelurahan_codes: dict[int, str] = {}
    for sls_id, sls_code, kel_code, kel_name, kec_code, kec_name in session.execute(query):
        kec, kel = int(kec_code), kelurahan_number(kel_code)
        if kelurahan_codes.setdefault(kel, kel_code) != kel_code:
            raise StatExportError(
                f"Kelurahan {kelurahan_codes[kel]} dan {kel_code} berada di provinsi yang "
                "berbeda, sehingga nomornya sama dalam berkas statistik. Periksa master "
                "wilayah: satu kantor hanya memuat wilayah satu provinsi.")
        kecamatan[kec], kelurahan[kel] = kec_name, kel_name
        places[sls_id] = _Place(sls_code, kec, kel)
    return places, dict(sorted(kecamatan.items())), dict(sorted(kelurahan.items()))


# -- columns, filled chunk by chunk ----------------------------------------------------------
class _Columns:
    """The file's columns, filled a chunk of rows at a time; a frame only at the end."""

    def __init__(self, variables: list[Variable]) -> None:
        self.variables = variables
        self.items: list[list[Any]] = [[] for _ in variables]
        self.rows = 0

    def extend(self, rows: list[tuple[Any, ...]]) -> None:
        for items, column in zip(self.items, zip(*rows, strict=True), strict=False):
            items.extend(column)
        self.rows += len(rows)

    def frame(self) -> Any:
        """A pandas frame (pyreadstat writes pandas or polars frames; pandas is lighter)."""
        import numpy as np
        import pandas as pd

        data: dict[str, Any] = {}
        for variable, items in zip(self.variables, self.items, strict=True):
            if variable.kind == "int" and (variable.values or _fits_32_bits(items)):
                data[variable.name] = pd.array(items, dtype="Int32")  # a Stata "long"
            elif variable.kind == "int":  # a row number beyond 32 bits: exact as a double
                data[variable.name] = np.array(items, dtype=np.float64)
            elif variable.kind == "float" or (variable.kind == "date" and not any(items)):
                # None -> NaN; a date column with no date at all is typed by its format
                data[variable.name] = np.array(items, dtype=np.float64)
            else:
                data[variable.name] = pd.Series(items, dtype=object)
            items.clear()
        return pd.DataFrame(data, copy=False)  # the arrays as they are: no second copy


def _fits_32_bits(items: list[Any]) -> bool:
    return max((v for v in items if v is not None), default=0) < 2**31


# -- reading the outcomes --------------------------------------------------------------------
def _stored(column: Any) -> Any:
    """An enum column as the text it stores: mapped to its number without making the enum
    member first (a fifth of the reading time for the demo's 420,000 rows)."""
    return type_coerce(column, String)


def _query() -> Any:
    online, fielded = aliased(OnlineSubmission), aliased(FieldResult)
    return (
        select(PersonMatch.id, _stored(PersonMatch.category), _stored(PersonMatch.method),
               PersonMatch.score, PersonMatch.differing, PersonMatch.sls_id, online.id,
               online.nik, online.kk, online.name, _stored(online.sex), online.birth_date,
               online.sls_id, fielded.id, fielded.nik, fielded.kk, fielded.name,
               _stored(fielded.sex), fielded.birth_date, fielded.sls_id,
               _stored(Resolution.action), Resolution.reason)
        .outerjoin(online, online.id == PersonMatch.online_id)
        .outerjoin(fielded, fielded.id == PersonMatch.field_id)
        .outerjoin(Resolution, Resolution.id == PersonMatch.resolution_id)
        .order_by(PersonMatch.sls_id, PersonMatch.category, PersonMatch.id)
    )


class _Rows:
    """Database rows -> file rows, in the order of `person_variables`. Texts that recur
    (a masked NIK, the differing fields, a birth date) are kept once, not once per row."""

    def __init__(self, places: dict[int, _Place], shown: Shown) -> None:
        self.places = places
        self.shown = shown
        self.texts: dict[Any, Any] = {"": ""}
        self.differing: dict[str, str] = {}

    def differing_label(self, differing: str) -> str:
        label = self.differing.get(differing)
        if label is None:
            label = self.differing[differing] = ", ".join(
                DIFFERING_LABELS.get(f, f) for f in differing.split(",") if f)
        return label

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        (match_id, category, method, score, differing, sls_id, on_id, on_nik, on_kk, on_name,
         on_sex, on_birth, on_sls, fi_id, fi_nik, fi_kk, fi_name, fi_sex, fi_birth, fi_sls,
         action, reason) = values
        share = self.texts.setdefault
        places = self.places
        online, fielded = on_id is not None, fi_id is not None
        source = BOTH if online and fielded else ONLINE_ONLY if online else FIELD_ONLY
        # The xlsx's choice (`PersonLine.nik`, `.kk`): the online record first, then the field.
        nik = (on_nik if online else None) or (fi_nik if fielded else None)
        kk = on_kk if online else fi_kk if fielded else None
        nik, kk = self.shown(nik), self.shown(kk)
        place = places.get(sls_id)
        on_place = places.get(on_sls) if online else None
        fi_place = places.get(fi_sls) if fielded else None
        return (
            match_id, STORED_CATEGORY[category], source, STORED_METHOD[method], score,
            self.differing_label(differing), share(nik, nik), share(kk, kk),
            on_name if online else "", fi_name if fielded else "",
            STORED_SEX[on_sex] if online and on_sex else None,
            STORED_SEX[fi_sex] if fielded and fi_sex else None,
            share(on_birth, on_birth) if online else None,
            share(fi_birth, fi_birth) if fielded else None,
            place.kecamatan if place else None, place.kelurahan if place else None,
            place.code if place else "", on_place.code if on_place else "",
            fi_place.code if fi_place else "",
            STORED_ACTION[action] if action is not None else None, reason or "",
        )


def _shown(session: Session, unmasked: bool, reason: str) -> Shown:
    """Masked numbers; whole ones only for an admin, with a reason (checked before work)."""
    if not unmasked:
        return masked_number
    actor = actor_of(session)
    if actor.role is not UserRole.ADMIN:
        raise AccessDenied(
            "NIK dan No. KK lengkap dalam berkas Stata/SPSS hanya boleh diekspor oleh Admin. "
            f"Peran {ROLE_LABELS[actor.role]} dapat mengekspor berkas ini dengan NIK dan "
            "No. KK tersamar.", f"{actor.username}: ekspor statistik tanpa samaran")
    return nik_shown(session, False, reason)


def _writer(fmt: StatFormat) -> Callable[..., None]:
    import pyreadstat  # with pandas and numpy only when exporting: the window starts faster

    if fmt is StatFormat.DTA:  # release 118: UTF-8, opened by Stata 14 and every later one
        return lambda *args, **options: pyreadstat.write_dta(*args, version=14, **options)
    return pyreadstat.write_sav


def export_persons(session: Session, target: Path, *, fmt: StatFormat, unmasked: bool = False,
                   reason: str = "", progress: ProgressCallback | None = None
                   ) -> StatExportReport:
    """Every person outcome to `target` as a labelled .dta or .sav.

    NIK and No. KK are masked unless `unmasked`, which needs the admin role and a
    `reason`; the export is then in the audit log (file, format, rows, reason), or the file
    is removed. A cancel through `progress` raises Cancelled and leaves no file.
    """
    started = time.perf_counter()
    shown = _shown(session, unmasked, reason)
    places, kecamatan, kelurahan = _areas(session)
    variables = person_variables(not unmasked, kecamatan, kelurahan)
    total = session.scalar(select(func.count()).select_from(PersonMatch)) or 0
    steps = 2 * total + 1  # reading the rows, then writing them (one step for the writer)
    advance(progress, 0, steps)
    columns, convert = _Columns(variables), _Rows(places, shown)
    # Core rows, not ORM ones (a third of the reading time); a server-side cursor on
    # PostgreSQL, so only one chunk is held at a time.
    result = session.connection().execute(_query(), execution_options={"yield_per": CHUNK})
    for chunk in result.partitions():
        columns.extend([convert.row(values) for values in chunk])
        advance(progress, columns.rows, steps)
    rows = columns.rows
    with written_privately(target) as temporary:
        frame = columns.frame()
        del columns
        _writer(fmt)(
            frame, str(temporary),
            file_label=f"Kendali Sensus: hasil rekonsiliasi per orang "
                       f"({format_number(rows)} baris)",
            column_labels={v.name: v.label for v in variables},
            variable_value_labels={v.name: v.values for v in variables if v.values},
            variable_format={v.name: DATE_FORMATS[fmt] for v in variables if v.kind == "date"})
        del frame
        advance(progress, steps, steps)  # the last chance to cancel: then the rename
    log_full_export(session, not unmasked, reason,
                    f"rekonsiliasi orang, {FORMAT_LABELS[fmt]}", target=target, rows=rows)
    seconds = time.perf_counter() - started
    log.info("%s rows written to %s (%s) in %.1f s", rows, target, fmt.value, seconds)
    return StatExportReport(target, fmt, rows, not unmasked, seconds)
