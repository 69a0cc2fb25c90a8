"""Importing the area master (kecamatan › kelurahan/desa › SLS); updates by BPS code."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.access import Permission, require
from models.areas.codes import Columns, check_kemendagri
from models.areas.column_check import Ready, plain_rows
from models.areas.upsert import KECAMATAN, KELURAHAN, AreaRecord, upsert_areas, upsert_sls
from models.audit.bulk_trail import BulkTrail
from models.formatting import format_number
from models.ids.cells import CellProblem, digits, is_blank, plain_text, text, whole_number
from models.ids.kemendagri import load_codes
from models.office.profile import get_profile
from models.schema.areas import Sls
from models.schema.batches import ImportKind
from models.sheets.columns import ColumnMapping, FieldSpec
from models.sheets.importing import (
    PROGRESS_EVERY,
    Counts,
    ImportProblems,
    ImportRefused,
    ImportReport,
    record_batch,
    refresh_statistics,
    warning_lines,
)
from models.sheets.plain_rows import sheet_rows
from models.sheets.reading import sheet_names
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)
KIND = "wilayah"
NAME_LIMIT = Sls.__table__.c.name.type.length  # kecamatan and kelurahan names: the same 100

FIELDS = [
    FieldSpec("sls_code", "Kode SLS", ("IDSLS", "ID SLS", "KDSLS", "Kode RT", "IDSUBSLS",
                                       "Kode Lengkap SLS"), required=True),
    FieldSpec("sls_name", "Nama SLS", ("Nama RT", "NMSLS", "Nama RT/RW", "SLS", "RT"),
              required=True),
    FieldSpec("households", "Jumlah KK", ("Muatan", "Muatan KK", "Jumlah Ruta", "Ruta", "KK",
                                          "Jml KK", "Jumlah Rumah Tangga", "Jml Ruta")),
    FieldSpec("population", "Jumlah Penduduk", ("Penduduk", "Jml Penduduk", "Muatan Penduduk",
                                                "Jiwa", "Jumlah Jiwa")),
    FieldSpec("sub_code", "Kode Sub-SLS", ("Sub SLS", "KDSUBSLS", "Kode Sub SLS")),
    FieldSpec("kec_code", "Kode Kecamatan", ("KDKEC", "Kode Kec", "IDKEC")),
    FieldSpec("kec_name", "Nama Kecamatan", ("Kecamatan", "NMKEC", "Nama Kec", "Kec")),
    FieldSpec("kel_code", "Kode Desa", ("Kode Kelurahan", "Kode Desa/Kelurahan", "KDDESA",
                                        "Kode Kel", "IDDESA")),
    FieldSpec("kel_name", "Nama Desa", ("Nama Kelurahan", "Nama Desa/Kelurahan", "Kelurahan",
                                        "Desa", "Desa/Kelurahan", "NMDESA", "Nama Kel", "Kel")),
    FieldSpec("prov_code", "Kode Provinsi", ("KDPROV", "Kode Prov")),
    FieldSpec("kab_code", "Kode Kabupaten/Kota", ("KDKAB", "Kode Kab", "Kode Kota",
                                                  "Kode Kab/Kota")),
    FieldSpec("kec_kemendagri", "Kode Kemendagri Kecamatan", ("Kode Dagri Kecamatan",
                                                              "Kemendagri Kecamatan")),
    FieldSpec("kel_kemendagri", "Kode Kemendagri Desa", ("Kode Kemendagri Kelurahan",
                                                         "Kode Dagri Desa", "Kemendagri Desa")),
]


@dataclass
class MasterReport(ImportReport):
    kecamatan: Counts = field(default_factory=Counts)
    kelurahan: Counts = field(default_factory=Counts)
    sls: Counts = field(default_factory=Counts)

    def summary(self) -> str:
        return (f"{format_number(self.rows_read)} baris dibaca. Kecamatan: {self.kecamatan}. "
                f"Kelurahan/desa: {self.kelurahan}. SLS: {self.sls}."
                f"{warning_lines(self.warnings)}")


def _full_code(values: dict[str, Any], region: str) -> str:
    """The 16-digit IDSLS, from one column or composed from the code columns."""
    sls = digits(values.get("sls_code"), "Kode SLS", (16, 14, 4))
    sub = digits(values["sub_code"], "Kode Sub-SLS", (2,)) if not is_blank(
        values.get("sub_code")) else "00"
    if len(sls) == 16:
        return sls
    if len(sls) == 14:
        return sls + sub
    kel = digits(values.get("kel_code"), "Kode Desa", (10, 3)) if not is_blank(
        values.get("kel_code")) else ""
    if len(kel) == 10:
        return kel + sls + sub
    kec = digits(values.get("kec_code"), "Kode Kecamatan", (7, 3)) if not is_blank(
        values.get("kec_code")) else ""
    if not kel or not kec:
        raise CellProblem("Kode SLS 4 angka memerlukan kolom Kode Desa dan Kode Kecamatan.")
    if len(kec) == 7:
        return kec + kel + sls + sub
    prefix = region
    if not is_blank(values.get("prov_code")) and not is_blank(values.get("kab_code")):
        prefix = digits(values["prov_code"], "Kode Provinsi", (2,)) + digits(
            values["kab_code"], "Kode Kabupaten/Kota", (2,))
    if len(prefix) != 4:
        raise CellProblem("Kode provinsi dan kabupaten/kota tidak ada: sertakan kolomnya atau "
                          "isi Kode kab/kota di Pengaturan.")
    return prefix + kec + kel + sls + sub


def _check_consistent(code: str, values: dict[str, Any]) -> None:
    for key, label, length in (("kec_code", "Kode Kecamatan", 7), ("kel_code", "Kode Desa", 10)):
        raw = values.get(key)
        if is_blank(raw) or isinstance(raw, (int, float)):
            continue
        given = text(raw)
        if len(given) == length and not code.startswith(given):
            raise CellProblem(f"{label} {given} tidak cocok dengan kode SLS {code}.")


def _kemendagri(value: Any, label: str, lengths: tuple[int, ...]) -> str | None:
    return None if is_blank(value) else digits(value, label, lengths)


def _checked(row: int, values: dict[str, Any], mapping: ColumnMapping, *, region: str,
             warned: dict[str, str | None], problems: ImportProblems) -> Ready | None:
    """One row by the row rules; None once its problem is added to `problems`."""
    column = "Kode SLS"
    try:
        code = _full_code(values, region)
        _check_consistent(code, values)
        column = "Nama SLS"
        name, warned["sls_name"] = plain_text(values.get("sls_name"),
                                              mapping.column_name("sls_name"), NAME_LIMIT)
        if not name:
            raise CellProblem("Nama SLS kosong.")
        column = "Jumlah KK"
        households = whole_number(values.get("households"), "Jumlah KK")
        column = "Jumlah Penduduk"
        population = whole_number(values.get("population"), "Jumlah Penduduk")
        column = "Kode Kemendagri Kecamatan"
        kec_kemendagri = _kemendagri(values.get("kec_kemendagri"), column, (6,))
        column = "Kode Kemendagri Desa"
        kel_kemendagri = _kemendagri(values.get("kel_kemendagri"), column, (10, 4))
        if kel_kemendagri and len(kel_kemendagri) == 4 and kec_kemendagri:
            kel_kemendagri = kec_kemendagri + kel_kemendagri  # else wilayah_codes joins it
        column = "Nama Kecamatan"
        kec_name, warned["kec_name"] = plain_text(values.get("kec_name"),
                                                  mapping.column_name("kec_name"), NAME_LIMIT)
        column = "Nama Desa"
        kel_name, warned["kel_name"] = plain_text(values.get("kel_name"),
                                                  mapping.column_name("kel_name"), NAME_LIMIT)
    except CellProblem as problem:
        problems.add(row, mapping.column_name(_field_key(column)), str(problem))
        return None
    return (code, name, households, population, kec_name, kel_name, kec_kemendagri,
            kel_kemendagri)


def parse_rows(path: Path, sheet: str, mapping: ColumnMapping, *, region: str,
               problems: ImportProblems, progress: ProgressCallback | None) -> list[AreaRecord]:
    records: list[AreaRecord] = []
    seen: dict[str, int] = {}
    plain = partial(plain_rows, name_limit=NAME_LIMIT)
    for count, (row, values, ready) in enumerate(sheet_rows(path, sheet, mapping, plain),
                                                 start=1):
        warned: dict[str, str | None] = {}  # field -> warning, kept once the row is
        if ready is None:
            assert values is not None
            ready = _checked(row, values, mapping, region=region, warned=warned,
                             problems=problems)
            if ready is None:
                continue
        code = ready[0]
        if code in seen:
            problems.add(row, mapping.column_name("sls_code"),
                         f"Kode SLS {code} sudah ada di baris {seen[code]}.")
            continue
        seen[code] = row
        for key, reason in warned.items():
            problems.warn(row, mapping.column_name(key), reason)
        records.append(AreaRecord(row, *ready))
        if count % PROGRESS_EVERY == 0:
            advance(progress, count, 0)
    return records


def _field_key(label: str) -> str:
    return next((f.key for f in FIELDS if f.label == label), label)


def _lock_master(session: Session) -> None:
    """One master import at a time, before it reads what is stored.

    Two imports of overlapping files inserted and updated the same codes in file order,
    each waiting on a row the other held. The three tables are locked in one order (larger
    areas first) before any row; an assignment, which locks SLS rows, then waits for the
    import or the import for it, never both. SQLite has one writer anyway.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "LOCK TABLE kecamatan, kelurahan, sls IN SHARE ROW EXCLUSIVE MODE")


