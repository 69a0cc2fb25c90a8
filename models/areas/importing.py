"""Importing the area master (kecamatan › kelurahan/desa › SLS); updates by BPS code."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.areas.codes import Columns, check_kemendagri
from models.formatting import format_number
from models.ids.cells import CellProblem, digits, is_blank, plain_text, text, whole_number
from models.ids.kemendagri import load_codes
from models.office.profile import get_profile
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import ImportKind
from models.sheets.columns import ColumnMapping, FieldSpec
from models.sheets.importing import (
    PROGRESS_EVERY,
    Counts,
    ImportProblems,
    ImportRefused,
    ImportReport,
    data_rows,
    record_batch,
    refresh_statistics,
    warning_lines,
)
from models.sheets.reading import sheet_names
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)
KIND = "wilayah"
NAME_LIMIT = Sls.__table__.c.name.type.length  # kecamatan and kelurahan names: the same 100
CHUNK = 2000

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
class AreaRecord:
    row: int
    sls_code: str  # 16 digits
    sls_name: str
    households: int
    population: int
    kec_name: str
    kel_name: str
    kec_kemendagri: str | None
    kel_kemendagri: str | None


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


def parse_rows(path: Path, sheet: str | None, mapping: ColumnMapping, *, region: str,
               problems: ImportProblems, progress: ProgressCallback | None) -> list[AreaRecord]:
    records: list[AreaRecord] = []
    seen: dict[str, int] = {}
    for count, (row, values) in enumerate(data_rows(path, sheet, mapping), start=1):
        column = "Kode SLS"
        warned: dict[str, str | None] = {}  # field -> warning, kept once the row is
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
            continue
        if code in seen:
            problems.add(row, mapping.column_name("sls_code"),
                         f"Kode SLS {code} sudah ada di baris {seen[code]}.")
            continue
        seen[code] = row
        for key, reason in warned.items():
            problems.warn(row, mapping.column_name(key), reason)
        records.append(AreaRecord(row, code, name, households, population, kec_name, kel_name,
                                  kec_kemendagri, kel_kemendagri))
        if count % PROGRESS_EVERY == 0:
            advance(progress, count, 0)
    return records


def _field_key(label: str) -> str:
    return next((f.key for f in FIELDS if f.label == label), label)


def _upsert_kecamatan(session: Session, records: list[AreaRecord], problems: ImportProblems,
                      counts: Counts) -> dict[str, int]:
    existing = {k.bps_code: k for k in session.scalars(select(Kecamatan))}
    touched: set[str] = set()
    for record in records:
        code = record.sls_code[:7]
        kec = existing.get(code)
        if kec is None:
            if not record.kec_name:
                problems.add(record.row, "Nama Kecamatan",
                             f"Kecamatan {code} belum ada; nama kecamatan wajib diisi.")
                continue
            kec = Kecamatan(bps_code=code, name=record.kec_name,
                            kemendagri_code=record.kec_kemendagri)
            session.add(kec)
            existing[code] = kec
            counts.inserted += 1
            continue
        if record.kec_name and kec.name != record.kec_name:
            kec.name = record.kec_name
            touched.add(code)
        if record.kec_kemendagri and kec.kemendagri_code != record.kec_kemendagri:
            kec.kemendagri_code = record.kec_kemendagri
            touched.add(code)
    counts.updated = len(touched - {c for c in existing if existing[c].id is None})
    session.flush()
    counts.unchanged = len(existing) - counts.inserted - counts.updated
    return {code: k.id for code, k in existing.items()}


def _upsert_kelurahan(session: Session, records: list[AreaRecord], kecamatan: dict[str, int],
                      *, problems: ImportProblems, counts: Counts) -> dict[str, int]:
    existing = {k.bps_code: k for k in session.scalars(select(Kelurahan))}
    touched: set[str] = set()
    for record in records:
        code = record.sls_code[:10]
        if record.sls_code[:7] not in kecamatan:
            continue
        kel = existing.get(code)
        if kel is None:
            if not record.kel_name:
                problems.add(record.row, "Nama Desa",
                             f"Kelurahan/desa {code} belum ada; namanya wajib diisi.")
                continue
            kel = Kelurahan(kecamatan_id=kecamatan[code[:7]], bps_code=code, name=record.kel_name,
                            kemendagri_code=record.kel_kemendagri)
            session.add(kel)
            existing[code] = kel
            counts.inserted += 1
            continue
        if code in touched:
            continue
        if record.kel_name and kel.name != record.kel_name:
            kel.name = record.kel_name
            touched.add(code)
        if record.kel_kemendagri and kel.kemendagri_code != record.kel_kemendagri:
            kel.kemendagri_code = record.kel_kemendagri
            touched.add(code)
    counts.updated = len(touched)
    session.flush()
    counts.unchanged = len(existing) - counts.inserted - counts.updated
    return {code: k.id for code, k in existing.items()}


def _upsert_sls(session: Session, records: list[AreaRecord], kelurahan: dict[str, int],
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
        kecamatan = _upsert_kecamatan(session, records, problems, report.kecamatan)
        kelurahan = _upsert_kelurahan(session, records, kecamatan, problems=problems,
                                      counts=report.kelurahan)
        if problems.errors:
            raise ImportRefused(problems.errors)
        _upsert_sls(session, records, kelurahan, counts=report.sls, progress=progress, total=total)
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