def import_wilayah(session: Session, path: Path, mapping: ColumnMapping,
                   *, sheet: str | None = None, progress: ProgressCallback | None = None,
                   imported_by: str | None = None) -> MasterReport:
    """Read, validate and upsert the whole file in one transaction; nothing on any error."""
    require(session, Permission.EDIT_MASTER)
    region = get_profile(session).region_code
    sheet = sheet or sheet_names(path)[0]  # errors always name the sheet
    problems = ImportProblems(path.name, sheet)
    try:
        records = parse_rows(path, sheet, mapping, region=region, problems=problems,
                             progress=progress)
        _lock_master(session)
        check_kemendagri(session, records, problems, codes=load_codes(), columns=Columns(
            mapping.column_name("kec_kemendagri"), mapping.column_name("kel_kemendagri")))
        total = len(records)
        advance(progress, total, 2 * total)
        report = MasterReport(rows_read=total + len(problems.errors), problems=problems.warnings)
        trail = BulkTrail(session)
        kecamatan = upsert_areas(session, KECAMATAN, records, parents=None, problems=problems,
                                 counts=report.kecamatan, trail=trail)
        kelurahan = upsert_areas(session, KELURAHAN, records, parents=kecamatan,
                                 problems=problems, counts=report.kelurahan, trail=trail)
        if problems.errors:
            raise ImportRefused(problems.errors)
        trail.queue()
        upsert_sls(session, records, kelurahan, counts=report.sls, progress=progress, total=total)
        batch = record_batch(session, ImportKind.WILAYAH, path, sheet=sheet,
                             rows_read=report.rows_read, counts=report.sls,
                             imported_by=imported_by)
    except BaseException:
        session.rollback()
        raise
    report.batch_id = batch.id
    refresh_statistics(session, report.sls, "kecamatan", "kelurahan", "sls")
    log.info("imported %s: %s", path.name, report.summary())
    return report
